"""Mean-field theory at one point and over the (σ_w², σ_b²) plane: can we predict depth before running?

For an activation φ and the weight and bias variances (σ_w², σ_b²) (W_ij ~ N(0, σ_w²/fan_in), b_i ~ N(0, σ_b²)),
:func:`initlab.theory.analyze` gives q*, χ₁, c*, the depth scales ξ_q and ξ_c and the phase. The phase
diagram evaluates χ₁ on a grid of the plane and traces the critical line χ₁ = 1 (the edge of chaos) by root
finding at evenly spaced σ_b²: left of it the ordered phase (χ₁ < 1: signals converge, gradients vanish),
right of it the chaotic one (χ₁ > 1). See :mod:`initlab.theory` for the formulas and their sources.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from initlab.errors import ConfigError
from initlab.nn import get_activation
from initlab.outputs import SCHEMA_VERSION, jsonable
from initlab.theory import MeanField, analyze, chi1, critical_sigma_w2, length_fixed_point

Progress = Callable[[int, int], None]

QUICK_GRID = (41, 31)
QUICK_LINE_POINTS = 16
MAX_GRID_POINTS = 250_000


def _check_number(name: str, value: Any, minimum: float = 0.0, strict: bool = False) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < minimum or (strict and value == minimum):
        relation = ">" if strict else ">="
        raise ConfigError(f"{name} must be a finite number {relation} {minimum:g}, got {value!r}")


@dataclass(frozen=True)
class Config:
    """One point (activation, σ_w², σ_b², q⁰) and, when ``phase_diagram``, the χ₁ grid over the plane.

    ``grid`` is (σ_w² points, σ_b² points); the axes run from 0 to ``sigma_w2_max`` and ``sigma_b2_max``
    (None: wide enough for twice the critical σ_w² at σ_b² = 0, at least 4 and 1, and the point itself).
    ``line_points``: σ_b² values at which the critical line is solved.
    """

    activation: str = "tanh"
    sigma_w2: float = 1.5
    sigma_b2: float = 0.05
    q0: float = 1.0
    phase_diagram: bool = True
    grid: tuple[int, int] = (81, 61)
    sigma_w2_max: float | None = None
    sigma_b2_max: float | None = None
    line_points: int = 41

    def __post_init__(self) -> None:
        object.__setattr__(self, "activation", get_activation(self.activation).spec)
        _check_number("sigma_w2", self.sigma_w2)
        _check_number("sigma_b2", self.sigma_b2)
        _check_number("q0", self.q0)
        object.__setattr__(self, "grid", tuple(self.grid))
        if len(self.grid) != 2 or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 2 for n in self.grid):
            raise ConfigError(f"grid must be two integers >= 2 (σ_w² points, σ_b² points), got {self.grid!r}")
        if self.grid[0] * self.grid[1] > MAX_GRID_POINTS:
            raise ConfigError(f"grid must have at most {MAX_GRID_POINTS:,} points, got {self.grid[0] * self.grid[1]:,}")
        for name in ("sigma_w2_max", "sigma_b2_max"):
            if getattr(self, name) is not None:
                _check_number(name, getattr(self, name), strict=True)
        if not isinstance(self.line_points, int) or isinstance(self.line_points, bool) or self.line_points < 2:
            raise ConfigError(f"line_points must be an integer >= 2, got {self.line_points!r}")

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class PhaseDiagram:
    """χ₁ on the grid (``chi1[i][j]`` at ``sigma_w2[i]``, ``sigma_b2[j]``) and the critical line χ₁ = 1.

    ``chaotic_length_diverges``: q* = ∞ beyond the line (ReLU, linear: the signal itself explodes rather than
    decorrelating at a finite length).
    """

    sigma_w2: list[float]
    sigma_b2: list[float]
    chi1: list[list[float]]
    critical_sigma_b2: list[float]
    critical_sigma_w2: list[float]
    chaotic_length_diverges: bool

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class Result:
    config: Config
    point: MeanField
    diagram: PhaseDiagram | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "config": self.config.to_dict(),
            **self.point.to_dict(),
            "phase_diagram": None if self.diagram is None else self.diagram.to_dict(),
        }


def axis_limits(config: Config) -> tuple[float, float]:
    """(σ_w² max, σ_b² max) of the phase diagram: the config's, or wide enough for the critical line."""
    w_max = config.sigma_w2_max
    if w_max is None:
        critical = critical_sigma_w2(config.activation, 0.0, config.q0)
        w_max = max(4.0, 2 * critical if math.isfinite(critical) else 4.0, 1.25 * config.sigma_w2)
    b_max = config.sigma_b2_max if config.sigma_b2_max is not None else max(1.0, 1.25 * config.sigma_b2)
    return float(w_max), float(b_max)


def run(config: Config = Config(), progress: Progress | None = None) -> Result:
    """The point's mean-field values and, if asked, the phase diagram."""
    point = analyze(config.activation, config.sigma_w2, config.sigma_b2, config.q0)
    if not config.phase_diagram:
        return Result(config, point, None)
    total = config.line_points + 1
    w_max, b_max = axis_limits(config)
    w = np.linspace(0.0, w_max, config.grid[0])
    b = np.linspace(0.0, b_max, config.grid[1])
    grid = np.asarray(chi1(config.activation, w[:, None], b[None, :], config.q0))
    if progress:
        progress(1, total)
    line_b = np.linspace(0.0, b_max, config.line_points)
    line_w = []
    for done, sigma_b2 in enumerate(line_b, 2):
        line_w.append(critical_sigma_w2(config.activation, float(sigma_b2), config.q0))
        if progress:
            progress(done, total)
    diverges = not math.isfinite(float(length_fixed_point(config.activation, w_max, b_max, config.q0)))
    diagram = PhaseDiagram(w.tolist(), b.tolist(), grid.tolist(), line_b.tolist(), line_w, diverges)
    return Result(config, point, diagram)
