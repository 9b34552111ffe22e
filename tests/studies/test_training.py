"""The training study: the course exercise's facts, population = solo, divergence, and the report section."""

from __future__ import annotations

import json
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from initlab.errors import ConfigError, InitlabError, UnknownNameError
from initlab.nn import Network, train
from initlab.report.sections import training as section
from initlab.studies.training import DEFAULT_INITS, Config, InitOutcome, run

DOCUMENTED_INIT_KEYS = {"init", "seeds", "final_train_accuracy", "final_test_accuracy", "best_seed",
                        "best_test_accuracy", "diverged", "loss_curve_median"}


@pytest.fixture(scope="module")
def exercise():
    """The course exercise, as the issue states it: circles, [2, 10, 5, 1], lr 0.01, 15000 steps, 10 seeds."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run(Config(inits=("zeros", "normal(std=10)", "he_normal")))
    return result, caught


@pytest.mark.slow
def test_exercise_zeros_never_moves_a_weight_and_answers_the_majority_class(exercise):
    result, _ = exercise
    zeros = result.outcome("zeros")
    assert result.config.hidden == (10, 5) and result.config.lr == 0.01 and result.total_steps == 15000
    # Plain gradient descent: W_T = W_0 − lr Σ_t dW_t, so no movement at all means every weight gradient was 0.
    assert np.all(zeros.weight_change == 0)
    assert np.all(zeros.final_test_accuracy == result.majority_rate)
    assert np.all(zeros.final_train_accuracy == result.data.majority_rate("train"))
    for curves in (zeros.train_loss_curves, zeros.test_accuracy_curves):
        assert np.all(curves == curves[:, :1])  # every seed ends (and runs) identical
    assert zeros.spread()["std"] == 0 and zeros.best_minus_median == 0


@pytest.mark.slow
def test_exercise_he_trains_and_large_init_is_a_lottery(exercise):
    result, caught = exercise
    he, large = result.outcome("he_normal"), result.outcome("normal(std=10)")
    assert (he.final_test_accuracy >= 0.9).sum() >= 8
    assert large.spread()["std"] > he.spread()["std"]
    assert large.best_minus_median > he.best_minus_median
    assert he.n_diverged == large.n_diverged == 0
    assert [str(w.message) for w in caught] == []  # no overflow warnings from the large init


@pytest.mark.slow
def test_report_verdicts_and_findings_come_from_the_numbers(exercise):
    result, _ = exercise
    verdicts = section.verdicts(result)
    zeros = result.outcome("zeros")
    assert verdicts[0].startswith(
        f"zeros: all 10 seeds end at {100 * zeros.final_test_accuracy[0]:.0f}% test accuracy (the majority-class rate)"
    )
    assert "every weight gradient was 0" in verdicts[0]
    he = result.outcome("he_normal")
    assert f"he_normal: median {100 * he.spread()['median']:.0f}%" in verdicts[2]
    assert any(v.startswith("Keeping the best of 10 seeds pays most for normal(std=10.0)") for v in verdicts)
    exercise_finding, lottery_finding = section.findings(result)
    assert exercise_finding.holds and "he_normal: median" in exercise_finding.measured
    assert "normal(std=10.0)" in lottery_finding.measured
    rows = section.rows(result)
    assert [row[0] for row in rows] == ["zeros", "normal(std=10.0)", "he_normal"]
    assert rows[0][1:5] == ["50.0"] * 4 and rows[0][-1] == "0"


def test_member_results_equal_solo_runs_with_the_same_seeds():
    config = Config(dataset="moons", n_train=200, n_test=50, inits=("he_normal", "normal(std=0.5)"), seeds=3,
                    optimizer="momentum", lr=0.05, steps=40, batch_size=64, batchnorm=True, dtype="float64")
    result = run(config)
    data = config.load_data()
    for outcome in result.outcomes:
        for index, seed in enumerate(outcome.seeds):
            solo = Network([2, 10, 5, 1], "relu", "bce", outcome.init, "zeros", True, [seed], "float64")
            train(solo, data.X_train, data.Y_train, "momentum", lr=0.05, steps=40, batch_size=64)
            test = solo.evaluate(data.X_test, data.Y_test)
            np.testing.assert_allclose(outcome.final_test_loss[index], test["loss"][0], rtol=1e-12)
            assert outcome.final_test_accuracy[index] == test["accuracy"][0]
            np.testing.assert_allclose(outcome.final_train_loss[index],
                                       solo.evaluate(data.X_train, data.Y_train)["loss"][0], rtol=1e-12)


def test_a_diverging_member_is_reported_and_disturbs_no_one():
    setup = {"activation": "linear", "lr": 1.0, "steps": 60, "seeds": 3, "curve_points": 20}
    mixed = run(Config(inits=("he_normal", "normal(std=2)"), **setup))
    alone = run(Config(inits=("he_normal",), **setup))
    large = mixed.outcome("normal(std=2)")
    assert large.n_diverged == 3 and all(isinstance(step, int) and step > 0 for step in large.diverged)
    assert np.isnan(large.final_test_loss).all()
    he_mixed, he_alone = mixed.outcome("he_normal"), alone.outcome("he_normal")
    assert he_mixed.diverged == [None] * 3
    np.testing.assert_array_equal(he_mixed.train_loss_curves, he_alone.train_loss_curves)
    np.testing.assert_array_equal(he_mixed.final_test_accuracy, he_alone.final_test_accuracy)
    payload = json.loads(json.dumps(mixed.to_dict(), allow_nan=False))  # NaN-free
    entry = payload["inits"][1]
    assert entry["diverged"] == large.diverged and entry["final_test_loss"] == [None] * 3
    assert entry["loss_curve_median"][-1] is None  # the median of three infinite losses


def test_logistic_regression_from_zeros_trains_on_separable_blobs():
    result = run(Config(dataset="blobs", hidden=(), inits=("zeros",), seeds=2, lr=0.1, steps=200))
    zeros = result.outcome("zeros")
    assert result.layer_sizes == [2, 1]
    assert np.all(zeros.weight_change > 0)
    assert np.all(zeros.final_test_accuracy >= 0.95)


def test_digits_train_with_a_softmax_output():
    result = run(Config(dataset="digits", hidden=(16,), inits=("he_normal",), seeds=2, steps=150))
    assert result.layer_sizes == [64, 16, 10] and result.data.loss == "softmax_ce"
    assert result.config.lr == 0.1 and result.grid is None
    assert result.outcome("he_normal").final_test_accuracy.min() > 0.7


def test_result_json_has_the_documented_keys_and_curves_at_the_checkpoints():
    calls = []
    result = run(Config(inits=("zeros", "he_normal"), seeds=3, steps=50, curve_points=10),
                 progress=lambda done, total: calls.append((done, total)))
    payload = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert {"dataset", "config", "inits", "curve_steps"} <= set(payload)
    assert payload["dataset"] == "circles" and payload["config"]["layer_sizes"] == [2, 10, 5, 1]
    assert payload["curve_steps"] == [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]
    for entry in payload["inits"]:
        assert set(entry) >= DOCUMENTED_INIT_KEYS
        assert entry["seeds"] == [0, 1, 2] and len(entry["final_test_accuracy"]) == 3
        assert len(entry["loss_curve_median"]) == 11
        assert entry["best_test_accuracy"] == max(entry["final_test_accuracy"])
    assert calls[-1] == (50, 50)


def test_decision_boundaries_for_the_best_and_worst_seed():
    result = run(Config(inits=("zeros", "he_normal"), seeds=3, steps=3000, lr=0.05, grid_resolution=40))
    xs, ys = result.grid
    assert xs.shape == ys.shape == (40,)
    assert xs.min() < result.data.X_train[0].min() and ys.max() > result.data.X_train[1].max()
    zeros, he = result.outcome("zeros"), result.outcome("he_normal")
    assert zeros.boundary_best.shape == (40, 40) and np.unique(zeros.boundary_best).size == 1
    inside = he.boundary_best[20, 20]  # the grid's centre lies inside the inner circle: class 1
    assert inside == 1 and np.unique(he.boundary_best).tolist() == [0, 1]


def test_best_and_worst_break_ties_by_test_loss_and_a_diverged_loss_is_the_worst():
    accuracy, loss = np.array([0.9, 0.9, 0.8, 0.8]), np.array([0.3, 0.2, np.nan, 0.5])
    outcome = InitOutcome("he_normal", [0, 1, 2, 3], np.ones(4), accuracy, np.zeros(4), loss, [None, None, 7, None],
                          np.ones(4), np.zeros((1, 4)), np.zeros((1, 4)))
    assert outcome.best_seed == 1 and outcome.worst_seed == 2
    assert outcome.best_minus_median == pytest.approx(0.05) and outcome.n_diverged == 1


def test_defaults_follow_the_exercise_and_the_data_set():
    config = Config()
    assert config.inits == tuple(spec.replace("10)", "10.0)") for spec in DEFAULT_INITS)
    assert (config.hidden, config.lr, config.steps, config.seeds) == ((10, 5), 0.01, 15000, 10)
    digits = Config(dataset="digits")
    assert (digits.hidden, digits.lr, digits.steps) == ((32,), 0.1, 1000)
    assert Config(epochs=3).steps is None
    assert run(Config(inits=("he_normal",), seeds=1, epochs=2, batch_size=100)).total_steps == 6


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"dataset": "circle"}, UnknownNameError, "did you mean 'circles'"),
        ({"hidden": (10, 0)}, ConfigError, "hidden layer sizes must be integers >= 1, got 0"),
        ({"activation": "relux"}, UnknownNameError, "did you mean 'relu'"),
        ({"inits": ()}, ConfigError, "inits needs at least one"),
        ({"inits": ("he_normal", "kaiming_normal")}, ConfigError, "the same initializer twice: he_normal"),
        ({"inits": ("normal(std=)",)}, InitlabError, "normal(std=)"),
        ({"bias_init": "he_normall"}, UnknownNameError, "did you mean"),
        ({"seeds": 0}, ConfigError, "seeds must be an integer >= 1, got 0"),
        ({"optimizer": "adamm"}, UnknownNameError, "did you mean 'adam'"),
        ({"lr": -1.0}, ConfigError, "learning rate must be a finite number > 0"),
        ({"steps": 10, "epochs": 2}, ConfigError, "give steps or epochs, not both"),
        ({"steps": 0}, ConfigError, "steps must be an integer >= 1, got 0"),
        ({"batch_size": 500}, ConfigError, "batch_size must be at most n_train = 300, got 500"),
        ({"dtype": "float16"}, ConfigError, "dtype must be one of float32, float64"),
    ],
)
def test_bad_settings_raise_one_line_errors(kwargs, error, message):
    with pytest.raises(error) as caught:
        Config(**kwargs)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_bad_data_sizes_fail_before_training():
    with pytest.raises(ConfigError, match="n_train must be an integer >= 2"):
        run(Config(n_train=1, batch_size=None, inits=("zeros",), seeds=1, steps=1))


@pytest.mark.slow
def test_report_section_quick():
    built = section.build(quick=True)
    assert built.key == "training"
    assert built.command == "initlab train --dataset circles --seeds 5 --steps 3000 --lr 0.05"
    assert [f.name for f in built.figures] == ["training-learning-curves", "training-seed-lottery",
                                               "training-decision-boundaries"]
    assert len(built.verdicts) >= 6 and built.findings and built.tables[0].rows
    assert built.result["config"]["seeds"] == 5 and built.config["steps"] == 3000
    json.dumps(built.result, allow_nan=False)
    for figure in built.figures:
        plt.close(figure.figure)
