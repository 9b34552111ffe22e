"""The symmetry study's figure: distinct hidden units over the updates, beside the training loss."""

from __future__ import annotations

from typing import Any

from initlab.plots.style import color, new_figure
from initlab.studies.symmetry import Result

OFFSET = 0.07
"""Vertical offset between the cases' unit counts, so that cases with the same count stay visible."""


def symmetry_figure(result: Result) -> Any:
    """One row per hidden activation: distinct hidden units per update (left), training loss (right).

    Logistic regression (no hidden layer) is drawn in every loss panel as the reference (dashed, black).
    The update axis is symmetric-log so that updates 0, 1, 2 stay readable next to the last one.
    """
    config = result.config
    activations = [a for a in config.activations if any(c.activation == a for c in result.cases)]
    logistic = [c for c in result.cases if c.activation is None]
    names = [case.name for case in config.cases]
    height = 2.6 * len(activations) + 1.0
    fig, axes = new_figure(len(activations), 2, width=11, height=height, sharex=True)
    for row, activation in enumerate(activations):
        units_ax, loss_ax = axes[row]
        cases = [c for c in result.cases if c.activation == activation]
        for index, case in enumerate(cases):
            style = {"color": color(names.index(case.case)), "linewidth": 1.6, "label": case.label}
            offset = (index - (len(cases) - 1) / 2) * OFFSET
            steps = range(len(case.distinct_hidden_units))
            units_ax.step(steps, [n + offset for n in case.distinct_hidden_units], where="post", **style)
            loss_ax.plot(range(len(case.loss)), case.loss, **style)
        for case in logistic:
            loss_ax.plot(range(len(case.loss)), case.loss, color="black", linestyle="--", linewidth=1.2,
                         label=case.label)
        units_ax.set_ylim(0.5, config.hidden + 0.5)
        units_ax.set_yticks(range(1, config.hidden + 1))
        units_ax.set_ylabel(f"{activation}\ndistinct hidden units (of {config.hidden})")
        loss_ax.set_yscale("log")
        loss_ax.set_ylabel(f"{activation}\ntraining loss (BCE, log scale)")
        for ax in (units_ax, loss_ax):
            ax.set_xscale("symlog", linthresh=1, linscale=0.5)
            ax.set_xlim(0, len(cases[0].loss) - 1)
        if row == 0:
            units_ax.set_title(f"distinct hidden units (W1 row and b1 equal within {config.tolerance:g} count as one)")
            loss_ax.set_title("training loss")
    for ax in axes[-1]:
        ax.set_xlabel("update (symmetric-log scale: 0, 1, 10, 100…)")
    handles, labels = axes[0][1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, bbox_to_anchor=(0.5, 0.0), frameon=False, fontsize=8)
    note = " (unit counts offset slightly so that equal counts stay visible)" if len(names) > 1 else ""
    fig.suptitle(
        f"Weight symmetry: {config.dataset}, {config.n_train} samples, n1 = {config.hidden}, "
        f"full-batch SGD at lr {config.lr:g}{note}"
    )
    fig.tight_layout(rect=(0, 0.5 / height, 1, 1))  # the bottom half inch holds the legend
    return fig
