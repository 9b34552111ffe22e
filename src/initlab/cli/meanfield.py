"""``initlab meanfield``: mean-field signal propagation at one point, and the order-to-chaos phase diagram."""

from __future__ import annotations

import math

import click
from rich import box
from rich.table import Table

from initlab.cli.app import app, console, err_console, int_list, print_json, progress_bar
from initlab.errors import ConfigError
from initlab.nn import ACTIVATIONS
from initlab.studies import meanfield
from initlab.studies.meanfield import Config

DEFAULTS = Config()


@app.command(
    "meanfield",
    epilog="""\b
Examples:
  initlab meanfield --activation tanh --sigma-w2 1.5 --sigma-b2 0.05
  initlab meanfield --activation relu --sigma-w2 2 --sigma-b2 0          He init: exactly critical
  initlab meanfield --activation tanh --sigma-w2 0.25 --plot phase.png   std 0.05 at width 100
  initlab meanfield --activation sigmoid --json

\b
An init with std s at fan_in n has σ_w² = s²·n: normal(std=0.05) is σ_w² = 0.25 at width 100 and
1 at width 400; glorot_normal at equal fans and lecun_normal are 1, he_normal is 2.""",
)
@click.option(
    "--activation", default=DEFAULTS.activation, show_default=True,
    help=f"φ: {', '.join(ACTIVATIONS)} (or leaky_relu(0.2)).",
)
@click.option("--sigma-w2", type=float, default=DEFAULTS.sigma_w2, show_default=True, help="σ_w² = Var(w)·fan_in.")
@click.option("--sigma-b2", type=float, default=DEFAULTS.sigma_b2, show_default=True, help="σ_b² = Var(b).")
@click.option("--q0", type=float, default=DEFAULTS.q0, show_default=True, help="Mean square of the input, q⁰.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Draw the phase diagram (PNG); with --json its grid is in the output too.")
@click.option("--grid", default=",".join(map(str, DEFAULTS.grid)), show_default=True,
              help="Phase-diagram points along σ_w² and σ_b².")
@click.option("--sigma-w2-max", type=float, default=None, help="Right end of the σ_w² axis [default: 4 or more].")
@click.option("--sigma-b2-max", type=float, default=None, help="Top of the σ_b² axis [default: 1].")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar and no note of the figure written.")
def meanfield_command(
    activation, sigma_w2, sigma_b2, q0, plot_path, grid, sigma_w2_max, sigma_b2_max, as_json, quiet
) -> None:
    """What a deep random network does to a signal, predicted before it runs (Poole et al. 2016,
    Schoenholz et al. 2017).

    For W_ij ~ N(0, σ_w²/fan_in), b_i ~ N(0, σ_b²): the pre-activation variance settles at q* (length map
    q ← σ_w² E[φ(√q z)²] + σ_b²); χ₁ = σ_w² E[φ′(√q* z)²] is how much a perturbation, or a back-propagated
    gradient, grows per layer: below 1 ordered (it vanishes), above 1 chaotic (it explodes), 1 critical. c*
    is where two inputs' correlation settles; ξ_q and ξ_c are the depths over which length and correlation
    reach their fixed points (infinite at criticality; Schoenholz et al. find networks trainable to depths
    of a few ξ_c).
    """
    sizes = int_list(grid, "--grid", minimum=2)
    if len(sizes) != 2:
        raise ConfigError(f"--grid takes two integers (σ_w² points, σ_b² points) such as 81,61; got {grid!r}")
    config = Config(
        activation=activation, sigma_w2=sigma_w2, sigma_b2=sigma_b2, q0=q0, phase_diagram=plot_path is not None,
        grid=tuple(sizes), sigma_w2_max=sigma_w2_max, sigma_b2_max=sigma_b2_max,
    )
    with progress_bar("phase diagram", quiet) as advance:
        result = meanfield.run(config, progress=advance)
    if plot_path:
        from initlab.outputs import save_figure
        from initlab.plots.meanfield import phase_diagram

        save_figure(phase_diagram(result), plot_path)
        if not quiet:
            (err_console if as_json else console).print(f"phase diagram written to {plot_path}")
    if as_json:
        print_json(result.to_dict())
        return
    console.print(_table(result))


def value(x: float) -> str:
    if math.isnan(x):
        return "— (undefined)"
    return "∞" if x == math.inf else f"{x:.6g}"


def _table(result: meanfield.Result) -> Table:
    p = result.point
    table = Table(
        title=f"mean field: {p.activation}, σ_w² = {p.sigma_w2:g}, σ_b² = {p.sigma_b2:g}, q⁰ = {p.q0:g}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_column("meaning", overflow="fold")
    rows = [
        ("q*", value(p.q_star), "pre-activation variance a deep layer settles at (∞: it grows without bound)"),
        ("χ₁", value(p.chi1), "growth per layer of a small perturbation and of a back-propagated gradient"),
        ("c*", value(p.c_star), "correlation two different inputs settle at (1: they become the same)"),
        ("χ_c", value(p.chi_c), "slope of the correlation map at c*"),
        ("ξ_q", value(p.xi_q), "layers over which the variance reaches q* (−1/ln χ_q)"),
        ("ξ_c", value(p.xi_c), "layers over which the correlation reaches c* (−1/ln χ_c; ∞ at criticality)"),
        ("phase", p.phase, "ordered (χ₁ < 1), critical (|χ₁ − 1| < 1e-3) or chaotic (χ₁ > 1)"),
        ("critical σ_w²", value(p.critical_sigma_w2), f"the σ_w² where χ₁ = 1 at σ_b² = {p.sigma_b2:g}"),
    ]
    for row in rows:
        table.add_row(*row)
    return table
