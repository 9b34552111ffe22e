"""``initlab activations``: each layer's activations and gradients for each init, beside the mean-field prediction."""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.table import Table

from initlab.cli.app import app, console, err_console, int_list, print_json, progress_bar, spec_list
from initlab.outputs import cell
from initlab.studies import activations
from initlab.studies.activations import Config, Result, cases_for

DEFAULTS = Config()
FIGURES = {"activations": "activations.png", "gradients": "gradients.png", "depth": "depth.png"}


@app.command(
    "activations",
    epilog=f"""\b
Examples:
  initlab activations                                  the article's ten configurations, figures in ./initlab-figures
  initlab activations --activation relu                relu with the article's five inits
  initlab activations --init "normal(std=0.05)" --width 400
  initlab activations --init "he_normal; orthogonal" --activation relu,tanh --depth 20
  initlab activations --batchnorm --seeds 5 --json > activations.json

\b
Without --init, --activation or --batchnorm: the article's presets (tanh with N(0, 0.01²), N(0, 1),
N(0, 0.05²) and glorot_normal; relu with glorot_normal and he_normal; tanh + BN with N(0, 0.01²) and
N(0, 1); sigmoid with N(0, 1) and glorot_normal). With any of them: every (init, activation) pair, the
missing part defaulting to tanh or to the article's five inits:
{'; '.join(activations.ARTICLE_INITS)}.
The backward pass starts from a random N(0, 1) upstream gradient at the top layer (the gradient of a
random linear read-out). The width sweep runs --sweep-init with tanh at --sweep-widths: its gain is
std·√n, so "std 0.05" means something else at every width.""",
)
@click.option("--init", "inits", multiple=True, help="Weight initializer spec(s); repeat or separate with ';'.")
@click.option("--activation", "activation_list", multiple=True, help="Hidden activation(s); repeat or use commas.")
@click.option("--batchnorm", is_flag=True, help="Batch Normalization in every layer (train mode: batch statistics).")
@click.option("--depth", type=int, default=DEFAULTS.depth, show_default=True, help="Hidden layers.")
@click.option("--width", type=int, default=DEFAULTS.width, show_default=True, help="Units per layer (= input size).")
@click.option("--samples", type=int, default=DEFAULTS.samples, show_default=True, help="Inputs m, from N(0, 1).")
@click.option("--seeds", type=int, default=DEFAULTS.seeds, show_default=True, help="Networks (members 0…seeds−1).")
@click.option("--seed", type=int, default=DEFAULTS.seed, show_default=True, help="Seed of X and the upstream gradient.")
@click.option("--dtype", type=click.Choice(["float64", "float32"]), default=DEFAULTS.dtype, show_default=True)
@click.option("--sweep-init", default=DEFAULTS.sweep_init, show_default=True, help="Init of the width sweep.")
@click.option(
    "--sweep-widths", default=",".join(map(str, DEFAULTS.sweep_widths)), show_default=True,
    help="Widths of the sweep, comma-separated.",
)
@click.option("--no-sweep", is_flag=True, help="Skip the width sweep.")
@click.option(
    "--plot-dir", type=click.Path(file_okay=False), default="initlab-figures", show_default=True,
    help=f"Folder for the figures ({', '.join(FIGURES.values())}).",
)
@click.option("--no-plots", is_flag=True, help="Write no figures.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (figures still written).")
@click.option("--quiet", is_flag=True, help="No progress bar and no note of the figures written.")
def activations_command(
    inits, activation_list, batchnorm, depth, width, samples, seeds, seed, dtype, sweep_init, sweep_widths,
    no_sweep, plot_dir, no_plots, as_json, quiet,
) -> None:
    """Per-layer activations and back-propagated gradients for each init, and what mean-field theory predicts.

    Runs article 002's 6-layer MLP (100 units, 1000 inputs from N(0, 1)) once forward and once backward per
    configuration and measures every layer: std, saturation, dead units, histograms. It draws the article's
    figure (rows = configurations, columns = layers), the same for the gradients, and the depth profile
    with the mean-field prediction, and prints the per-layer std beside the prediction.
    """
    specs = [spec for text in inits for spec in spec_list(text)]
    names = [name.strip() for text in activation_list for name in text.split(",") if name.strip()]
    config = Config(
        cases=cases_for(specs, names, batchnorm),
        depth=depth,
        width=width,
        samples=samples,
        seeds=seeds,
        seed=seed,
        dtype=dtype,
        sweep_init=sweep_init,
        sweep_widths=() if no_sweep else tuple(int_list(sweep_widths, "--sweep-widths")),
    )
    with progress_bar("activations", quiet) as advance:
        result = activations.run(config, progress=advance)
    if not no_plots:
        written = _write_figures(result, Path(plot_dir))
        if not quiet:
            (err_console if as_json else console).print(f"figures written: {', '.join(map(str, written))}")
    if as_json:
        print_json(result.to_dict())
        return
    console.print(_layers_table(result))
    if result.sweep:
        console.print(_sweep_table(result))


