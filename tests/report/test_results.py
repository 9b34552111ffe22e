"""``results.json`` of a real (quick) report holds every study's documented keys and how to reproduce it."""

from __future__ import annotations

import json

from initlab import __version__
from initlab.report.build import SECTIONS


def test_results_hold_every_study_with_its_documented_keys(quick_report):
    results = json.loads((quick_report / "results.json").read_text())
    assert results["initlab_version"] == __version__ and results["quick"] is True
    assert results["command"] == "initlab report --quick"
    assert list(results["studies"]) == list(SECTIONS)
    for study in results["studies"].values():
        assert study["verdicts"] and study["config"] and study["command"].startswith("initlab ")

    studies = {key: study["result"] for key, study in results["studies"].items()}
    schemes = {row["name"] for row in studies["inits"]["schemes"]}
    assert {"zeros", "glorot_uniform", "he_normal", "orthogonal", "torch_default"} <= schemes

    symmetry = studies["symmetry"]
    assert {"case", "weight_init", "bias_init", "activation", "distinct_hidden_units", "symmetry_broken_at",
            "zero_gradients_step1", "final_loss", "final_accuracy"} <= set(symmetry["cases"][0])
    assert {"step", "A1", "dZ2", "dW2", "W2", "dA1", "dZ1", "dW1", "W1"} <= set(symmetry["walkthrough"][0])

    activations = studies["activations"]["configs"]
    assert {"init", "activation", "batchnorm", "layers"} <= set(activations[0])
    assert {"layer", "act_mean", "act_std", "saturated_fraction", "zero_fraction", "grad_std",
            "predicted_preact_var", "preact_var"} <= set(activations[0]["layers"][0])

    meanfield = studies["meanfield"]["phase_diagram"]
    assert {"q_star", "chi1", "c_star", "xi_q", "xi_c", "phase"} <= set(meanfield)

    training = studies["training"]
    assert {"dataset", "config", "inits"} <= set(training)
    assert {"init", "seeds", "final_train_accuracy", "final_test_accuracy", "best_seed", "best_test_accuracy",
            "diverged", "loss_curve_median"} <= set(training["inits"][0])
    assert training["config"]["seeds"] and results["studies"]["training"]["config"]
