"""The initializer catalog: every scheme the articles, PyTorch and Keras use, named by one short spec string.

>>> from initlab.init import parse
>>> init = parse("he_normal")                     # or "normal(std=0.01)", "uniform(limit=0.05)", "orthogonal"
>>> init.std(fan_in=100, fan_out=50)              # √(2/100)
0.1414213562373095
>>> W = init.sample((50, 100), rng)               # W (n_out, n_in) from a numpy Generator   # doctest: +SKIP

Weights and biases take separate initializers. Fans follow ``W (n_out, n_in)``: ``fan_in = n_in``,
``fan_out = n_out`` (PyTorch's layout; Keras's Dense kernel is the transpose, same fans). See
:mod:`initlab.init.schemes` for each scheme's formula and source, :mod:`initlab.init.gains` for gains and fans,
:mod:`initlab.init.spec` for the spec syntax.
"""

from initlab.init.catalog import Scheme, catalog, parse, parse_config
from initlab.init.gains import GAIN_NAMES, calculate_gain, fans
from initlab.init.schemes import (
    KERAS_TRUNCATION_STD,
    SCHEMES,
    Constant,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    Identity,
    Initializer,
    LecunNormal,
    LecunUniform,
    Normal,
    Ones,
    Orthogonal,
    Standard,
    TorchDefault,
    TruncatedNormal,
    Uniform,
    VarianceScaling,
    Zeros,
    lookup,
    truncated_moments,
)

__all__ = [
    "GAIN_NAMES",
    "KERAS_TRUNCATION_STD",
    "SCHEMES",
    "Constant",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "Identity",
    "Initializer",
    "LecunNormal",
    "LecunUniform",
    "Normal",
    "Ones",
    "Orthogonal",
    "Scheme",
    "Standard",
    "TorchDefault",
    "TruncatedNormal",
    "Uniform",
    "VarianceScaling",
    "Zeros",
    "calculate_gain",
    "catalog",
    "fans",
    "lookup",
    "parse",
    "parse_config",
    "truncated_moments",
]