def _write_figures(result: Result, folder: Path) -> list[Path]:
    from initlab.outputs import save_figure
    from initlab.plots.activations import activation_histograms, depth_profile, gradient_histograms

    drawings = {"activations": activation_histograms, "gradients": gradient_histograms, "depth": depth_profile}
    return [save_figure(draw(result), folder / FIGURES[name]) for name, draw in drawings.items()]


def _layers_table(result: Result) -> Table:
    """One block of rows per configuration, one row per layer: measured std beside the prediction."""
    config = result.config
    table = Table(
        title=f"per-layer std: {config.depth} layers of {config.width} units, {config.samples} inputs from N(0, 1), "
        f"{config.seeds} seed{'s' if config.seeds > 1 else ''}",
        title_justify="left",
        caption="A std: measured std of the activations; mean field: the std the length map predicts "
        "(σ_w² = std²·fan_in, q⁰ = mean square of X; — where it does not apply: BN, constant or nonzero-mean "
        "inits); dA std: the back-propagated gradient from an N(0, 1) gradient at the top; sat./zero: the "
        "share saturated (|a| > 0.99; sigmoid a ∉ [0.01, 0.99]) or exactly 0 (ReLU).",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("configuration", overflow="fold")
    table.add_column("layer", justify="right")
    for column in ("A std", "mean field", "dA std", "sat./zero"):
        table.add_column(column, justify="right")
    for index, case in enumerate(result.cases):
        about = [case.case.label]
        if case.sigma_w2 is not None:
            about.append(f"σ_w² = {cell(case.sigma_w2)}")
        if case.chi1 is not None:
            about.append(f"χ₁ = {cell(case.chi1)}, {case.phase}")
        rows = case.layers()
        for row, layer in enumerate(rows):
            share = layer["saturated_fraction"] if layer["saturated_fraction"] is not None else layer["zero_fraction"]
            table.add_row(
                about[row] if row < len(about) else "",
                str(layer["layer"]),
                cell(layer["act_std"]),
                cell(layer["predicted_act_std"]),
                cell(layer["grad_std"]),
                f"{share:.0%}",
                end_section=row == len(rows) - 1 and index < len(result.cases) - 1,
            )
    return table


def _sweep_table(result: Result) -> Table:
    config = result.config
    table = Table(
        title=f"{config.sweep_init}, {config.sweep_activation}: the same std at other widths (gain std·√n)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("width", "σ_w²", "χ₁", "phase", "layer 1 A std", f"layer {config.depth} A std", "mean field"):
        table.add_column(column, justify="right")
    for point in result.sweep:
        predicted = point.predicted_act_std[-1] if point.predicted_act_std else None
        table.add_row(str(point.width), cell(point.sigma_w2), cell(point.chi1), point.phase or "—",
                      cell(point.act_std[0]), cell(point.act_std[-1]), cell(predicted))
    return table
