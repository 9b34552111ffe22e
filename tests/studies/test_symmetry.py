"""The symmetry study: the articles' zero-init claims as measurable facts, and what they leave out."""

from __future__ import annotations

import json

import numpy as np
import pytest

from initlab.errors import ConfigError, SpecError, UnknownNameError
from initlab.studies import symmetry
from initlab.studies.symmetry import (
    PRESET_CASES,
    QUICK_TRAIN_STEPS,
    Case,
    Config,
    WalkthroughConfig,
    distinct_units,
    identical_groups,
)

ACTIVATIONS = ("sigmoid", "tanh", "relu")
HEALTHY = ("b", "c")


@pytest.fixture(scope="module")
def default() -> symmetry.Result:
    """The default study, as the report runs it (about a second)."""
    return symmetry.run(Config())


@pytest.fixture(scope="module")
def quick() -> symmetry.Result:
    return symmetry.run(Config(train_steps=QUICK_TRAIN_STEPS, walkthrough=None))


# -- logistic regression ------------------------------------------------------------------------------------------
def test_logistic_regression_from_zeros_breaks_symmetry_in_update_1_and_learns(default):
    logistic = default.case(symmetry.LOGISTIC)
    assert logistic.distinct_hidden_units[0] == 1  # W = 0: its input weights are equal…
    assert logistic.distinct_hidden_units[1] == logistic.units == 2  # …until the first update
    assert logistic.symmetry_broken_at == 1
    assert logistic.zero_gradients_step1 == []
    assert logistic.final_accuracy == 1.0 and logistic.final_loss < 0.01
    assert default.majority_rate < 0.51  # separable blobs, not a majority-class answer


# -- the network from zeros ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_zero_init_never_has_more_than_one_distinct_unit(default, activation):
    case = default.case("a", activation)
    assert len(case.distinct_hidden_units) == default.config.train_steps + 1
    assert set(case.distinct_hidden_units) == {1}
    assert set(case.distinct_output_weights) == {1}
    assert case.symmetry_broken_at is None


def test_sigmoid_zero_init_moves_only_the_output_layer_in_update_1(default):
    case = default.case("a", "sigmoid")
    assert case.zero_gradients_step1 == ["dW1", "db1"]
    # From update 2 on W1 does get a gradient, yet its rows stay together.
    assert case.zero_gradient_steps == {"dW1": 1, "db1": 1, "dW2": 0, "db2": 0}
    assert case.parameter_change["W1"] > 0.1


def test_sigmoid_walkthrough_keeps_rows_and_columns_bitwise_identical():
    walk = symmetry.walkthrough(WalkthroughConfig(steps=30))
    first = walk.steps[0]
    assert first.nonzero_gradients == ["dW2", "db2"] and first.zero_gradients == ["dW1", "db1"]
    assert all(step.nonzero_gradients == ["dW1", "db1", "dW2", "db2"] for step in walk.steps[1:])
    for step in walk.steps:
        for name, groups in step.identical.items():
            assert groups == [0, 0, 0, 0], (step.step, name)
        W1 = step.matrices["W1"]
        assert (W1[0] == W1).all()  # the same rows, checked without the study's helper
    assert np.abs(walk.steps[-1].matrices["W1"]).max() > 0


def test_walkthrough_has_the_articles_shapes_and_shows_W_after_the_update():
    walk = symmetry.walkthrough(WalkthroughConfig())
    assert walk.X.shape == (3, 5) and walk.Y.shape == (2, 5)
    assert all(rate != 0.5 for rate in walk.label_rates)  # m = 5: the labels cannot be balanced
    shapes = {"A1": (4, 5), "dZ2": (2, 5), "dW2": (2, 4), "W2": (2, 4), "dA1": (4, 5), "dZ1": (4, 5),
              "dW1": (4, 3), "W1": (4, 3)}
    assert [step.step for step in walk.steps] == [1, 2, 3]
    first = walk.steps[0]
    assert {name: m.shape for name, m in first.matrices.items()} == shapes
    assert (first.matrices["A1"] == 0.5).all()
    np.testing.assert_array_equal(first.matrices["W2"], -0.01 * first.matrices["dW2"])  # from W2 = 0
    # dW2 = (1/m) dZ2 A1ᵀ = 0.5·mean(A2 − Y) per entry when A1 = 0.5 (the labels' imbalance).
    expected = 0.5 * (0.5 - walk.Y.mean(axis=1))
    np.testing.assert_allclose(first.matrices["dW2"], np.repeat(expected[:, None], 4, axis=1), rtol=1e-15)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_tanh_and_relu_from_zeros_are_a_stationary_point(default, activation):
    case = default.case("a", activation)
    T = default.config.train_steps
    assert case.zero_gradient_steps["dW1"] == case.zero_gradient_steps["dW2"] == T
    assert case.parameter_change["W1"] == case.parameter_change["W2"] == 0.0
    assert case.parameter_change["b2"] > 0  # only the output bias learns the label prior
    walk = symmetry.walkthrough(WalkthroughConfig(activation=activation, steps=5))
    assert all({"dW1", "db1", "dW2"} <= set(step.zero_gradients) for step in walk.steps)


