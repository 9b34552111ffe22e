"""One module per study section; each has ``build(quick, progress=None) -> Section``."""
