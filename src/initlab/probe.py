"""Measuring a network: per-layer statistics of its last forward and backward pass.

:func:`probe` reads, layer by layer, the articles' matrices ``Z[l]``, ``A[l]``, ``dA[l]``, ``dZ[l]`` and
``dW[l]`` of every member of a :class:`~initlab.nn.Network` (pooled over members, units and samples) and
summarizes each as :class:`Stats`: mean, std, mean square, percentiles, the fraction exactly zero (dead ReLU
units), the fraction saturated, and a histogram on **fixed bins**, so that what it keeps does not grow with
the number of samples:

* ``A`` on linear bins over the activation's range (:data:`ACTIVATION_RANGES`): [−1, 1] for tanh and softsign,
  [0, 1] for sigmoid, [0, 4] for ReLU, [−2, 4] for leaky ReLU, ELU and SELU, [−4, 4] for linear units — the
  unbounded ones cover ±4 standard deviations of a unit-variance signal, the scale a well-initialized layer
  keeps; what falls outside is counted in ``below`` and ``above``, never dropped.
* ``Z`` and the gradients on bins of log₁₀|x| from 10⁻¹² to 10⁴, a quarter decade each (their scale spans
  orders of magnitude across inits and layers: vanishing is a shift to the left); exact zeros are counted
  apart. The sign is not kept: these quantities are symmetric around 0 for zero-mean weights.

Saturation (:data:`SATURATION`): |a| > 0.99 for tanh and softsign; a < 0.01 or a > 0.99 for sigmoid (and a
sigmoid output layer); not defined (None) for other activations. Works on any network — with a loss or with
``loss=None``, with or without BN, after a forward pass alone (the gradient statistics are then None).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from initlab.backend import to_numpy
from initlab.errors import ConfigError
from initlab.nn import Network
from initlab.outputs import jsonable

PERCENTILES = (1, 5, 25, 50, 75, 95, 99)
ACTIVATION_BINS = 51
"""Odd, so that 0 (tanh) and 0.5 (sigmoid) sit in the middle of a bin: a collapsed layer is one bar."""
ACTIVATION_RANGES = {
    "tanh": (-1.0, 1.0),
    "softsign": (-1.0, 1.0),
    "sigmoid": (0.0, 1.0),
    "relu": (0.0, 4.0),
    "leaky_relu": (-2.0, 4.0),
    "elu": (-2.0, 4.0),
    "selu": (-2.0, 4.0),
    "linear": (-4.0, 4.0),
    "softmax": (0.0, 1.0),
}
"""The x-range of the activation histogram, by the activation's (or output layer's) name."""
OUTPUT_ACTIVATION = {"bce": "sigmoid", "softmax_ce": "softmax", "mse": "linear"}
"""What makes A[L] of a network with a loss."""
LOG_EDGES = np.linspace(-12.0, 4.0, 65)
"""Bin edges of log₁₀|x| for Z and the gradients: 10⁻¹² to 10⁴, a quarter decade per bin."""
SATURATION = 0.99


@dataclass
class Histogram:
    """Counts on fixed bins. ``scale`` is "linear" (bins of x) or "log10_abs" (bins of log₁₀|x|, zeros apart)."""

    scale: str
    edges: list[float]
    counts: list[int]
    below: int
    above: int
    zeros: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts) + self.below + self.above + self.zeros

    def fractions(self) -> np.ndarray:
        """Each bin's count as a fraction of every value counted (outside the bins included)."""
        return np.asarray(self.counts, dtype=float) / max(self.total, 1)


@dataclass
class Stats:
    """Summary of one matrix (all members, units and samples pooled); ``mean_square`` is E[x²]."""

    count: int
    nonfinite: int
    mean: float
    std: float
    mean_square: float
    min: float
    max: float
    percentiles: dict[str, float]
    zero_fraction: float
    saturated_fraction: float | None
    histogram: Histogram


@dataclass
class LayerProbe:
    """Statistics of layer l's matrices; a gradient is None when no backward pass reached it.

    ``dead_units``: the fraction of units (of every member) whose activation is exactly 0 on every sample.
    """

    layer: int
    Z: Stats
    A: Stats
    dA: Stats | None
    dZ: Stats | None
    dW: Stats | None
    dead_units: float


