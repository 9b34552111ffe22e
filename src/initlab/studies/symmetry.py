"""Weight symmetry: why logistic regression may start from W = 0 and a network with a hidden layer may not.

Two parts, both on the engine (:class:`initlab.nn.Network`), one update at a time, in float64:

**The walk-through** (article 000): a 2-layer net with m = 5 samples, n0 = 3 inputs, n1 = 4 hidden units,
n2 = 2 outputs, sigmoid units, learning rate 0.01, every parameter 0, seeded X ~ N(0, 1) (3, 5) and 0/1 labels
Y (2, 5). Each update records A1, dZ2, dW2, W2, dA1, dZ1, dW1, W1 (W after the update), which gradients are
non-zero (exact comparison with 0), and which hidden units are *bitwise* identical: rows of A1, dA1, dZ1, dW1,
W1 and columns of dW2, W2. From zeros, with sigmoid hidden units:

- update 1: A1 = σ(0) = 0.5 everywhere, so dW2 = (1/m) dZ2 A1ᵀ has identical columns (0.5·mean(A2 − Y) per
  entry); W2 = 0 makes dA1 = W2ᵀ dZ2 = 0, so dW1 = db1 = 0: W1 gets no gradient;
- from update 2 on: W2's identical columns make dA1's rows identical, hence dZ1's and dW1's rows: W1's rows
  stay identical, A1's rows too, and so W2's columns again — forever.

The walk-through's m = 5 is odd, so its labels cannot be balanced. With balanced labels (mean(Y) = 0.5 per
output) update 1 gives dZ2 = 0.5 − Y with Σ dZ2 = 0 per output, so dW2 = 0 **and** db2 = 0: nothing moves at
all, the sigmoid net sits on a stationary point (the articles do not say so).

**The cases** (articles 001 and 003): (a) W zeros, b zeros; (b) W zeros, b ~ N(0, 1); (c) W ~ N(0, 0.01²),
b zeros; (d) W = b = 0.1, each with sigmoid, tanh and relu hidden units, plus logistic regression from zeros,
all trained with plain SGD (θ ← θ − lr·dθ, full batch) on a small seeded 2-class set. Per update it records
the number of distinct hidden units (:func:`distinct_units` of the rows (W1[i], b1[i])), the number of distinct
columns of W2, which gradients are exactly 0, loss and accuracy. For logistic regression (no hidden layer) the
"units" are its input weights: after update 1 they differ because dw = (1/m)(a − y) xᵀ mixes the inputs
(article 000), so it learns normally.

What the articles get half right: with tanh or relu hidden units g(0) = 0, so from zeros A1 = 0 and
dW2 = (1/m) dZ2 A1ᵀ = 0, while W2 = 0 keeps dA1 = 0 and dW1 = 0: *every* weight gradient is exactly 0 at every
step. Zero init is then not merely symmetric but a stationary point: no weight ever moves, only b2 learns
the label prior.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from initlab.backend import check_dtype, to_numpy
from initlab.data import DATASETS, load_dataset
from initlab.errors import ConfigError, unknown_name
from initlab.init import parse
from initlab.nn import Network, get_activation, get_optimizer, train
from initlab.outputs import SCHEMA_VERSION, jsonable

Progress = Callable[[int, int], None]

WALKTHROUGH_MATRICES = ("A1", "dZ2", "dW2", "W2", "dA1", "dZ1", "dW1", "W1")
"""What the walk-through records per update, in the article's order (W1 and W2 after the update)."""
COLUMN_UNITS = ("dW2", "W2")
"""Matrices whose hidden units are columns (W2 is (n2, n1)); in the others they are rows."""
LOGISTIC = "logistic"
"""The name of the logistic-regression case (no hidden layer)."""
TWO_CLASS_DATASETS = tuple(name for name in DATASETS if name != "digits")
QUICK_TRAIN_STEPS = 100
"""Updates in quick mode: the healthy cases on the default data reach 100% training accuracy by update ~60."""


