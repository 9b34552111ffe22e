"""Shared fixtures of the initializer tests: one spec per scheme with parameters away from their defaults."""

from __future__ import annotations

import pytest

# At least one spec per scheme; tests check that every scheme of SCHEMES is here.
SPECS = [
    "zeros",
    "ones",
    "constant(value=0.1)",
    "constant(-2.5)",
    "normal",
    "normal(mean=0.5, std=0.01)",
    "uniform",
    "uniform(limit=0.2)",
    "uniform(low=-0.1, high=0.3)",
    "truncated_normal(std=0.05)",
    "truncated_normal(mean=0.1, std=0.5, low=-1, high=3, corrected=True)",
    "standard",
    "torch_default",
    "glorot_normal",
    "glorot_normal(gain=tanh)",
    "glorot_uniform",
    "glorot_uniform(gain=leaky_relu(0.2))",
    "glorot_uniform(gain=2.5)",
    "he_normal",
    "he_normal(slope=0.1, mode=fan_out)",
    "he_uniform",
    "he_uniform(mode=fan_avg, nonlinearity=tanh)",
    "lecun_normal",
    "lecun_uniform",
    "variance_scaling",
    "variance_scaling(scale=2.0, mode=fan_avg, distribution=normal)",
    "variance_scaling(scale=0.5, mode=fan_out, distribution=uniform)",
    "orthogonal",
    "orthogonal(gain=relu)",
    "identity(gain=0.5)",
]


@pytest.fixture(params=SPECS)
def spec(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def all_specs() -> list[str]:
    return list(SPECS)
