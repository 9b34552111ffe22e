"""Report section: can mean-field theory predict, before the network runs, what depth does to its signal?"""

from __future__ import annotations

import math

import numpy as np

from initlab.outputs import cell
from initlab.plots.meanfield import phase_diagram
from initlab.report.section import Figure, Section, Table
from initlab.studies import activations, meanfield
from initlab.studies.activations import PRESETS, Case, CaseResult

WIDE = 500
"""The width at which the prediction is checked against wide networks (mean field is exact as width → ∞)."""
WIDE_CASES = (Case("lecun_normal", "tanh"), Case("he_normal", "tanh"), Case("he_normal", "relu"))
"""tanh at σ_w² = 1 and 2, ReLU at σ_w² = 2."""


def build(quick: bool = False, progress=None) -> Section:
    config = meanfield.Config(
        **({"grid": meanfield.QUICK_GRID, "line_points": meanfield.QUICK_LINE_POINTS} if quick else {})
    )
    diagram = meanfield.run(config, progress)
    # The article's configurations that the theory covers (no BN), at the article's width and at width 500.
    theory_presets = tuple(case for case in PRESETS if not case.batchnorm)
    narrow = activations.run(activations.Config(cases=theory_presets, samples=500 if quick else 1000, sweep_widths=()))
    wide = activations.run(activations.Config(cases=WIDE_CASES, width=WIDE, samples=100 if quick else 200,
                                              seeds=2 if quick else 4, backward=False, sweep_widths=()))
    points = [(case, meanfield.run(meanfield.Config(case.case.activation, case.sigma_w2, case.sigma_b2, case.q0,
                                                    phase_diagram=False)).point)
              for case in narrow.cases if case.sigma_w2 is not None]
    marks = [(case.case.init_label, case.sigma_w2, case.sigma_b2) for case, _ in points
             if case.case.activation == config.activation]
    figure = Figure(
        "meanfield-phase-diagram",
        phase_diagram(diagram, marks),
        f"χ₁ over the (σ_w², σ_b²) plane for {config.activation}: blue is ordered (perturbations and gradients shrink "
        f"per layer), red chaotic (they grow), the black line χ₁ = 1. Dots: the article's {config.activation} "
        f"inits at width {narrow.config.width} (biases 0); the star: σ_w² = {config.sigma_w2:g}, "
        f"σ_b² = {config.sigma_b2:g}.",
    )
    return Section(
        key="meanfield",
        title="Mean-field theory: the prediction before the run",
        question=(
            "Can a few lines of Gaussian integrals predict, before any network runs, the variance each layer will "
            "have, whether gradients will vanish or explode, and which initial scales sit on the edge between?"
        ),
        verdicts=verdicts(diagram, narrow, wide),
        figures=[figure],
        tables=[points_table(points), agreement_table(narrow, wide)],
        result={"phase_diagram": diagram.to_dict(), "article_width": narrow.to_dict(), "wide": wide.to_dict()},
        config={"meanfield": config.to_dict(), "article_width": narrow.config.to_dict(),
                "wide": wide.config.to_dict()},
        command=(f"initlab meanfield --activation {config.activation} --sigma-w2 {config.sigma_w2:g} "
                 f"--sigma-b2 {config.sigma_b2:g} --plot phase.png"),
    )


def points_table(points: list[tuple[CaseResult, object]]) -> Table:
    rows = [
        [case.case.label, cell(p.sigma_w2), cell(p.sigma_b2), cell(p.q_star), cell(p.chi1), cell(p.c_star),
         cell(p.xi_c), p.phase]
        for case, p in points
    ]
    return Table(
        caption=("The article's inits (width 100, biases 0) in mean-field terms: q* the variance deep layers settle "
                 "at, χ₁ the per-layer growth of perturbations and gradients, c* the correlation two inputs settle "
                 "at, ξ_c the depth over which they get there (∞ at criticality)."),
        columns=["configuration", "σ_w²", "σ_b²", "q*", "χ₁", "c*", "ξ_c", "phase"],
        rows=rows,
    )


def _errors(case: CaseResult) -> np.ndarray:
    measured = np.array([row["preact_var"] for row in case.layers()])
    return np.abs(measured / np.array(case.predicted_preact_var) - 1)


def agreement_table(narrow: activations.Result, wide: activations.Result) -> Table:
    rows = []
    for result in (narrow, wide):
        c = result.config
        for case in result.cases:
            if case.predicted_preact_var is None:
                continue
            errors = _errors(case)
            rows.append([case.case.label, str(c.width), str(c.seeds), f"{case.predicted_preact_var[-1]:.3g}",
                         f"{case.layers()[-1]['preact_var']:.3g}", f"{errors.max():.1%}"])
    return Table(
        caption=("Pre-activation variance at the last layer, predicted before the run (length map from the input's "
                 "mean square) and measured (mean of Z² over units, samples and seeds); the worst relative error "
                 "over all layers."),
        columns=["configuration", "width", "seeds", "predicted q (last layer)", "measured", "worst error"],
        rows=rows,
    )


def verdicts(diagram: meanfield.Result, narrow: activations.Result, wide: activations.Result) -> list[str]:
    p = diagram.point
    sentences = [
        f"{p.activation} at σ_w² = {p.sigma_w2:g}, σ_b² = {p.sigma_b2:g}: q* = {p.q_star:.4g}, χ₁ = {p.chi1:.4g} "
        f"({p.phase}); the edge of chaos at this σ_b² is σ_w² = {p.critical_sigma_w2:.4g}.",
    ]
    line = diagram.diagram
    if line is not None:
        finite = [w for w in line.critical_sigma_w2 if math.isfinite(w)]
        sentences.append(
            f"The critical line χ₁ = 1 runs from σ_w² = {line.critical_sigma_w2[0]:.6g} at σ_b² = 0 to "
            f"{finite[-1]:.4g} at σ_b² = {line.critical_sigma_b2[-1]:g}: bias moves the edge of chaos to larger "
            "weights." if finite else "No critical line in this range."
        )
    for result in (narrow, wide):
        cases = [case for case in result.cases if case.predicted_preact_var is not None]
        if not cases:
            continue
        worst = max(cases, key=lambda case: _errors(case).max())
        c = result.config
        sentences.append(
            f"Width {c.width}, {c.seeds} seed{'s' if c.seeds > 1 else ''}: the predicted pre-activation variance of "
            f"{len(cases)} configurations × {c.depth} layers is off by "
            f"{np.median([_errors(x).max() for x in cases]):.1%} at the median configuration's worst layer and by "
            f"{_errors(worst).max():.1%} at worst ({worst.case.label})."
        )
    saturating = next((case for case in narrow.cases if case.phase == "chaotic"), None)
    if saturating is not None:
        grad = [row["grad_std"] for row in saturating.layers()]
        measured = (grad[0] / grad[-1]) ** (2 / (len(grad) - 1))
        sentences.append(
            f"{saturating.case.label} is chaotic (χ₁ = {saturating.chi1:.3g}): the back-propagated gradient's variance "
            f"grew {measured:.3g}× per layer toward the input, where χ₁ predicts {saturating.chi1:.3g}×."
        )
    return sentences
