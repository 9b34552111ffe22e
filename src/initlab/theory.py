"""Mean-field signal propagation: what a deep random network does to a signal, predicted before it runs.

Conventions of Poole et al. 2016 ("Exponential expressivity in deep neural networks through transient chaos")
and Schoenholz et al. 2017 ("Deep information propagation"): in a wide fully connected network
``W[l]_ij ~ N(0, σ_w²/N_{l−1})`` and ``b[l]_i ~ N(0, σ_b²)``, so σ_w² = Var(w)·fan_in. Over the draw of the
weights, each pre-activation z = Z[l]_i of an input is Gaussian with variance q^l, and with z ~ N(0, 1):

* **length map** ``q^l = σ_w² E[φ(√q^{l−1} z)²] + σ_b²``; layer 1 sees the input itself: ``q^1 = σ_w² q^0 + σ_b²``
  with q^0 the input's mean square. Its fixed point q* is where a deep network's signal settles.
* **χ₁ = σ_w² E[φ′(√q* z)²]**: the factor by which a small perturbation (and a back-propagated gradient)
  grows per layer at q*. χ₁ < 1 is the *ordered* phase (nearby inputs merge, gradients vanish), χ₁ > 1 the
  *chaotic* one (nearby inputs fly apart, gradients explode), χ₁ = 1 the *critical* line (the edge of chaos).
* **correlation map** of two inputs at q*: ``c^l = (σ_w² E[φ(u₁)φ(u₂)] + σ_b²) / q*`` with
  ``u₁ = √q* z₁``, ``u₂ = √q* (c z₁ + √(1 − c²) z₂)``; c = 1 is always a fixed point, stable iff χ₁ ≤ 1.
  ``χ_c = σ_w² E[φ′(u₁)φ′(u₂)]`` at its stable fixed point c*.
* **depth scales** (Schoenholz et al. eqs. 6 and 9): ``ξ_q = −1/ln χ_q`` with χ_q = dq^l/dq^{l−1} at q*
  ``= σ_w² E[φ′² + φφ″] = σ_w² E[z φ(√q* z) φ′(√q* z)]/√q*`` (Stein's lemma: no φ″ needed), and
  ``ξ_c = −1/ln χ_c``; both diverge (``inf``) at criticality.

Closed forms for the positively homogeneous activations (linear, relu, leaky_relu with slope s), where
E[φ(√q z)²] = k q and E[φ′²] = k with k = 1, 1/2, (1 + s²)/2: the length map is linear, ``q^l = σ_w² k q^{l−1} + σ_b²``,
and χ₁ = χ_q = σ_w² k (ReLU: χ₁ = σ_w²/2, critical at σ_w² = 2, He et al.'s init).

**Quadrature.** Gaussian expectations use one fixed rule: composite Gauss–Legendre on panels of [0, 10] that
are graded geometrically toward 0 (10⁻⁴, 2·10⁻⁴, …), mirrored to [−10, 0], weighted by the normal density.
Plain Gauss–Hermite (``hermegauss``) was measured first: it loses 4% on E[tanh(10z)²] with 101 nodes (q = 100,
the article's N(0, 1) weights) and converges slowly where φ′ jumps (SELU at 0); the graded rule has a panel
edge at every kink and resolves the width 1/√q, so 360 nodes give 10⁻¹² relative for q from 10⁻⁸ to 10⁶.
Two-dimensional expectations use the product of a coarser (200-node) rule.

The activations are the engine's own (:mod:`initlab.nn.activations`, on NumPy arrays): this module runs no
network, it only evaluates φ and φ′.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from initlab.backend import get_backend
from initlab.errors import ConfigError
from initlab.init import Initializer, parse
from initlab.nn.activations import Activation, LeakyReLU, Linear, ReLU, get_activation
from initlab.outputs import jsonable

CRITICAL_TOLERANCE = 1e-3
"""|χ₁ − 1| below this is called critical: perturbations then change by less than e per ~1000 layers."""
Q_MAX = 1e12
"""Largest q the fixed-point search looks at; beyond it q* is taken as ∞ (the length map has no fixed point)."""

_XP = get_backend("numpy").xp


def _gauss_rule(first: float, ratio: float, nodes: int, last: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of E[g(z)], z ~ N(0, 1): Gauss–Legendre on the panels [0, first, first·ratio, …, last]
    weighted by the normal density, mirrored to the negative side."""
    edges = [0.0, *np.geomspace(first, last, round(math.log(last / first, ratio)) + 1)]
    x, w = np.polynomial.legendre.leggauss(nodes)
    half_nodes, half_weights = [], []
    for a, b in itertools.pairwise(edges):
        t = (a + b) / 2 + (b - a) / 2 * x
        half_nodes.append(t)
        half_weights.append((b - a) / 2 * w * np.exp(-t * t / 2) / math.sqrt(2 * math.pi))
    t, w = np.concatenate(half_nodes), np.concatenate(half_weights)
    return np.concatenate([-t[::-1], t]), np.concatenate([w[::-1], w])


