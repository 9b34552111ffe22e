"""``initlab inits``: the table, the JSON for one layer, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import math

import pytest

import initlab.cli.inits  # noqa: F401  registers the command
from initlab.cli import main
from initlab.init import catalog

# Theoretical std for a layer with fan_in = fan_out = 100, by hand.
STD_100 = {
    "zeros": 0.0,
    "ones": 0.0,
    "constant": 0.0,
    "normal": 1.0,
    "uniform": 0.1 / math.sqrt(12),
    "truncated_normal": 0.87962566103423978,
    "standard": 0.2 / math.sqrt(12),
    "torch_default": 0.2 / math.sqrt(12),
    "glorot_normal": 0.1,
    "glorot_uniform": 0.1,
    "he_normal": math.sqrt(2) / 10,
    "he_uniform": math.sqrt(2) / 10,
    "lecun_normal": 0.1,
    "lecun_uniform": 0.1,
    "variance_scaling": 0.1,
    "orthogonal": 0.1,
    "identity": math.sqrt(0.01 * 0.99),
}
BOUND_100 = {
    "uniform": 0.05,
    "standard": 0.1,
    "torch_default": 0.1,
    "glorot_uniform": math.sqrt(6 / 200),
    "he_uniform": math.sqrt(6 / 100),
    "lecun_uniform": math.sqrt(3 / 100),
    "truncated_normal": 2.0,
    "variance_scaling": 0.2 / 0.87962566103423978,
}


def _run(capsys, *args):
    status = main(["inits", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_for_a_layer(capsys):
    status, out, err = _run(capsys, "--fan-in", "100", "--fan-out", "100", "--json")
    assert status == 0 and err == ""
    rows = {row["name"]: row for row in json.loads(out)}
    assert set(STD_100) <= set(rows)
    for name, row in rows.items():
        assert {"name", "aliases", "formula", "std", "bound", "measured_std"} <= set(row)
        assert row["std"] == pytest.approx(STD_100[name], rel=1e-12, abs=1e-15)
        assert row["bound"] == (pytest.approx(BOUND_100[name], rel=1e-12) if name in BOUND_100 else None)
        assert row["measured_std"] == pytest.approx(row["std"], rel=0.03, abs=1e-12)
    assert rows["glorot_uniform"]["aliases"] == ["xavier_uniform"]
    assert "kaiming_normal" in rows["he_normal"]["aliases"]


def test_json_without_a_layer_has_no_numbers(capsys):
    status, out, _ = _run(capsys, "--json")
    rows = json.loads(out)
    assert status == 0 and [row["name"] for row in rows] == [s.name for s in catalog()]
    assert all(row["std"] is None and row["measured_std"] is None and row["formula"] for row in rows)


def test_the_seed_changes_only_the_measurement(capsys):
    first = json.loads(_run(capsys, "--fan-in", "30", "--fan-out", "20", "--json", "--seed", "1")[1])
    second = json.loads(_run(capsys, "--fan-in", "30", "--fan-out", "20", "--json", "--seed", "2")[1])
    he1, he2 = (
        first[[r["name"] for r in first].index("he_normal")],
        second[[r["name"] for r in second].index("he_normal")],
    )
    assert he1["std"] == he2["std"] and he1["measured_std"] != he2["measured_std"]


def test_table_lists_every_scheme_and_formula(capsys):
    status, out, _ = _run(capsys)
    assert status == 0
    for scheme in catalog():
        assert scheme.name in out
    assert "[low," in out  # formulas are printed as text, not read as rich markup


def test_table_for_a_layer(capsys):
    status, out, _ = _run(capsys, "--fan-in", "100", "--fan-out", "100")
    assert status == 0 and "measured" in out and "0.1414" in out


def test_help_has_examples(capsys):
    status, out, _ = _run(capsys, "--help")
    assert status == 0 and "--fan-in 100 --fan-out 100 --json" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fan-in", "100"], "give both fan_in and fan_out (--fan-in and --fan-out), or neither"),
        (["--fan-out", "100"], "give both fan_in and fan_out (--fan-in and --fan-out), or neither"),
        (["--fan-in", "0", "--fan-out", "5"], "Invalid value for '--fan-in': 0 is not in the range x>=1"),
        (["--fan-in", "5", "--fan-out", "-3"], "Invalid value for '--fan-out': -3 is not in the range x>=1"),
        (["--fan-in", "abc", "--fan-out", "5"], "'abc' is not a valid integer"),
        (["--fan-in", "100000", "--fan-out", "100000"], "at most"),
        (["--seed", "-1"], "Invalid value for '--seed': -1 is not in the range x>=0"),
        (["--fan-inn", "3"], "No such option"),
    ],
)
def test_bad_input_is_one_error_line(assert_user_error, args, message):
    assert_user_error(["inits", *args], message)
