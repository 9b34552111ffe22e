"""Article 002's facts, measured: activations and gradients through depth, and the mean-field prediction."""

from __future__ import annotations

import json

import numpy as np
import pytest

from initlab.errors import ConfigError, SpecError, UnknownNameError
from initlab.studies.activations import ARTICLE_INITS, PRESETS, Case, Config, cases_for, run


@pytest.fixture(scope="module")
def article():
    """The default study (seeded): the ten presets, 6 layers of 100 units, 1000 inputs."""
    result = run(Config(sweep_widths=(25, 100, 400)))
    return {(c.case.activation, c.case.init, c.case.batchnorm): c for c in result.cases}, result


def act_std(case) -> np.ndarray:
    return np.array([layer["act_std"] for layer in case.layers()])


def test_tanh_small_weights_collapse_to_zero(article):
    cases, _ = article
    std = act_std(cases["tanh", "normal(std=0.01)", False])
    ratios = std[:-1] / std[1:]
    assert np.all((ratios > 5) & (ratios < 20))
    assert std[-1] < 1e-5


def test_tanh_unit_weights_saturate(article):
    cases, _ = article
    saturated = [layer["saturated_fraction"] for layer in cases["tanh", "normal", False].layers()]
    assert min(saturated) >= 0.7


def test_xavier_shrinks_under_relu_and_he_does_not(article):
    cases, _ = article
    xavier = act_std(cases["relu", "glorot_normal", False])
    assert xavier[-1] < 0.5 * xavier[0]
    he = act_std(cases["relu", "he_normal", False])
    assert np.all((he / he[0] > 0.5) & (he / he[0] < 2))


def test_batchnorm_makes_the_weight_scale_irrelevant(article):
    cases, _ = article
    small, large = act_std(cases["tanh", "normal(std=0.01)", True]), act_std(cases["tanh", "normal", True])
    assert np.all(np.abs(small / large - 1) < 0.05)
    assert cases["tanh", "normal", True].predicted_preact_var is None  # BN: the length map does not apply


def test_gradient_shrinks_toward_the_input_with_small_weights(article):
    cases, _ = article
    grad = np.array([layer["grad_std"] for layer in cases["tanh", "normal(std=0.01)", False].layers()])
    assert grad[-1] == pytest.approx(1.0, rel=0.05)  # the N(0, 1) upstream gradient
    assert np.all(np.diff(grad) > 0) and grad[0] < 1e-3


def test_predictions_track_the_measurements_at_the_article_width(article):
    cases, _ = article
    glorot = cases["tanh", "glorot_normal", False]
    assert glorot.sigma_w2 == pytest.approx(1.0) and glorot.phase == "critical"
    measured = np.array([layer["preact_var"] for layer in glorot.layers()])
    assert np.all(np.abs(measured / np.array(glorot.predicted_preact_var) - 1) < 0.05)


def test_width_sweep_shows_that_a_fixed_std_depends_on_width(article):
    _, result = article
    sweep = {point.width: point for point in result.sweep}
    assert [sweep[n].sigma_w2 for n in (25, 100, 400)] == pytest.approx([0.0625, 0.25, 1.0])
    last = [sweep[n].act_std[-1] for n in (25, 100, 400)]
    assert last[0] < last[1] < last[2] and last[2] > 10 * last[1]
    assert sweep[400].act_std[-1] == pytest.approx(sweep[400].predicted_act_std[-1], rel=0.05)


def test_json_has_the_documented_keys(article):
    _, result = article
    payload = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    keys = {"layer", "act_mean", "act_std", "saturated_fraction", "zero_fraction", "grad_std",
            "predicted_preact_var", "preact_var"}
    assert len(payload["configs"]) == len(PRESETS)
    for config in payload["configs"]:
        assert {"init", "activation", "batchnorm", "layers"} <= set(config)
        assert all(keys <= set(layer) for layer in config["layers"])
    assert [p["width"] for p in payload["width_sweep"]["points"]] == [25, 100, 400]


def test_seeded_runs_are_identical():
    config = Config(cases=(Case("glorot_normal", "tanh"), Case("he_normal", "relu", True)), depth=3, width=8,
                    samples=20, seeds=2, sweep_widths=(4,))
    assert run(config).to_dict() == run(config).to_dict()
    other = run(Config(**{**config.__dict__, "seed": 1})).to_dict()
    assert other != run(config).to_dict()


@pytest.mark.parametrize("init", ["lecun_normal", "he_normal"])  # σ_w² = 1 and 2
def test_mean_field_predicts_tanh_at_width_500(init):
    result = run(Config(cases=(Case(init, "tanh"),), width=500, samples=300, sweep_widths=()))
    case = result.cases[0]
    measured = np.array([layer["preact_var"] for layer in case.layers()])
    assert np.all(np.abs(measured / np.array(case.predicted_preact_var) - 1) < 0.05)


@pytest.mark.slow
def test_mean_field_predicts_relu_at_width_500_over_ten_seeds():
    result = run(Config(cases=(Case("he_normal", "relu"),), width=500, samples=100, seeds=10, sweep_widths=()))
    case = result.cases[0]
    measured = np.array([layer["preact_var"] for layer in case.layers()])
    assert np.all(np.abs(measured / np.array(case.predicted_preact_var) - 1) < 0.10)


def test_cases_for_combines_choices_with_the_article_defaults():
    assert cases_for(None, None, False) == PRESETS
    relu = cases_for(None, ["relu"], False)
    assert [c.init for c in relu] == [Case(i, "relu").init for i in ARTICLE_INITS]
    assert cases_for(["he_normal"], None, True) == (Case("he_normal", "tanh", True),)


def test_labels_write_normals_as_the_article_does():
    assert Case("normal(std=0.01)", "tanh", True).label == "tanh, N(0, 0.01²) + BN"
    assert Case("he_normal", "relu").label == "relu, he_normal"


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"depth": 0}, ConfigError, "depth must be an integer >= 1, got 0"),
        ({"width": 5000}, ConfigError, "width must be at most 4096"),
        ({"samples": 1}, ConfigError, "samples must be an integer >= 2"),
        ({"seeds": 0}, ConfigError, "seeds"),
        ({"cases": ()}, ConfigError, "at least one configuration"),
        ({"cases": (Case("he_normal", "relu"), Case("he_normal", "relu"))}, ConfigError, "must not repeat"),
        ({"seeds": 1000, "width": 4096}, ConfigError, "memory"),
        ({"sweep_widths": (0,)}, ConfigError, "sweep width"),
        ({"dtype": "float16"}, ConfigError, "dtype"),
    ],
)
def test_bad_config(changes, error, message):
    with pytest.raises(error, match=message):
        Config(**changes)


def test_bad_case_names():
    with pytest.raises(UnknownNameError, match="did you mean 'relu'"):
        Case("he_normal", "rellu")
    with pytest.raises(SpecError):
        Case("normal(std=)", "tanh")
