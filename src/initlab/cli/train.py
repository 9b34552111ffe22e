"""``initlab train``: train every init across many seeds at once, and show the seed lottery."""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.table import Table

from initlab.cli.app import app, console, err_console, int_list, print_json, progress_bar, spec_list
from initlab.data import DATASETS
from initlab.nn import ACTIVATIONS, OPTIMIZERS
from initlab.outputs import save_figure
from initlab.plots.training import decision_boundaries, learning_curves, seed_lottery
from initlab.report.sections.training import COLUMNS, rows
from initlab.studies.training import DEFAULT_INITS, EXERCISE, PRESETS, Config, Result, run

DEFAULT_PLOT_DIR = Path("initlab-figures") / "train"


def _options(preset: dict) -> str:
    return f"--hidden {','.join(map(str, preset['hidden']))} --lr {preset['lr']} --steps {preset['steps']}"


@app.command(
    "train",
    epilog=f"""\b
Examples:
  initlab train                                      the course exercise: circles, [2, 10, 5, 1], 6 inits × 10 seeds
  initlab train --inits "zeros; he_normal" --seeds 50
  initlab train --dataset moons --optimizer adam --lr 0.01 --steps 2000 --batch-size 64
  initlab train --dataset digits --json > digits.json

\b
Defaults per data set: {_options(EXERCISE)} for the generated 2-D sets (the exercise);
{_options(PRESETS['digits'])} for digits (10 classes: softmax output).
Figures (learning curves, seed lottery, decision boundaries for 2-D data) go to --plot-dir, by default
{DEFAULT_PLOT_DIR}/; with --json only when --plot-dir is given.

\b
--json prints {{"dataset", "data", "config", "curve_steps", "inits": [...]}}; each entry of "inits" has
"init", "seeds", "final_train_accuracy" and "final_test_accuracy" (one per seed), "best_seed",
"best_test_accuracy", "worst_seed", "test_accuracy_spread" (min, median, max, std), "best_minus_median",
"diverged" (per seed: the step whose loss was first NaN or inf, or null), "weight_change" (per seed:
distance the weights moved), and curves at "curve_steps": "loss_curve_median" (training loss, median of
the seeds), "loss_curve_min", "loss_curve_max", "test_accuracy_curve_median", … A value that is NaN or
infinite (a diverged seed's loss) is null.""",
)
@click.option("--dataset", default="circles", show_default=True, help=f"Data set: {', '.join(DATASETS)}.")
@click.option("--hidden", default=None, help="Hidden layer sizes, e.g. 10,5; 'none' for logistic/softmax regression.")
@click.option("--activation", default="relu", show_default=True,
              help=f"Hidden activation: {', '.join(ACTIVATIONS)}.")
@click.option("--inits", default=None,
              help=f"Weight initializer specs separated by ';' [default: {'; '.join(DEFAULT_INITS)}].")
@click.option("--bias-init", default="zeros", show_default=True, help="Initializer spec for every bias b.")
@click.option("--seeds", default=10, show_default=True, type=int, help="Seeds per init (the population 0…N−1).")
@click.option("--optimizer", default="sgd", show_default=True, help=f"Optimizer: {', '.join(OPTIMIZERS)}.")
@click.option("--lr", default=None, type=float, help="Learning rate [default: per data set].")
@click.option("--steps", default=None, type=int, help="Training steps [default: per data set].")
@click.option("--epochs", default=None, type=int, help="Train for this many epochs instead of --steps.")
@click.option("--batch-size", default=None, type=int, help="Minibatch size [default: full batch].")
@click.option("--batchnorm/--no-batchnorm", default=False, help="Batch Normalization in every hidden layer.")
@click.option("--n-train", default=300, show_default=True, type=int, help="Training samples.")
@click.option("--n-test", default=100, show_default=True, type=int, help="Test samples.")
@click.option("--noise", default=None, type=float, help="Noise of a generated data set [default: per data set].")
@click.option("--data-seed", default=1, show_default=True, type=int, help="Seed of the data and its split.")
@click.option("--standardize", is_flag=True, help="Rescale features to mean 0, std 1 (training-set statistics).")
@click.option("--dtype", default="float32", show_default=True, type=click.Choice(["float32", "float64"]),
              help="Floating-point precision of the training (float32 is faster).")
@click.option("--plot-dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder for the PNG figures [default: {DEFAULT_PLOT_DIR}].")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def train(dataset, hidden, activation, inits, bias_init, seeds, optimizer, lr, steps, epochs, batch_size, batchnorm,
          n_train, n_test, noise, data_seed, standardize, dtype, plot_dir, as_json, quiet) -> None:
    """Train a network from every init across many seeds at once, and compare what training reaches.

    Each init trains as one population of --seeds networks (seeds 0…N−1) in one batched pass. Prints, per
    init, the final test accuracy across seeds — min, median, max, and how much the best seed beats the
    median (the seed lottery) — and writes learning curves, the seed lottery and decision boundaries as PNG.
    A member whose loss becomes NaN or inf is reported as diverged; the others are not disturbed.
    """
    config = Config(
        dataset=dataset, hidden=_hidden(hidden), activation=activation,
        inits=DEFAULT_INITS if inits is None else tuple(spec_list(inits)), bias_init=bias_init, seeds=seeds,
        optimizer=optimizer, lr=lr, steps=steps, epochs=epochs, batch_size=batch_size, batchnorm=batchnorm,
        n_train=n_train, n_test=n_test, noise=noise, data_seed=data_seed, standardize=standardize, dtype=dtype,
    )
    with progress_bar(f"training {len(config.inits)} inits × {config.seeds} seeds", quiet) as advance:
        result = run(config, progress=advance)
    if as_json:
        print_json(result.to_dict())
    else:
        console.print(_table(result))
        for outcome in result.outcomes:
            steps = [f"seed {seed} at step {step}" for seed, step in zip(outcome.seeds, outcome.diverged, strict=True)
                     if step is not None]
            if steps:
                console.print(f"diverged (NaN/inf loss) with {outcome.init}: {', '.join(steps)}", markup=False,
                              highlight=False)
    if plot_dir is not None or not as_json:
        paths = _save_figures(result, plot_dir or DEFAULT_PLOT_DIR)
        (err_console if as_json else console).print(f"figures: {', '.join(str(p) for p in paths)}",
                                                    highlight=False, soft_wrap=True)


def _hidden(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    if text.strip().lower() in {"", "none"}:
        return ()
    return tuple(int_list(text, "--hidden"))


def _save_figures(result: Result, folder: Path) -> list[Path]:
    name = result.data.name
    figures = {"learning-curves": learning_curves(result), "seed-lottery": seed_lottery(result),
               "decision-boundaries": decision_boundaries(result)}
    return [save_figure(figure, folder / f"{name}-{kind}.png") for kind, figure in figures.items()
            if figure is not None]


def _table(result: Result) -> Table:
    config = result.config
    table = Table(
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
        title=f"seed lottery on {result.data.name}: layers {result.layer_sizes}, {config.activation}, "
              f"{config.optimizer} lr {config.lr:g}, {result.total_steps} steps, {config.seeds} seeds per init",
        title_justify="left",
        caption=f"Majority-class rate (test): {100 * result.majority_rate:.0f}%, what a network that learned "
                "nothing scores.",
        caption_justify="left",
    )
    for index, column in enumerate(COLUMNS):
        table.add_column(column, justify="left" if index == 0 else "right", no_wrap=index == 0)
    for row in rows(result):
        table.add_row(*row)
    return table

