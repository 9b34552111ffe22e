"""The initializer schemes: one small frozen dataclass each, with its formula and its source.

Every scheme is an :class:`Initializer`. Most are, for a layer with given fans, one fixed law with i.i.d.
entries (a constant, a normal, a uniform or a truncated normal): they say which in :meth:`Initializer.law`
and inherit mean, std, bound and sampling from it. Orthogonal and identity depend on the matrix's shape and
implement those themselves.

Notation: a layer's weight is ``W (n_out, n_in)``, ``fan_in = n_in``, ``fan_out = n_out``
(see :mod:`initlab.init.gains`); ``N(μ, σ²)`` is a normal, ``U(a, b)`` a uniform, ``U(±r) = U(−r, r)``.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Mapping, Sequence
from dataclasses import Field, dataclass, fields
from typing import Any, ClassVar

import numpy as np

from initlab.errors import ConfigError, ShapeError, SpecError, unknown_name
from initlab.init.gains import GAIN_NAMES, calculate_gain, check_shape, fans, gain_value
from initlab.init.spec import Value, format_spec, split_spec

_scheme = dataclass(frozen=True, repr=False)  # repr from the parameters' names, see Initializer.__repr__

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("normal", "truncated_normal", "uniform")
KERAS_TRUNCATION_STD = 0.87962566103423978
"""Std of a standard normal truncated to [−2, 2]; Keras divides by it so a truncated draw keeps its std."""
MIN_TRUNCATED_MASS = 1e-3
"""Rejection sampling redraws about 1/mass times: bounds must keep at least this much of the normal."""


class Initializer:
    """Base class of every scheme: a named, parameterised law for a layer's initial weights or biases.

    Subclasses are frozen dataclasses whose fields are the scheme's parameters, in spec order; equal
    parameters make equal initializers. Class attributes describe the scheme for the catalog. A field whose
    name ends in "_" (``Normal.std_``) is the parameter without it (``std`` in specs and configs), so that
    :meth:`mean` and :meth:`std` stay methods on every scheme.
    """

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    formula: ClassVar[str]
    torch: ClassVar[str]
    keras: ClassVar[str]
    source: ClassVar[str]
    random: ClassVar[bool] = True

    # -- identity: spec and config ------------------------------------------------------------------------

    @property
    def params(self) -> dict[str, Any]:
        """The parameters, every one, in order."""
        return {_param(f): getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The parameters' default values, in order."""
        return {_param(f): f.default for f in fields(cls)}  # type: ignore[arg-type]

    @property
    def spec(self) -> str:
        """The canonical spec: the name, then the parameters that differ from their defaults."""
        changed = {_param(f): getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != f.default}  # type: ignore[arg-type]
        return format_spec(self.name, kwargs=changed)

    def config(self) -> dict[str, Any]:
        """A JSON-able ``{"name": …, **params}``; :meth:`from_config` reads it back to an equal initializer."""
        return {"name": self.name, **self.params}

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Initializer:
        """The initializer a :meth:`config` dict describes (any scheme's, whichever class it is called on)."""
        if not isinstance(config, Mapping) or not isinstance(config.get("name"), str):
            raise SpecError(f"an initializer config is a dict with a 'name' string, got {config!r}")
        params = {k: v for k, v in config.items() if k != "name"}
        for key in params:
            if not isinstance(key, str):
                raise SpecError(f"initializer config keys must be strings, got {key!r}")
        return lookup(config["name"])._from_arguments((), params)

    @classmethod
    def _from_arguments(cls, args: tuple[Value, ...], kwargs: Mapping[str, Value]) -> Initializer:
        """Build from a spec's arguments: positional ones fill the parameters in order."""
        names = [_param(f) for f in fields(cls)]  # type: ignore[arg-type]
        if len(args) > len(names):
            takes = f"at most {len(names)} arguments ({', '.join(names)})" if names else "no arguments"
            raise SpecError(f"{cls.name} takes {takes}; got {len(args)}")
        params: dict[str, Value] = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names:
                if not names:
                    raise SpecError(f"{cls.name} takes no parameters; got {key}={value!r}")
                raise unknown_name(f"parameter of {cls.name}", key, names)
            if key in params:
                raise SpecError(f"{cls.name}: {key} is given twice")
            params[key] = value
        return cls(*(params.get(_param(f), f.default) for f in fields(cls)))  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.spec

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.params.items())})"

    # -- the law of one entry -----------------------------------------------------------------------------

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        """The fan-free law (constant, normal, uniform or truncated normal) this scheme draws for that layer."""
        return self

    def mean(self, fan_in: int, fan_out: int) -> float:
        """Mean of one entry for a layer with these fans."""
        return float(self._mean(*_check_fans(fan_in, fan_out)))

    def std(self, fan_in: int, fan_out: int) -> float:
        """Theoretical std of one entry for a layer with these fans."""
        return float(self._std(*_check_fans(fan_in, fan_out)))

    def bound(self, fan_in: int, fan_out: int) -> float | None:
        """The largest |w| a draw can reach (a uniform's half-width, a truncation limit); None if unbounded."""
        bound = self._bound(*_check_fans(fan_in, fan_out))
        return None if bound is None else float(bound)

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return self.law(fan_in, fan_out)._mean(fan_in, fan_out)

    def _std(self, fan_in: int, fan_out: int) -> float:
        return self.law(fan_in, fan_out)._std(fan_in, fan_out)

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return self.law(fan_in, fan_out)._bound(fan_in, fan_out)

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        return self.law(fan_in, fan_out)._draw(shape, rng, fan_in, fan_out)

    # -- sampling -----------------------------------------------------------------------------------------

    def sample(
        self,
        shape: Sequence[int],
        rng: np.random.Generator | Sequence[np.random.Generator],
        fan_in: int | None = None,
        fan_out: int | None = None,
    ) -> np.ndarray:
        """Draw a float64 array of ``shape``: ``(n,)``, ``(n_out, n_in)`` or ``(P, n_out, n_in)``.

        ``rng`` is one ``numpy.random.Generator`` or, for a population, a sequence of P of them (one per
        member, ``default_rng(seed_p)``): member p is then exactly what ``sample(shape[1:], rng[p])`` draws
        alone. With one Generator and a 3-D shape, the P members are drawn one after another from it.
        Fans default to the member's last two axes (``fan_in = n_in``, ``fan_out = n_out``; ``(n,)`` gives n
        and n). A bias ``(n_out, 1)`` is drawn with its layer's fans passed explicitly, so that
        ``torch_default``'s bias is ``U(±1/√fan_in)`` of its layer. Orthogonal and identity follow the shape.
        """
        shape = check_shape(shape)
        if isinstance(rng, np.random.Generator):
            members = [rng] * shape[0] if len(shape) == 3 else None
        else:
            members = _check_rngs(rng, shape)
        member_shape = shape if members is None else shape[1:]
        default_in, default_out = fans(member_shape)
        fan_in, fan_out = _check_fans(
            default_in if fan_in is None else fan_in, default_out if fan_out is None else fan_out
        )
        if members is None:
            return self._draw(member_shape, rng, fan_in, fan_out)  # type: ignore[arg-type]
        out = np.empty(shape, dtype=np.float64)
        for p, member_rng in enumerate(members):
            out[p] = self._draw(member_shape, member_rng, fan_in, fan_out)
        return out


