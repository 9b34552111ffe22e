"""Activations and gradients through depth, for each initialization, next to the mean-field prediction.

Article 002 builds a 6-layer tanh MLP (100 units per layer, 1000 inputs from N(0, 1)) and looks at each
layer's activations for weights from N(0, 0.01²), N(0, 1) and N(0, 0.05²): they collapse to 0, saturate at
±1, or stay usable; then Xavier with tanh and with ReLU, He with ReLU, and Batch Normalization. This study
runs those networks and measures every layer, forward and backward, with :func:`initlab.probe.probe`.

**The network.** ``Network([width] * (depth + 1), activation, loss=None, weight_init=spec, bias_init="zeros",
batchnorm=…, seeds=…)``: ``depth`` hidden layers of ``width`` units fed with X (width, samples) ~ N(0, 1), as
the article feeds 100-dimensional inputs to 100-unit layers. BN runs in train mode (batch statistics), as the
article. Every configuration sees the same X and the same member seeds (0…P−1), so N(0, 0.01²) and N(0, 1)
draw proportional weights: what differs is the scale alone.

**The backward pass.** A stack of hidden layers has no loss; the gradient starts from a seeded random
upstream gradient dA[L] = R, R ~ N(0, 1) of shape (width, samples), the same for every member: the gradient of
a random linear read-out J = Σ R ⊙ A[L]. From there ``net.backward(dA=R)`` gives dA[l], dZ[l], dW[l].
``grad_std`` is the std of dA[l]: how much of a unit gradient at the top is left at layer l.

**The prediction.** For an init with zero mean and a known std (:func:`initlab.theory.weight_variance`:
σ_w² = std²·fan_in, so normal(std=0.05) is σ_w² = 0.25 at width 100 and 1.0 at width 400) and no BN, the
predicted pre-activation variance of layer l is the mean-field length map from q⁰ = the measured mean square
of X (:func:`initlab.theory.length_profile`); the measured one is the mean square of Z[l] over members, units
and samples (its variance over the weights' draw, mean-field's q). Inits with no known variance (constants,
identity, a nonzero mean) and BN networks get no prediction (None).

**The width sweep.** The article's "0.05 looks right" holds at one width only: the gain is 0.05·√n. The sweep
runs ``sweep_init`` with ``sweep_activation`` at several widths (forward only) and records each layer's
measured std next to the prediction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from initlab.backend import check_dtype, to_numpy
from initlab.errors import ConfigError
from initlab.init import parse
from initlab.nn import Network, get_activation
from initlab.outputs import SCHEMA_VERSION, jsonable
from initlab.probe import Probe, probe
from initlab.theory import activation_std, bias_variance, chi1, length_profile, phase_of, weight_variance

Progress = Callable[[int, int], None]

BIAS_INIT = "zeros"
"""Biases start at 0, as in the article (σ_b² = 0)."""
MAX_ENTRIES = 60_000_000
"""Largest seeds × width × samples × depth: the probe keeps Z, A, dA and dZ of every layer (≈2 GB in float64)."""


@dataclass(frozen=True)
class Case:
    """One configuration: a weight initializer spec, a hidden activation, Batch Normalization or not."""

    init: str
    activation: str
    batchnorm: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "init", parse(self.init).spec)
        object.__setattr__(self, "activation", get_activation(self.activation).spec)
        if not isinstance(self.batchnorm, bool):
            raise ConfigError(f"batchnorm must be True or False, got {self.batchnorm!r}")

    @property
    def init_label(self) -> str:
        """The init as the article writes it: N(0, 0.01²) for a zero-mean normal, the spec otherwise."""
        init = parse(self.init)
        if init.name == "normal" and init.mean(1, 1) == 0:
            return f"N(0, {init.std(1, 1):g}²)"
        return self.init

    @property
    def label(self) -> str:
        return f"{self.activation}, {self.init_label}{' + BN' if self.batchnorm else ''}"


PRESETS = (
    Case("normal(std=0.01)", "tanh"),
    Case("normal(std=1)", "tanh"),
    Case("normal(std=0.05)", "tanh"),
    Case("glorot_normal", "tanh"),
    Case("glorot_normal", "relu"),
    Case("he_normal", "relu"),
    Case("normal(std=0.01)", "tanh", batchnorm=True),
    Case("normal(std=1)", "tanh", batchnorm=True),
    Case("normal(std=1)", "sigmoid"),
    Case("glorot_normal", "sigmoid"),
)
"""Article 002's experiments, in its order, plus sigmoid ("with sigmoid the results are much the same")."""
ARTICLE_INITS = ("normal(std=0.01)", "normal(std=1)", "normal(std=0.05)", "glorot_normal", "he_normal")
"""The inits the article compares; combined with other activations when the user picks one."""


