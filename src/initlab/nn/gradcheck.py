"""Check the hand-written backward pass against central finite differences.

For every entry θ of every parameter, ∂J/∂θ ≈ (J(θ + ε) − J(θ − ε)) / 2ε, with J the sum of the members'
costs (a member's parameters only move its own cost). Per parameter the relative error is
‖numeric − analytic‖ / max(‖numeric‖ + ‖analytic‖, 1e-3) (CS231n's measure). Central differences err by
O(ε²) and round-off by O(u·J/ε) ≈ 1e-11 for float64 and ε = 1e-5, so a gradient whose norm is below 1e-3
cannot be checked to a relative 1e-6: the floor compares those absolutely (error below 1e-9 to pass).
It matters for gradients that are exactly zero, such as β of a BN layer followed by a linear activation
and another BN layer, which removes any shift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from initlab.backend import to_numpy
from initlab.errors import ConfigError
from initlab.nn.losses import BinaryCrossEntropy, SoftmaxCrossEntropy
from initlab.nn.network import Network

TOLERANCE = 1e-6
GRADIENT_FLOOR = 1e-3


@dataclass
class GradientCheck:
    """Relative error of every parameter's gradient, in layer order (``dW1``, ``db1``, …)."""

    relative_errors: dict[str, float] = field(default_factory=dict)
    shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    tolerance: float = TOLERANCE

    @property
    def max_relative_error(self) -> float:
        return max(self.relative_errors.values())

    @property
    def passed(self) -> bool:
        return self.max_relative_error < self.tolerance

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_relative_error": self.max_relative_error,
            "parameters": [{"name": name, "relative_error": err} for name, err in self.relative_errors.items()],
        }


def gradient_check(net: Network, X: Any, Y: Any, eps: float = 1e-5, train: bool = True) -> GradientCheck:
    """Compare ``net``'s backward pass on (X, Y) with central differences; BN running stats are left as found."""
    if net.loss is None:
        raise ConfigError("gradient_check needs a network with a loss")
    if net.dtype != "float64":
        raise ConfigError(f"gradient_check needs a float64 network (finite differences), got {net.dtype}")
    xp = net.xp
    X = net.as_input(X)
    Y = net.as_targets(Y, X.shape[-1])
    saved = _running_stats(net)

    def cost() -> float:
        net._forward(X, train)
        return float(xp.sum(net.loss.value(xp, net.layers[-1].Z, Y)))

    cost()
    net._backward(dZ_L=net.loss.dZ(xp, net.layers[-1].A, Y))
    analytic = {name: to_numpy(grad).copy() for name, grad in net.gradients().items()}

    result = GradientCheck()
    for name, param in net.parameters().items():
        numeric = np.zeros(tuple(param.shape))
        for index in np.ndindex(*numeric.shape):
            original = float(param[index])
            param[index] = original + eps
            plus = cost()
            param[index] = original - eps
            minus = cost()
            param[index] = original
            numeric[index] = (plus - minus) / (2 * eps)
        exact = analytic[name]
        scale = max(np.linalg.norm(numeric) + np.linalg.norm(exact), GRADIENT_FLOOR)
        result.relative_errors["d" + name] = float(np.linalg.norm(numeric - exact) / scale)
        result.shapes["d" + name] = tuple(param.shape)
    _restore_running_stats(net, saved)
    return result


def check_architecture(
    layer_sizes: list[int],
    activation: str = "tanh",
    loss: str = "bce",
    batchnorm: bool = False,
    seed: int = 0,
    samples: int = 8,
    weight_init: str = "glorot_normal",
    bias_init: str = "normal(std=0.1)",
    backend: str = "numpy",
) -> GradientCheck:
    """Gradient check of a freshly drawn network on random data (X ~ N(0, 1), random labels), all seeded."""
    if samples < 2:
        raise ConfigError(f"samples must be >= 2, got {samples}")
    net = Network(
        layer_sizes, activation, loss, weight_init, bias_init, batchnorm, seeds=[seed], dtype="float64",
        backend=backend,
    )
    rng = np.random.default_rng([seed, 7])
    n_in, n_out = layer_sizes[0], layer_sizes[-1]
    X = rng.standard_normal((n_in, samples))
    if isinstance(net.loss, BinaryCrossEntropy):
        Y = rng.integers(0, 2, (n_out, samples)).astype(float)
    elif isinstance(net.loss, SoftmaxCrossEntropy):
        if n_out < 2:
            raise ConfigError(f"softmax_ce needs at least 2 outputs, got layers ending in {n_out}")
        Y = np.eye(n_out)[:, rng.integers(0, n_out, samples)]
    else:
        Y = rng.standard_normal((n_out, samples))
    return gradient_check(net, X, Y)


def _running_stats(net: Network) -> list[tuple[Any, Any]]:
    return [
        (layer.batchnorm.running_mean * 1.0, layer.batchnorm.running_var * 1.0)
        for layer in net.layers
        if layer.batchnorm is not None
    ]


def _restore_running_stats(net: Network, saved: list[tuple[Any, Any]]) -> None:
    layers = [layer for layer in net.layers if layer.batchnorm is not None]
    for layer, (mean, var) in zip(layers, saved, strict=True):
        layer.batchnorm.running_mean[...] = mean
        layer.batchnorm.running_var[...] = var
