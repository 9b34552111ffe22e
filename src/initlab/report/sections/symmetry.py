"""Report section: why logistic regression may start from zeros and a network with a hidden layer may not."""

from __future__ import annotations

from dataclasses import replace

from initlab.plots.symmetry import symmetry_figure
from initlab.report.section import Figure, Finding, Section, Table
from initlab.studies import symmetry
from initlab.studies.symmetry import LOGISTIC, PRESET_CASES, QUICK_TRAIN_STEPS, CaseResult, Config, Result

BALANCED_STEPS = 5
"""Updates of the balanced-labels check: nothing moves in any of them, five make the point."""


def build(quick: bool = False, progress=None) -> Section:
    config = Config(train_steps=QUICK_TRAIN_STEPS) if quick else Config()
    result = symmetry.run(config, progress)
    # The same sigmoid net from zeros on one sample fewer: 100 + 100 balanced labels.
    balanced = symmetry.run(
        replace(config, cases=PRESET_CASES[:1], activations=("sigmoid",), logistic_regression=False,
                n_train=config.n_train - 1, train_steps=BALANCED_STEPS, walkthrough=None)
    )
    figure = Figure(
        "symmetry-units-and-loss",
        symmetry_figure(result),
        f"Left: distinct hidden units (rows (W1[i], b1[i]) equal within {config.tolerance:g} × the largest entry "
        f"count as one) after each update; right: training loss, with logistic regression from zeros dashed. "
        f"{config.dataset}, {config.n_train} samples, n1 = {config.hidden}, full-batch SGD at lr {config.lr:g}.",
    )
    return Section(
        key="symmetry",
        title="Zero init and weight symmetry",
        question=(
            "Why can logistic regression start from all-zero weights while a network with a hidden layer cannot, "
            "and what exactly happens to a network started from zeros (or from any point where its hidden units "
            "are alike)?"
        ),
        verdicts=verdicts(result),
        figures=[figure],
        tables=[cases_table(result)],
        findings=findings(result, balanced),
        result=result.to_dict() | {"balanced_labels": balanced.to_dict()},
        config=config.to_dict(),
        command=f"initlab symmetry --train-steps {config.train_steps} --plot symmetry.png",
    )


def cases_table(result: Result) -> Table:
    """One row per case and activation: inits, distinct units at the end, symmetry, zero gradients, loss."""
    config = result.config
    rows = []
    for case in result.cases:
        broken = case.symmetry_broken_at
        name = "logistic regression" if case.activation is None else f"({case.case})"
        rows.append(
            [
                f"{name} {case.weight_init} / {case.bias_init}",
                case.activation or "none",
                f"{case.distinct_hidden_units[-1]} of {case.units}",
                "never" if broken is None else ("at init" if broken == 0 else f"update {broken}"),
                " ".join(case.zero_gradients_step1) or "none",
                f"{case.final_loss:.3g}",
                f"{case.final_accuracy:.1%}",
            ]
        )
    return Table(
        caption=(
            f"Weight symmetry: {config.dataset}, {config.n_train} samples, n1 = {config.hidden}, "
            f"{config.train_steps} full-batch SGD updates at lr {config.lr:g}, float64. Distinct units: hidden "
            f"units (W1 row and b1) that differ after the last update; for logistic regression (no hidden layer) "
            f"its input weights. Accuracy on the training set; always answering the commoner class scores "
            f"{result.majority_rate:.1%}."
        ),
        columns=["case: init W / b", "hidden units", "distinct units", "symmetry broken", "zero in update 1",
                 "final loss", "final accuracy"],
        rows=rows,
    )


def verdicts(result: Result) -> list[str]:
    """Sentences built from this run's numbers."""
    config, sentences = result.config, []
    T, n1 = config.train_steps, config.hidden
    walk = result.walkthrough
    if walk is not None:
        c, first = walk.config, walk.steps[0]
        rows_same = all(len(set(step.identical["W1"])) == 1 for step in walk.steps)
        columns_same = all(len(set(step.identical["W2"])) == 1 for step in walk.steps)
        sentences.append(
            f"Walk-through (m = {c.samples}, n0 = {c.inputs}, n1 = {c.hidden}, n2 = {c.outputs}, {c.activation}, "
            f"lr {c.lr:g}, W {c.weight_init}, b {c.bias_init}): update 1 gave a non-zero gradient to "
            f"{_names(first.nonzero_gradients)} and exactly 0 to {_names(first.zero_gradients)}; after each of the "
            f"{len(walk.steps)} updates W1's {c.hidden} rows were {_bitwise(rows_same)} and W2's {c.hidden} columns "
            f"{_bitwise(columns_same)}."
        )
    for case in result.cases:
        if case.case == LOGISTIC:
            sentences.append(
                f"Logistic regression from zeros: {case.distinct_hidden_units[1]} of {case.units} input weights "
                f"distinct after update 1; training accuracy {case.final_accuracy:.1%} (loss {case.final_loss:.3g}) "
                f"after {T} updates."
            )
    zero = [c for c in result.cases if c.case == "a"]
    for case in zero:
        sentence = (
            f"(a) zeros/zeros with {case.activation}: distinct hidden units after {T} updates: "
            f"{case.distinct_hidden_units[-1]} of {n1} (at most {max(case.distinct_hidden_units)} at any update); "
        )
        if _weights_frozen(case):
            moved = [name for name, change in case.parameter_change.items() if change > 0]
            sentence += (
                f"every weight gradient was exactly 0 at all {T} updates (a stationary point); parameters that "
                f"moved: {_names(moved)}; accuracy {case.final_accuracy:.1%}."
            )
        else:
            steps = case.zero_gradient_steps
            sentence += (
                f"exactly zero in update 1: {_names(case.zero_gradients_step1)}; dW1 was non-zero in "
                f"{T - steps['dW1']} of {T} updates yet the units never separated; accuracy "
                f"{case.final_accuracy:.1%}."
            )
        sentences.append(sentence)
    for case in (c for c in result.cases if c.case == "d"):
        sentences.append(
            f"(d) {case.weight_init}/{case.bias_init} with {case.activation}: {case.distinct_hidden_units[-1]} of "
            f"{n1} distinct hidden units after {T} updates while W1 moved by up to "
            f"{case.parameter_change['W1']:.3g} and W2 by up to {case.parameter_change['W2']:.3g}; accuracy "
            f"{case.final_accuracy:.1%}."
        )
    for name in ("b", "c"):
        cases = [c for c in result.cases if c.case == name]
        if not cases:
            continue
        by_two = [c.activation for c in cases if c.distinct_hidden_units[min(2, T)] == n1]
        first = [c.activation for c in cases if "dW1" in c.zero_gradients_step1]
        sentences.append(
            f"({name}) {cases[0].weight_init}/{cases[0].bias_init}: all {n1} hidden units distinct by update 2 with "
            f"{_names(by_two)}; "
            + (f"dW1 was exactly 0 in update 1 with {_names(first)}" if first else "dW1 was non-zero from update 1")
            + "; accuracy "
            + ", ".join(f"{c.final_accuracy:.1%} ({c.activation})" for c in cases)
            + "."
        )
    return sentences