def cases_for(inits: list[str] | None, activations: list[str] | None, batchnorm: bool) -> tuple[Case, ...]:
    """The presets when nothing is chosen; otherwise every (init, activation) pair, with BN when asked.

    Missing parts default to the article's: its five inits, tanh.
    """
    if not inits and not activations and not batchnorm:
        return PRESETS
    return tuple(
        Case(init, activation, batchnorm)
        for activation in (activations or ["tanh"])
        for init in (inits or ARTICLE_INITS)
    )


def _check_int(name: str, value: Any, minimum: int, maximum: int | None = None) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < minimum:
        raise ConfigError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, got {value}")


@dataclass(frozen=True)
class Config:
    """The study: configurations, depth, width, samples, seeds (members 0…seeds−1), data seed and dtype.

    ``seed`` draws X and the upstream gradient R. ``backward=False`` runs the forward pass only (the gradient
    statistics are then None). ``sweep_widths`` may be empty (no sweep).
    """

    cases: tuple[Case, ...] = PRESETS
    depth: int = 6
    width: int = 100
    samples: int = 1000
    seeds: int = 1
    seed: int = 0
    dtype: str = "float64"
    backward: bool = True
    sweep_init: str = "normal(std=0.05)"
    sweep_activation: str = "tanh"
    sweep_widths: tuple[int, ...] = (25, 50, 100, 200, 400)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cases", tuple(self.cases))
        if not self.cases:
            raise ConfigError("give at least one configuration (init, activation)")
        for case in self.cases:
            if not isinstance(case, Case):
                raise ConfigError(f"cases must be Case objects, got {case!r}")
        if len(set(self.cases)) != len(self.cases):
            raise ConfigError(f"configurations must not repeat; got {', '.join(c.label for c in self.cases)}")
        _check_int("depth", self.depth, 1, 100)
        _check_int("width", self.width, 1, 4096)
        _check_int("samples", self.samples, 2)
        _check_int("seeds", self.seeds, 1, 1000)
        _check_int("seed", self.seed, 0)
        check_dtype(self.dtype)
        if not isinstance(self.backward, bool):
            raise ConfigError(f"backward must be True or False, got {self.backward!r}")
        object.__setattr__(self, "sweep_init", parse(self.sweep_init).spec)
        object.__setattr__(self, "sweep_activation", get_activation(self.sweep_activation).spec)
        object.__setattr__(self, "sweep_widths", tuple(self.sweep_widths))
        for width in self.sweep_widths:
            _check_int("sweep width", width, 1, 4096)
        for width in (self.width, *self.sweep_widths):
            entries = self.seeds * width * self.samples * self.depth
            if entries > MAX_ENTRIES:
                raise ConfigError(
                    f"seeds × width × samples × depth must be at most {MAX_ENTRIES:,} (memory); got {entries:,} "
                    f"for width {width}"
                )

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class CaseResult:
    """One configuration: the probe of its network and, where the theory applies, the per-layer prediction."""

    case: Case
    sigma_w2: float | None
    sigma_b2: float | None
    chi1: float | None
    phase: str | None
    q0: float
    predicted_preact_var: list[float] | None
    predicted_act_std: list[float] | None
    probe: Probe

    def layers(self) -> list[dict[str, Any]]:
        """The per-layer summary the CLI's ``--json`` documents (and a few more keys)."""
        rows = []
        for i, layer in enumerate(self.probe.layers):
            rows.append(
                {
                    "layer": layer.layer,
                    "act_mean": layer.A.mean,
                    "act_std": layer.A.std,
                    "saturated_fraction": layer.A.saturated_fraction,
                    "zero_fraction": layer.A.zero_fraction,
                    "dead_units": layer.dead_units,
                    "grad_std": layer.dA.std if layer.dA is not None else None,
                    "weight_grad_std": layer.dW.std if layer.dW is not None else None,
                    "predicted_preact_var": None if self.predicted_preact_var is None
                    else self.predicted_preact_var[i],
                    "preact_var": layer.Z.mean_square,
                    "predicted_act_std": None if self.predicted_act_std is None else self.predicted_act_std[i],
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                **asdict(self.case),
                "label": self.case.label,
                "sigma_w2": self.sigma_w2,
                "sigma_b2": self.sigma_b2,
                "chi1": self.chi1,
                "phase": self.phase,
                "q0": self.q0,
                "layers": self.layers(),
                "probe": self.probe.to_dict(),
            }
        )


