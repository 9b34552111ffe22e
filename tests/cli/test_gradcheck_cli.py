"""``initlab gradcheck``: table, JSON, exit status, and one-line errors."""

from __future__ import annotations

import json

import pytest

from initlab.cli import main


def test_json_output_and_exit_status(capsys):
    status = main(["gradcheck", "--layers", "3,4,2", "--activation", "tanh", "--batchnorm", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert set(out) == {"max_relative_error", "parameters"}
    assert [p["name"] for p in out["parameters"]] == ["dW1", "dgamma1", "dbeta1", "dW2", "db2"]
    assert out["max_relative_error"] == max(p["relative_error"] for p in out["parameters"]) < 1e-6


def test_table_output(capsys):
    assert main(["gradcheck", "--layers", "2,3,3", "--loss", "softmax_ce", "--activation", "relu"]) == 0
    out = capsys.readouterr().out
    assert "dW1" in out and "db2" in out and "passed" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--activation", "tanhh"], "did you mean 'tanh'"),
        (["--loss", "hinge"], "unknown loss 'hinge'"),
        (["--layers", "3,0,2"], "--layers values must be >= 1"),
        (["--layers", "3,x"], "comma-separated integers"),
        (["--samples", "1"], "samples must be >= 2"),
        (["--weight-init", "normal(std=)"], "normal(std=)"),
        (["--seed", "-1"], "--seed"),
        (["--nope"], "No such option"),
    ],
)
def test_bad_input_is_one_line_exit_2(assert_user_error, args, message):
    assert_user_error(["gradcheck", *args], message)


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert "initlab" in capsys.readouterr().out
    assert main(["gradcheck", "--help"]) == 0
    assert "finite differences" in capsys.readouterr().out
