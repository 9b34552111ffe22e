"""The meanfield study: one point's values and the phase diagram with its critical line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from initlab.errors import ConfigError, UnknownNameError
from initlab.studies.meanfield import QUICK_GRID, Config, axis_limits, run


@pytest.fixture(scope="module")
def tanh():
    return run(Config(grid=QUICK_GRID, line_points=9))


def test_point_values(tanh):
    payload = tanh.to_dict()
    assert {"q_star", "chi1", "c_star", "xi_q", "xi_c", "phase", "critical_sigma_w2"} <= set(payload)
    assert payload["activation"] == "tanh" and payload["phase"] == "ordered"
    json.dumps(payload, allow_nan=False)


def test_phase_diagram_is_split_by_the_critical_line(tanh):
    diagram = tanh.diagram
    w, b, chi = np.array(diagram.sigma_w2), np.array(diagram.sigma_b2), np.array(diagram.chi1)
    assert chi.shape == (len(w), len(b)) == QUICK_GRID
    assert diagram.critical_sigma_b2[0] == 0.0 and diagram.critical_sigma_w2[0] == pytest.approx(1.0, abs=1e-6)
    assert np.all(np.diff(diagram.critical_sigma_w2) > 0)  # bias needs larger weights to reach chaos
    for j, sigma_b2 in enumerate(b[::10]):
        edge = np.interp(sigma_b2, diagram.critical_sigma_b2, diagram.critical_sigma_w2)
        column = chi[:, j * 10]
        assert np.all(column[w < edge - 0.1] < 1) and np.all(column[w > edge + 0.1] > 1)
    assert not diagram.chaotic_length_diverges


def test_relu_diagram_has_a_straight_line_at_two():
    result = run(Config(activation="relu", sigma_w2=2.0, sigma_b2=0.0, grid=(5, 4), line_points=3))
    assert result.point.phase == "critical"
    assert result.diagram.critical_sigma_w2 == [2.0, 2.0, 2.0]
    assert result.diagram.chaotic_length_diverges  # beyond the line the signal itself explodes


def test_point_only():
    result = run(Config(phase_diagram=False))
    assert result.diagram is None and result.to_dict()["phase_diagram"] is None


def test_axes_cover_the_line_and_the_point():
    assert axis_limits(Config()) == (4.0, 1.0)
    assert axis_limits(Config(sigma_w2=10.0, sigma_b2=2.0)) == (12.5, 2.5)
    assert axis_limits(Config(activation="sigmoid"))[0] > 100  # sigmoid's edge of chaos is far out
    assert axis_limits(Config(sigma_w2_max=3.0, sigma_b2_max=0.5)) == (3.0, 0.5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sigma_w2": -1.0}, "sigma_w2 must be a finite number >= 0, got -1.0"),
        ({"sigma_b2": float("inf")}, "sigma_b2"),
        ({"grid": (1, 5)}, "grid must be two integers >= 2"),
        ({"grid": (1000, 1000)}, "at most"),
        ({"sigma_w2_max": 0.0}, "sigma_w2_max must be a finite number > 0"),
        ({"line_points": 1}, "line_points"),
    ],
)
def test_bad_config(changes, message):
    with pytest.raises(ConfigError, match=message):
        Config(**changes)
    with pytest.raises(UnknownNameError, match="did you mean 'sigmoid'"):
        Config(activation="sigmod")
