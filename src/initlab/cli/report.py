"""``initlab report``: every study with its defaults, as one web page."""

from __future__ import annotations

import traceback
from contextlib import ExitStack

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from initlab.cli.app import app, console, err_console
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
    with ExitStack() as stack:
        on_study = progress = None
        if not quiet and err_console.is_terminal:
            bar = stack.enter_context(
                Progress(TextColumn("{task.description:<24}"), BarColumn(), TextColumn("{task.fields[detail]}"),
                         TimeElapsedColumn(), console=err_console, transient=True)
            )
            studies = bar.add_task("studies", total=len(SECTIONS), detail="")
            steps = bar.add_task("", total=None, detail="")

            def on_study(index: int, total: int, key: str) -> None:
                bar.update(studies, completed=index, total=total, detail=key)
                bar.update(steps, description=f"  {key}", completed=0, total=None)

            def progress(done: int, total: int) -> None:
                bar.update(steps, completed=done, total=total)

        try:
            result = build_report(out, quick=quick, on_study=on_study, progress=progress)
        except StudyFailed as exc:
            stack.close()
            err_console.print(traceback.format_exc(), markup=False, highlight=False)
            err_console.print(f"error: {exc}; the previous report in {out} was left as it was", markup=False)
            raise click.exceptions.Exit(1) from None
    if not quiet:
        total = sum(result.seconds.values())
        console.print(f"report written to [bold]{result.path / 'index.html'}[/] in {total:.1f} s")
        console.print("  " + ", ".join(f"{key} {seconds:.1f} s" for key, seconds in result.seconds.items()))
