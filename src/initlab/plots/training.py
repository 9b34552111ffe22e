"""Figures of the training study (:mod:`initlab.studies.training`): curves, the seed lottery, decision boundaries.

They draw what the study measured; nothing here trains or evaluates a network.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D

from initlab.plots.style import color, new_figure
from initlab.studies.training import Result

DIVERGED = "#C00000"


def _setup(result: Result) -> str:
    """One line naming the data, the network and the schedule, for figure titles."""
    config = result.config
    batch = "full batch" if config.batch_size is None else f"batch {config.batch_size}"
    bn = ", BN" if config.batchnorm else ""
    return (f"{result.data.name}: layers {result.layer_sizes}, {config.activation}{bn}, {config.optimizer} "
            f"lr {config.lr:g}, {result.total_steps} steps ({batch})")


def _label(outcome) -> str:
    return outcome.init + (f"  ({outcome.n_diverged} diverged)" if outcome.n_diverged else "")


def _finite(values: np.ndarray) -> np.ndarray:
    """Infinite (diverged) values as gaps: a band cannot be drawn to infinity."""
    return np.where(np.isfinite(values), values, np.nan)


def learning_curves(result: Result):
    """Training loss (log scale) and test accuracy against steps: median across seeds, min–max band per init."""
    figure, axes = new_figure(1, 2, width=11.5, height=4.8, layout="constrained")
    loss_ax, accuracy_ax = axes[0]
    steps = np.asarray(result.curve_steps)
    for index, outcome in enumerate(result.outcomes):
        for ax, curves, scale in ((loss_ax, outcome.train_loss_curves, 1.0),
                                  (accuracy_ax, outcome.test_accuracy_curves, 100.0)):
            summary = {key: _finite(value) * scale for key, value in outcome.curve_summary(curves).items()}
            ax.fill_between(steps, summary["min"], summary["max"], color=color(index), alpha=0.15, linewidth=0)
            ax.plot(steps, summary["median"], color=color(index), linewidth=1.6, label=_label(outcome))
    loss_name = "binary cross-entropy" if result.data.loss == "bce" else "softmax cross-entropy"
    loss_ax.set_yscale("log")
    loss_ax.set_title("Training loss J on the whole training set")
    loss_ax.set_ylabel(f"{loss_name} (log scale)")
    accuracy_ax.axhline(100 * result.majority_rate, color="0.4", linestyle="--", linewidth=1,
                        label=f"majority class ({100 * result.majority_rate:.0f}%)")
    accuracy_ax.set_title(f"Test accuracy on {result.data.X_test.shape[1]} held-out samples")
    accuracy_ax.set_ylabel("test accuracy (%)")
    accuracy_ax.set_ylim(0, 102)
    for ax in (loss_ax, accuracy_ax):
        ax.set_xlabel("training step")
        ax.set_xlim(0, steps[-1])
    handles, labels = accuracy_ax.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=min(4, len(labels)))
    figure.suptitle(f"Learning curves per init — line: median of {result.config.seeds} seeds, band: min to max\n"
                    f"{_setup(result)}")
    return figure


def seed_lottery(result: Result):
    """Every seed's final test accuracy as a dot per init, the median as a bar, best − median written above."""
    count = len(result.outcomes)
    figure, axes = new_figure(1, 1, width=max(6.5, 1.45 * count + 1.5), height=4.6, layout="constrained")
    ax = axes[0, 0]
    seeds = result.config.seeds
    offsets = np.linspace(-0.25, 0.25, seeds) if seeds > 1 else np.zeros(1)
    lowest = min(outcome.final_test_accuracy.min() for outcome in result.outcomes)
    for index, outcome in enumerate(result.outcomes):
        accuracy = 100 * outcome.final_test_accuracy
        diverged = np.array([step is not None for step in outcome.diverged])
        x = index + offsets
        ax.scatter(x[~diverged], accuracy[~diverged], s=28, color=color(index), edgecolor="white", linewidth=0.5,
                   zorder=3)
        ax.scatter(x[diverged], accuracy[diverged], s=36, marker="x", color=DIVERGED, zorder=3)
        median = np.median(accuracy)
        ax.hlines(median, index - 0.35, index + 0.35, color="black", linewidth=2, zorder=2)
        best = outcome.best
        ax.scatter(x[best], accuracy[best], s=110, marker="*", color=color(index), edgecolor="black",
                   linewidth=0.6, zorder=5)
        ax.annotate(f"best − median\n{100 * outcome.best_minus_median:+.1f} pts\n(best: seed {outcome.best_seed})",
                    (index, 103), ha="center", va="bottom", fontsize=7.5)
    ax.axhline(100 * result.majority_rate, color="0.4", linestyle="--", linewidth=1)
    ax.set_xticks(range(count), [outcome.init for outcome in result.outcomes])
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlim(-0.6, count - 0.4)
    ax.set_ylim(max(0.0, 100 * lowest - 8), 118)
    ax.set_yticks([tick for tick in ax.get_yticks() if tick <= 100])
    ax.set_ylabel("final test accuracy (%)")
    ax.set_xlabel("weight initializer")
    handles = [
        Line2D([], [], marker="o", linestyle="", color="0.5", label="one seed"),
        Line2D([], [], marker="*", linestyle="", color="0.5", markeredgecolor="black", markersize=10,
               label="best seed"),
        Line2D([], [], color="black", linewidth=2, label="median"),
        Line2D([], [], color="0.4", linestyle="--", label=f"majority class ({100 * result.majority_rate:.0f}%)"),
    ]
    if any(outcome.n_diverged for outcome in result.outcomes):
        handles.append(Line2D([], [], marker="x", linestyle="", color=DIVERGED, label="diverged (NaN loss)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(f"The seed lottery: final test accuracy of each of {seeds} seeds per init\n{_setup(result)}")
    return figure


def decision_boundaries(result: Result):
    """Predicted class over the input plane for the best and the worst seed of every init (2-D data only).

    Each init gets a pair of panels (best seed, worst seed), two inits per row; the training points are drawn
    on top. None for data sets that are not 2-D.
    """
    if result.grid is None:
        return None
    xs, ys = result.grid
    classes = result.data.classes
    colors = [color(k) for k in range(classes)]
    levels = np.arange(classes + 1) - 0.5
    X, labels = result.data.X_train, result.data.labels("train")
    pairs = min(2, len(result.outcomes))
    rows = math.ceil(len(result.outcomes) / pairs)
    figure, axes = new_figure(rows, 2 * pairs, width=4.6 * pairs + 0.4, height=2.9 * rows + 1.5,
                              sharex=True, sharey=True, layout="constrained")
    for ax in axes.flat:
        ax.set_visible(False)
    for position, outcome in enumerate(result.outcomes):
        row, first = divmod(position, pairs)
        for offset, (which, index, grid) in enumerate((("best", outcome.best, outcome.boundary_best),
                                                       ("worst", outcome.worst, outcome.boundary_worst))):
            ax = axes[row, 2 * first + offset]
            ax.set_visible(True)
            ax.grid(False)
            ax.contourf(xs, ys, grid, levels=levels, cmap=ListedColormap(colors), alpha=0.25)
            ax.scatter(X[0], X[1], c=[colors[k] for k in labels], s=6, edgecolor="black", linewidth=0.2)
            step = outcome.diverged[index]
            status = f"\ndiverged at step {step}" if step is not None else ""
            ax.set_title(f"{outcome.init}\n{which}: seed {outcome.seeds[index]}, "
                         f"test {100 * outcome.final_test_accuracy[index]:.0f}%{status}", fontsize=9)
            ax.set_aspect("equal")
            ax.tick_params(labelbottom=True, labelleft=offset == 0 and first == 0)
            ax.set_xlabel("x₁")
            if offset == 0 and first == 0:
                ax.set_ylabel("x₂")
    handles = [Line2D([], [], marker="o", linestyle="", color=colors[k], markeredgecolor="black",
                      markeredgewidth=0.3, label=f"class {k}") for k in range(classes)]
    figure.legend(handles=handles, loc="outside lower center", ncol=classes)
    figure.suptitle(f"Decision boundaries: best and worst seed of each init "
                    f"(shaded: predicted class; dots: the {X.shape[1]} training points)\n{_setup(result)}",
                    fontsize=10)
    return figure
