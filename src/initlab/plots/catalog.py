"""The initializer catalog drawn: how the std of one weight scales with the layer's width."""

from __future__ import annotations

from initlab.plots.style import color, new_figure


def std_versus_width(widths: list[int], stds: dict[str, list[float]], linestyles: dict[str, str] | None = None):
    """Log-log lines of std against width n for square layers, one per curve (solid unless ``linestyles`` says)."""
    figure, axes = new_figure(width=7.0, height=4.4)
    ax = axes[0, 0]
    linestyles = linestyles or {}
    for index, (label, values) in enumerate(stds.items()):
        ax.plot(widths, values, linestyles.get(label, "-"), color=color(index), lw=2, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("layer width n (square layer, fan_in = fan_out = n)")
    ax.set_ylabel("std of one initial weight")
    ax.set_title("Initial weight std against layer width")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    return figure
