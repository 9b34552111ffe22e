"""One layer of the network, in the articles' notation, for a whole population at once.

Every array carries a leading population axis P: ``W`` is (P, n_l, n_{l-1}), ``b`` is (P, n_l, 1),
activations are (P, n_l, m). The input ``A[0] = X`` may be shared by every member, shape (n_0, m).
Gradients are per sample (``dZ[L] = A[L] - Y``); the 1/m sits in ``dW`` and ``db``.
"""

from __future__ import annotations

from typing import Any

from initlab.errors import ConfigError
from initlab.nn.activations import Activation


class BatchNorm:
    """Batch Normalization of a layer's linear output (Ioffe & Szegedy 2015), per member and per unit.

    Train mode, over the m samples of the batch:
        μ = mean(Z), σ² = mean((Z − μ)²) (biased), Ẑ = (Z − μ)/√(σ² + ε), Z̃ = γ·Ẑ + β;
        running_mean ← (1 − momentum)·running_mean + momentum·μ,
        running_var ← (1 − momentum)·running_var + momentum·σ²·m/(m − 1) (unbiased), as PyTorch.
    Eval mode: Ẑ = (Z − running_mean)/√(running_var + ε).
    Backward (train): dZ = (1/√(σ² + ε))·(dẐ − mean(dẐ) − Ẑ·mean(dẐ·Ẑ)) with dẐ = γ·dZ̃;
        dγ = (1/m) Σ dZ̃·Ẑ, dβ = (1/m) Σ dZ̃.
    """

    def __init__(self, gamma: Any, beta: Any, running_mean: Any, running_var: Any, momentum: float, eps: float):
        self.gamma, self.beta = gamma, beta
        self.running_mean, self.running_var = running_mean, running_var
        self.momentum, self.eps = momentum, eps
        self.dgamma = self.dbeta = self.Zhat = self.inv_std = None
        self.train = True

    def forward(self, xp: Any, Z: Any, train: bool) -> Any:
        self.train = train
        if train:
            m = Z.shape[-1]
            if m < 2:
                raise ConfigError("Batch Normalization in train mode needs a batch of at least 2 samples, got 1")
            mean = xp.mean(Z, axis=-1, keepdims=True)
            centered = Z - mean
            var = xp.mean(centered * centered, axis=-1, keepdims=True)
            self.inv_std = 1.0 / xp.sqrt(var + self.eps)
            self.Zhat = centered * self.inv_std
            self.running_mean *= 1.0 - self.momentum
            self.running_mean += self.momentum * mean
            self.running_var *= 1.0 - self.momentum
            self.running_var += (self.momentum * m / (m - 1)) * var
        else:
            self.inv_std = 1.0 / xp.sqrt(self.running_var + self.eps)
            self.Zhat = (Z - self.running_mean) * self.inv_std
        return self.gamma * self.Zhat + self.beta

    def backward(self, xp: Any, dZtilde: Any) -> Any:
        self.dgamma = xp.mean(dZtilde * self.Zhat, axis=-1, keepdims=True)
        self.dbeta = xp.mean(dZtilde, axis=-1, keepdims=True)
        dZhat = self.gamma * dZtilde
        if not self.train:
            return dZhat * self.inv_std
        mean_dZhat = xp.mean(dZhat, axis=-1, keepdims=True)
        mean_dZhat_Zhat = xp.mean(dZhat * self.Zhat, axis=-1, keepdims=True)
        return self.inv_std * (dZhat - mean_dZhat - self.Zhat * mean_dZhat_Zhat)


class Layer:
    """Layer l: Z[l] = W[l] A[l−1] + b[l]; (optionally Z̃[l] = BN(Z[l])); A[l] = g(Z̃[l] or Z[l]).

    Backward from dA[l] (or from dZ̃/dZ directly for the output layer):
        dZ[l] = dA[l] * g'(·) (through BN when present), dW[l] = (1/m) dZ[l] A[l−1]ᵀ,
        db[l] = (1/m) Σ_samples dZ[l], dA[l−1] = W[l]ᵀ dZ[l].
    With Batch Normalization the layer has no bias: BN's β takes its place.
    """

    def __init__(
        self, index: int, W: Any, b: Any | None, activation: Activation | None, batchnorm: BatchNorm | None
    ) -> None:
        self.index = index
        self.W, self.b = W, b
        self.activation = activation
        self.batchnorm = batchnorm
        self.A_prev = self.Z = self.Ztilde = self.A = None
        self.dA = self.dZ = self.dW = self.db = None

    def forward(self, xp: Any, A_prev: Any, train: bool, activate: Any = None) -> Any:
        """A[l] from A[l−1]; ``activate(xp, Z)`` overrides g (the output layer's softmax/sigmoid/identity)."""
        self.A_prev = A_prev
        Z = xp.matmul(self.W, A_prev)
        if self.b is not None:
            Z += self.b
        self.Z = Z
        self.Ztilde = self.batchnorm.forward(xp, Z, train) if self.batchnorm is not None else Z
        self.A = activate(xp, self.Ztilde) if activate is not None else self.activation.forward(xp, self.Ztilde)
        return self.A

    def backward(self, xp: Any, dA: Any = None, dZtilde: Any = None, need_dA_prev: bool = True) -> Any:
        """Gradients of this layer from dA[l] (or dZ̃[l] given directly); returns dA[l−1] when asked."""
        self.dA = dA
        if dZtilde is None:
            dZtilde = self.activation.backward(xp, dA, self.Ztilde, self.A)
        dZ = self.batchnorm.backward(xp, dZtilde) if self.batchnorm is not None else dZtilde
        self.dZ = dZ
        inv_m = 1.0 / dZ.shape[-1]
        self.dW = xp.matmul(dZ, _transpose(xp, self.A_prev))
        self.dW *= inv_m
        if self.b is not None:
            self.db = xp.sum(dZ, axis=-1, keepdims=True)
            self.db *= inv_m
        return xp.matmul(_transpose(xp, self.W), dZ) if need_dA_prev else None


def _transpose(xp: Any, array: Any) -> Any:
    """Swap the last two axes (the matrix transpose of every member)."""
    return xp.matrix_transpose(array)
