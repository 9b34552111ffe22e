"""The click group every command registers on, and what commands share: consoles, JSON, lists, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from initlab import __version__
from initlab.errors import ConfigError

console = Console()
err_console = Console(stderr=True)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Every command has --help. Errors in your input print one line and exit with status 2.",
)
@click.version_option(__version__, "--version", prog_name="initlab", message="%(prog)s %(version)s")
def app() -> None:
    """initlab: a laboratory for neural-network weight initialization.

    Why won't this network train from this starting point? Run the articles' experiments, see them as
    figures and measure them as numbers: weight symmetry, activations through depth, Xavier/He, Batch
    Normalization and the seed lottery.
    """


def print_json(payload: object) -> None:
    """Write ``payload`` as JSON on stdout (plain text, so it can be piped)."""
    sys.stdout.write(json.dumps(payload, indent=2, allow_nan=False) + "\n")


def int_list(text: str, option: str, minimum: int = 1) -> list[int]:
    """Parse "3,4,2" into [3, 4, 2], each at least ``minimum``."""
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [int(p) for p in parts if p]
    except ValueError:
        raise ConfigError(f"{option} takes comma-separated integers such as 10,5; got {text!r}") from None
    if not values:
        raise ConfigError(f"{option} needs at least one integer; got {text!r}")
    for value in values:
        if value < minimum:
            raise ConfigError(f"{option} values must be >= {minimum}; got {value} in {text!r}")
    return values


def spec_list(text: str) -> list[str]:
    """Split "zeros; normal(std=0.01); he_normal" on ';' (commas live inside specs)."""
    return [p.strip() for p in text.split(";") if p.strip()]


@contextmanager
def progress_bar(description: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """Yield ``advance(done, total)``: a rich progress bar on a terminal; silent when quiet or piped."""
    if quiet or not err_console.is_terminal:
        yield lambda done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
