"""Report section: how the scale of the initial weights decides whether signals survive depth (article 002)."""

from __future__ import annotations

import math

import numpy as np

from initlab.plots.activations import activation_histograms, depth_profile, gradient_histograms
from initlab.report.section import Figure, Finding, Section, Table
from initlab.studies import activations
from initlab.studies.activations import CaseResult, Config, Result

QUICK = {"samples": 500, "sweep_widths": (25, 100, 400)}


def build(quick: bool = False, progress=None) -> Section:
    config = Config(**QUICK) if quick else Config()
    result = activations.run(config, progress)
    setup = (f"{config.depth} layers of {config.width} units, {config.samples} inputs from N(0, 1), "
             f"{config.seeds} seed{'s' if config.seeds > 1 else ''}, biases 0")
    figures = [
        Figure("activations-histograms", activation_histograms(result),
               f"Each layer's activations A[l] for each configuration ({setup}): the article's figure, with "
               "fixed x-ranges per activation and y the fraction of all activations per bin."),
        Figure("activations-gradients", gradient_histograms(result),
               f"Back-propagated gradients dA[l] on a log scale, from an N(0, 1) gradient at layer {config.depth} "
               "(the gradient of a random linear read-out); read right to left."),
        Figure("activations-depth", depth_profile(result),
               "Per-layer std of A and dA for every configuration; the pre-activation variance measured (markers) "
               "beside the mean-field prediction (dotted); and the same std of 0.05 at other widths."),
    ]
    return Section(
        key="activations",
        title="Activations and gradients through depth",
        question=(
            "How does the scale of the initial weights decide whether a signal survives a deep network, forward "
            "and backward, and can the numbers be predicted before the network runs?"
        ),
        verdicts=verdicts(result),
        figures=figures,
        tables=[std_table(result), sweep_table(result)],
        findings=findings(result),
        result=result.to_dict(),
        config=config.to_dict(),
        command="initlab activations" + (" --samples 500 --sweep-widths 25,100,400" if quick else ""),
    )


def _std(case: CaseResult, key: str = "act_std") -> np.ndarray:
    return np.array([np.nan if row[key] is None else row[key] for row in case.layers()], dtype=float)


def _per_layer(values: np.ndarray) -> float:
    """The geometric-mean factor from one layer to the next (> 1: it falls with depth)."""
    return float((values[0] / values[-1]) ** (1 / (len(values) - 1))) if len(values) > 1 else 1.0


def _find(result: Result, activation: str, init: str, batchnorm: bool = False) -> CaseResult | None:
    return next((c for c in result.cases if (c.case.activation, c.case.init, c.case.batchnorm)
                 == (activation, init, batchnorm)), None)


def std_table(result: Result) -> Table:
    """Per configuration and layer: measured std of A, the mean-field prediction in brackets."""
    config = result.config
    rows = []
    for case in result.cases:
        measured, predicted = _std(case), _std(case, "predicted_act_std")
        cells = [f"{m:.3g}" + ("" if math.isnan(p) else f" ({p:.3g})")
                 for m, p in zip(measured, predicted, strict=True)]
        about = "—" if case.sigma_w2 is None else f"{case.sigma_w2:.3g}"
        if case.chi1 is not None:
            about += f" (χ₁ {case.chi1:.3g}, {case.phase})"
        rows.append([case.case.label, about, *cells])
    return Table(
        caption=(
            f"Std of the activations A[l], measured, with the mean-field prediction in brackets (length map from the "
            f"input's mean square, σ_w² = std²·fan_in; no prediction with BN). {config.depth} layers of "
            f"{config.width} units, {config.samples} inputs."
        ),
        columns=["configuration", "σ_w² (χ₁, phase)", *[f"layer {l}" for l in range(1, config.depth + 1)]],
        rows=rows,
    )


def sweep_table(result: Result) -> Table:
    config = result.config
    return Table(
        caption=(f"{config.sweep_init} with {config.sweep_activation} at several widths: σ_w² = std²·n changes with "
                 f"the width n, and with it the phase and what is left at layer {config.depth}."),
        columns=["width", "σ_w²", "χ₁", "phase", "layer 1 std", f"layer {config.depth} std", "predicted"],
        rows=[
            [str(p.width), f"{p.sigma_w2:.3g}", f"{p.chi1:.3g}", p.phase, f"{p.act_std[0]:.3g}",
             f"{p.act_std[-1]:.3g}", f"{p.predicted_act_std[-1]:.3g}" if p.predicted_act_std else "—"]
            for p in result.sweep
        ],
    )


def verdicts(result: Result) -> list[str]:
    """One sentence per configuration, and one on the prediction, all from this run's numbers."""
    depth = result.config.depth
    sentences = []
    for case in result.cases:
        act, grad = _std(case), _std(case, "grad_std")
        rows = case.layers()
        sentence = (f"{case.case.label}: activation std {act[0]:.2g} at layer 1, {act[-1]:.2g} at layer {depth} "
                    f"({_change(act)}); gradient std {grad[-1]:.2g} at layer {depth}, {grad[0]:.2g} at layer 1 "
                    f"({_change(grad[::-1], ' toward the input')})")
        saturated = [r["saturated_fraction"] for r in rows if r["saturated_fraction"] is not None]
        if saturated and max(saturated) >= 0.01:
            sentence += f"; saturated {min(saturated):.0%}–{max(saturated):.0%} per layer"
        zeros = [r["zero_fraction"] for r in rows]
        if max(zeros) >= 0.01:
            sentence += f"; exactly 0: {min(zeros):.0%}–{max(zeros):.0%}"
        sentences.append(sentence + ".")
    errors = [(case, _relative_error(case)) for case in result.cases if case.predicted_preact_var is not None]
    if errors:
        worst_case, worst = max(errors, key=lambda item: item[1])
        sentences.append(
            f"Mean field predicted the pre-activation variance of {len(errors)} configurations before they ran: "
            f"median of the per-configuration worst layers {np.median([e for _, e in errors]):.1%}, worst "
            f"{worst:.1%} ({worst_case.case.label}, one network of width {result.config.width})."
        )
    return sentences


