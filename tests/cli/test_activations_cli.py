"""``initlab activations``: JSON, figures, table, and one-line errors."""

from __future__ import annotations

import json

import pytest

import initlab.cli.activations  # noqa: F401  registers the command
from initlab.cli import main

SMALL = ["--depth", "3", "--width", "16", "--samples", "40", "--sweep-widths", "8,16"]


def test_json_has_the_documented_keys(capsys):
    status = main(["activations", *SMALL, "--init", "normal(std=0.01); glorot_normal", "--activation", "tanh,relu",
                   "--no-plots", "--json", "--quiet"])
    captured = capsys.readouterr()
    assert status == 0
    out = json.loads(captured.out)
    assert [(c["activation"], c["init"]) for c in out["configs"]] == [
        ("tanh", "normal(std=0.01)"), ("tanh", "glorot_normal"), ("relu", "normal(std=0.01)"), ("relu", "glorot_normal")
    ]
    layer = out["configs"][0]["layers"][0]
    assert {"layer", "act_mean", "act_std", "saturated_fraction", "zero_fraction", "grad_std",
            "predicted_preact_var", "preact_var"} <= set(layer)
    assert [c["batchnorm"] for c in out["configs"]] == [False] * 4
    assert captured.err == ""


def test_default_writes_three_figures_and_prints_the_table(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["activations", *SMALL, "--batchnorm"]) == 0
    out = capsys.readouterr().out
    for name in ("activations.png", "gradients.png", "depth.png"):
        assert (tmp_path / "initlab-figures" / name).stat().st_size > 10_000
    assert "mean field" in out and "tanh, N(0, 0.01²) + BN" in out and "figures written" in out
    assert "normal(std=0.05), tanh" in out  # the width sweep


def test_no_plots_and_no_sweep(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["activations", *SMALL, "--no-plots", "--no-sweep", "--init", "he_normal", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["width_sweep"]["points"] == [] and not (tmp_path / "initlab-figures").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--depth", "0"], "depth must be an integer >= 1, got 0"),
        (["--width", "-3"], "width"),
        (["--samples", "1"], "samples must be an integer >= 2"),
        (["--seeds", "0"], "seeds"),
        (["--activation", "tanhh"], "did you mean 'tanh'"),
        (["--init", "normal(std=)"], "normal(std=)"),
        (["--sweep-widths", "10,x"], "comma-separated integers"),
        (["--dtype", "float16"], "float16"),
        (["--nope"], "No such option"),
    ],
)
def test_bad_input_is_one_line_exit_2(assert_user_error, args, message):
    assert_user_error(["activations", "--no-plots", *args], message)


def test_help_has_an_example(capsys):
    assert main(["activations", "--help"]) == 0
    out = capsys.readouterr().out
    assert "initlab activations --activation relu" in out and "--plot-dir" in out