def _check_count(name: str, value: Any) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{name} must be an integer >= 1, got {value!r}")


def _check_seed(seed: Any) -> None:
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        raise ConfigError(f"seed must be an integer >= 0, got {seed!r}")


def _check_lr(lr: Any) -> None:
    if not (isinstance(lr, int | float) and not isinstance(lr, bool) and math.isfinite(lr) and lr > 0):
        raise ConfigError(f"learning rate must be a finite number > 0, got {lr!r}")


@dataclass(frozen=True)
class Case:
    """One starting point: a name, the weights' and the biases' initializer specs (validated)."""

    name: str
    weight_init: str
    bias_init: str

    def __post_init__(self) -> None:
        for spec in (self.weight_init, self.bias_init):
            parse(spec)  # a malformed spec fails here, at the boundary

    @property
    def label(self) -> str:
        return f"({self.name}) W {self.weight_init}, b {self.bias_init}"


PRESET_CASES = (
    Case("a", "zeros", "zeros"),
    Case("b", "zeros", "normal(std=1)"),
    Case("c", "normal(std=0.01)", "zeros"),
    Case("d", "constant(0.1)", "constant(0.1)"),
)
"""Article 001's three cases (a)-(c), and (d): every weight equal but not zero."""


@dataclass(frozen=True)
class WalkthroughConfig:
    """Article 000's walk-through: sizes, units, inits, learning rate, number of updates, seed of X and Y."""

    samples: int = 5
    inputs: int = 3
    hidden: int = 4
    outputs: int = 2
    activation: str = "sigmoid"
    weight_init: str = "zeros"
    bias_init: str = "zeros"
    lr: float = 0.01
    steps: int = 3
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("samples", "inputs", "hidden", "outputs", "steps"):
            _check_count(f"walkthrough {name}", getattr(self, name))
        _check_seed(self.seed)
        _check_lr(self.lr)
        object.__setattr__(self, "activation", get_activation(self.activation).spec)
        for spec in (self.weight_init, self.bias_init):
            parse(spec)


@dataclass(frozen=True)
class Config:
    """The whole study. ``cases`` may be empty and ``walkthrough`` None to run only one part.

    The cases train on ``dataset`` (features standardized with the training set's mean and std) with
    ``n_train`` samples; the default 201 is odd (101 of class 0, 100 of class 1): with balanced labels the sigmoid
    net from zeros does not move at all (see the module docstring), and the article's story needs it to.
    ``seed`` draws the data, the random inits and the walk-through's X and Y. ``tolerance``: two units are the
    same when they differ by at most ``tolerance`` × the largest |entry| (:func:`distinct_units`).
    """

    cases: tuple[Case, ...] = PRESET_CASES
    activations: tuple[str, ...] = ("sigmoid", "tanh", "relu")
    logistic_regression: bool = True
    hidden: int = 4
    lr: float = 1.0
    train_steps: int = 300
    dataset: str = "blobs"
    n_train: int = 201
    seed: int = 0
    tolerance: float = 1e-9
    dtype: str = "float64"
    walkthrough: WalkthroughConfig | None = WalkthroughConfig()

    def __post_init__(self) -> None:
        object.__setattr__(self, "cases", tuple(self.cases))
        for case in self.cases:
            if not isinstance(case, Case):
                raise ConfigError(f"cases must be Case objects, got {case!r}")
        names = [case.name for case in self.cases]
        if len(set(names)) != len(names) or LOGISTIC in names:
            raise ConfigError(f"case names must be unique and not {LOGISTIC!r}; got {names}")
        if self.cases and not self.activations:
            raise ConfigError("give at least one hidden activation for the cases")
        activations = tuple(get_activation(a).spec for a in self.activations)
        if len(set(activations)) != len(activations):
            raise ConfigError(f"activations must not repeat; got {', '.join(activations)}")
        object.__setattr__(self, "activations", activations)
        _check_count("hidden", self.hidden)
        _check_count("train_steps", self.train_steps)
        _check_lr(self.lr)
        _check_seed(self.seed)
        if self.dataset not in TWO_CLASS_DATASETS:
            raise unknown_name("2-class data set", self.dataset, TWO_CLASS_DATASETS)
        if not isinstance(self.n_train, int) or isinstance(self.n_train, bool) or self.n_train < 2:
            raise ConfigError(f"n_train must be an integer >= 2, got {self.n_train!r}")
        if not (isinstance(self.tolerance, int | float) and 0 <= self.tolerance < 1):
            raise ConfigError(f"tolerance must be a number in [0, 1), got {self.tolerance!r}")
        check_dtype(self.dtype)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class WalkthroughStep:
    """One update of the walk-through: the matrices (member 0), the non-zero gradients, the identical units.

    ``identical[name]`` gives every hidden unit of matrix ``name`` (a row, or a column of dW2 and W2) the index
    of the first unit bitwise equal to it: ``[0, 0, 0, 0]`` means all four are identical.
    """

    step: int
    matrices: dict[str, np.ndarray]
    nonzero_gradients: list[str]
    zero_gradients: list[str]
    identical: dict[str, list[int]]

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {"step": self.step, **self.matrices, "nonzero_gradients": self.nonzero_gradients,
             "zero_gradients": self.zero_gradients, "identical": self.identical}
        )


