"""``initlab symmetry``: weight symmetry from zero init, matrix by matrix and case by case."""

from __future__ import annotations

import click
from rich import box
from rich.columns import Columns
from rich.table import Table

from initlab.cli.app import app, console, err_console, print_json, progress_bar
from initlab.errors import ConfigError
from initlab.studies import symmetry
from initlab.studies.symmetry import COLUMN_UNITS, Case, Config, WalkthroughConfig

DEFAULTS = Config()
WALKTHROUGH_DEFAULTS = WalkthroughConfig()
CUSTOM = "custom"


@app.command(
    "symmetry",
    epilog=f"""\b
Examples:
  initlab symmetry --walkthrough                     article 000's three updates, every matrix
  initlab symmetry --walkthrough --activation tanh   the same with tanh units: every weight gradient is 0
  initlab symmetry --plot symmetry.png               cases (a)-(d) and logistic regression, with a figure
  initlab symmetry --weight-init "uniform(limit=0.1)" --activation relu
  initlab symmetry --json > symmetry.json

\b
Cases: (a) W zeros, b zeros; (b) W zeros, b normal(std=1); (c) W normal(std=0.01), b zeros;
(d) W constant(0.1), b constant(0.1); and logistic regression from zeros as the reference.
--weight-init or --bias-init (the other defaults to zeros) makes your own case, which replaces
(a)-(d) and is also used by the walk-through. The cases train on {DEFAULTS.dataset} with {DEFAULTS.n_train} samples:
an odd count, so the labels cannot be balanced (with balanced labels the sigmoid net from zeros
does not move at all).""",
)
@click.option("--walkthrough", "only_walkthrough", is_flag=True, help="Print only the walk-through of article 000.")
@click.option(
    "--steps", type=click.IntRange(min=1), default=WALKTHROUGH_DEFAULTS.steps, show_default=True,
    help="Updates shown in the walk-through.",
)
@click.option(
    "--train-steps", type=click.IntRange(min=1), default=DEFAULTS.train_steps, show_default=True,
    help="Full-batch SGD updates for every case.",
)
@click.option("--weight-init", default=None, help="Initializer spec for W: a case of your own (see below).")
@click.option("--bias-init", default=None, help="Initializer spec for b: a case of your own (see below).")
@click.option(
    "--activation", default=",".join(DEFAULTS.activations), show_default=True,
    help="Hidden activation(s), comma-separated; the walk-through uses the first.",
)
@click.option(
    "--hidden", type=click.IntRange(min=1), default=DEFAULTS.hidden, show_default=True, help="Hidden units n1."
)
@click.option(
    "--lr", type=float, default=None,
    help=f"Learning rate [default: {WALKTHROUGH_DEFAULTS.lr:g} for the walk-through, {DEFAULTS.lr:g} for the cases].",
)
@click.option(
    "--dataset", type=click.Choice(symmetry.TWO_CLASS_DATASETS), default=DEFAULTS.dataset, show_default=True,
    help="The 2-class data set the cases train on.",
)
@click.option(
    "--seed", type=click.IntRange(min=0), default=DEFAULTS.seed, show_default=True,
    help="Seed of the random inits, the walk-through's X and Y, and the data set.",
)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None, help="Write the figure (PNG).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def symmetry_command(
    only_walkthrough, steps, train_steps, weight_init, bias_init, activation, hidden, lr, dataset, seed,
    plot_path, as_json, quiet,
) -> None:
    """Why zero init works for logistic regression and freezes a network with a hidden layer.

    The walk-through repeats article 000 in float64 (m = 5, n0 = 3, n1 = 4, n2 = 2, sigmoid units, lr 0.01,
    every parameter 0) and prints, per update, A1, dZ2, dW2, W2, dA1, dZ1, dW1, W1, marking bitwise identical
    hidden units (rows, or columns of W2 and dW2) and the gradients that are exactly 0. The cases train
    (a)-(d) with each activation and report distinct hidden units, zero gradients, loss and accuracy.
    """
    if only_walkthrough and plot_path:
        raise ConfigError("--plot draws the cases, which --walkthrough leaves out; use one or the other")
    activations = tuple(a.strip() for a in activation.split(",") if a.strip())
    if not activations:
        raise ConfigError(f"--activation needs at least one activation, got {activation!r}")
    custom = weight_init is not None or bias_init is not None
    case = Case(CUSTOM, weight_init or "zeros", bias_init or "zeros") if custom else None
    inits = {"weight_init": case.weight_init, "bias_init": case.bias_init} if custom else {}
    walk = WalkthroughConfig(
        hidden=hidden, activation=activations[0], lr=WALKTHROUGH_DEFAULTS.lr if lr is None else lr, steps=steps,
        seed=seed, **inits,
    )
    config = Config(
        cases=() if only_walkthrough else ((case,) if custom else DEFAULTS.cases),
        activations=activations,
        logistic_regression=not only_walkthrough,
        hidden=hidden,
        lr=DEFAULTS.lr if lr is None else lr,
        train_steps=train_steps,
        dataset=dataset,
        seed=seed,
        walkthrough=walk,
    )
    with progress_bar("symmetry", quiet) as advance:
        result = symmetry.run(config, progress=advance)
    if plot_path:
        from initlab.outputs import save_figure
        from initlab.plots.symmetry import symmetry_figure  # loads matplotlib: only when it is needed

        save_figure(symmetry_figure(result), plot_path)
        if not quiet:
            err_console.print(f"figure written to {plot_path}")
    if as_json:
        print_json(result.to_dict())
    elif only_walkthrough:
        _print_walkthrough(result.walkthrough)
    else:
        console.print(_cases_table(result))
        console.print("the matrices of article 000's updates: initlab symmetry --walkthrough", style="dim")