def _change(values: np.ndarray, direction: str = "") -> str:
    """How ``values`` (first layer first) change: the factor per layer, or how steady they stay."""
    factor = _per_layer(values)
    if factor >= 1.05:
        return f"falls {factor:.2g}× per layer{direction}"
    if factor <= 1 / 1.05:
        return f"grows {1 / factor:.2g}× per layer{direction}"
    return f"steady: largest/smallest {values.max() / values.min():.2f}"


def _relative_error(case: CaseResult) -> float:
    measured = _std(case, "preact_var")
    return float(np.max(np.abs(measured / np.array(case.predicted_preact_var) - 1)))


def findings(result: Result) -> list[Finding]:
    """The article's claims beside this run's numbers."""
    found = []
    depth, width = result.config.depth, result.config.width
    medium = _find(result, "tanh", "normal(std=0.05)")
    if medium is not None:
        act = _std(medium)
        wide = [p for p in result.sweep if p.sigma_w2 is not None and abs(p.sigma_w2 - 1) < 0.01]
        alive = act[-1] >= 0.5 * act[0]
        found.append(Finding(
            claim="Weights from N(0, 0.05²) give tanh layers usable activations (article 002, experiment 3).",
            measured=(f"At width {width} (σ_w² = {medium.sigma_w2:.3g}, {medium.phase}) the std falls "
                      f"{_per_layer(act):.2g}× per layer, from {act[0]:.2g} to {act[-1]:.2g} at layer {depth}: 0.05 "
                      f"is 0.05·√n = {0.05 * math.sqrt(width):.2g} in gain, right only at width 400 (σ_w² = 1"
                      + (f": layer-{depth} std {wide[0].act_std[-1]:.2g}" if wide else "") + ")."),
            holds=bool(alive),
        ))
    tanh_xavier, relu_xavier, relu_he = (_find(result, "tanh", "glorot_normal"), _find(result, "relu", "glorot_normal"),
                                         _find(result, "relu", "he_normal"))
    if relu_xavier is not None:
        act = _std(relu_xavier)
        tanh_part = ""
        if tanh_xavier is not None:
            tanh_act = _std(tanh_xavier)
            tanh_part = (f"With tanh it keeps {tanh_act[-1] / tanh_act[0]:.0%} of layer 1's std at layer {depth} "
                         "(σ_w² = 1 is tanh's critical point, where q decays like 1/l, not exponentially). ")
        found.append(Finding(
            claim="Xavier init works for tanh, but under ReLU its outputs shrink with depth (article 002).",
            measured=(tanh_part + f"With ReLU the std falls {_per_layer(act):.2g}× per layer to "
                      f"{act[-1] / act[0]:.0%} of layer 1's at layer {depth} (ReLU halves the second moment: "
                      f"χ₁ = σ_w²/2 = {relu_xavier.chi1:.2g})."),
            holds=bool(act[-1] < 0.5 * act[0]),
        ))
    if relu_he is not None:
        act = _std(relu_he)
        spread = act.max() / act.min()
        found.append(Finding(
            claim="He init (Var(w) = 2/n) keeps ReLU activations at one scale through depth (article 002).",
            measured=f"Per-layer std between {act.min():.2g} and {act.max():.2g} (a spread of {spread:.2g}×).",
            holds=bool(spread < 2),
        ))
    small, large = _find(result, "tanh", "normal(std=0.01)", True), _find(result, "tanh", "normal", True)
    if small is not None and large is not None:
        gap = float(np.max(np.abs(_std(small) / _std(large) - 1)))
        found.append(Finding(
            claim="With Batch Normalization, N(0, 0.01²) and N(0, 1) weights both work (article 002).",
            measured=(f"Per-layer activation std differs by at most {gap:.2%} between the two (BN removes the scale: "
                      f"both give {_std(small)[-1]:.2g} at layer {depth})."),
            holds=bool(gap < 0.05),
        ))
    collapse, saturate = _find(result, "tanh", "normal(std=0.01)"), _find(result, "tanh", "normal")
    if collapse is not None and saturate is not None:
        down, up = _std(collapse, "grad_std"), _std(saturate, "grad_std")
        weight_grad = _std(saturate, "weight_grad_std")[0]
        reference = _find(result, "tanh", "glorot_normal")
        compare = "" if reference is None else f" (glorot_normal: {_std(reference, 'weight_grad_std')[0]:.2g})"
        found.append(Finding(
            claim="The gradients vanish both with N(0, 0.01²) weights and with saturating N(0, 1) weights "
                  "(article 002).",
            measured=(f"With N(0, 0.01²) the back-propagated gradient falls {_per_layer(down[::-1]):.2g}× per layer "
                      f"toward the input ({down[0]:.2g} at layer 1). With N(0, 1) it grows "
                      f"{1 / _per_layer(up[::-1]):.2g}× per layer instead ({up[0]:.2g} at layer 1; χ₁ = "
                      f"{saturate.chi1:.2g}, chaotic), and dW[1] has std {weight_grad:.2g}{compare}: saturated units "
                      "pass almost no gradient, the others pass a large one."),
            holds=bool(up[0] < up[-1]),
        ))
    return found
