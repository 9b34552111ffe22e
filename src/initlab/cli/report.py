"""``initlab report``: every study with its defaults, as one web page."""

from __future__ import annotations

import time
import traceback

import click

from initlab.cli.app import app, console, err_console, progress_bar
from initlab.report.build import SECTIONS, StudyFailed, build_report


@app.command(
    epilog="""\b
Examples:
  initlab report                      writes initlab-report/index.html (about a minute)
  initlab report --quick --out /tmp/r fewer seeds and steps (a few seconds)"""
)
@click.option(
    "--out", default="initlab-report", show_default=True, type=click.Path(file_okay=False),
    help="Folder for index.html, figures/ and results.json (replaced only once the new report is complete).",
)
@click.option("--quick", is_flag=True, help="Fewer seeds and steps: the same sections in a few seconds.")
@click.option("--quiet", is_flag=True, help="No progress display and no summary; errors still print.")
def report(out: str, quick: bool, quiet: bool) -> None:
    """Run every study and write the whole laboratory as one web page.

    Each study (the initializer catalog, weight symmetry, activations through depth, mean-field theory,
    training across seeds) gets a section with its question, its figures and key numbers, and verdicts
    computed from this run. Open DIR/index.html in a browser; it works offline. DIR/results.json holds
    every study's result and configuration.
    """
    start = time.perf_counter()
    with progress_bar(f"running {len(SECTIONS)} studies", quiet) as advance:
        try:
            result = build_report(out, quick=quick, on_study=lambda done, total, key: advance(done, total))
        except StudyFailed as exc:
            err_console.print(traceback.format_exc(), markup=False, highlight=False)
            err_console.print(f"error: {exc}; the previous report in {out} was left as it was", markup=False)
            raise click.exceptions.Exit(1) from None
    if not quiet:
        elapsed = time.perf_counter() - start
        console.print(f"report written to [bold]{result.path / 'index.html'}[/] in {elapsed:.1f} s", soft_wrap=True)
        studies = ", ".join(f"{key} {seconds:.1f} s" for key, seconds in result.seconds.items())
        console.print(f"  time per study: {studies}", soft_wrap=True)
