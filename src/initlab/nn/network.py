"""A population of fully connected networks, in the articles' notation.

``Network([3, 4, 2], activation="sigmoid", loss="bce", weight_init="zeros", seeds=5)`` holds 5 independent
networks (members) in one set of arrays with a leading population axis: ``net.W1`` is (5, 4, 3), ``net.b1``
is (5, 4, 1). One forward/backward pass serves every member. Member p draws its initial weights from its own
seed ``seeds[p]`` (layer by layer: W1, b1, W2, b2, …), so it equals the network built alone with that seed.

After ``forward`` and ``backward`` every matrix of the articles is reachable by name: ``A0`` (the input X),
``Z1``, ``A1``, …, ``dA1``, ``dZ1``, ``dW1``, ``db1``, …; with Batch Normalization also ``Zhat1``,
``Ztilde1``, ``gamma1``, ``beta1``, ``dgamma1``, ``dbeta1``, ``running_mean1``, ``running_var1``.
Parameters can be set: ``net.W1 = matrix`` (shape (n_1, n_0) for every member, or (P, n_1, n_0)).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from initlab.backend import Backend, check_dtype, get_backend, to_numpy
from initlab.errors import ConfigError, DataError, ShapeError
from initlab.init import Initializer, parse
from initlab.nn.activations import Activation, get_activation
from initlab.nn.layers import BatchNorm, Layer
from initlab.nn.losses import Loss, SoftmaxCrossEntropy, get_loss

_PARAMETER = re.compile(r"^(W|b|gamma|beta)(\d+)$")
_VALUE = re.compile(r"^(dW|db|dgamma|dbeta|A|Z|Zhat|Ztilde|dA|dZ|running_mean|running_var)(\d+)$")
_BN_NAMES = {"gamma", "beta", "dgamma", "dbeta", "Zhat", "running_mean", "running_var"}


def as_seeds(seeds: int | Sequence[int]) -> list[int]:
    """``5`` → [0, 1, 2, 3, 4]; a sequence of non-negative integers is taken as it is."""
    if isinstance(seeds, int | np.integer) and not isinstance(seeds, bool):
        if seeds < 1:
            raise ConfigError(f"the number of seeds must be >= 1, got {seeds}")
        return list(range(int(seeds)))
    values = list(seeds)
    if not values:
        raise ConfigError("seeds must name at least one seed")
    for seed in values:
        if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
            raise ConfigError(f"seeds must be non-negative integers, got {seed!r}")
    return [int(s) for s in values]


class Network:
    """P fully connected networks sharing one architecture; see the module docstring.

    Args:
        layer_sizes: [n_0, n_1, …, n_L], input size first, each >= 1.
        activation: hidden activation g (sigmoid, tanh, relu, leaky_relu or leaky_relu(0.2), linear, softsign,
            elu, selu).
        loss: bce (sigmoid outputs), softmax_ce (softmax outputs), mse (linear outputs), or None for a stack of
            hidden layers whose last layer uses ``activation`` too (backward then starts from a given dA[L]).
        weight_init, bias_init: initializer specs from :mod:`initlab.init` (``"he_normal"``, ``"normal(std=0.01)"``…).
        batchnorm: Batch Normalization between the linear part and the activation of every hidden layer.
        seeds: the number of members (seeds 0…P−1) or the list of seeds, one member each.
        dtype: "float64" (exact comparisons) or "float32" (speed).
        backend: "numpy" or "torch" (needs the torch extra); ``device`` picks the torch device.
        bn_momentum, bn_eps: weight of a new batch in the running statistics, and the ε under the square root.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str | Activation = "relu",
        loss: str | Loss | None = "bce",
        weight_init: str | Initializer = "glorot_uniform",
        bias_init: str | Initializer = "zeros",
        batchnorm: bool = False,
        seeds: int | Sequence[int] = 1,
        dtype: str = "float64",
        backend: str | Backend = "numpy",
        device: str | None = None,
        bn_momentum: float = 0.1,
        bn_eps: float = 1e-5,
    ) -> None:
        sizes = list(layer_sizes)
        if len(sizes) < 2:
            raise ConfigError(f"layer_sizes needs an input and at least one layer, got {sizes}")
        for size in sizes:
            if not isinstance(size, int | np.integer) or isinstance(size, bool) or size < 1:
                raise ConfigError(f"layer sizes must be integers >= 1, got {size!r} in {sizes}")
        if not 0.0 <= bn_momentum <= 1.0:
            raise ConfigError(f"bn_momentum must be in [0, 1], got {bn_momentum}")
        if not bn_eps > 0:
            raise ConfigError(f"bn_eps must be > 0, got {bn_eps}")
        self.sizes = [int(s) for s in sizes]
        self.activation = get_activation(activation)
        self.loss = get_loss(loss) if loss is not None else None
        self.weight_init = parse(weight_init)
        self.bias_init = parse(bias_init)
        self.batchnorm = bool(batchnorm)
        self.seeds = as_seeds(seeds)
        self.dtype = check_dtype(dtype)
        self.backend = get_backend(backend, device)
        self.xp = self.backend.xp
        self.A0: Any = None

        P = len(self.seeds)
        rngs = [np.random.default_rng(seed) for seed in self.seeds]
        self.layers: list[Layer] = []
        for index in range(1, len(self.sizes)):
            n_prev, n = self.sizes[index - 1], self.sizes[index]
            hidden = index < self.L or self.loss is None
            with_bn = self.batchnorm and hidden
            W = self.weight_init.sample((P, n, n_prev), rngs)
            b = None if with_bn else self.bias_init.sample((P, n, 1), rngs, fan_in=n_prev, fan_out=n)
            bn = None
            if with_bn:
                ones, zeros = np.ones((P, n, 1)), np.zeros((P, n, 1))
                bn = BatchNorm(*(self._array(v) for v in (ones, zeros, zeros, ones)), bn_momentum, bn_eps)
            activation = self.activation if hidden else None  # the loss activates the output layer
            layer = Layer(index, self._array(W), None if b is None else self._array(b), activation, bn)
            self.layers.append(layer)

    # -- sizes -------------------------------------------------------------------------------------------------
    @property
    def L(self) -> int:
        """Number of layers with weights (the input layer is layer 0)."""
        return len(self.sizes) - 1

    @property
    def P(self) -> int:
        """Number of members (seeds)."""
        return len(self.seeds)

    # -- forward and backward ----------------------------------------------------------------------------------
    def forward(self, X: Any, train: bool = True) -> Any:
        """Forward pass of every member; returns A[L], shape (P, n_L, m). ``train`` selects BN's batch stats."""
        return self._forward(self.as_input(X), train)

    def _forward(self, X: Any, train: bool) -> Any:
        self.A0 = A = X
        last = self.layers[-1]
        for layer in self.layers:
            activate = self.loss.activate if (layer is last and self.loss is not None) else None
            A = layer.forward(self.xp, A, train, activate)
        return A

    def backward(self, Y: Any = None, dA: Any = None) -> None:
        """Back-propagate from the loss against targets ``Y`` or, when the network has no loss, from ``dA[L]``."""
        if self.loss is not None:
            if Y is None:
                raise ConfigError("backward needs the targets Y for a network with a loss")
            last = self.layers[-1]
            self._backward(dZ_L=self.loss.dZ(self.xp, last.A, self.as_targets(Y, last.A.shape[-1])))
        else:
            if dA is None:
                raise ConfigError("a network without a loss needs the upstream gradient dA[L] for backward")
            self._backward(dA_L=self._array(dA) if isinstance(dA, np.ndarray) else dA)

    def _backward(self, dZ_L: Any = None, dA_L: Any = None) -> None:
        dA = dA_L
        for layer in reversed(self.layers):
            first = layer.index == 1
            if layer.index == self.L and dZ_L is not None:
                dA = layer.backward(self.xp, dZtilde=dZ_L, need_dA_prev=not first)
            else:
                dA = layer.backward(self.xp, dA=dA, need_dA_prev=not first)

    def cost(self, Y: Any) -> Any:
        """The cost J of every member (shape (P,)) for the last forward pass."""
        last = self.layers[-1]
        return self.loss.value(self.xp, last.Z, self.as_targets(Y, last.Z.shape[-1]))

    def accuracy(self, Y: Any) -> Any:
        """Fraction of correct predictions of every member (shape (P,)) for the last forward pass."""
        last = self.layers[-1]
        return self.loss.accuracy(self.xp, last.Z, self.as_targets(Y, last.Z.shape[-1]))

    def predict(self, X: Any) -> Any:
        """A[L] in eval mode (BN on running statistics), shape (P, n_L, m)."""
        return self.forward(X, train=False)

    def evaluate(self, X: Any, Y: Any) -> dict[str, np.ndarray]:
        """Cost and accuracy of every member on (X, Y) in eval mode, as NumPy arrays of shape (P,)."""
        self._require_loss("evaluate")
        self.forward(X, train=False)
        return {"loss": to_numpy(self.cost(Y)), "accuracy": to_numpy(self.accuracy(Y))}

    # -- parameters by name --------------------------------------------------------------------------------------
    def parameters(self) -> dict[str, Any]:
        """Every trainable array by its article name, in layer order: W1, b1 (or gamma1, beta1), W2, …"""
        return {name: getattr(owner, attribute) for name, owner, attribute in self._slots()}

    def gradients(self) -> dict[str, Any]:
        """The gradient of every parameter from the last backward pass (dW1, db1, …), keyed like ``parameters``."""
        return {name: getattr(owner, "d" + attribute) for name, owner, attribute in self._slots()}

    def _slots(self) -> Iterator[tuple[str, Any, str]]:
        """(article name, object holding it, attribute) of every trainable array; its gradient is "d" + attribute."""
        for layer in self.layers:
            yield f"W{layer.index}", layer, "W"
            if layer.b is not None:
                yield f"b{layer.index}", layer, "b"
            if layer.batchnorm is not None:
                yield f"gamma{layer.index}", layer.batchnorm, "gamma"
                yield f"beta{layer.index}", layer.batchnorm, "beta"

    def __getattr__(self, name: str) -> Any:
        match = _PARAMETER.match(name) or _VALUE.match(name)
        if match is None or "layers" not in self.__dict__:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        kind, index = match.group(1), int(match.group(2))
        layer = self._layer(index, name)
        if kind in _BN_NAMES:
            if layer.batchnorm is None:
                raise AttributeError(f"{name}: layer {index} has no Batch Normalization")
            return getattr(layer.batchnorm, kind)
        if kind == "b" and layer.b is None:
            raise AttributeError(f"{name}: layer {index} has Batch Normalization and no bias (its beta shifts)")
        return getattr(layer, kind)

    def __setattr__(self, name: str, value: Any) -> None:
        match = _PARAMETER.match(name)
        if match is None or "layers" not in self.__dict__:
            super().__setattr__(name, value)
            return
        self.set_parameter(name, value)

    def set_parameter(self, name: str, value: Any) -> None:
        """Set parameter ``name`` (W1, b2, gamma1…) to ``value`` for every member, or per member with (P, …)."""
        match = _PARAMETER.match(name)
        if match is None:
            raise ConfigError(f"{name!r} is not a parameter name (W<l>, b<l>, gamma<l>, beta<l>)")
        current = self.parameters().get(name)
        if current is None:
            raise ConfigError(f"this network has no parameter {name!r}; it has {', '.join(self.parameters())}")
        target = tuple(current.shape)
        values = np.asarray(to_numpy(value), dtype=self.dtype)
        if values.ndim == 1 and target[-1] == 1:
            values = values[:, None]
        if values.shape == target[1:]:
            values = np.broadcast_to(values, target)
        if values.shape != target:
            raise ShapeError(
                f"{name} must have shape {target[1:]} (every member) or {target} (per member); got {values.shape}"
            )
        current[...] = self._array(values)

    def _layer(self, index: int, name: str) -> Layer:
        if not 1 <= index <= self.L:
            raise AttributeError(f"{name}: this network has layers 1 to {self.L}")
        return self.layers[index - 1]

    # -- input checking at the boundary -------------------------------------------------------------------------
    def as_input(self, X: Any) -> Any:
        """X (n_0, m) shared by every member, or (P, n_0, m), checked and moved to the backend."""
        host = np.asarray(to_numpy(X), dtype=float)
        if host.ndim not in (2, 3) or host.shape[-2] != self.sizes[0]:
            raise ShapeError(
                f"X must be (n_0, m) = ({self.sizes[0]}, m) with samples in the last axis; got {host.shape}"
            )
        if host.ndim == 3 and host.shape[0] != self.P:
            raise ShapeError(f"a per-member X must have {self.P} members in its first axis; got {host.shape}")
        if host.shape[-1] < 1:
            raise ShapeError("X has no samples (m = 0)")
        if not np.isfinite(host).all():
            raise DataError("X contains NaN or inf values")
        return self._array(host)

    def as_targets(self, Y: Any, m: int) -> Any:
        """Targets for m samples, (n_L, m) or (P, n_L, m), checked against the loss and moved to the backend.

        For softmax_ce, a 1-D array of class indices is one-hot encoded.
        """
        self._require_loss("targets")
        host = np.asarray(to_numpy(Y))
        if isinstance(self.loss, SoftmaxCrossEntropy) and host.ndim == 1:
            host = _one_hot(host, self.sizes[-1])
        host = host.astype(float)
        if host.ndim == 1:
            host = host[None, :]
        expected = (self.sizes[-1], m)
        if host.shape != expected and host.shape != (self.P, *expected):
            raise ShapeError(f"Y must be (n_L, m) = {expected} to match the output layer and X; got {host.shape}")
        if not np.isfinite(host).all():
            raise DataError("Y contains NaN or inf values")
        self.loss.check_targets(host)
        return self._array(host)

    def _require_loss(self, what: str) -> None:
        if self.loss is None:
            raise ConfigError(f"{what} needs a network with a loss (this one was built with loss=None)")

    def _array(self, values: Any) -> Any:
        return self.backend.asarray(values, self.dtype)

    def __repr__(self) -> str:
        loss = self.loss.name if self.loss is not None else "none"
        return (
            f"Network(sizes={self.sizes}, activation={self.activation.spec}, loss={loss}, "
            f"weight_init={self.weight_init.spec}, bias_init={self.bias_init.spec}, batchnorm={self.batchnorm}, "
            f"members={self.P}, dtype={self.dtype}, backend={self.backend.name})"
        )


def _one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(np.mod(labels, 1) == 0):
            raise DataError("class labels for softmax_ce must be integers")
        labels = labels.astype(int)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise DataError(f"class labels must lie in 0…{n_classes - 1}; got {labels.min()}…{labels.max()}")
    return np.eye(n_classes)[:, labels]