def _print_walkthrough(walk: symmetry.Walkthrough) -> None:
    c = walk.config
    console.print(
        f"[bold]walk-through[/] (article 000): m = {c.samples}, n0 = {c.inputs}, n1 = {c.hidden}, n2 = {c.outputs}, "
        f"{c.activation} hidden units, sigmoid outputs, lr {c.lr:g}, W {c.weight_init}, b {c.bias_init}, float64"
    )
    rates = ", ".join(f"{rate:.0%}" for rate in walk.label_rates)
    console.print(Columns([_matrix("X", walk.X), _matrix("Y", walk.Y, caption=f"share of 1s per output: {rates}")]))
    console.print(
        "≡A marks hidden units (rows; columns of dW2 and W2) that are bitwise identical; W1, W2 after the update.",
        style="dim",
    )
    for step in walk.steps:
        console.rule(f"update {step.step}")
        zero = ", ".join(step.zero_gradients) or "none"
        console.print(f"non-zero gradients: {', '.join(step.nonzero_gradients) or 'none'}; exactly zero: {zero}")
        tables = [
            _matrix(name, matrix, step.identical.get(name), name in COLUMN_UNITS)
            for name, matrix in step.matrices.items()
        ]
        console.print(Columns(tables))


def _matrix(name: str, matrix, groups: list[int] | None = None, by_column: bool = False, caption: str = "") -> Table:
    rows, cols = matrix.shape
    marks = _marks(groups) if groups is not None else None
    if marks is not None:
        unit = "columns" if by_column else "rows"
        shared = sum(1 for m in marks if m)
        caption = f"{unit}: all {len(marks)} identical" if shared == len(marks) and len(set(marks)) == 1 else (
            f"{unit}: {shared} of {len(marks)} share a value" if shared else f"{unit}: all distinct"
        )
    table = Table(
        title=f"{name} ({rows}×{cols})", caption=caption, show_header=False, box=box.SIMPLE, pad_edge=False,
        title_justify="left", caption_justify="left",
    )
    for _ in range(cols):
        table.add_column(justify="right")
    if marks is not None and not by_column:
        table.add_column(style="bold magenta")
    for i in range(rows):
        cells = [f"{value:.6g}" for value in matrix[i]]
        table.add_row(*cells, *([marks[i]] if marks is not None and not by_column else []))
    if marks is not None and by_column:
        table.add_row(*marks, style="bold magenta")
    return table


def _marks(groups: list[int]) -> list[str]:
    """'≡A' for every unit in a group of two or more identical units (one letter per group), '' otherwise."""
    shared = sorted({g for g in groups if groups.count(g) > 1})
    letters = {g: "≡" + chr(ord("A") + i) for i, g in enumerate(shared)}
    return [letters.get(g, "") for g in groups]


def _cases_table(result: symmetry.Result) -> Table:
    from initlab.report.sections.symmetry import cases_table  # loads matplotlib: only when it is needed

    summary = cases_table(result)
    table = Table(caption=summary.caption, caption_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for index, column in enumerate(summary.columns):
        if index == 0:
            table.add_column(column, ratio=1, overflow="fold")  # the specs take whatever width is left
        else:
            header = column.replace(" ", "\n", 1)  # two-line headers keep the number columns narrow
            table.add_column(header, justify="left" if index == 1 else "right", no_wrap=index != 4)
    for index, row in enumerate(summary.rows):
        if index and row[1] != summary.rows[index - 1][1]:
            table.add_section()  # one block per hidden activation
        table.add_row(*row)
    return table
