"""``initlab inits``: the initializer catalog, and what each scheme gives one layer."""

from __future__ import annotations

import math

import click
import numpy as np
from rich.table import Table
from rich.text import Text

from initlab.cli.app import app, console, print_json
from initlab.errors import ConfigError
from initlab.init import catalog, parse

MEASURE_ENTRIES = 100_000
"""Entries drawn to measure a std: enough that the measured std is within about 1% of the theory."""
MAX_LAYER_ENTRIES = 4096 * 4096
"""The largest layer whose sample we draw (orthogonal needs a QR of the whole matrix)."""


@app.command(
    "inits",
    epilog="""\b
Examples:
  initlab inits                                     every scheme, its formula, PyTorch and Keras equivalents
  initlab inits --fan-in 784 --fan-out 256          the std (and bound) each scheme gives that layer
  initlab inits --fan-in 100 --fan-out 100 --json   the same, as JSON

Use a scheme's name, or a spec such as normal(std=0.01), wherever initlab asks for an initializer.""",
)
@click.option("--fan-in", type=int, default=None, help="The layer's inputs n_in (W is (n_out, n_in)).")
@click.option("--fan-out", type=int, default=None, help="The layer's outputs n_out; give both fans or neither.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample that measures each std.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def inits(fan_in: int | None, fan_out: int | None, seed: int, as_json: bool) -> None:
    """List every initializer with its formula; with --fan-in and --fan-out, the std a layer gets.

    For that layer each scheme shows its theoretical std, its bound (the largest |w|, for uniform and
    truncated schemes) and the std measured on at least 100,000 drawn entries.
    """
    layer = _check_layer(fan_in, fan_out, seed)
    rows = [_row(scheme.as_dict(), layer, seed) for scheme in catalog()]
    if as_json:
        print_json(rows)
        return
    console.print(_table(rows, layer))


def _check_layer(fan_in: int | None, fan_out: int | None, seed: int) -> tuple[int, int] | None:
    if seed < 0:
        raise ConfigError(f"--seed must be >= 0, got {seed}")
    if fan_in is None and fan_out is None:
        return None
    if fan_in is None or fan_out is None:
        raise ConfigError("give both --fan-in and --fan-out, or neither")
    for option, value in (("--fan-in", fan_in), ("--fan-out", fan_out)):
        if value < 1:
            raise ConfigError(f"{option} must be >= 1, got {value}")
    if fan_in * fan_out > MAX_LAYER_ENTRIES:
        raise ConfigError(
            f"--fan-in × --fan-out must be at most {MAX_LAYER_ENTRIES:,} to draw a sample; got {fan_in * fan_out:,}"
        )
    return fan_in, fan_out


def _row(scheme: dict, layer: tuple[int, int] | None, seed: int) -> dict:
    init = parse(scheme["name"])
    row = {
        "name": scheme["name"],
        "aliases": scheme["aliases"],
        "formula": scheme["formula"],
        "std": None,
        "bound": None,
        "measured_std": None,
        "mean": None,
        "measured_mean": None,
        "spec": init.spec,
        "random": scheme["random"],
        "torch": scheme["torch"],
        "keras": scheme["keras"],
        "source": scheme["source"],
    }
    if layer is None:
        return row
    fan_in, fan_out = layer
    # Whole (fan_out, fan_in) matrices, repeated: orthogonal and identity depend on the shape, not only the fans.
    repeats = math.ceil(MEASURE_ENTRIES / (fan_in * fan_out))
    sample = init.sample((repeats, fan_out, fan_in), np.random.default_rng(seed))
    row.update(
        std=init.std(fan_in, fan_out),
        bound=init.bound(fan_in, fan_out),
        measured_std=float(sample.std()),
        mean=init.mean(fan_in, fan_out),
        measured_mean=float(sample.mean()),
    )
    return row


def _table(rows: list[dict], layer: tuple[int, int] | None) -> Table:
    if layer is None:
        table = Table(title="initializers", title_justify="left")
        table.add_column("name", no_wrap=True)
        for column in ("aliases", "formula", "torch", "keras"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*_cells(row["name"], ", ".join(row["aliases"]), row["formula"], row["torch"], row["keras"]))
        return table
    fan_in, fan_out = layer
    table = Table(
        title=f"initializers for a layer W ({fan_out}, {fan_in}): fan_in={fan_in}, fan_out={fan_out}",
        title_justify="left",
        caption="bound: the largest |w|. PyTorch and Keras equivalents: run without --fan-in/--fan-out.",
        caption_justify="left",
    )
    table.add_column("name", no_wrap=True)
    table.add_column("aliases", overflow="fold")
    table.add_column("formula", overflow="fold")
    for column in ("std", "bound", "measured std"):
        table.add_column(column, justify="right")
    for row in rows:
        numbers = ("—" if x is None else f"{x:.4g}" for x in (row["std"], row["bound"], row["measured_std"]))
        table.add_row(*_cells(row["name"], ", ".join(row["aliases"]), row["formula"], *numbers))
    return table


def _cells(*texts: str) -> list[Text]:
    return [Text(text) for text in texts]  # plain text: formulas such as [low, high] are not rich markup
