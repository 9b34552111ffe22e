"""Mean-field theory against direct numerical integration, closed forms and known critical points."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from numpy.polynomial.hermite_e import hermegauss
from scipy.integrate import quad
from scipy.optimize import brentq

from initlab import theory
from initlab.errors import ConfigError, UnknownNameError


def gaussian(f) -> float:
    """E[f(z)], z ~ N(0, 1), by adaptive quadrature on each half line (an independent method)."""
    density = lambda z: f(z) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    return sum(quad(density, a, b, epsabs=1e-14, epsrel=1e-13, limit=200)[0] for a, b in ((-40, 0), (0, 40)))


@pytest.mark.parametrize("sigma_w2", [0.5, 1.5, 3.0])
def test_tanh_fixed_point_and_chi1_match_direct_integration(sigma_w2):
    sigma_b2 = 0.05
    q_star = brentq(
        lambda q: sigma_w2 * gaussian(lambda z: math.tanh(math.sqrt(q) * z) ** 2) + sigma_b2 - q, 1e-9, 10, xtol=1e-15
    )
    chi_1 = sigma_w2 * gaussian(lambda z: (1 - math.tanh(math.sqrt(q_star) * z) ** 2) ** 2)
    assert theory.length_fixed_point("tanh", sigma_w2, sigma_b2) == pytest.approx(q_star, abs=1e-6, rel=1e-9)
    assert theory.chi1("tanh", sigma_w2, sigma_b2) == pytest.approx(chi_1, abs=1e-6, rel=1e-9)


@pytest.mark.parametrize(("activation", "q"), [("tanh", 100.0), ("sigmoid", 25.0), ("selu", 4.0), ("elu", 0.3)])
def test_length_map_is_accurate_where_gauss_hermite_is_not(activation, q):
    # q = 100 is the article's N(0, 1) weights at width 100; SELU's derivative jumps at 0.
    phi = theory._Phi(activation)
    direct = gaussian(lambda z: float(phi.phi(np.array(math.sqrt(q) * z))) ** 2)
    assert theory.length_map(activation, q, 1.0, 0.0) == pytest.approx(direct, rel=1e-9)


def test_critical_points():
    assert theory.critical_sigma_w2("tanh", 0.0) == pytest.approx(1.0, abs=1e-6)
    for sigma_b2 in (0.0, 0.3):
        assert theory.critical_sigma_w2("relu", sigma_b2) == 2.0
    assert theory.critical_sigma_w2("linear") == 1.0
    assert theory.critical_sigma_w2("leaky_relu(0.2)") == pytest.approx(2 / 1.04)
    # Bias pushes tanh's edge of chaos to larger weights; on the line χ₁ is 1.
    edge = theory.critical_sigma_w2("tanh", 0.05)
    assert 1.0 < edge < 2.0
    assert theory.chi1("tanh", edge, 0.05) == pytest.approx(1.0, abs=1e-9)


def test_relu_and_linear_closed_forms():
    assert theory.length_map("relu", 3.0, 1.6, 0.1) == pytest.approx(1.6 * 3.0 / 2 + 0.1, rel=1e-15)
    assert theory.chi1("relu", 1.5, 0.3) == 0.75
    assert theory.length_fixed_point("relu", 1.5, 0.05) == pytest.approx(0.05 / (1 - 0.75))
    assert theory.length_fixed_point("relu", 3.0, 0.0) == math.inf
    assert theory.length_fixed_point("relu", 2.0, 0.0, q0=2.5) == 2.5  # every q is fixed at criticality
    assert theory.length_fixed_point("linear", 0.5, 0.0) == 0.0
    assert theory.length_profile("relu", 2.0, 0.0, 1.3, 4) == pytest.approx([2.6] * 4)


def test_profile_iterates_the_length_map_from_the_input():
    profile = theory.length_profile("tanh", 1.5, 0.05, 2.0, 3)
    assert profile[0] == pytest.approx(1.5 * 2.0 + 0.05)
    assert profile[1] == pytest.approx(theory.length_map("tanh", profile[0], 1.5, 0.05))
    assert profile[2] == pytest.approx(theory.length_map("tanh", profile[1], 1.5, 0.05))


def test_vectorized_solution_equals_pointwise():
    w, b = np.meshgrid(np.linspace(0.0, 4.0, 9), np.linspace(0.0, 1.0, 5), indexing="ij")
    grid = theory.chi1("tanh", w, b)
    assert grid.shape == (9, 5)
    for i, j in [(0, 0), (2, 0), (4, 3), (8, 4)]:
        assert grid[i, j] == pytest.approx(theory.chi1("tanh", float(w[i, j]), float(b[i, j])), rel=1e-12)
    assert grid[0, 0] == 0.0  # σ_w² = 0: nothing propagates


def test_phases_and_correlations():
    ordered = theory.analyze("tanh", 1.5, 0.05)
    assert ordered.phase == "ordered" and ordered.c_star == 1.0 and ordered.chi_c == ordered.chi1
    chaotic = theory.analyze("tanh", 3.0, 0.05)
    assert chaotic.phase == "chaotic" and 0 < chaotic.c_star < 1
    assert theory.correlation_map("tanh", chaotic.c_star, 3.0, 0.05) == pytest.approx(chaotic.c_star, abs=1e-9)
    assert chaotic.chi_c < 1 and math.isfinite(chaotic.xi_c)  # c* attracts
    # An odd φ without bias in the chaotic phase decorrelates completely.
    assert theory.correlation_fixed_point("tanh", 4.0, 0.0) == pytest.approx(0.0, abs=1e-9)
    critical = theory.analyze("relu", 2.0, 0.0)
    assert critical.phase == "critical" and critical.xi_c == math.inf
    assert "xi_c" in critical.to_dict()["infinite"]
    json.dumps(critical.to_dict(), allow_nan=False)


def test_correlation_map_matches_an_independent_product_rule():
    q_star = theory.length_fixed_point("tanh", 2.5, 0.1)
    x, w = hermegauss(120)
    w = w / w.sum()
    z1, z2 = np.meshgrid(x, x, indexing="ij")
    c = 0.6
    u1, u2 = np.sqrt(q_star) * z1, np.sqrt(q_star) * (c * z1 + np.sqrt(1 - c * c) * z2)
    direct = (2.5 * np.einsum("ij,i,j->", np.tanh(u1) * np.tanh(u2), w, w) + 0.1) / q_star
    assert theory.correlation_map("tanh", c, 2.5, 0.1) == pytest.approx(direct, abs=1e-9)
    assert theory.correlation_map("tanh", 1.0, 2.5, 0.1) == pytest.approx(1.0, abs=1e-12)


def test_depth_scales():
    assert theory.depth_scale(math.exp(-1)) == pytest.approx(1.0)
    assert theory.depth_scale(1.0) == math.inf
    assert math.isnan(theory.depth_scale(1.5))
    relu = theory.analyze("relu", 1.0, 0.1)
    assert relu.xi_q == pytest.approx(-1 / math.log(0.5)) == relu.xi_c


def test_weight_variance_of_inits():
    assert theory.weight_variance("normal(std=0.05)", 100, 100) == pytest.approx(0.25)
    assert theory.weight_variance("normal(std=0.05)", 400, 400) == pytest.approx(1.0)
    assert theory.weight_variance("he_normal", 100, 100) == pytest.approx(2.0)
    assert theory.weight_variance("glorot_normal", 100, 100) == pytest.approx(1.0)
    for spec in ("zeros", "constant(0.1)", "identity", "normal(mean=1, std=0.1)"):
        assert theory.weight_variance(spec, 100, 100) is None
    assert theory.bias_variance("zeros", 10, 10) == 0.0
    assert theory.bias_variance("normal(std=0.3)", 10, 10) == pytest.approx(0.09)
    assert theory.bias_variance("constant(0.1)", 10, 10) is None


@pytest.mark.parametrize("activation", ["sigmoid", "softsign", "elu", "selu", "leaky_relu"])
def test_every_engine_activation_has_a_phase(activation):
    result = theory.analyze(activation, 1.0, 0.1)
    assert result.phase in {"ordered", "critical", "chaotic"}
    assert result.q_star > 0 and result.chi1 > 0


def test_bad_input():
    with pytest.raises(ConfigError, match="sigma_w2 must be a finite number >= 0, got -1"):
        theory.chi1("tanh", -1.0, 0.0)
    with pytest.raises(ConfigError, match="sigma_b2"):
        theory.analyze("tanh", 1.0, math.nan)
    with pytest.raises(UnknownNameError, match="did you mean 'tanh'"):
        theory.analyze("tanhh", 1.0)
    with pytest.raises(ConfigError, match=r"\[-1, 1\]"):
        theory.correlation_map("tanh", 1.5, 2.0)