def _param(f: Field[Any]) -> str:
    """A parameter's name in specs and configs: its field's, less a trailing "_" (``std_`` is ``std``, which
    would otherwise hide the :meth:`Initializer.std` method)."""
    return f.name.rstrip("_")


def _check_fans(fan_in: object, fan_out: object) -> tuple[int, int]:
    checked = []
    for label, fan in (("fan_in", fan_in), ("fan_out", fan_out)):
        try:
            value = operator.index(fan)  # type: ignore[arg-type]
        except TypeError:
            value = 0
        if value < 1 or isinstance(fan, bool):
            raise ConfigError(f"{label} must be a positive integer, got {fan!r}")
        checked.append(value)
    return checked[0], checked[1]


def _check_rngs(rngs: object, shape: tuple[int, ...]) -> list[np.random.Generator]:
    if (
        not isinstance(rngs, Sequence)
        or isinstance(rngs, str)
        or not all(isinstance(g, np.random.Generator) for g in rngs)
    ):
        raise ConfigError(
            f"rng must be a numpy.random.Generator or a sequence of them (one per member), got {type(rngs).__name__}"
        )
    if len(shape) < 2 or len(rngs) != shape[0]:
        raise ConfigError(f"{len(rngs)} generators for shape {shape}: give one per member of a (P, …) shape")
    return list(rngs)


# -- parameter checks, run once when an initializer is made ---------------------------------------------------


def _set(init: Initializer, param: str, value: object) -> None:
    object.__setattr__(init, param, value)  # the dataclasses are frozen; checks normalise once, here