@dataclass
class Probe:
    """Per-layer statistics of one network's last pass, layer 1 first."""

    activation: str
    members: int
    samples: int
    layers: list[LayerProbe]

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


def statistics(values: Any, edges: np.ndarray, scale: str = "linear", saturation: str | None = None) -> Stats:
    """:class:`Stats` of every entry of ``values`` (any shape, any backend) on the fixed bins ``edges``.

    ``scale="log10_abs"`` bins log₁₀|x| (zeros counted apart); ``saturation`` names the activation whose
    saturation rule applies ("tanh", "softsign", "sigmoid"), or None.
    """
    x = np.asarray(to_numpy(values)).ravel()
    finite = np.isfinite(x)
    nonfinite = int(x.size - finite.sum())
    if nonfinite:
        x = x[finite]
    if x.size == 0:
        raise ConfigError("no finite values to summarize")
    zeros = int(np.count_nonzero(x == 0))
    mean = float(np.mean(x, dtype=np.float64))
    mean_square = float(np.mean(np.square(x, dtype=np.float64)))
    percentiles = np.percentile(x, PERCENTILES)
    if scale not in ("linear", "log10_abs"):
        raise ConfigError(f"histogram scale must be 'linear' or 'log10_abs', got {scale!r}")
    binned = np.log10(np.abs(x[x != 0])) if scale == "log10_abs" else x
    counts, _ = np.histogram(binned, bins=edges)
    return Stats(
        count=int(x.size),
        nonfinite=nonfinite,
        mean=mean,
        std=float(np.std(x, dtype=np.float64)),
        mean_square=mean_square,
        min=float(x.min()),
        max=float(x.max()),
        percentiles={f"p{p}": float(v) for p, v in zip(PERCENTILES, percentiles, strict=True)},
        zero_fraction=zeros / x.size,
        saturated_fraction=_saturated(x, saturation),
        histogram=Histogram(
            scale=scale,
            edges=[float(e) for e in edges],
            counts=[int(c) for c in counts],
            below=int(np.count_nonzero(binned < edges[0])),
            above=int(np.count_nonzero(binned > edges[-1])),
            zeros=zeros if scale == "log10_abs" else 0,
        ),
    )


def _saturated(a: np.ndarray, activation: str | None) -> float | None:
    if activation in ("tanh", "softsign"):
        return float(np.count_nonzero(np.abs(a) > SATURATION)) / a.size
    if activation == "sigmoid":
        return float(np.count_nonzero((a < 1 - SATURATION) | (a > SATURATION))) / a.size
    return None


def activation_edges(activation: str) -> np.ndarray:
    """The fixed bin edges of A's histogram for an activation name (see :data:`ACTIVATION_RANGES`)."""
    low, high = ACTIVATION_RANGES[activation]
    return np.linspace(low, high, ACTIVATION_BINS + 1)


def probe(net: Network) -> Probe:
    """Per-layer :class:`Stats` of ``net``'s last forward (and backward, if any) pass."""
    if net.layers[0].A is None:
        raise ConfigError("probe needs a network that has run a forward pass")
    hidden = net.activation.name  # leaky_relu(0.2) is binned as leaky_relu
    layers = []
    for layer in net.layers:
        output = net.loss is not None and layer.index == net.L
        made_by = OUTPUT_ACTIVATION[net.loss.name] if output else hidden
        A = to_numpy(layer.A)
        layers.append(
            LayerProbe(
                layer=layer.index,
                Z=statistics(layer.Z, LOG_EDGES, "log10_abs"),
                A=statistics(A, activation_edges(made_by), "linear", made_by),
                dA=_gradient(layer.dA),
                dZ=_gradient(layer.dZ),
                dW=_gradient(layer.dW),
                dead_units=float(np.mean(np.all(A == 0, axis=-1))),
            )
        )
    return Probe(net.activation.spec, net.P, int(net.A0.shape[-1]), layers)


def _gradient(values: Any) -> Stats | None:
    return None if values is None else statistics(values, LOG_EDGES, "log10_abs")