@dataclass
class Walkthrough:
    config: WalkthroughConfig
    X: np.ndarray
    Y: np.ndarray
    steps: list[WalkthroughStep]

    @property
    def label_rates(self) -> list[float]:
        """The share of 1s among each output's labels: 0.5 (balanced) would make dW2 = db2 = 0 in update 1."""
        return self.Y.mean(axis=1).tolist()


@dataclass
class CaseResult:
    """One case trained with one hidden activation (``activation`` None for logistic regression).

    Lists indexed by t = 0…T hold the value after t updates (t = 0: the initial network):
    ``distinct_hidden_units`` (for logistic regression: distinct input weights, out of ``units``),
    ``distinct_output_weights`` (distinct columns of W2), ``loss`` and ``accuracy`` on the training set.
    ``zero_gradients[name][t − 1]`` is True when gradient ``name`` (dW1, db1, …) was exactly 0 in update t.
    ``parameter_change[name]`` is max |θ_T − θ_0|. ``symmetry_broken_at`` is the first t with more than one
    distinct unit (0 when the initial units already differ), None when that never happens.
    """

    case: str
    label: str
    weight_init: str
    bias_init: str
    activation: str | None
    units: int
    distinct_hidden_units: list[int]
    distinct_output_weights: list[int]
    zero_gradients: dict[str, list[bool]]
    parameter_change: dict[str, float]
    loss: list[float]
    accuracy: list[float]
    test_accuracy: float

    @property
    def steps(self) -> int:
        return len(self.loss) - 1

    @property
    def symmetry_broken_at(self) -> int | None:
        return next((t for t, count in enumerate(self.distinct_hidden_units) if count > 1), None)

    @property
    def zero_gradients_step1(self) -> list[str]:
        return [name for name, zeros in self.zero_gradients.items() if zeros[0]]

    @property
    def zero_gradient_steps(self) -> dict[str, int]:
        """How many of the T updates gave each gradient exactly 0."""
        return {name: int(sum(zeros)) for name, zeros in self.zero_gradients.items()}

    @property
    def final_loss(self) -> float:
        return self.loss[-1]

    @property
    def final_accuracy(self) -> float:
        return self.accuracy[-1]

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "case": self.case,
                "label": self.label,
                "weight_init": self.weight_init,
                "bias_init": self.bias_init,
                "activation": self.activation,
                "units": self.units,
                "distinct_hidden_units": self.distinct_hidden_units,
                "distinct_output_weights": self.distinct_output_weights,
                "symmetry_broken_at": self.symmetry_broken_at,
                "zero_gradients_step1": self.zero_gradients_step1,
                "zero_gradient_steps": self.zero_gradient_steps,
                "parameter_change": self.parameter_change,
                "loss": self.loss,
                "accuracy": self.accuracy,
                "final_loss": self.final_loss,
                "final_accuracy": self.final_accuracy,
                "test_accuracy": self.test_accuracy,
            }
        )


