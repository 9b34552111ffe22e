"""``initlab gradcheck``: the hand-written backward pass against central finite differences."""

from __future__ import annotations

import click
from rich.table import Table

from initlab.cli.app import app, console, int_list, print_json
from initlab.nn import ACTIVATIONS, LOSSES, check_architecture


@app.command()
@click.option("--layers", default="3,4,2", show_default=True, help="Layer sizes n_0,n_1,…,n_L (input first).")
@click.option(
    "--activation", default="tanh", show_default=True,
    help=f"Hidden activation: {', '.join(ACTIVATIONS)} (or leaky_relu(0.2)).",
)
@click.option("--loss", default="bce", show_default=True, help=f"Loss on the logits: {', '.join(LOSSES)}.")
@click.option("--batchnorm/--no-batchnorm", default=False, help="Batch Normalization in every hidden layer.")
@click.option("--samples", default=8, show_default=True, type=int, help="Number of random samples m (>= 2).")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0), help="Seed of weights and data.")
@click.option("--weight-init", default="glorot_normal", show_default=True, help="Initializer spec for W.")
@click.option("--bias-init", default="normal(std=0.1)", show_default=True, help="Initializer spec for b.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def gradcheck(layers, activation, loss, batchnorm, samples, seed, weight_init, bias_init, as_json) -> int:
    """Check every gradient of a small network against finite differences (float64).

    Draws a network and random data from --seed, computes dW, db (and dγ, dβ with BN) by back-propagation
    and by central differences, and prints the relative error per parameter. Exits 0 when every error is
    below 1e-6, 1 otherwise.

    Example: initlab gradcheck --layers 3,4,2 --activation relu --batchnorm --loss softmax_ce
    """
    result = check_architecture(
        int_list(layers, "--layers"), activation, loss, batchnorm, seed, samples, weight_init, bias_init
    )
    if as_json:
        print_json(result.to_dict())
    else:
        table = Table(title=f"gradient check: layers {layers}, {activation}, {loss}{', BN' if batchnorm else ''}")
        table.add_column("gradient")
        table.add_column("shape")
        table.add_column("relative error", justify="right")
        table.add_column("", justify="center")
        for name, error in result.relative_errors.items():
            shape = "×".join(str(n) for n in result.shapes[name][1:])
            verdict = "[green]ok[/]" if error < result.tolerance else "[red]FAIL[/]"
            table.add_row(name, shape, f"{error:.2e}", verdict)
        console.print(table)
        summary = "passed" if result.passed else "FAILED"
        console.print(f"{summary}: max relative error {result.max_relative_error:.2e} (tolerance {result.tolerance:g})")
    raise click.exceptions.Exit(0 if result.passed else 1)
