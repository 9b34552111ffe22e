"""Optimizers that update a network's parameters in place, every member at once.

Each follows PyTorch's ``torch.optim`` formulation (so the two can be compared step for step), with its
standard hyper-parameters as defaults. ``g`` is a parameter's gradient, ``lr`` the learning rate, ``t`` the
step count (from 1).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from initlab.errors import ConfigError, unknown_name


class Optimizer:
    name: ClassVar[str]

    def __init__(self, lr: float = 0.01) -> None:
        if not (isinstance(lr, int | float) and math.isfinite(lr) and lr > 0):
            raise ConfigError(f"learning rate must be a finite number > 0, got {lr!r}")
        self.lr = float(lr)
        self.state: dict[int, Any] = {}
        self.t = 0

    def step(self, xp: Any, params: list[Any], grads: list[Any]) -> None:
        """Update every array in ``params`` in place from the matching ``grads``."""
        self.t += 1
        for index, (param, grad) in enumerate(zip(params, grads, strict=True)):
            self.update(xp, index, param, grad)

    def update(self, xp: Any, index: int, param: Any, grad: Any) -> None:
        raise NotImplementedError

    def config(self) -> dict[str, Any]:
        return {"name": self.name, "lr": self.lr}


class SGD(Optimizer):
    """θ ← θ − lr·g (plain gradient descent, the articles' update)."""

    name = "sgd"

    def update(self, xp, index, param, grad):
        param -= self.lr * grad


class Momentum(Optimizer):
    """v ← μ·v + g; θ ← θ − lr·v (Polyak's heavy ball, as ``torch.optim.SGD(momentum=μ)``), μ = 0.9."""

    name = "momentum"

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum

    def update(self, xp, index, param, grad):
        velocity = self.state.get(index)
        if velocity is None:
            velocity = self.state[index] = xp.zeros_like(grad)
        velocity *= self.momentum
        velocity += grad
        param -= self.lr * velocity


class AdaGrad(Optimizer):
    """s ← s + g²; θ ← θ − lr·g / (√s + ε) (Duchi et al. 2011), ε = 1e-10 as PyTorch."""

    name = "adagrad"

    def __init__(self, lr: float = 0.01, eps: float = 1e-10) -> None:
        super().__init__(lr)
        self.eps = eps

    def update(self, xp, index, param, grad):
        total = self.state.get(index)
        if total is None:
            total = self.state[index] = xp.zeros_like(grad)
        total += grad * grad
        param -= self.lr * grad / (xp.sqrt(total) + self.eps)


class RMSProp(Optimizer):
    """s ← ρ·s + (1 − ρ)·g²; θ ← θ − lr·g / (√s + ε) (Hinton's lecture 6e), ρ = 0.99, ε = 1e-8 as PyTorch."""

    name = "rmsprop"

    def __init__(self, lr: float = 0.01, rho: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.rho, self.eps = rho, eps

    def update(self, xp, index, param, grad):
        mean_square = self.state.get(index)
        if mean_square is None:
            mean_square = self.state[index] = xp.zeros_like(grad)
        mean_square *= self.rho
        mean_square += (1.0 - self.rho) * grad * grad
        param -= self.lr * grad / (xp.sqrt(mean_square) + self.eps)


class Adam(Optimizer):
    """m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·m̂ / (√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).

    Kingma & Ba 2015, with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    """

    name = "adam"

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def update(self, xp, index, param, grad):
        if index not in self.state:
            self.state[index] = (xp.zeros_like(grad), xp.zeros_like(grad))
        first, second = self.state[index]
        first *= self.beta1
        first += (1.0 - self.beta1) * grad
        second *= self.beta2
        second += (1.0 - self.beta2) * grad * grad
        step_size = self.lr / (1.0 - self.beta1**self.t)
        denominator = xp.sqrt(second) / math.sqrt(1.0 - self.beta2**self.t) + self.eps
        param -= step_size * first / denominator


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (SGD, Momentum, AdaGrad, RMSProp, Adam)}


def get_optimizer(name: str | Optimizer, lr: float | None = None) -> Optimizer:
    """A fresh optimizer called ``name`` (sgd, momentum, adagrad, rmsprop, adam), at ``lr`` or its default."""
    if isinstance(name, Optimizer):
        return name
    if name not in OPTIMIZERS:
        raise unknown_name("optimizer", name, OPTIMIZERS)
    return OPTIMIZERS[name]() if lr is None else OPTIMIZERS[name](lr)
