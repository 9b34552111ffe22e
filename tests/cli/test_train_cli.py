"""``initlab train``: table, figures, JSON, digits, and one-line errors."""

from __future__ import annotations

import json

import pytest

import initlab.cli.train  # noqa: F401  registers the command
from initlab.cli import main

SMALL = ["--steps", "40", "--seeds", "2", "--inits", "zeros; he_normal", "--quiet"]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Run every command in a fresh folder: the default figure folder is relative to it."""
    monkeypatch.chdir(tmp_path)


def test_table_and_figures_in_the_default_folder(capsys, tmp_path):
    assert main(["train", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "seed lottery on circles: layers [2, 10, 5, 1]" in out
    assert "zeros" in out and "he_normal" in out and "Majority-class rate (test): 50%" in out
    folder = tmp_path / "initlab-figures" / "train"
    names = sorted(path.name for path in folder.iterdir())
    assert names == ["circles-decision-boundaries.png", "circles-learning-curves.png", "circles-seed-lottery.png"]
    assert all((folder / name).read_bytes().startswith(PNG) for name in names)
    assert "initlab-figures/train/circles-seed-lottery.png" in out.replace("\n", "")


def test_diverged_seeds_are_listed_with_their_step(capsys, tmp_path):
    args = ["train", "--inits", "he_normal; normal(std=2)", "--activation", "linear", "--lr", "1", "--steps", "30",
            "--seeds", "2", "--quiet", "--plot-dir", str(tmp_path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "diverged (NaN/inf loss) with normal(std=2.0): seed 0 at step" in out and "seed 1 at step" in out
    assert "with he_normal" not in out


def test_json_has_the_documented_keys_and_writes_no_figures(capsys, tmp_path):
    assert main(["train", *SMALL, "--json"]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)  # stdout is the JSON and nothing else
    assert {"dataset", "config", "inits"} <= set(payload) and payload["dataset"] == "circles"
    assert payload["config"]["steps"] == 40 and payload["config"]["inits"] == ["zeros", "he_normal"]
    documented = {"init", "seeds", "final_train_accuracy", "final_test_accuracy", "best_seed", "best_test_accuracy",
                  "diverged", "loss_curve_median"}
    for entry in payload["inits"]:
        assert set(entry) >= documented and entry["seeds"] == [0, 1] and entry["diverged"] == [None, None]
    assert not (tmp_path / "initlab-figures").exists()


def test_json_with_plot_dir_keeps_stdout_clean(capsys, tmp_path):
    assert main(["train", *SMALL, "--json", "--plot-dir", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "figures:" in captured.err and len(list(tmp_path.glob("*.png"))) == 3


def test_digits_with_softmax_output(capsys):
    args = ["train", "--dataset", "digits", "--inits", "he_normal", "--seeds", "2", "--steps", "30", "--json"]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["config"]["layer_sizes"] == [64, 32, 10] and payload["data"]["loss"] == "softmax_ce"
    assert payload["config"]["lr"] == 0.1 and payload["data"]["classes"] == 10


def test_hidden_none_is_logistic_regression_and_options_reach_the_config(capsys):
    args = ["train", "--dataset", "blobs", "--hidden", "none", "--inits", "zeros", "--seeds", "1", "--epochs", "3",
            "--batch-size", "100", "--optimizer", "adam", "--lr", "0.1", "--bias-init", "constant(0.5)",
            "--n-train", "200", "--n-test", "60", "--noise", "0.5", "--data-seed", "7", "--standardize",
            "--dtype", "float64", "--json"]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    config = payload["config"]
    assert config["layer_sizes"] == [2, 1] and config["total_steps"] == 6 and config["optimizer"] == "adam"
    assert config["bias_init"] == "constant(value=0.5)"
    assert payload["data"]["n_train"] == 200 and payload["data"]["noise"] == 0.5 and payload["data"]["seed"] == 7
    assert payload["data"]["standardize"] is True and config["dtype"] == "float64"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "circle"], "did you mean 'circles'"),
        (["--inits", "he_normall"], "did you mean"),
        (["--inits", "zeros; normal(std=)"], "normal(std=)"),
        (["--hidden", "10,x"], "--hidden takes comma-separated integers"),
        (["--seeds", "0"], "seeds must be an integer >= 1"),
        (["--steps", "0"], "steps must be an integer >= 1"),
        (["--steps", "10", "--epochs", "1"], "give steps or epochs, not both"),
        (["--lr", "-1"], "learning rate must be a finite number > 0"),
        (["--optimizer", "adamm"], "did you mean 'adam'"),
        (["--batch-size", "1000"], "batch_size must be at most n_train = 300"),
        (["--n-train", "1"], "n_train must be an integer >= 2"),
        (["--noise", "-1"], "noise must be a finite number >= 0"),
        (["--dataset", "digits", "--noise", "0.1"], "noise applies to generated data sets only"),
        (["--dtype", "float16"], "float16"),
        (["--seeds", "many"], "many"),
        (["--nope"], "No such option"),
    ],
)
def test_bad_options_are_one_line_errors_with_exit_2(assert_user_error, args, message):
    assert_user_error(["train", *args, "--quiet"], message)


def test_help_shows_an_example_and_the_defaults(capsys):
    assert main(["train", "--help"]) == 0
    out = capsys.readouterr().out
    assert "initlab train --dataset digits" in out and "normal(std=10)" in out and "seed lottery" in out
