"""Gains and fans: the two numbers every scaled initializer is built from.

**Fans.** initlab stores a layer's weights as ``W (n_out, n_in)`` (``Z = W @ A + b``), the layout of PyTorch's
``nn.Linear.weight (out_features, in_features)``: ``fan_in = n_in = shape[-1]`` and
``fan_out = n_out = shape[-2]``, exactly as ``torch.nn.init._calculate_fan_in_and_fan_out``. A leading
population axis ``(P, n_out, n_in)`` does not count. Keras stores a Dense kernel the other way round,
``(n_in, n_out)`` with ``fan_in = shape[0]``; so Keras's kernel is our ``W.T`` and both give the same fans to
the same layer. A 1-D shape ``(n,)`` has ``fan_in = fan_out = n`` (as Keras's ``compute_fans``).

**Gains.** The factor that keeps a nonlinearity from shrinking or growing the signal's variance, as PyTorch's
``torch.nn.init.calculate_gain``:

============  =====================  ================================================
nonlinearity  gain                   why
============  =====================  ================================================
linear        1
sigmoid       1                      (PyTorch's convention, not a derivation)
tanh          5/3                    PyTorch's empirical choice
relu          √2                     He et al. 2015: ReLU halves the second moment
leaky_relu    √(2 / (1 + slope²))    He et al. 2015; slope defaults to 0.01 as PyTorch
selu          3/4                    PyTorch's empirical choice (pytorch/pytorch#50664)
============  =====================  ================================================
"""

from __future__ import annotations

import math
import numbers
import operator

from initlab.errors import ShapeError, SpecError, unknown_name
from initlab.init.spec import split_spec

_FIXED_GAINS = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0), "selu": 3.0 / 4.0}
GAIN_NAMES = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu")
LEAKY_RELU_DEFAULT_SLOPE = 0.01


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for ``nonlinearity`` (PyTorch's ``calculate_gain``, same names and values).

    ``param`` is leaky_relu's negative slope (default 0.01); like PyTorch, other nonlinearities ignore it.
    """
    if nonlinearity not in GAIN_NAMES:
        raise unknown_name("nonlinearity", nonlinearity, GAIN_NAMES)
    if nonlinearity != "leaky_relu":
        return _FIXED_GAINS[nonlinearity]
    slope = LEAKY_RELU_DEFAULT_SLOPE if param is None else param
    if isinstance(slope, bool) or not isinstance(slope, numbers.Real) or not math.isfinite(slope):
        raise SpecError(f"leaky_relu slope must be a finite number, got {slope!r}")
    return math.sqrt(2.0 / (1.0 + float(slope) ** 2))


def gain_value(gain: float | str) -> float:
    """A gain given as a number, a name (``"tanh"``) or a leaky-ReLU call (``"leaky_relu(0.2)"``), as a float."""
    if isinstance(gain, str):
        name, args, kwargs = split_spec(gain, what="gain")
        if kwargs or len(args) > (1 if name == "leaky_relu" else 0):
            raise SpecError(f"gain {gain!r}: only leaky_relu takes an argument, its slope, as leaky_relu(0.2)")
        return calculate_gain(name, *args)
    if isinstance(gain, bool) or not isinstance(gain, numbers.Real):
        raise SpecError(f"gain must be a number or a nonlinearity name such as tanh, got {gain!r}")
    return float(gain)


def check_shape(shape: object) -> tuple[int, ...]:
    """``shape`` as a tuple of 1 to 3 positive ints: ``(n,)``, ``(n_out, n_in)`` or ``(P, n_out, n_in)``."""
    try:
        items = list(shape)  # type: ignore[call-overload]
        dims = tuple(operator.index(n) for n in items)
    except TypeError:
        items, dims = [], ()
    if not 1 <= len(dims) <= 3 or any(n < 1 for n in dims) or any(isinstance(n, bool) for n in items):
        raise ShapeError(
            f"shape must be 1 to 3 positive integers, (n,), (n_out, n_in) or (P, n_out, n_in); got {shape!r}"
        )
    return dims


def fans(shape: object) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of ``shape``: the last two axes ``(n_out, n_in)``; ``(n,)`` gives (n, n)."""
    dims = check_shape(shape)
    if len(dims) == 1:
        return dims[0], dims[0]
    return dims[-1], dims[-2]