_Z, _W = _gauss_rule(1e-4, 2.0, 12)  # 432 nodes: 1-D expectations
_Z2, _W2 = _gauss_rule(1e-2, 4.0, 16)  # 192 nodes per axis: the 2-D correlation map


class _Phi:
    """φ and φ′ of an engine activation, with the Gaussian moments the maps need."""

    def __init__(self, activation: str | Activation):
        self.activation = get_activation(activation)
        self.spec = self.activation.spec
        # E[φ(√q z)²] = k·q and E[φ′²] = k exactly for positively homogeneous φ.
        if isinstance(self.activation, Linear):
            self.k: float | None = 1.0
        elif isinstance(self.activation, LeakyReLU):
            self.k = (1.0 + self.activation.slope**2) / 2.0
        elif isinstance(self.activation, ReLU):
            self.k = 0.5
        else:
            self.k = None

    def phi(self, u: np.ndarray) -> np.ndarray:
        return self.activation.forward(_XP, u)

    def dphi(self, u: np.ndarray) -> np.ndarray:
        return self.activation.backward(_XP, np.ones_like(u), u, self.phi(u))

    def expect(self, fn: Callable[[np.ndarray], np.ndarray], q: np.ndarray) -> np.ndarray:
        """E[fn(√q z)] for every q (any shape); q = ∞ is evaluated at Q_MAX."""
        root = np.sqrt(np.minimum(q, Q_MAX))[..., None]
        return fn(root * _Z) @ _W

    def second_moment(self, q: np.ndarray) -> np.ndarray:
        """E[φ(√q z)²]."""
        if self.k is not None:
            return self.k * q
        return self.expect(lambda u: self.phi(u) ** 2, q)

    def derivative_moment(self, q: np.ndarray) -> np.ndarray:
        """E[φ′(√q z)²]."""
        if self.k is not None:
            return np.full_like(q, self.k)
        return self.expect(lambda u: self.dphi(u) ** 2, q)

    def length_slope(self, q: np.ndarray) -> np.ndarray:
        """d/dq E[φ(√q z)²] = E[z φ(√q z) φ′(√q z)]/√q, and E[φ′(0)²] = φ′(0)² at q = 0."""
        if self.k is not None:
            return np.full_like(q, self.k)
        positive = np.where(q > 0, q, 1.0)
        root = np.sqrt(np.minimum(positive, Q_MAX))[..., None]
        u = root * _Z
        slope = (_Z * self.phi(u) * self.dphi(u)) @ _W / root[..., 0]
        at_zero = float(self.dphi(np.zeros(1))[0]) ** 2
        return np.where(q > 0, slope, at_zero)

    def expect2(self, fn: Callable[[np.ndarray], np.ndarray], q: float, c: np.ndarray) -> np.ndarray:
        """E[fn(u₁) fn(u₂)] for u₁ = √q z₁, u₂ = √q (c z₁ + √(1 − c²) z₂), for every c (1-D array)."""
        root = math.sqrt(min(q, Q_MAX))
        c = np.asarray(c, dtype=float)[:, None, None]
        z1, z2 = _Z2[None, :, None], _Z2[None, None, :]
        first = fn(root * _Z2)[None, :, None]
        second = fn(root * (c * z1 + np.sqrt(np.clip(1.0 - c * c, 0.0, None)) * z2))
        return np.einsum("cij,i,j->c", first * second, _W2, _W2)


