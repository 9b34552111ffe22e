"""``initlab meanfield``: the point's table, JSON, the phase diagram, and one-line errors."""

from __future__ import annotations

import json

import pytest

import initlab.cli.meanfield  # noqa: F401  registers the command
from initlab.cli import main


def test_table_of_the_issue_example(capsys):
    assert main(["meanfield", "--activation", "tanh", "--sigma-w2", "1.5", "--sigma-b2", "0.05"]) == 0
    out = capsys.readouterr().out
    for text in ("q*", "χ₁", "c*", "ξ_q", "ξ_c", "ordered", "0.418037", "0.938636"):
        assert text in out


def test_critical_point_shows_infinite_depth(capsys):
    assert main(["meanfield", "--activation", "relu", "--sigma-w2", "2", "--sigma-b2", "0"]) == 0
    out = capsys.readouterr().out
    assert "critical" in out and "∞" in out


def test_json_point_only(capsys):
    assert main(["meanfield", "--activation", "relu", "--sigma-w2", "3", "--sigma-b2", "0.1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["chi1"] == 1.5 and out["phase"] == "chaotic"
    assert out["q_star"] is None and "q_star" in out["infinite"]  # the signal explodes
    assert out["phase_diagram"] is None


def test_plot_writes_the_phase_diagram(capsys, tmp_path):
    path = tmp_path / "phase.png"
    assert main(["meanfield", "--plot", str(path), "--grid", "12,9", "--json", "--quiet"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert path.stat().st_size > 10_000
    assert len(out["phase_diagram"]["chi1"]) == 12 and len(out["phase_diagram"]["chi1"][0]) == 9
    assert out["phase_diagram"]["critical_sigma_w2"][0] == pytest.approx(1.0, abs=1e-6)
    assert captured.err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sigma-w2", "-1"], "sigma_w2 must be a finite number >= 0, got -1.0"),
        (["--sigma-b2", "nan"], "sigma_b2"),
        (["--activation", "sigmod"], "did you mean 'sigmoid'"),
        (["--grid", "12"], "--grid takes two integers"),
        (["--grid", "1,5"], "--grid values must be >= 2"),
        (["--sigma-w2-max", "0"], "sigma_w2_max must be a finite number > 0"),
        (["--sigma-w2", "x"], "x"),
    ],
)
def test_bad_input_is_one_line_exit_2(assert_user_error, args, message):
    assert_user_error(["meanfield", *args], message)


def test_help_has_an_example(capsys):
    assert main(["meanfield", "--help"]) == 0
    assert "initlab meanfield --activation tanh --sigma-w2 1.5" in capsys.readouterr().out