@dataclass
class Result:
    config: Config
    cases: list[CaseResult] = field(default_factory=list)
    walkthrough: Walkthrough | None = None
    majority_rate: float | None = None  # accuracy of always answering the commoner class (training set)

    def case(self, name: str, activation: str | None = None) -> CaseResult:
        """The result of case ``name`` with hidden ``activation`` (None for logistic regression)."""
        for result in self.cases:
            if result.case == name and result.activation == activation:
                return result
        raise KeyError(f"no case {name!r} with activation {activation!r}")

    def to_dict(self) -> dict[str, Any]:
        walkthrough = self.walkthrough
        return jsonable(
            {
                "schema_version": SCHEMA_VERSION,
                "config": self.config.to_dict(),
                "majority_rate": self.majority_rate,
                "cases": [case.to_dict() for case in self.cases],
                "walkthrough_data": None if walkthrough is None else {"X": walkthrough.X, "Y": walkthrough.Y},
                "walkthrough": [] if walkthrough is None else [step.to_dict() for step in walkthrough.steps],
            }
        )


def distinct_units(vectors: np.ndarray, rtol: float = 1e-9) -> int:
    """The number of distinct rows of ``vectors`` (n_units, k), equal within ``rtol`` × the largest |entry|.

    Rows are grouped, not compared with their neighbours only: a row starts a new group unless it lies within
    the tolerance (largest absolute difference of entries) of some earlier row. An all-zero matrix is 1 unit.
    """
    vectors = np.asarray(vectors, dtype=float)
    tolerance = rtol * np.abs(vectors).max(initial=0.0)
    difference = np.abs(vectors[:, None, :] - vectors[None, :, :]).max(axis=-1, initial=0.0)
    has_earlier_twin = np.tril(difference <= tolerance, k=-1).any(axis=1)
    return int(vectors.shape[0] - has_earlier_twin.sum())


def identical_groups(vectors: np.ndarray) -> list[int]:
    """For every row of ``vectors``, the index of the first row bitwise equal to it (its own index if none)."""
    first: dict[bytes, int] = {}
    return [first.setdefault(np.ascontiguousarray(row).tobytes(), index) for index, row in enumerate(vectors)]


def run(config: Config, progress: Progress | None = None) -> Result:
    """Run the walk-through (if configured) and every case with every activation (and logistic regression)."""
    runs = [(case, activation) for activation in config.activations for case in config.cases]
    if config.logistic_regression:
        runs.append((Case(LOGISTIC, "zeros", "zeros"), None))
    total = len(runs) + (config.walkthrough is not None)
    result = Result(config)
    if config.walkthrough is not None:
        result.walkthrough = walkthrough(config.walkthrough)
        _report(progress, 1, total)
    if runs:
        data = load_dataset(config.dataset, n_train=config.n_train, seed=config.seed, standardize=True)
        result.majority_rate = data.majority_rate("train")
        for case, activation in runs:
            result.cases.append(run_case(case, activation, data, config))
            _report(progress, len(result.cases) + (config.walkthrough is not None), total)
    return result