def _check(name: str, value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ConfigError(f"{name} must be a finite number >= 0, got {value!r}")
    return array


def _scalar_or_array(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


# -- the length map ------------------------------------------------------------------------------------------


def length_map(activation: str | Activation, q: Any, sigma_w2: Any, sigma_b2: Any = 0.0) -> float | np.ndarray:
    """One layer of the length map: ``σ_w² E[φ(√q z)²] + σ_b²`` (arrays broadcast)."""
    phi = _Phi(activation)
    q, w, b = np.broadcast_arrays(_check("q", q), _check("sigma_w2", sigma_w2), _check("sigma_b2", sigma_b2))
    return _scalar_or_array(w * phi.second_moment(q) + b)


def length_profile(
    activation: str | Activation, sigma_w2: float, sigma_b2: float, q0: float, depth: int
) -> list[float]:
    """Predicted pre-activation variance of layers 1…depth: ``q^1 = σ_w² q^0 + σ_b²``, then the length map."""
    phi = _Phi(activation)
    w, b, q = float(_check("sigma_w2", sigma_w2)), float(_check("sigma_b2", sigma_b2)), float(_check("q0", q0))
    if depth < 1:
        raise ConfigError(f"depth must be >= 1, got {depth}")
    profile = [w * q + b]
    for _ in range(depth - 1):
        profile.append(float(w * phi.second_moment(np.asarray(profile[-1])) + b))
    return profile


def activation_std(activation: str | Activation, q: Any) -> float | np.ndarray:
    """Predicted std of φ(z) pooled over units and inputs when z ~ N(0, q): √(E[φ(√q z)²] − E[φ(√q z)]²)."""
    phi = _Phi(activation)
    q = _check("q", q)
    mean = phi.expect(phi.phi, q)
    return _scalar_or_array(np.sqrt(np.maximum(phi.second_moment(q) - mean * mean, 0.0)))


_Q_GRID = np.concatenate([[0.0], np.geomspace(1e-14, Q_MAX, 26 * 8 + 1)])


def length_fixed_point(
    activation: str | Activation, sigma_w2: Any, sigma_b2: Any = 0.0, q0: Any = 1.0
) -> float | np.ndarray:
    """q*: where the length map, iterated from q^0, settles (``inf`` where it grows without bound).

    E[φ(√q z)²] grows with q for every engine activation, so the iteration is monotone: it climbs to the first
    fixed point above q^0 or falls to the last one below it. Homogeneous φ: ``q* = σ_b²/(1 − σ_w² k)`` when
    σ_w² k < 1; every q is fixed when σ_w² k = 1 and σ_b² = 0 (then q* = q^0); otherwise ∞.
    Other φ: the fixed point is bracketed on a log grid of q and refined by the Illinois method to round-off.
    Arrays broadcast, so a whole (σ_w², σ_b²) grid is solved at once.
    """
    phi = _Phi(activation)
    w, b, q0 = np.broadcast_arrays(_check("sigma_w2", sigma_w2), _check("sigma_b2", sigma_b2), _check("q0", q0))
    if phi.k is not None:
        a = w * phi.k
        with np.errstate(divide="ignore", invalid="ignore"):
            q_star = np.where(a < 1, b / (1 - a), np.inf)
        q_star = np.where((a == 1) & (b == 0), q0, q_star)
        return _scalar_or_array(np.where((a > 1) & (b == 0) & (q0 == 0), 0.0, q_star))

    def excess(q: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return w * phi.second_moment(q) + b - q

    f0 = excess(q0, w, b)
    table = w[..., None] * phi.second_moment(_Q_GRID) + b[..., None] - _Q_GRID
    grid = np.broadcast_to(_Q_GRID, table.shape)
    # Growing from q0: the first grid point above q0 where the map no longer grows.
    up = (grid > q0[..., None]) & (table <= 0)
    first = np.argmax(up, axis=-1)
    up_found = up.any(axis=-1)
    up_hi = _Q_GRID[first]
    up_lo = np.maximum(q0, _Q_GRID[np.maximum(first - 1, 0)])
    # Shrinking from q0: the last grid point below q0 where the map still grows (q = 0 always qualifies).
    down = (grid < q0[..., None]) & (table >= 0)
    last = table.shape[-1] - 1 - np.argmax(down[..., ::-1], axis=-1)
    down_lo = _Q_GRID[last]
    down_hi = np.minimum(q0, _Q_GRID[np.minimum(last + 1, len(_Q_GRID) - 1)])

    grows = f0 > 0
    lo = np.where(grows, up_lo, down_lo)
    hi = np.where(grows, up_hi, down_hi)
    flat_w, flat_b = w.ravel(), b.ravel()
    q_star = _illinois(lambda q, i: excess(q, flat_w[i], flat_b[i]), lo.ravel(), hi.ravel()).reshape(lo.shape)
    q_star = np.where(grows & ~up_found, np.inf, q_star)
    return _scalar_or_array(np.where(f0 == 0, q0, q_star))


def _illinois(f: Callable[[np.ndarray, np.ndarray], np.ndarray], lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Roots of ``f(x, i)`` (problem i) in [lo_i, hi_i], f of opposite signs (or 0) at the ends: regula falsi
    with the Illinois modification (halve the kept end's f when the same end is kept twice), vectorized."""
    everyone = np.arange(lo.size)
    a, b = lo.astype(float), hi.astype(float)
    fa, fb = f(a, everyone), f(b, everyone)
    root = np.where(fa == 0, a, np.where(fb == 0, b, np.nan))
    kept = np.zeros(lo.size, dtype=bool)  # the end `a` was kept at the last step
    active = np.flatnonzero(np.isnan(root))
    for _ in range(100):
        if active.size == 0:
            break
        A, B, FA, FB = a[active], b[active], fa[active], fb[active]
        c = np.clip((A * FB - B * FA) / (FB - FA), np.minimum(A, B), np.maximum(A, B))
        fc = f(c, active)
        keep_a = np.sign(fc) == np.sign(FB)  # c replaces b; a stays
        fa[active] = np.where(keep_a, np.where(kept[active], FA / 2, FA), FB)
        a[active] = np.where(keep_a, A, B)
        b[active], fb[active] = c, fc
        kept[active] = keep_a
        done = (fc == 0) | (np.abs(B - c) <= 4e-16 * np.abs(c)) | (np.abs(A - B) <= 4e-16 * np.abs(c))
        root[active[done]] = c[done]
        active = active[~done]
    root[active] = b[active]
    return root


def chi1(activation: str | Activation, sigma_w2: Any, sigma_b2: Any = 0.0, q0: Any = 1.0) -> float | np.ndarray:
    """χ₁ = σ_w² E[φ′(√q* z)²] (arrays broadcast); where q* = ∞, its limit q → ∞ (evaluated at Q_MAX)."""
    phi = _Phi(activation)
    w = np.asarray(_check("sigma_w2", sigma_w2))
    q_star = np.asarray(length_fixed_point(phi.activation, sigma_w2, sigma_b2, q0))
    return _scalar_or_array(w * phi.derivative_moment(q_star))


def phase_of(chi_1: float, tolerance: float = CRITICAL_TOLERANCE) -> str:
    """"ordered" (χ₁ < 1), "chaotic" (χ₁ > 1) or "critical" (|χ₁ − 1| < tolerance)."""
    if abs(chi_1 - 1.0) < tolerance:
        return "critical"
    return "ordered" if chi_1 < 1.0 else "chaotic"


def critical_sigma_w2(activation: str | Activation, sigma_b2: float = 0.0, q0: float = 1.0) -> float:
    """The σ_w² where χ₁ = 1 for this σ_b² (the edge of chaos); NaN where χ₁ never reaches 1.

    Homogeneous φ: 1/k (linear 1, ReLU 2, leaky ReLU 2/(1 + s²)). Others: the first crossing on a log grid of
    σ_w² in [10⁻³, 10⁴], refined by Brent's method. tanh at σ_b² = 0 gives 1 (tanh′(0) = 1).
    """
    phi = _Phi(activation)
    _check("sigma_b2", sigma_b2)
    if phi.k is not None:
        return 1.0 / phi.k
    grid = np.geomspace(1e-3, 1e4, 57)
    above = np.asarray(chi1(phi.activation, grid, sigma_b2, q0)) >= 1.0
    if not above.any() or above[0]:
        return math.nan
    i = int(np.argmax(above))
    return float(brentq(lambda w: chi1(phi.activation, w, sigma_b2, q0) - 1.0, grid[i - 1], grid[i], xtol=1e-13))


# -- the correlation map -------------------------------------------------------------------------------------


def correlation_map(
    activation: str | Activation, c: Any, sigma_w2: float, sigma_b2: float = 0.0, q0: float = 1.0
) -> float | np.ndarray:
    """c^l from c^{l−1} for two inputs whose lengths sit at q*: ``(σ_w² E[φ(u₁)φ(u₂)] + σ_b²)/q*``.

    NaN where q* is 0 or ∞ (the correlation of two signals that vanish or explode is not defined).
    """
    phi = _Phi(activation)
    c = np.asarray(c, dtype=float)
    if np.any(np.abs(c) > 1) or not np.all(np.isfinite(c)):
        raise ConfigError(f"a correlation c must lie in [-1, 1], got {c!r}")
    q_star = float(length_fixed_point(phi.activation, sigma_w2, sigma_b2, q0))
    if not 0 < q_star < math.inf:
        return _scalar_or_array(np.full(c.shape, math.nan))
    covariance = sigma_w2 * phi.expect2(phi.phi, q_star, c.ravel()) + sigma_b2
    return _scalar_or_array((covariance / q_star).reshape(c.shape))


def correlation_fixed_point(
    activation: str | Activation, sigma_w2: float, sigma_b2: float = 0.0, q0: float = 1.0
) -> float:
    """c*: the stable fixed point of the correlation map. 1 unless the phase is chaotic; NaN where q* = ∞.

    In the chaotic phase c = 1 repels and c* is the root of c_map(c) − c that the map falls to from below 1:
    bracketed on a grid of c (denser toward 1), refined by Brent's method. For odd φ and σ_b² = 0 it is 0.
    """
    phi = _Phi(activation)
    q_star = float(length_fixed_point(phi.activation, sigma_w2, sigma_b2, q0))
    if q_star == math.inf:
        return math.nan
    if q_star == 0 or phase_of(float(chi1(phi.activation, sigma_w2, sigma_b2, q0))) != "chaotic":
        return 1.0
    grid = np.concatenate([np.linspace(0.0, 0.95, 20), 1.0 - np.geomspace(0.03, 1e-6, 12)])

    def gap(c):
        return correlation_map(phi.activation, c, sigma_w2, sigma_b2, q0) - c

    values = gap(grid)
    values[np.abs(values) < 1e-13] = 0.0  # c = 0 for odd φ without bias: zero up to round-off
    falls = np.flatnonzero((values[:-1] >= 0) & (values[1:] < 0))
    if falls.size == 0:
        return 1.0  # the map never falls below the diagonal before 1: c = 1 attracts after all
    i = int(falls[0])
    if values[i] == 0:
        return float(grid[i])
    return float(brentq(lambda c: float(gap(np.asarray(c))), grid[i], grid[i + 1], xtol=1e-12))


# -- everything at one point ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeanField:
    """The mean-field picture of one (φ, σ_w², σ_b²); NaN/inf become null in :meth:`to_dict`."""

    activation: str
    sigma_w2: float
    sigma_b2: float
    q0: float
    q_star: float
    chi1: float
    chi_q: float
    c_star: float
    chi_c: float
    xi_q: float
    xi_c: float
    phase: str
    critical_sigma_w2: float

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON; ``infinite`` lists the keys whose value is +∞ (JSON null otherwise hides it)."""
        infinite = [key for key, value in self.__dict__.items() if value == math.inf]
        return jsonable({**self.__dict__, "infinite": infinite})


def depth_scale(chi: float) -> float:
    """ξ = −1/ln χ: the number of layers over which a deviation from the fixed point shrinks by e.

    ``inf`` at χ = 1 (within 10⁻¹²: critical, it decays slower than any exponential), 0 at χ = 0, NaN for
    χ > 1 or NaN.
    """
    if abs(chi - 1.0) <= 1e-12:  # σ_w² = std²·fan_in lands on 1 only up to round-off
        return math.inf
    if not chi < 1.0:
        return math.nan
    return 0.0 if chi == 0 else -1.0 / math.log(chi)


def analyze(activation: str | Activation, sigma_w2: float, sigma_b2: float = 0.0, q0: float = 1.0) -> MeanField:
    """q*, χ₁, c*, χ_c, the depth scales ξ_q and ξ_c, the phase, and the critical σ_w² at this σ_b²."""
    phi = _Phi(activation)
    w, b = float(_check("sigma_w2", sigma_w2)), float(_check("sigma_b2", sigma_b2))
    q0 = float(_check("q0", q0))
    q_star = float(length_fixed_point(phi.activation, w, b, q0))
    chi_1 = float(chi1(phi.activation, w, b, q0))
    finite = q_star < math.inf
    chi_q = w * float(phi.length_slope(np.asarray(q_star))) if finite else math.nan
    c_star = correlation_fixed_point(phi.activation, w, b, q0)
    if not finite:
        chi_c = math.nan
    elif c_star == 1.0:
        chi_c = chi_1
    else:
        chi_c = w * float(phi.expect2(phi.dphi, q_star, np.array([c_star]))[0])
    return MeanField(
        activation=phi.spec,
        sigma_w2=w,
        sigma_b2=b,
        q0=q0,
        q_star=q_star,
        chi1=chi_1,
        chi_q=chi_q,
        c_star=c_star,
        chi_c=chi_c,
        xi_q=depth_scale(chi_q),
        xi_c=depth_scale(chi_c),
        phase=phase_of(chi_1),
        critical_sigma_w2=critical_sigma_w2(phi.activation, b, q0),
    )


# -- from an initializer to (σ_w², σ_b²) ---------------------------------------------------------------------


def weight_variance(init: str | Initializer, fan_in: int, fan_out: int) -> float | None:
    """σ_w² = Var(w)·fan_in for a random zero-mean init; None where the theory does not apply (constants,
    identity, a nonzero mean). normal(std=0.05) gives 0.25 at fan_in 100 and 1.0 at fan_in 400."""
    init = parse(init)
    if not init.random or init.mean(fan_in, fan_out) != 0:
        return None
    return init.std(fan_in, fan_out) ** 2 * fan_in


def bias_variance(init: str | Initializer, fan_in: int, fan_out: int) -> float | None:
    """σ_b² = Var(b) for zeros or a random zero-mean bias init; None otherwise."""
    init = parse(init)
    if init.mean(fan_in, fan_out) != 0 or (not init.random and init.std(fan_in, fan_out) != 0):
        return None
    return init.std(fan_in, fan_out) ** 2