def findings(result: Result, balanced: Result) -> list[Finding]:
    """Where the articles' claims do not hold as stated, by this run's numbers."""
    T = result.config.train_steps
    found = []
    zero = [c for c in result.cases if c.case == "a"]
    still = [c.activation for c in zero if _weights_frozen(c)]
    moving = [c for c in zero if not _weights_frozen(c)]
    if zero:
        found.append(
            Finding(
                claim=(
                    "From zero init the hidden units are symmetric: after the first update they are updated, but "
                    "all alike, like a single unit (articles 000 and 001, case 1)."
                ),
                measured=(
                    (
                        f"With {_names(still)} hidden units dW1 and dW2 were exactly 0 at all {T} updates: W1 and W2 "
                        "never moved, a stationary point (g(0) = 0 makes A1 = 0, so dW2 = (1/m) dZ2 A1ᵀ = 0, and "
                        "W2 = 0 keeps dA1 = W2ᵀ dZ2 = 0). "
                        if still else f"No activation kept every weight gradient at 0 for all {T} updates. "
                    )
                    + "".join(
                        f"With {c.activation} W1 moved by up to {c.parameter_change['W1']:.3g} and kept "
                        f"{max(c.distinct_hidden_units)} of {c.units} distinct hidden units. "
                        for c in moving
                    )
                ).strip(),
                holds=not still,
            )
        )
    if balanced.cases:
        case = balanced.cases[0]
        nothing = all(all(zeros) for zeros in case.zero_gradients.values())
        found.append(
            Finding(
                claim=(
                    "In the first update from zeros the output weights W2 receive a gradient with identical columns "
                    "(article 000); only w13, w23 and b3 are updated (article 001)."
                ),
                measured=(
                    f"Only with unbalanced labels. With balanced labels ({balanced.config.n_train} samples, "
                    f"commoner class {balanced.majority_rate:.0%}) the sigmoid net's dW2 = 0.5·mean(A2 − Y) = 0 and "
                    f"db2 = 0 too: gradients exactly 0 in all {case.steps} updates: "
                    + ", ".join(f"{n} {z}/{case.steps}" for n, z in case.zero_gradient_steps.items())
                    + (": nothing moved." if nothing else ".")
                ),
                holds=not nothing,
            )
        )
    sigmoid = next((c for c in result.cases if c.case == "a" and c.activation == "sigmoid"), None)
    if sigmoid is not None and result.majority_rate is not None:
        learned = sigmoid.final_accuracy > result.majority_rate + 0.05
        found.append(
            Finding(
                claim="With all parameters zero, gradient descent has no effect on a network (article 001).",
                measured=(
                    f"With sigmoid hidden units and unbalanced labels the net from zeros kept "
                    f"{max(sigmoid.distinct_hidden_units)} of {result.config.hidden} distinct hidden units and "
                    f"reached {sigmoid.final_accuracy:.1%} training accuracy on {result.config.dataset} after {T} "
                    f"updates (commoner class {result.majority_rate:.1%})"
                    + (
                        ": the symmetric net is a one-unit network, enough for a linearly separable set; the harm "
                        "is lost capacity, not lost learning."
                        if learned else "."
                    )
                ),
                holds=not learned,
            )
        )
    return found


def _weights_frozen(case: CaseResult) -> bool:
    steps = case.zero_gradient_steps
    return all(count == case.steps for name, count in steps.items() if name.startswith("dW"))


def _names(names: list[str]) -> str:
    return ", ".join(str(n) for n in names) if names else "none"


def _bitwise(same: bool) -> str:
    return "bitwise identical" if same else "not all identical"