def test_balanced_labels_freeze_the_sigmoid_net_too():
    result = symmetry.run(
        Config(cases=PRESET_CASES[:1], activations=("sigmoid",), logistic_regression=False, n_train=200,
               train_steps=4, walkthrough=None)
    )
    assert result.majority_rate == 0.5
    case = result.cases[0]
    assert "dW2" in case.zero_gradients_step1
    assert case.zero_gradient_steps == {"dW1": 4, "db1": 4, "dW2": 4, "db2": 4}


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_equal_nonzero_weights_stay_symmetric_while_they_change(default, activation):
    case = default.case("d", activation)
    assert set(case.distinct_hidden_units) == {1}
    assert case.parameter_change["W1"] > 0.1 and case.parameter_change["W2"] > 0.1


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_random_bias_or_random_weights_give_distinct_units_by_update_2(default, activation):
    hidden = default.config.hidden
    for name in HEALTHY:
        assert default.case(name, activation).distinct_hidden_units[2] == hidden
    zero_weights = default.case("b", activation)
    assert "dW1" in zero_weights.zero_gradients_step1  # W2 = 0 in update 1
    assert zero_weights.symmetry_broken_at == 0  # a unit is (W1 row, b1): the random biases tell them apart
    assert "dW1" not in default.case("c", activation).zero_gradients_step1


@pytest.mark.parametrize("fixture", ["default", "quick"])
def test_healthy_cases_converge(request, fixture):
    result = request.getfixturevalue(fixture)
    for activation in ACTIVATIONS:
        for name in HEALTHY:
            case = result.case(name, activation)
            assert case.final_accuracy == 1.0 and case.test_accuracy >= 0.99, (name, activation)
            assert case.final_loss < 0.05, (name, activation)


# -- the helpers ------------------------------------------------------------------------------------------------
def test_distinct_units_groups_within_a_relative_tolerance():
    assert distinct_units(np.zeros((4, 3))) == 1
    assert distinct_units(np.array([[1.0, 2.0], [1.0 + 1e-12, 2.0], [1.0, 2.0]])) == 1
    assert distinct_units(np.array([[1.0, 2.0], [3.0, 2.0], [1.0, 2.0], [3.0, 2.0 + 1e-13]])) == 2
    assert distinct_units(np.array([[1e-8, 0.0], [2e-8, 0.0]])) == 2  # relative: tiny weights still differ
    assert distinct_units(np.eye(4)) == 4


def test_identical_groups_are_bitwise():
    rows = np.array([[0.5, 1.0], [0.5, 1.0], [0.5, np.nextafter(1.0, 2.0)], [0.5, 1.0]])
    assert identical_groups(rows) == [0, 0, 2, 0]


# -- configuration, JSON, determinism ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"activations": ("tanhh",)}, UnknownNameError, "did you mean 'tanh'"),
        ({"hidden": 0}, ConfigError, "hidden must be an integer >= 1, got 0"),
        ({"lr": -1.0}, ConfigError, "learning rate"),
        ({"train_steps": 0}, ConfigError, "train_steps"),
        ({"dataset": "digits"}, UnknownNameError, "2-class data set"),
        ({"activations": ("relu", "relu")}, ConfigError, "must not repeat"),
        ({"cases": (Case("x", "zeros", "zeros"), Case("x", "zeros", "zeros"))}, ConfigError, "unique"),
    ],
)
def test_bad_config_raises_one_line_errors(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        Config(**kwargs)
    assert "\n" not in str(info.value)


def test_bad_specs_fail_at_the_boundary():
    with pytest.raises(SpecError):
        Case("x", "normal(std=)", "zeros")
    with pytest.raises(UnknownNameError):
        WalkthroughConfig(bias_init="nope")
    with pytest.raises(ConfigError):
        WalkthroughConfig(hidden=0)


def test_json_has_the_documented_keys_and_is_deterministic():
    config = Config(train_steps=5)
    first, second = symmetry.run(config).to_dict(), symmetry.run(config).to_dict()
    assert first == second
    text = json.dumps(first, allow_nan=False)
    data = json.loads(text)
    documented = {"case", "weight_init", "bias_init", "activation", "distinct_hidden_units", "symmetry_broken_at",
                  "zero_gradients_step1", "final_loss", "final_accuracy"}
    assert len(data["cases"]) == 13
    for case in data["cases"]:
        assert documented <= set(case)
        assert len(case["distinct_hidden_units"]) == 6
    walk_keys = {"step", "A1", "dZ2", "dW2", "W2", "dA1", "dZ1", "dW1", "W1"}
    assert [step["step"] for step in data["walkthrough"]] == [1, 2, 3]
    assert walk_keys <= set(data["walkthrough"][0])
    assert np.array(data["walkthrough"][0]["dW1"]).shape == (4, 3)


def test_progress_reaches_the_total():
    calls = []
    symmetry.run(Config(activations=("relu",), train_steps=2), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (6, 6)  # walk-through, four cases, logistic regression
    assert [done for done, _ in calls] == list(range(1, 7))


def test_report_section_verdicts_come_from_the_numbers():
    import matplotlib.pyplot as plt

    from initlab.report.sections.symmetry import build

    section = build(quick=True)
    plt.close(section.figures[0].figure)
    assert section.key == "symmetry" and section.command.startswith("initlab symmetry")
    text = " ".join(section.verdicts)
    assert f"every weight gradient was exactly 0 at all {QUICK_TRAIN_STEPS} updates" in text
    assert "distinct hidden units after 100 updates: 1 of 4" in text
    assert [finding.holds for finding in section.findings] == [False, False, False]
    assert len(section.tables[0].rows) == 13
    assert section.result["balanced_labels"]["cases"][0]["zero_gradients_step1"] == ["dW1", "db1", "dW2", "db2"]
