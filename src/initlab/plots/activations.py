"""The activations study's figures: histograms per layer (forward and backward) and the depth profile."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from initlab.plots.style import color, new_figure
from initlab.probe import Stats
from initlab.studies.activations import Result

MAX_COLUMNS = 8
"""Deeper networks show this many layers, evenly spaced, the first and the last included."""
MARKERS = "osD^vP*Xh<>p"


def shown_layers(depth: int) -> list[int]:
    """The layers (1-based) given a column: all of them up to MAX_COLUMNS, else an even selection."""
    if depth <= MAX_COLUMNS:
        return list(range(1, depth + 1))
    return sorted({round(float(x)) for x in np.linspace(1, depth, MAX_COLUMNS)})


def _style(index: int) -> dict[str, Any]:
    """Colour, marker and line style of configuration ``index`` (the palette's 8 colours, then dashed).

    Markers shrink with the index and every second one is hollow, so that configurations measuring the same
    numbers (BN with two weight scales) stay visible on top of each other.
    """
    return {
        "color": color(index),
        "marker": MARKERS[index % len(MARKERS)],
        "markersize": max(10 - 0.6 * index, 4),
        "fillstyle": "none" if index % 2 else "full",
        "linestyle": "-" if index < 8 else "--",
    }


ROW_HEIGHT, COLUMN_WIDTH = 1.15, 1.75
"""Inches per histogram panel: ten configurations × six layers stay readable at 110 dpi."""
LEFT, TOP, BOTTOM = 1.25, 0.95, 0.55
"""Margins in inches: row labels, the two title lines and column titles, x labels."""


def _grid(result: Result, title: str, subtitle: str):
    """The panel grid of the histogram figures, laid out by hand (tight_layout costs seconds at 60 panels)."""
    layers = shown_layers(result.config.depth)
    rows = len(result.cases)
    width, height = COLUMN_WIDTH * len(layers) + LEFT, ROW_HEIGHT * rows + TOP + BOTTOM
    fig, axes = new_figure(rows, len(layers), width=width, height=height, sharey="row")
    fig.subplots_adjust(left=LEFT / width, right=1 - 0.1 / width, top=1 - TOP / height, bottom=BOTTOM / height,
                        hspace=0.5, wspace=0.22)
    fig.suptitle(f"{title}\n{subtitle}", fontsize=10, y=1 - 0.08 / height, va="top")
    for row, result_case in enumerate(result.cases):
        case = result_case.case
        label = f"{case.activation}\n{case.init_label}" + ("\n+ BN" if case.batchnorm else "")
        axes[row][0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8, labelpad=8)
    for column, layer in enumerate(layers):
        axes[0][column].set_title(f"layer {layer}", fontsize=9)
    for ax in axes.flat:
        ax.grid(False)  # bars on white read better, and 60 grids are slow to draw
        ax.yaxis.set_major_locator(MaxNLocator(2))  # few ticks: they are most of the drawing time
        ax.tick_params(labelsize=7)
    return fig, axes, layers


def _annotate(ax: Any, lines: list[str], histogram: Any, xlim: tuple[float, float], top: float) -> None:
    """Notes where the bars stay lowest: the top right corner, the left one, or the middle (U shapes)."""
    centers = (np.asarray(histogram.edges[:-1]) + np.asarray(histogram.edges[1:])) / 2
    fractions = histogram.fractions()
    span = xlim[1] - xlim[0]
    left = fractions[centers < xlim[0] + 0.3 * span].max(initial=0.0)  # the notes take ~30% of the width
    right = fractions[centers > xlim[1] - 0.3 * span].max(initial=0.0)
    if min(left, right) >= 0.6 * top:
        x, align = 0.5, "center"
    elif right <= left or right < 0.6 * top:
        x, align = 0.97, "right"
    else:
        x, align = 0.03, "left"
    ax.text(x, 0.95, "\n".join(lines), transform=ax.transAxes, ha=align, va="top", fontsize=6.5,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.0})


def activation_histograms(result: Result) -> Any:
    """Rows = configurations, columns = layers: the histogram of A[l] on the activation's fixed range.

    y is the fraction of all activations (members × units × samples) in each bin, shared along a row. Each
    panel notes the std, the saturated fraction (tanh, softsign, sigmoid), the exact zeros (ReLU) and what
    falls outside the x-range.
    """
    config = result.config
    fig, axes, layers = _grid(
        result,
        f"Activations A[l] through depth: {config.depth} layers of {config.width} units, "
        f"{config.samples} inputs from N(0, 1), {config.seeds} seed{'s' if config.seeds > 1 else ''}",
        "each panel: histogram of every activation of that layer (fraction of values per bin; "
        "x-range fixed per activation)",
    )
    for row, case in enumerate(result.cases):
        top = max(case.probe.layers[layer - 1].A.histogram.fractions().max() for layer in layers)
        for column, layer in enumerate(layers):
            ax = axes[row][column]
            stats = case.probe.layers[layer - 1].A
            histogram = stats.histogram
            low, high = histogram.edges[0], histogram.edges[-1]
            ax.stairs(histogram.fractions(), histogram.edges, fill=True, color=color(row), alpha=0.85)
            ax.set_xlim(low, high)
            ax.set_xticks([low, 0.0 if low < 0 < high else (low + high) / 2, high])
            ax.xaxis.set_major_formatter("{x:g}")
            _annotate(ax, _activation_notes(stats), histogram, (low, high), top)
        axes[row][-1].set_ylim(bottom=0)
    for ax in axes[-1]:
        ax.set_xlabel("activation a", fontsize=8)
    return fig


def _activation_notes(stats: Stats) -> list[str]:
    notes = [f"std {stats.std:.2g}"]
    if stats.saturated_fraction is not None and stats.saturated_fraction >= 0.01:
        notes.append(f"saturated {stats.saturated_fraction:.0%}")
    if stats.zero_fraction >= 0.01:
        notes.append(f"exactly 0: {stats.zero_fraction:.0%}")
    outside = (stats.histogram.below + stats.histogram.above) / max(stats.histogram.total, 1)
    if outside >= 0.01:
        notes.append(f"off range: {outside:.0%}")
    return notes


def gradient_histograms(result: Result) -> Any:
    """Rows = configurations, columns = layers: the histogram of log₁₀|dA[l]|, the back-propagated gradient.

    The top layer's dA[L] is the same N(0, 1) upstream gradient everywhere; read right to left, each panel
    shows how much of it is left at that layer. x is shared by all panels (the range where any value fell).
    """
    config = result.config
    fig, axes, layers = _grid(
        result,
        f"Back-propagated gradients dA[l]: from a random N(0, 1) upstream gradient at layer {config.depth}, "
        "toward the input (read right to left)",
        "each panel: histogram of log₁₀|dA[l]| (fraction of values per quarter decade); "
        "a shift to the left is a gradient vanishing",
    )
    low, high = _used_range([case.probe.layers[layer - 1].dA for case in result.cases for layer in layers])
    decades = FuncFormatter(lambda x, _: f"$10^{{{x:g}}}$")
    for row, case in enumerate(result.cases):
        for column, layer in enumerate(layers):
            ax = axes[row][column]
            stats = case.probe.layers[layer - 1].dA
            if stats is None:
                ax.set_axis_off()
                continue
            histogram = stats.histogram
            ax.stairs(histogram.fractions(), histogram.edges, fill=True, color=color(row), alpha=0.85)
            ax.set_xlim(low, high)
            ax.xaxis.set_major_locator(MaxNLocator(3, integer=True))
            ax.xaxis.set_major_formatter(decades)
            notes = [f"std {stats.std:.2g}"]
            if histogram.zeros / max(histogram.total, 1) >= 0.01:
                notes.append(f"exactly 0: {histogram.zeros / histogram.total:.0%}")
            # Left: gradients pile up at the right end of the shared log axis, the small ones trail left.
            ax.text(0.03, 0.95, "\n".join(notes), transform=ax.transAxes, ha="left", va="top", fontsize=6.5)
        axes[row][-1].set_ylim(bottom=0)
    for ax in axes[-1]:
        ax.set_xlabel("|dA| (log scale)", fontsize=8)
    return fig


def _used_range(stats: list[Stats | None]) -> tuple[float, float]:
    """The span of log-magnitude bins holding any count, widened to whole decades."""
    edges = np.asarray(next(s for s in stats if s is not None).histogram.edges)
    used = np.zeros(len(edges) - 1, dtype=bool)
    for item in stats:
        if item is not None:
            used |= np.asarray(item.histogram.counts) > 0
    if not used.any():
        return float(edges[0]), float(edges[-1])
    first, last = np.flatnonzero(used)[[0, -1]]
    return float(np.floor(edges[first])), float(np.ceil(edges[last + 1]))


def depth_profile(result: Result) -> Any:
    """Four panels: activation std, gradient std and pre-activation variance (measured and predicted) per
    layer for every configuration, and the width sweep of a fixed-std init."""
    config = result.config
    fig, axes = new_figure(2, 2, width=12, height=9.6)
    (act_ax, grad_ax), (var_ax, sweep_ax) = axes
    layers = np.arange(1, config.depth + 1)
    for index, case in enumerate(result.cases):
        style = _style(index)
        act_ax.plot(layers, [layer.A.std for layer in case.probe.layers], label=case.case.label, **style)
        gradient = [layer.dA.std if layer.dA is not None else np.nan for layer in case.probe.layers]
        grad_ax.plot(layers, gradient, **style)
        measured = [layer.Z.mean_square for layer in case.probe.layers]
        if case.predicted_preact_var is not None:
            var_ax.plot(layers, measured, linestyle="none", marker=style["marker"], color=style["color"],
                        fillstyle=style["fillstyle"], markersize=style["markersize"])
            var_ax.plot(layers, case.predicted_preact_var, color=style["color"], linewidth=1.2, linestyle=":")
    act_ax.set_title("activation std per layer")
    act_ax.set_ylabel("std of A[l] (log scale)")
    grad_ax.set_title(f"back-propagated gradient std per layer (dA[{config.depth}] ~ N(0, 1))")
    grad_ax.set_ylabel("std of dA[l] (log scale)")
    var_ax.set_title("pre-activation variance: measured (markers), mean-field (dotted)")
    var_ax.set_ylabel("mean of Z[l]² (log scale)")
    for ax in (act_ax, grad_ax, var_ax):
        ax.set_yscale("log")
        ax.set_xlabel("layer l")
        ax.set_xticks(layers if config.depth <= 12 else shown_layers(config.depth))
    _sweep_panel(sweep_ax, result)
    handles, labels = act_ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(5, len(labels)), frameon=False, fontsize=8)
    rows = -(-len(labels) // 5)
    fig.suptitle(
        f"Through depth: {config.depth} layers of {config.width} units, {config.samples} inputs, "
        f"{config.seeds} seed{'s' if config.seeds > 1 else ''}"
    )
    fig.tight_layout(rect=(0, (0.25 + 0.22 * rows) / 9.6, 1, 1))
    return fig


def _sweep_panel(ax: Any, result: Result) -> None:
    config = result.config
    points = result.sweep
    ax.set_title(f"{config.sweep_activation}, {config.sweep_init} at several widths: the scale depends on n")
    if not points:
        ax.text(0.5, 0.5, "no width sweep in this run", transform=ax.transAxes, ha="center", va="center")
        ax.set_axis_off()
        return
    widths = [p.width for p in points]
    ax.plot(widths, [p.act_std[-1] for p in points], "o", color=color(0), label=f"measured, layer {config.depth}")
    ax.plot(widths, [p.act_std[0] for p in points], "s", color=color(1), label="measured, layer 1")
    if all(p.predicted_act_std is not None for p in points):
        ax.plot(widths, [p.predicted_act_std[-1] for p in points], ":", color=color(0), label="mean-field prediction")
        ax.plot(widths, [p.predicted_act_std[0] for p in points], ":", color=color(1))
    for p in points:
        if p.sigma_w2 is not None:
            ax.annotate(f"$\\sigma_w^2$ = {p.sigma_w2:.3g}", (p.width, p.act_std[-1]), textcoords="offset points",
                        xytext=(6, 4), ha="left", va="top", fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(widths)
    ax.set_xticklabels([str(w) for w in widths])
    ax.minorticks_off()
    ax.set_xlabel("width n (log scale); $\\sigma_w^2$ = std² · n")
    ax.set_ylabel("std of A[l] (log scale)")
    ax.legend(loc="lower right")
