"""One module per study: a validated ``Config`` → ``run(config, progress=None)`` → a plain, JSON-able ``Result``.

Studies measure; they never print or plot. ``progress(done, total)`` is called now and then for a bar.
"""