@dataclass
class SweepPoint:
    """``sweep_init`` at one width: σ_w² and χ₁ there, each layer's measured and predicted statistics."""

    width: int
    sigma_w2: float | None
    chi1: float | None
    phase: str | None
    act_std: list[float]
    preact_var: list[float]
    predicted_act_std: list[float] | None
    predicted_preact_var: list[float] | None

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class Result:
    config: Config
    cases: list[CaseResult]
    sweep: list[SweepPoint] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "config": self.config.to_dict(),
            "configs": [case.to_dict() for case in self.cases],
            "width_sweep": {
                "init": self.config.sweep_init,
                "activation": self.config.sweep_activation,
                "points": [point.to_dict() for point in self.sweep],
            },
        }


def run(config: Config = Config(), progress: Progress | None = None) -> Result:
    """Build, run forward and backward, and probe every configuration; then the width sweep."""
    total = len(config.cases) + len(config.sweep_widths)
    rng = np.random.default_rng(config.seed)
    X = rng.standard_normal((config.width, config.samples))
    R = rng.standard_normal((config.width, config.samples))
    results = []
    for done, case in enumerate(config.cases, 1):
        net = _network(config, case.init, case.activation, case.batchnorm, config.width)
        net.forward(X, train=True)
        if config.backward:
            net.backward(dA=np.broadcast_to(R, (net.P, *R.shape)))
        results.append(_case_result(case, net, X, config))
        if progress:
            progress(done, total)
    sweep = []
    for done, width in enumerate(config.sweep_widths, len(config.cases) + 1):
        X_width = np.random.default_rng(config.seed).standard_normal((width, config.samples))
        net = _network(config, config.sweep_init, config.sweep_activation, False, width)
        net.forward(X_width, train=True)
        sigma_w2, sigma_b2, predicted, predicted_std = _prediction(
            config.sweep_init, config.sweep_activation, False, width, config.depth, X_width
        )
        chi_1, phase = _phase(config.sweep_activation, sigma_w2, sigma_b2, X_width)
        sweep.append(
            SweepPoint(
                width=width,
                sigma_w2=sigma_w2,
                chi1=chi_1,
                phase=phase,
                act_std=[float(np.std(to_numpy(layer.A), dtype=np.float64)) for layer in net.layers],
                preact_var=[float(np.mean(np.square(to_numpy(layer.Z), dtype=np.float64))) for layer in net.layers],
                predicted_act_std=predicted_std,
                predicted_preact_var=predicted,
            )
        )
        if progress:
            progress(done, total)
    return Result(config, results, sweep)


def _network(config: Config, init: str, activation: str, batchnorm: bool, width: int) -> Network:
    return Network(
        [width] * (config.depth + 1),
        activation,
        loss=None,
        weight_init=init,
        bias_init=BIAS_INIT,
        batchnorm=batchnorm,
        seeds=config.seeds,
        dtype=config.dtype,
    )


def _prediction(
    init: str, activation: str, batchnorm: bool, width: int, depth: int, X: np.ndarray
) -> tuple[float | None, float | None, list[float] | None, list[float] | None]:
    """(σ_w², σ_b², predicted q^1…q^depth, predicted activation std per layer); None where the theory is silent.

    A BN layer has no bias (σ_b² None) and renormalizes Z, which the length map does not model.
    """
    sigma_w2 = weight_variance(init, width, width)
    sigma_b2 = None if batchnorm else bias_variance(BIAS_INIT, width, width)
    if sigma_w2 is None or sigma_b2 is None:
        return sigma_w2, sigma_b2, None, None
    q = length_profile(activation, sigma_w2, sigma_b2, float(np.mean(np.square(X))), depth)
    return sigma_w2, sigma_b2, q, [float(s) for s in activation_std(activation, np.asarray(q))]


def _phase(
    activation: str, sigma_w2: float | None, sigma_b2: float | None, X: np.ndarray
) -> tuple[float | None, str | None]:
    """χ₁ at the fixed point reached from this input, and the phase it puts the network in."""
    if sigma_w2 is None or sigma_b2 is None:
        return None, None
    chi_1 = float(chi1(activation, sigma_w2, sigma_b2, float(np.mean(np.square(X)))))
    return chi_1, phase_of(chi_1)


def _case_result(case: Case, net: Network, X: np.ndarray, config: Config) -> CaseResult:
    sigma_w2, sigma_b2, predicted, predicted_std = _prediction(
        case.init, case.activation, case.batchnorm, config.width, config.depth, X
    )
    chi_1, phase = _phase(case.activation, sigma_w2, sigma_b2, X)
    return CaseResult(
        case=case,
        sigma_w2=sigma_w2,
        sigma_b2=sigma_b2,
        chi1=chi_1,
        phase=phase,
        q0=float(np.mean(np.square(X))),
        predicted_preact_var=predicted,
        predicted_act_std=predicted_std,
        probe=probe(net),
    )
