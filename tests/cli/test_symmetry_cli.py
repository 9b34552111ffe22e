"""``initlab symmetry``: the walk-through, the table, JSON, the figure, and one-line errors."""

from __future__ import annotations

import json

import pytest

import initlab.cli.symmetry  # noqa: F401  registers the command
from initlab.cli import main

FAST = ["--train-steps", "5", "--quiet"]


def test_walkthrough_prints_three_updates_with_the_articles_shapes(capsys):
    assert main(["symmetry", "--walkthrough"]) == 0
    out = capsys.readouterr().out
    for step in (1, 2, 3):
        assert f"update {step}" in out
    assert "update 4" not in out
    for title in ("A1 (4×5)", "dZ2 (2×5)", "dW2 (2×4)", "W2 (2×4)", "dA1 (4×5)", "dZ1 (4×5)", "dW1 (4×3)",
                  "W1 (4×3)", "X (3×5)", "Y (2×5)"):
        assert title in out
    assert "non-zero gradients: dW2, db2; exactly zero: dW1, db1" in out
    assert "non-zero gradients: dW1, db1, dW2, db2; exactly zero: none" in out
    assert "≡A" in out and "rows: all 4 identical" in out and "columns: all 4 identical" in out


def test_walkthrough_steps_hidden_and_activation(capsys):
    assert main(["symmetry", "--walkthrough", "--steps", "2", "--hidden", "3", "--activation", "tanh"]) == 0
    out = capsys.readouterr().out
    assert "update 2" in out and "update 3" not in out
    assert "W1 (3×3)" in out and "tanh hidden units" in out
    assert "non-zero gradients: db2; exactly zero: dW1, db1, dW2" in out


def test_json_has_the_documented_keys(capsys):
    assert main(["symmetry", "--json", *FAST]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"cases", "walkthrough"} <= set(data)
    keys = {"case", "weight_init", "bias_init", "activation", "distinct_hidden_units", "symmetry_broken_at",
            "zero_gradients_step1", "final_loss", "final_accuracy"}
    assert all(keys <= set(case) for case in data["cases"])
    assert [c["case"] for c in data["cases"]][-1] == "logistic"
    assert [step["step"] for step in data["walkthrough"]] == [1, 2, 3]
    assert len(data["walkthrough"][0]["A1"]) == 4 and len(data["walkthrough"][0]["A1"][0]) == 5


def test_walkthrough_json_has_no_cases(capsys):
    assert main(["symmetry", "--walkthrough", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cases"] == [] and len(data["walkthrough"]) == 3


def test_a_custom_case_replaces_the_presets(capsys):
    args = ["symmetry", "--json", "--weight-init", "uniform(limit=0.1)", "--activation", "relu", *FAST]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["case"], c["activation"]) for c in data["cases"]] == [("custom", "relu"), ("logistic", None)]
    assert data["cases"][0]["bias_init"] == "zeros"
    assert data["config"]["walkthrough"]["weight_init"] == "uniform(limit=0.1)"


def test_table_and_plot(capsys, tmp_path):
    path = tmp_path / "figures" / "symmetry.png"
    assert main(["symmetry", "--plot", str(path), *FAST]) == 0
    out = capsys.readouterr().out
    assert all(text in out for text in ("(a) zeros", "(d)", "logistic", "never", "1 of 4", "4 of 4"))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--activation", "tanhh"], "did you mean 'tanh'"),
        (["--activation", ","], "--activation needs at least one"),
        (["--hidden", "0"], "--hidden"),
        (["--weight-init", "normal(std=)"], "normal(std=)"),
        (["--bias-init", "nope"], "unknown initializer"),
        (["--lr", "-1"], "learning rate"),
        (["--train-steps", "0"], "--train-steps"),
        (["--dataset", "digits"], "--dataset"),
        (["--walkthrough", "--plot", "x.png"], "--plot"),
    ],
)
def test_bad_options_are_one_line_exit_2(assert_user_error, args, message):
    assert_user_error(["symmetry", *args, "--quiet"], message)


def test_help_has_an_example(capsys):
    assert main(["symmetry", "--help"]) == 0
    out = capsys.readouterr().out
    assert "initlab symmetry --walkthrough" in out and "--train-steps" in out
