"""Losses computed from the output layer's logits ``Z[L]``, each paired with its output activation.

For every pair the article's shortcut holds: ``dZ[L] = A[L] - Y`` (per sample; the 1/m sits in dW and db).

- ``bce``: sigmoid outputs, ℓ = −Σ_k [y log a + (1−y) log(1−a)], computed as max(z, 0) − z·y + log(1 + e^−|z|),
  finite with finite gradients for any |z| (no overflow at 1e4).
- ``softmax_ce``: softmax outputs, ℓ = −Σ_k y_k log a_k with log a = z − logsumexp(z) (max subtracted first).
- ``mse``: linear outputs, ℓ = ½ Σ_k (z − y)² (so that dZ = A − Y; PyTorch's ``MSELoss(reduction="sum") / (2m)``).

The cost of a member is J = (1/m) Σ_i ℓ_i; ``value`` returns it for every member at once, shape (P,).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from initlab.errors import DataError, unknown_name
from initlab.nn.activations import Sigmoid


@dataclass(frozen=True)
class Loss:
    name: ClassVar[str]
    output: ClassVar[str]  # what the output layer's activation is called

    def activate(self, xp: Any, Z: Any) -> Any:
        """A[L] from the logits Z[L]."""
        raise NotImplementedError

    def value(self, xp: Any, Z: Any, Y: Any) -> Any:
        """The cost J of every member, shape (P,)."""
        raise NotImplementedError

    def dZ(self, xp: Any, A: Any, Y: Any) -> Any:
        """dZ[L] = A[L] − Y for all three losses (per sample)."""
        return A - Y

    def accuracy(self, xp: Any, Z: Any, Y: Any) -> Any:
        """Fraction of correct predictions per member, shape (P,); NaN where the loss is not a classifier."""
        raise NotImplementedError

    def check_targets(self, Y: np.ndarray) -> None:
        """Raise DataError when Y holds labels this loss cannot take."""


def _mean_over_samples(xp: Any, per_sample: Any) -> Any:
    return xp.mean(per_sample, axis=-1)


@dataclass(frozen=True)
class BinaryCrossEntropy(Loss):
    name = "bce"
    output = "sigmoid"

    def activate(self, xp, Z):
        return Sigmoid().forward(xp, Z)

    def value(self, xp, Z, Y):
        per_entry = xp.maximum(Z, 0.0) - Z * Y + xp.log1p(xp.exp(-xp.abs(Z)))
        return _mean_over_samples(xp, xp.sum(per_entry, axis=-2))

    def accuracy(self, xp, Z, Y):
        correct = (Z > 0) == (Y > 0.5)
        return xp.mean(xp.astype(correct, Z.dtype), axis=(-2, -1))

    def check_targets(self, Y):
        if np.any((Y < 0) | (Y > 1)):
            raise DataError(
                f"bce takes labels in [0, 1]; got values from {Y.min():g} to {Y.max():g}"
            )


@dataclass(frozen=True)
class SoftmaxCrossEntropy(Loss):
    name = "softmax_ce"
    output = "softmax"

    def log_softmax(self, xp, Z):
        shifted = Z - xp.max(Z, axis=-2, keepdims=True)
        return shifted - xp.log(xp.sum(xp.exp(shifted), axis=-2, keepdims=True))

    def activate(self, xp, Z):
        return xp.exp(self.log_softmax(xp, Z))

    def value(self, xp, Z, Y):
        return _mean_over_samples(xp, -xp.sum(Y * self.log_softmax(xp, Z), axis=-2))

    def accuracy(self, xp, Z, Y):
        correct = xp.argmax(Z, axis=-2) == xp.argmax(Y, axis=-2)
        return xp.mean(xp.astype(correct, Z.dtype), axis=-1)

    def check_targets(self, Y):
        if Y.shape[-2] < 2:
            raise DataError(f"softmax_ce needs one row per class (at least 2); got Y with {Y.shape[-2]} row")
        if np.any((Y < 0) | (Y > 1)) or not np.allclose(Y.sum(axis=-2), 1.0):
            raise DataError(
                "softmax_ce takes one-hot (or probability) columns that sum to 1; "
                "pass class indices as a 1-D integer array to have them one-hot encoded"
            )


@dataclass(frozen=True)
class MeanSquaredError(Loss):
    name = "mse"
    output = "linear"

    def activate(self, xp, Z):
        return Z

    def value(self, xp, Z, Y):
        error = Z - Y
        return _mean_over_samples(xp, 0.5 * xp.sum(error * error, axis=-2))

    def accuracy(self, xp, Z, Y):
        return xp.full(Z.shape[:-2], float("nan"), dtype=Z.dtype, device=getattr(Z, "device", None))


LOSSES: dict[str, type[Loss]] = {cls.name: cls for cls in (BinaryCrossEntropy, SoftmaxCrossEntropy, MeanSquaredError)}
_ALIASES = {"binary_crossentropy": "bce", "cross_entropy": "softmax_ce", "ce": "softmax_ce", "softmax": "softmax_ce"}


def get_loss(name: str | Loss) -> Loss:
    """The loss called ``name``: bce, softmax_ce or mse."""
    if isinstance(name, Loss):
        return name
    name = _ALIASES.get(name, name)
    if name not in LOSSES:
        raise unknown_name("loss", name, LOSSES)
    return LOSSES[name]()