def walkthrough(config: WalkthroughConfig) -> Walkthrough:
    """Article 000's updates, one forward/backward/SGD step at a time, every matrix kept (float64)."""
    rng = np.random.default_rng(np.random.SeedSequence(config.seed, spawn_key=(2,)))  # not the weights' stream
    X = rng.standard_normal((config.inputs, config.samples))
    Y = rng.integers(0, 2, (config.outputs, config.samples)).astype(float)
    net = Network(
        [config.inputs, config.hidden, config.outputs], config.activation, "bce",
        config.weight_init, config.bias_init, seeds=[config.seed], dtype="float64",
    )
    optimizer = get_optimizer("sgd", config.lr)
    steps = []
    for step in range(1, config.steps + 1):
        net.forward(X)
        net.backward(Y)
        gradients = net.gradients()
        optimizer.step(net.xp, list(net.parameters().values()), list(gradients.values()))
        # The update changes only the parameters, in place: W1 and W2 are shown after it, as in the article.
        matrices = {name: _member0(getattr(net, name)).copy() for name in WALKTHROUGH_MATRICES}
        zero = {"d" + name: not np.any(_member0(grad)) for name, grad in gradients.items()}
        identical = {
            name: identical_groups(matrix.T if name in COLUMN_UNITS else matrix) for name, matrix in matrices.items()
            if name != "dZ2"
        }
        steps.append(
            WalkthroughStep(
                step, matrices, [n for n, z in zero.items() if not z], [n for n, z in zero.items() if z], identical
            )
        )
    return Walkthrough(config, X, Y, steps)


def run_case(case: Case, activation: str | None, data: Any, config: Config) -> CaseResult:
    """Train ``case`` on ``data`` for ``config.train_steps`` full-batch SGD updates, recording every update.

    ``activation`` None trains logistic regression (``Network([n0, 1])``, no hidden layer).
    """
    n_inputs = data.X_train.shape[0]
    sizes = [n_inputs, 1] if activation is None else [n_inputs, config.hidden, 1]
    net = Network(
        sizes, activation or "sigmoid", "bce", case.weight_init, case.bias_init, seeds=[config.seed],
        dtype=config.dtype,
    )
    initial = {name: _member0(value).copy() for name, value in net.parameters().items()}
    distinct_hidden, distinct_output = [], []
    zero_gradients: dict[str, list[bool]] = {"d" + name: [] for name in initial}

    def record(done: int) -> None:
        # Called after each update (done = 0 before the first): the parameters now, the gradients just used.
        W1 = _member0(net.W1)
        if activation is None:
            distinct_hidden.append(distinct_units(W1.T, config.tolerance))  # one input weight per "unit"
        else:
            units = np.concatenate([W1, _member0(net.b1)], axis=1)
            distinct_hidden.append(distinct_units(units, config.tolerance))
            distinct_output.append(distinct_units(_member0(net.W2).T, config.tolerance))
        if done:
            for name, grad in net.gradients().items():
                zero_gradients["d" + name].append(not np.any(_member0(grad)))

    record(0)
    history = train(net, data.X_train, data.Y_train, "sgd", config.lr, steps=config.train_steps, callback=record)
    final = net.evaluate(data.X_train, data.Y_train)
    test = net.evaluate(data.X_test, data.Y_test)
    change = {name: float(np.abs(_member0(value) - initial[name]).max()) for name, value in net.parameters().items()}
    return CaseResult(
        case=case.name,
        label="logistic regression (no hidden layer), W 0, b 0" if activation is None else case.label,
        weight_init=case.weight_init,
        bias_init=case.bias_init,
        activation=activation,
        units=n_inputs if activation is None else config.hidden,
        distinct_hidden_units=distinct_hidden,
        distinct_output_weights=distinct_output,
        zero_gradients=zero_gradients,
        parameter_change=change,
        loss=[*history.loss[:, 0].tolist(), float(final["loss"][0])],
        accuracy=[*history.accuracy[:, 0].tolist(), float(final["accuracy"][0])],
        test_accuracy=float(test["accuracy"][0]),
    )


def _member0(array: Any) -> np.ndarray:
    return np.asarray(to_numpy(array))[0]


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
