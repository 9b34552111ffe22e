"""``initlab inits``: the initializer catalog, and what each scheme gives one layer."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from initlab.cli.app import app, console, print_json
from initlab.outputs import cell
from initlab.studies import catalog


@app.command(
    "inits",
    epilog="""\b
Examples:
  initlab inits                                     every scheme, its formula, PyTorch and Keras equivalents
  initlab inits --fan-in 784 --fan-out 256          the std (and bound) each scheme gives that layer
  initlab inits --fan-in 100 --fan-out 100 --json   the same, as JSON

Use a scheme's name, or a spec such as normal(std=0.01), wherever initlab asks for an initializer.""",
)
@click.option(
    "--fan-in", type=click.IntRange(min=1), default=None, help="The layer's inputs n_in (W is (n_out, n_in))."
)
@click.option(
    "--fan-out", type=click.IntRange(min=1), default=None, help="The layer's outputs n_out; give both fans or neither."
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Seed of the sample that measures each std.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def inits(fan_in: int | None, fan_out: int | None, seed: int, as_json: bool) -> None:
    """List every initializer with its formula; with --fan-in and --fan-out, the std a layer gets.

    For that layer each scheme shows its theoretical std, its bound (the largest |w|, for uniform and
    truncated schemes) and the std measured on at least 100,000 drawn entries.
    """
    config = catalog.Config(fan_in, fan_out, seed)
    rows = catalog.run(config).to_dict()["schemes"]
    if as_json:
        print_json(rows)
        return
    console.print(_table(rows, (fan_in, fan_out) if config.has_layer else None))


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
        numbers = (cell(x, 4) for x in (row["std"], row["bound"], row["measured_std"]))
        table.add_row(*_cells(row["name"], ", ".join(row["aliases"]), row["formula"], *numbers))
    return table


def _cells(*texts: str) -> list[Text]:
    return [Text(text) for text in texts]  # plain text: formulas such as [low, high] are not rich markup
