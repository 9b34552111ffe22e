"""Activation functions g and their derivatives, written once against the array namespace ``xp``.

Each activation maps ``Z`` to ``A = g(Z)`` and turns the upstream gradient ``dA`` into
``dZ = dA * g'(Z)`` (article notation), using ``A`` where that is cheaper than recomputing from ``Z``.
At kinks the derivative follows PyTorch: relu'(0) = 0, leaky_relu'(0) = slope.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from initlab.errors import ConfigError, unknown_name

# SELU's constants (Klambauer et al. 2017, "Self-Normalizing Neural Networks").
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@dataclass(frozen=True)
class Activation:
    """Base class: ``forward(xp, Z) -> A`` and ``backward(xp, dA, Z, A) -> dZ``."""

    name: ClassVar[str]
    formula: ClassVar[str]

    def forward(self, xp: Any, Z: Any) -> Any:
        raise NotImplementedError

    def backward(self, xp: Any, dA: Any, Z: Any, A: Any) -> Any:
        raise NotImplementedError

    @property
    def spec(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.spec


@dataclass(frozen=True)
class Sigmoid(Activation):
    name = "sigmoid"
    formula = "1 / (1 + e^-z)"

    def forward(self, xp, Z):
        # 1/(1+e^-z) = (1 + tanh(z/2)) / 2: no overflow for any z, and one transcendental call.
        return 0.5 + 0.5 * xp.tanh(0.5 * Z)

    def backward(self, xp, dA, Z, A):
        return dA * A * (1.0 - A)


@dataclass(frozen=True)
class Tanh(Activation):
    name = "tanh"
    formula = "tanh(z)"

    def forward(self, xp, Z):
        return xp.tanh(Z)

    def backward(self, xp, dA, Z, A):
        return dA * (1.0 - A * A)


@dataclass(frozen=True)
class ReLU(Activation):
    name = "relu"
    formula = "max(0, z)"

    def forward(self, xp, Z):
        return xp.maximum(Z, 0.0)

    def backward(self, xp, dA, Z, A):
        # multiplying by a float mask is several times faster than `where` in NumPy
        return dA * xp.astype(Z > 0, dA.dtype)


@dataclass(frozen=True)
class LeakyReLU(Activation):
    """max(z, slope·z) (Maas et al. 2013); PyTorch's default slope is 0.01."""

    slope: float = 0.01
    name = "leaky_relu"
    formula = "z if z > 0 else slope·z"

    def forward(self, xp, Z):
        return xp.where(Z > 0, Z, self.slope * Z) if self.slope > 1 else xp.maximum(Z, self.slope * Z)

    def backward(self, xp, dA, Z, A):
        factor = xp.astype(Z > 0, dA.dtype)  # 1 where z > 0, else slope
        factor *= 1.0 - self.slope
        factor += self.slope
        return dA * factor

    @property
    def spec(self) -> str:
        return self.name if self.slope == 0.01 else f"{self.name}({self.slope:g})"


@dataclass(frozen=True)
class Linear(Activation):
    name = "linear"
    formula = "z"

    def forward(self, xp, Z):
        return Z

    def backward(self, xp, dA, Z, A):
        return dA


@dataclass(frozen=True)
class Softsign(Activation):
    name = "softsign"
    formula = "z / (1 + |z|)"

    def forward(self, xp, Z):
        return Z / (1.0 + xp.abs(Z))

    def backward(self, xp, dA, Z, A):
        denominator = 1.0 + xp.abs(Z)
        return dA / (denominator * denominator)


@dataclass(frozen=True)
class ELU(Activation):
    """z for z > 0, α(e^z − 1) otherwise (Clevert et al. 2016), α = 1."""

    name = "elu"
    formula = "z if z > 0 else e^z - 1"

    def forward(self, xp, Z):
        # expm1 only sees z <= 0: no overflow in the branch `where` throws away.
        return xp.where(Z > 0, Z, xp.expm1(xp.clip(Z, max=0.0)))

    def backward(self, xp, dA, Z, A):
        return xp.where(Z > 0, dA, dA * (A + 1.0))


@dataclass(frozen=True)
class SELU(Activation):
    """λ·z for z > 0, λα(e^z − 1) otherwise, λ ≈ 1.0507, α ≈ 1.6733 (Klambauer et al. 2017)."""

    name = "selu"
    formula = "λ·z if z > 0 else λα(e^z - 1)"

    def forward(self, xp, Z):
        return SELU_SCALE * xp.where(Z > 0, Z, SELU_ALPHA * xp.expm1(xp.clip(Z, max=0.0)))

    def backward(self, xp, dA, Z, A):
        return xp.where(Z > 0, SELU_SCALE * dA, dA * (A + SELU_SCALE * SELU_ALPHA))


ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Sigmoid, Tanh, ReLU, LeakyReLU, Linear, Softsign, ELU, SELU)
}

_WITH_SLOPE = re.compile(r"^leaky_relu\(\s*(?:slope\s*=\s*)?([^)]*)\)$")


def get_activation(spec: str | Activation) -> Activation:
    """The activation named ``spec``: one of ACTIVATIONS, or ``leaky_relu(0.2)`` for another slope."""
    if isinstance(spec, Activation):
        return spec
    text = str(spec).strip()
    match = _WITH_SLOPE.match(text)
    if match:
        try:
            slope = float(match.group(1))
        except ValueError:
            raise ConfigError(f"leaky_relu slope must be a number, got {match.group(1)!r} in {text!r}") from None
        if not math.isfinite(slope) or slope < 0:
            raise ConfigError(f"leaky_relu slope must be a finite number >= 0, got {slope}")
        return LeakyReLU(slope)
    if text not in ACTIVATIONS:
        raise unknown_name("activation", text, ACTIVATIONS)
    return ACTIVATIONS[text]()