def _number(init: Initializer, field: str, minimum: float | None = None, positive: bool = False) -> float:
    value, param = getattr(init, field), field.rstrip("_")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise SpecError(f"{init.name}: {param} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise SpecError(f"{init.name}: {param} must be finite, got {value!r}")
    if positive and value <= 0:
        raise SpecError(f"{init.name}: {param} must be > 0, got {value!r}")
    if minimum is not None and value < minimum:
        raise SpecError(f"{init.name}: {param} must be >= {minimum:g}, got {value!r}")
    _set(init, field, value)
    return value


def _choice(init: Initializer, param: str, allowed: Sequence[str]) -> str:
    value = getattr(init, param)
    if value not in allowed or not isinstance(value, str):
        raise SpecError(f"{init.name}: {param} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _flag(init: Initializer, param: str) -> bool:
    value = getattr(init, param)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    if not isinstance(value, bool | np.bool_):
        raise SpecError(f"{init.name}: {param} must be True or False, got {value!r}")
    _set(init, param, bool(value))
    return bool(value)


def _gain(init: Initializer, param: str = "gain") -> float:
    """A gain parameter: a number > 0, or a nonlinearity's gain kept by name ("tanh", "leaky_relu(0.2)")."""
    value = getattr(init, param)
    if isinstance(value, str):
        name, args, _ = split_spec(value, what="gain")
        if name not in GAIN_NAMES:
            raise unknown_name(f"gain of {init.name}", name, GAIN_NAMES)
        gain = gain_value(value)
        _set(init, param, format_spec(name, tuple(float(a) for a in args)))  # leaky_relu(1) -> leaky_relu(1.0)
        return gain
    return _number(init, param, positive=True)


def _fan(mode: str, fan_in: int, fan_out: int) -> float:
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


def _phi(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def _Phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def truncated_moments(low: float, high: float) -> tuple[float, float, float]:
    """``(mean, std, mass)`` of a standard normal truncated to ``[low, high]``.

    With ``Z = Φ(high) − Φ(low)``: mean ``(φ(low) − φ(high)) / Z``, variance
    ``1 + (low·φ(low) − high·φ(high)) / Z − mean²``. For ±2 the std is 0.87962566103423978 (Keras's constant).
    """
    mass = _Phi(high) - _Phi(low)
    mean = (_phi(low) - _phi(high)) / mass
    variance = 1.0 + (low * _phi(low) - high * _phi(high)) / mass - mean**2
    return mean, math.sqrt(variance), mass


# -- the fan-free laws ----------------------------------------------------------------------------------------


@_scheme
class Constant(Initializer):
    """Every entry equals ``value``.

    ``constant(0)`` is the articles' zero init: every unit of a layer computes the same thing and gets the same
    gradient, so they never become different (the symmetry problem). Source: ``torch.nn.init.constant_``,
    ``keras.initializers.Constant`` (default value 0 as Keras).
    """

    value: float = 0.0

    name: ClassVar[str] = "constant"
    formula: ClassVar[str] = "w = value"
    torch: ClassVar[str] = "nn.init.constant_(w, value)"
    keras: ClassVar[str] = "Constant(value)"
    source: ClassVar[str] = "PyTorch constant_, Keras Constant"
    random: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _number(self, "value")

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return self.value

    def _std(self, fan_in: int, fan_out: int) -> float:
        return 0.0

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return None

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        return np.full(shape, self.value, dtype=np.float64)


@dataclass(frozen=True, repr=False, init=False)
class Normal(Initializer):
    """``N(mean, std²)``: the articles' "random init at a chosen scale" (std 0.01, 0.05 or 1).

    Defaults mean 0, std 1 as PyTorch's ``normal_``; Keras's ``RandomNormal`` defaults to std 0.05.
    Source: ``torch.nn.init.normal_``, ``keras.initializers.RandomNormal``.
    """

    mean_: float = 0.0
    std_: float = 1.0

    name: ClassVar[str] = "normal"
    aliases: ClassVar[tuple[str, ...]] = ("random_normal",)
    formula: ClassVar[str] = "N(mean, std²)"
    torch: ClassVar[str] = "nn.init.normal_(w, mean, std)"
    keras: ClassVar[str] = "RandomNormal(mean, stddev)"
    source: ClassVar[str] = "PyTorch normal_, Keras RandomNormal"

    def __init__(self, mean: float = 0.0, std: float = 1.0) -> None:
        _set(self, "mean_", mean)
        _set(self, "std_", std)
        _number(self, "mean_")
        _number(self, "std_", minimum=0.0)

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return self.mean_

    def _std(self, fan_in: int, fan_out: int) -> float:
        return self.std_

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return None

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        return rng.normal(self.mean_, self.std_, shape)


@_scheme
class Uniform(Initializer):
    """``U(low, high)``, or ``U(±limit)`` written ``uniform(limit=0.05)`` (or ``uniform(0.05)``).

    Defaults ±0.05 as Keras's ``RandomUniform``; PyTorch's ``uniform_`` defaults to U(0, 1). Std
    ``(high − low)/√12``. Source: ``torch.nn.init.uniform_``, ``keras.initializers.RandomUniform``.
    """

    low: float = -0.05
    high: float = 0.05

    name: ClassVar[str] = "uniform"
    aliases: ClassVar[tuple[str, ...]] = ("random_uniform",)
    formula: ClassVar[str] = "U(low, high); U(±limit)"
    torch: ClassVar[str] = "nn.init.uniform_(w, a=low, b=high)"
    keras: ClassVar[str] = "RandomUniform(minval=low, maxval=high)"
    source: ClassVar[str] = "PyTorch uniform_, Keras RandomUniform"

    def __post_init__(self) -> None:
        low, high = _number(self, "low"), _number(self, "high")
        if low > high:
            raise SpecError(f"uniform: low must be <= high, got low={low!r}, high={high!r}")

    @classmethod
    def _from_arguments(cls, args: tuple[Value, ...], kwargs: Mapping[str, Value]) -> Initializer:
        kwargs = dict(kwargs)
        if len(args) == 1 and not kwargs:
            kwargs, args = {"limit": args[0]}, ()
        if "limit" in kwargs:
            limit = kwargs.pop("limit")
            if args or kwargs:
                raise SpecError("uniform takes either limit or low/high, not both")
            if isinstance(limit, bool) or not isinstance(limit, numbers.Real) or not math.isfinite(limit):
                raise SpecError(f"uniform: limit must be a finite number, got {limit!r}")
            if limit < 0:
                raise SpecError(f"uniform: limit must be >= 0, got {float(limit)!r}")
            kwargs = {"low": -float(limit), "high": float(limit)}
        return super()._from_arguments(args, kwargs)

    @property
    def spec(self) -> str:
        if self.low == -self.high and self != Uniform():
            return format_spec(self.name, kwargs={"limit": self.high})
        return super().spec

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return (self.low + self.high) / 2

    def _std(self, fan_in: int, fan_out: int) -> float:
        return (self.high - self.low) / math.sqrt(12.0)

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return max(abs(self.low), abs(self.high))

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, shape)


@dataclass(frozen=True, repr=False, init=False)
class TruncatedNormal(Initializer):
    """``N(mean, σ²)`` with draws outside ``[mean + low·σ, mean + high·σ]`` redrawn; bounds in std units.

    ``σ = std`` (``corrected=False``, as Keras's ``TruncatedNormal`` and PyTorch's ``trunc_normal_``), or
    ``σ = std / c`` (``corrected=True``) where ``c`` is the std of a standard normal truncated to
    ``[low, high]`` (:func:`truncated_moments`; ``c = 0.87962566103423978`` for ±2, the constant of Keras's
    ``VarianceScaling``), so that the entries' std is ``std``. Sampled by rejection from the given Generator.
    PyTorch's ``trunc_normal_(w, mean, std, a, b)`` takes absolute bounds: ``a = mean + low·std``.
    Source: Keras ``TruncatedNormal`` (±2σ, uncorrected), PyTorch ``trunc_normal_``.
    """

    mean_: float = 0.0
    std_: float = 1.0
    low: float = -2.0
    high: float = 2.0
    corrected: bool = False

    name: ClassVar[str] = "truncated_normal"
    formula: ClassVar[str] = "N(mean, σ²) redrawn outside mean + [low, high]·σ; σ = std, or std/c(low, high) corrected"
    torch: ClassVar[str] = "nn.init.trunc_normal_(w, mean, std, a=mean+low·std, b=mean+high·std)  (uncorrected)"
    keras: ClassVar[str] = "TruncatedNormal(mean, stddev)  (low=-2, high=2, uncorrected)"
    source: ClassVar[str] = "Keras TruncatedNormal and VarianceScaling, PyTorch trunc_normal_"

    def __init__(
        self, mean: float = 0.0, std: float = 1.0, low: float = -2.0, high: float = 2.0, corrected: bool = False
    ) -> None:
        for field, value in zip(
            ("mean_", "std_", "low", "high", "corrected"), (mean, std, low, high, corrected), strict=True
        ):
            _set(self, field, value)
        _number(self, "mean_")
        _number(self, "std_", minimum=0.0)
        low, high = _number(self, "low"), _number(self, "high")
        _flag(self, "corrected")
        if not low < high:
            raise SpecError(f"truncated_normal: bounds must increase, low < high; got low={low!r}, high={high!r}")
        mass = truncated_moments(low, high)[2]
        if mass < MIN_TRUNCATED_MASS:
            raise SpecError(
                f"truncated_normal: [{low!r}, {high!r}] keeps only {mass:.2g} of the normal's mass; "
                f"rejection sampling needs at least {MIN_TRUNCATED_MASS:g}"
            )

    @property
    def scale(self) -> float:
        """σ, the std of the normal before truncation."""
        return self.std_ / truncated_moments(self.low, self.high)[1] if self.corrected else self.std_

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return self.mean_ + self.scale * truncated_moments(self.low, self.high)[0]

    def _std(self, fan_in: int, fan_out: int) -> float:
        return self.std_ if self.corrected else self.std_ * truncated_moments(self.low, self.high)[1]

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return max(abs(self.mean_ + self.low * self.scale), abs(self.mean_ + self.high * self.scale))

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        z = rng.standard_normal(shape)
        flat = z.reshape(-1)
        redraw = np.flatnonzero((flat < self.low) | (flat > self.high))
        while redraw.size:  # only the rejected entries are redrawn: about size/mass draws in all
            flat[redraw] = rng.standard_normal(redraw.size)
            redraw = redraw[(flat[redraw] < self.low) | (flat[redraw] > self.high)]
        return self.mean_ + self.scale * z


# -- constants by name ------------------------------------------------------------------------------------------


@_scheme
class Zeros(Initializer):
    """``w = 0``. The articles' zero init: with W = 0 every hidden unit stays identical (symmetry); b = 0 is
    the usual bias. Source: ``torch.nn.init.zeros_``, ``keras.initializers.Zeros``."""

    name: ClassVar[str] = "zeros"
    aliases: ClassVar[tuple[str, ...]] = ("zero",)
    formula: ClassVar[str] = "w = 0"
    torch: ClassVar[str] = "nn.init.zeros_(w)"
    keras: ClassVar[str] = "Zeros()"
    source: ClassVar[str] = "PyTorch zeros_, Keras Zeros"
    random: ClassVar[bool] = False

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        return Constant(0.0)


@_scheme
class Ones(Initializer):
    """``w = 1``. Source: ``torch.nn.init.ones_``, ``keras.initializers.Ones``."""

    name: ClassVar[str] = "ones"
    aliases: ClassVar[tuple[str, ...]] = ("one",)
    formula: ClassVar[str] = "w = 1"
    torch: ClassVar[str] = "nn.init.ones_(w)"
    keras: ClassVar[str] = "Ones()"
    source: ClassVar[str] = "PyTorch ones_, Keras Ones"
    random: ClassVar[bool] = False

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        return Constant(1.0)


# -- fan-scaled schemes -----------------------------------------------------------------------------------------


@_scheme
class Standard(Initializer):
    """``U(±1/√fan_in)``: the "commonly used heuristic" Glorot & Bengio (2010, eq. 1) start from.

    Its variance ``1/(3·fan_in)`` shrinks the signal by 1/3 per layer, which is why they propose
    :class:`GlorotUniform`. Numerically the same law as :class:`TorchDefault`.
    Source: Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural networks",
    AISTATS 2010.
    """

    name: ClassVar[str] = "standard"
    formula: ClassVar[str] = "U(±1/√fan_in)"
    torch: ClassVar[str] = "nn.init.uniform_(w, -1/√fan_in, 1/√fan_in)"
    keras: ClassVar[str] = "VarianceScaling(scale=1/3, mode='fan_in', distribution='uniform')"
    source: ClassVar[str] = "Glorot & Bengio 2010, eq. (1)"

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        limit = 1.0 / math.sqrt(fan_in)
        return Uniform(-limit, limit)


@_scheme
class TorchDefault(Standard):
    """PyTorch's ``nn.Linear`` default: ``W ~ kaiming_uniform_(a=√5)``, ``b ~ U(±1/√fan_in)``; both ``U(±1/√fan_in)``.

    ``kaiming_uniform_`` with ``a = √5`` has gain ``√(2/(1+5)) = √(1/3)`` and bound ``gain·√(3/fan_in)
    = 1/√fan_in``: the weight law is :class:`Standard`'s, and so is the bias's when it is drawn with its
    layer's ``fan_in`` (pass ``fan_in=n_in`` to :meth:`Initializer.sample` for a ``(n_out, 1)`` bias, as the
    engine does). Source: ``torch.nn.Linear.reset_parameters``.
    """

    name: ClassVar[str] = "torch_default"
    aliases: ClassVar[tuple[str, ...]] = ("pytorch_default",)
    formula: ClassVar[str] = "U(±1/√fan_in) for W and b  (kaiming_uniform a=√5: √(1/3)·√(3/fan_in))"
    torch: ClassVar[str] = "nn.Linear default: kaiming_uniform_(w, a=√5); uniform_(b, ±1/√fan_in)"
    keras: ClassVar[str] = (
        "W: VarianceScaling(scale=1/3, mode='fan_in', distribution='uniform'); "
        "b: none (a Keras bias initializer sees only (n_out,))"
    )
    source: ClassVar[str] = "PyTorch nn.Linear.reset_parameters"


@_scheme
class GlorotNormal(Initializer):
    """``N(0, gain²·2/(fan_in + fan_out))``: Xavier/Glorot normal.

    Keeps the variance of activations (forward, fan_in) and of gradients (backward, fan_out) as a compromise
    ``Var(w) = 2/(fan_in + fan_out)``. ``gain`` is a number or a nonlinearity (``gain=tanh``). Draws a plain
    normal like PyTorch's ``xavier_normal_``; Keras's ``GlorotNormal`` draws a truncated normal (±2σ) with the
    same std. Source: Glorot & Bengio, AISTATS 2010.
    """

    gain: float | str = 1.0

    name: ClassVar[str] = "glorot_normal"
    aliases: ClassVar[tuple[str, ...]] = ("xavier_normal",)
    formula: ClassVar[str] = "N(0, gain²·2/(fan_in+fan_out))"
    torch: ClassVar[str] = "nn.init.xavier_normal_(w, gain)"
    keras: ClassVar[str] = (
        "VarianceScaling(scale=gain², mode='fan_avg', distribution='untruncated_normal'); "
        "GlorotNormal() is truncated with the same std"
    )
    source: ClassVar[str] = "Glorot & Bengio 2010"

    def __post_init__(self) -> None:
        _gain(self)

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        return Normal(0.0, gain_value(self.gain) * math.sqrt(2.0 / (fan_in + fan_out)))


@_scheme
class GlorotUniform(Initializer):
    """``U(±gain·√(6/(fan_in + fan_out)))``: Xavier/Glorot uniform, the "normalized initialization".

    Same variance as :class:`GlorotNormal`, ``2/(fan_in + fan_out)``. Article 004 prints the bound as
    ``ε = √6/(S_l + S_{l+1})``, a misprint: Glorot & Bengio's eq. (16) is ``√6/√(n_j + n_{j+1})``, the square
    root over the sum. Source: Glorot & Bengio, AISTATS 2010, eq. (16); PyTorch ``xavier_uniform_``,
    Keras ``GlorotUniform``.
    """

    gain: float | str = 1.0

    name: ClassVar[str] = "glorot_uniform"
    aliases: ClassVar[tuple[str, ...]] = ("xavier_uniform",)
    formula: ClassVar[str] = "U(±gain·√(6/(fan_in+fan_out)))  (not article 004's misprint √6/(S_l+S_{l+1}))"
    torch: ClassVar[str] = "nn.init.xavier_uniform_(w, gain)"
    keras: ClassVar[str] = (
        "GlorotUniform() (gain 1); VarianceScaling(scale=gain², mode='fan_avg', distribution='uniform')"
    )
    source: ClassVar[str] = "Glorot & Bengio 2010, eq. (16)"

    def __post_init__(self) -> None:
        _gain(self)

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        limit = gain_value(self.gain) * math.sqrt(6.0 / (fan_in + fan_out))
        return Uniform(-limit, limit)


@_scheme
class _He(Initializer):
    slope: float = 0.0
    mode: str = "fan_in"
    nonlinearity: str = "leaky_relu"

    def __post_init__(self) -> None:
        _number(self, "slope")
        _choice(self, "mode", MODES)
        _choice(self, "nonlinearity", GAIN_NAMES)

    @property
    def gain(self) -> float:
        """``calculate_gain(nonlinearity, slope)``: √(2/(1+slope²)) for the default leaky_relu."""
        return calculate_gain(self.nonlinearity, self.slope)


@_scheme
class HeNormal(_He):
    """``N(0, gain²/fan)``, ``gain = √(2/(1 + slope²))``, ``fan = fan_in`` (or fan_out, fan_avg by ``mode``).

    He/Kaiming normal: a ReLU zeroes half its inputs, so the weights need twice LeCun's variance to keep the
    signal's second moment through depth (``slope`` is a leaky ReLU's negative slope). As PyTorch's
    ``kaiming_normal_(w, a=slope, mode, nonlinearity)``: another ``nonlinearity`` takes its
    :func:`~initlab.init.gains.calculate_gain` instead (relu ignores the slope). ``mode=fan_avg`` is ours.
    Plain normal like PyTorch; Keras's ``HeNormal`` is truncated (±2σ) with the same std.
    Source: He, Zhang, Ren & Sun, "Delving Deep into Rectifiers", ICCV 2015.
    """

    name: ClassVar[str] = "he_normal"
    aliases: ClassVar[tuple[str, ...]] = ("kaiming_normal",)
    formula: ClassVar[str] = "N(0, gain²/fan), gain = √(2/(1+slope²)), fan = fan_in (mode)"
    torch: ClassVar[str] = "nn.init.kaiming_normal_(w, a=slope, mode, nonlinearity)"
    keras: ClassVar[str] = (
        "VarianceScaling(scale=gain², mode, distribution='untruncated_normal'); "
        "HeNormal() is truncated with the same std"
    )
    source: ClassVar[str] = "He et al. 2015"

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        return Normal(0.0, self.gain / math.sqrt(_fan(self.mode, fan_in, fan_out)))


@_scheme
class HeUniform(_He):
    """``U(±gain·√(3/fan))``, ``gain = √(2/(1 + slope²))``: He/Kaiming uniform, the variance of :class:`HeNormal`.

    As PyTorch's ``kaiming_uniform_(w, a=slope, mode, nonlinearity)`` and Keras's ``HeUniform`` (slope 0,
    fan_in). Source: He et al., ICCV 2015.
    """

    name: ClassVar[str] = "he_uniform"
    aliases: ClassVar[tuple[str, ...]] = ("kaiming_uniform",)
    formula: ClassVar[str] = "U(±gain·√(3/fan)), gain = √(2/(1+slope²)), fan = fan_in (mode)"
    torch: ClassVar[str] = "nn.init.kaiming_uniform_(w, a=slope, mode, nonlinearity)"
    keras: ClassVar[str] = "HeUniform() (slope 0, fan_in); VarianceScaling(scale=gain², mode, distribution='uniform')"
    source: ClassVar[str] = "He et al. 2015"

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        limit = self.gain * math.sqrt(3.0 / _fan(self.mode, fan_in, fan_out))
        return Uniform(-limit, limit)


@_scheme
class LecunNormal(Initializer):
    """``N(0, 1/fan_in)``: keeps a linear layer's output variance equal to its input's.

    Plain normal, as PyTorch's ``kaiming_normal_(w, nonlinearity='linear')``; Keras's ``LecunNormal`` is
    truncated (±2σ) with the same std. Source: LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998.
    """

    name: ClassVar[str] = "lecun_normal"
    formula: ClassVar[str] = "N(0, 1/fan_in)"
    torch: ClassVar[str] = "nn.init.kaiming_normal_(w, nonlinearity='linear')"
    keras: ClassVar[str] = (
        "VarianceScaling(scale=1, mode='fan_in', distribution='untruncated_normal'); "
        "LecunNormal() is truncated with the same std"
    )
    source: ClassVar[str] = "LeCun et al. 1998"

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        return Normal(0.0, 1.0 / math.sqrt(fan_in))


@_scheme
class LecunUniform(Initializer):
    """``U(±√(3/fan_in))``: the variance of :class:`LecunNormal`.

    Source: LeCun et al. 1998; PyTorch ``kaiming_uniform_(w, nonlinearity='linear')``, Keras ``LecunUniform``.
    """

    name: ClassVar[str] = "lecun_uniform"
    formula: ClassVar[str] = "U(±√(3/fan_in))"
    torch: ClassVar[str] = "nn.init.kaiming_uniform_(w, nonlinearity='linear')"
    keras: ClassVar[str] = "LecunUniform()"
    source: ClassVar[str] = "LeCun et al. 1998"

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        limit = math.sqrt(3.0 / fan_in)
        return Uniform(-limit, limit)


@_scheme
class VarianceScaling(Initializer):
    """Keras's ``VarianceScaling``: variance ``σ² = scale/fan``, ``fan`` = fan_in, fan_out or their mean.

    ``distribution``: ``normal`` draws ``N(0, σ²)`` (Keras's ``'untruncated_normal'``; that name is accepted);
    ``uniform`` draws ``U(±√(3·σ²))``; ``truncated_normal`` (the default, as Keras) draws ``N(0, (σ/c)²)``
    truncated at ``±2σ/c`` with ``c = 0.87962566103423978``, so that the entries' std is σ. Every fan-scaled
    scheme is one of these: he_normal = (2, fan_in, normal), glorot_uniform = (1, fan_avg, uniform),
    lecun_normal = (1, fan_in, normal). Source: Keras ``keras.initializers.VarianceScaling``.
    """

    scale: float = 1.0
    mode: str = "fan_in"
    distribution: str = "truncated_normal"

    name: ClassVar[str] = "variance_scaling"
    formula: ClassVar[str] = "σ² = scale/fan(mode); N(0, σ²) | U(±√3·σ) | N(0, (σ/0.8796)²) truncated at ±2σ/0.8796"
    torch: ClassVar[str] = "none (normal/uniform: kaiming_*_ with gain √scale)"
    keras: ClassVar[str] = "VarianceScaling(scale, mode, distribution)"
    source: ClassVar[str] = "Keras VarianceScaling"

    def __post_init__(self) -> None:
        _number(self, "scale", positive=True)
        _choice(self, "mode", MODES)
        if self.distribution == "untruncated_normal":
            _set(self, "distribution", "normal")
        _choice(self, "distribution", DISTRIBUTIONS)

    def law(self, fan_in: int, fan_out: int) -> Initializer:
        std = math.sqrt(self.scale / max(1.0, _fan(self.mode, fan_in, fan_out)))
        if self.distribution == "normal":
            return Normal(0.0, std)
        if self.distribution == "uniform":
            return Uniform(-math.sqrt(3.0) * std, math.sqrt(3.0) * std)
        return TruncatedNormal(0.0, std, -2.0, 2.0, corrected=True)


# -- shape-dependent schemes ----------------------------------------------------------------------------------


def _matrix_shape(init: Initializer, shape: tuple[int, ...]) -> tuple[int, int]:
    if len(shape) != 2:
        raise ShapeError(f"{init.name} needs a matrix shape (n_out, n_in) per member, got {shape}")
    return shape[0], shape[1]


@_scheme
class Orthogonal(Initializer):
    """``gain·Q`` with ``Q`` orthonormal rows (wide W) or columns (tall W), uniform over such matrices.

    As PyTorch's ``orthogonal_``: draw a Gaussian ``(n_out, n_in)``, transpose it if it is wide, take its QR
    decomposition, multiply Q's columns by ``sign(diag R)`` (without this Q is not Haar-distributed), transpose
    back and scale by ``gain``. Then ``W Wᵀ = gain²·I`` (wide or square) or ``Wᵀ W = gain²·I`` (tall), and the
    entries' RMS is ``gain/√max(fan_in, fan_out)``, the value :meth:`std` reports. Depends on the shape, not the
    fans. Source: Saxe, McClelland & Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep
    linear neural networks", ICLR 2014; PyTorch ``orthogonal_``, Keras ``Orthogonal``.
    """

    gain: float | str = 1.0

    name: ClassVar[str] = "orthogonal"
    formula: ClassVar[str] = "gain·Q, Q from the QR of a Gaussian matrix, columns signed by diag R"
    torch: ClassVar[str] = "nn.init.orthogonal_(w, gain)"
    keras: ClassVar[str] = "Orthogonal(gain)"
    source: ClassVar[str] = "Saxe et al. 2014"

    def __post_init__(self) -> None:
        _gain(self)

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return 0.0

    def _std(self, fan_in: int, fan_out: int) -> float:
        return gain_value(self.gain) / math.sqrt(max(fan_in, fan_out))

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return None

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        rows, cols = _matrix_shape(self, shape)
        gaussian = rng.standard_normal((rows, cols))
        if rows < cols:
            gaussian = gaussian.T
        q, r = np.linalg.qr(gaussian)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return gain_value(self.gain) * q


@_scheme
class Identity(Initializer):
    """``gain·I``: ones on the diagonal of ``(n_out, n_in)``, zeros elsewhere (non-square too).

    Used for recurrent ReLU nets (IRNN). Not random; its :meth:`mean` and :meth:`std` are those of an entry
    picked at random from the matrix (a fraction ``min(n_out, n_in)/(n_out·n_in)`` of them are ``gain``), with
    the fans read as the shape. Source: Le, Jaitly & Hinton, "A Simple Way to Initialize Recurrent Networks of
    Rectified Linear Units", 2015; PyTorch ``eye_``, Keras ``Identity``.
    """

    gain: float | str = 1.0

    name: ClassVar[str] = "identity"
    aliases: ClassVar[tuple[str, ...]] = ("eye",)
    formula: ClassVar[str] = "gain·I (n_out × n_in)"
    torch: ClassVar[str] = "nn.init.eye_(w) then w *= gain"
    keras: ClassVar[str] = "Identity(gain)"
    source: ClassVar[str] = "Le et al. 2015"
    random: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _gain(self)

    def _diagonal_fraction(self, fan_in: int, fan_out: int) -> float:
        return min(fan_in, fan_out) / (fan_in * fan_out)

    def _mean(self, fan_in: int, fan_out: int) -> float:
        return gain_value(self.gain) * self._diagonal_fraction(fan_in, fan_out)

    def _std(self, fan_in: int, fan_out: int) -> float:
        p = self._diagonal_fraction(fan_in, fan_out)
        return gain_value(self.gain) * math.sqrt(p * (1.0 - p))

    def _bound(self, fan_in: int, fan_out: int) -> float | None:
        return None

    def _draw(self, shape: tuple[int, ...], rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
        rows, cols = _matrix_shape(self, shape)
        return gain_value(self.gain) * np.eye(rows, cols)


# -- the registry ----------------------------------------------------------------------------------------------

SCHEMES: tuple[type[Initializer], ...] = (
    Zeros,
    Ones,
    Constant,
    Normal,
    Uniform,
    TruncatedNormal,
    Standard,
    TorchDefault,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    VarianceScaling,
    Orthogonal,
    Identity,
)
"""Every scheme, in the catalog's order."""

_BY_NAME: dict[str, type[Initializer]] = {n: cls for cls in SCHEMES for n in (cls.name, *cls.aliases)}


def lookup(name: str) -> type[Initializer]:
    """The scheme class for a name or alias (case-insensitive); UnknownNameError with did-you-mean otherwise."""
    cls = _BY_NAME.get(name.lower()) if isinstance(name, str) else None
    if cls is None:
        raise unknown_name("initializer", name, _BY_NAME)
    return cls
