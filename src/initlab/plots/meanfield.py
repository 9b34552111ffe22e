"""The order-to-chaos phase diagram: χ₁ over the (σ_w², σ_b²) plane with the critical line χ₁ = 1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.colors import TwoSlopeNorm

from initlab.plots.style import new_figure
from initlab.studies.meanfield import Result


def phase_diagram(result: Result, marks: Sequence[tuple[str, float, float]] = ()) -> Any:
    """Heat map of χ₁ (blue: ordered, red: chaotic, white: critical) with the critical line in black.

    The study's own point is starred; ``marks`` adds labelled points (label, σ_w², σ_b²), for example the
    inits a report compares. Points off the axes are listed under the figure instead.
    """
    diagram = result.diagram
    if diagram is None:
        raise ValueError("this result has no phase diagram (run the study with phase_diagram=True)")
    point = result.point
    w, b = np.asarray(diagram.sigma_w2), np.asarray(diagram.sigma_b2)
    chi = np.asarray(diagram.chi1, dtype=float)
    fig, axes = new_figure(1, 1, width=8.2, height=6.0)
    ax = axes[0][0]
    ax.grid(False)
    top = max(float(np.nanmax(chi)), 1.05)
    mesh = ax.pcolormesh(w, b, chi.T, shading="nearest", cmap="RdBu_r",
                         norm=TwoSlopeNorm(vmin=0.0, vcenter=1.0, vmax=top), rasterized=True)
    bar = fig.colorbar(mesh, ax=ax, pad=0.02)
    bar.set_label(r"$\chi_1 = \sigma_w^2\, E[\varphi'(\sqrt{q^*} z)^2]$  (per-layer growth of a small perturbation)")
    line_w, line_b = np.asarray(diagram.critical_sigma_w2, dtype=float), np.asarray(diagram.critical_sigma_b2)
    visible = np.isfinite(line_w)
    ax.plot(line_w[visible], line_b[visible], color="black", linewidth=2.2, label=r"critical line $\chi_1 = 1$")
    _label_phases(ax, w, b, line_w, line_b, diagram.chaotic_length_diverges)
    off_axes = []
    shown = [("this point", point.sigma_w2, point.sigma_b2, "*")] + [(*m, "o") for m in marks]
    drawn = 0
    for label, sw2, sb2, marker in shown:
        if w[0] <= sw2 <= w[-1] and b[0] <= sb2 <= b[-1]:
            ax.plot(sw2, sb2, marker=marker, markersize=14 if marker == "*" else 7, color="gold",
                    markeredgecolor="black", linestyle="none", clip_on=False, zorder=5)
            # The star's label to its right; the marks' at staggered heights with a leader line, since inits
            # often sit close together on the σ_b² = 0 axis.
            offset = (10, -4) if marker == "*" else (6, 12 + 16 * ((drawn - 1) % 3))
            ax.annotate(label, (sw2, sb2), textcoords="offset points", xytext=offset, fontsize=8,
                        arrowprops=None if marker == "*" else {"arrowstyle": "-", "linewidth": 0.6, "color": "black"},
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0})
            drawn += 1
        else:
            off_axes.append(f"{label} (σw² = {sw2:.3g}, σb² = {sb2:.3g})")
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(b[0], b[-1])
    ax.set_xlabel(r"$\sigma_w^2$  (weight variance × fan_in)")
    ax.set_ylabel(r"$\sigma_b^2$  (bias variance)")
    ax.legend(loc="upper left", frameon=True, framealpha=0.9)
    ax.set_title(
        f"Order-to-chaos phase diagram, {point.activation} (mean field, input mean square $q^0$ = {point.q0:g})\n"
        rf"★ $\sigma_w^2$ = {point.sigma_w2:g}, $\sigma_b^2$ = {point.sigma_b2:g}: "
        rf"$\chi_1$ = {point.chi1:.3g}, {point.phase}",
        fontsize=11,
    )
    if off_axes:
        fig.text(0.01, 0.01, "off the axes: " + "; ".join(off_axes), fontsize=7, ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.04 if off_axes else 0, 1, 1))
    return fig


def _label_phases(
    ax: Any, w: np.ndarray, b: np.ndarray, line_w: np.ndarray, line_b: np.ndarray, length_diverges: bool
) -> None:
    """Name the two regions, each centred in its side of the critical line (ordered high, chaotic low)."""
    finite = np.isfinite(line_w)
    if not finite.any():
        return
    style = {"ha": "center", "va": "center", "fontsize": 9.5, "fontweight": "bold",
             "bbox": {"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 2.0}}
    chaotic = (r"chaotic, $\chi_1 > 1$:" + "\nsignals and gradients\nexplode" if length_diverges
               else r"chaotic, $\chi_1 > 1$:" + "\nsignals decorrelate,\ngradients explode")
    for name, fraction, text in (
        ("ordered", 0.65, r"ordered, $\chi_1 < 1$:" + "\nsignals converge,\ngradients vanish"),
        ("chaotic", 0.3, chaotic),
    ):
        height = b[0] + fraction * (b[-1] - b[0])
        crossing = float(np.interp(height, line_b[finite], line_w[finite]))
        low, high = (w[0], crossing) if name == "ordered" else (crossing, w[-1])
        if high - low > 0.3 * (w[-1] - w[0]):
            ax.text((low + high) / 2, height, text, **style)
