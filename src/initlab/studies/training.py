"""Training outcomes across initializations and seeds: what the starting point decides, and the seed lottery.

Article 001 ends: the result of training depends on the initial values (and the batch order), so people train
several times from different initial values and keep the best model. Articles 002 and 003 show that a badly
scaled random init stalls learning. The well-known course exercise puts numbers on both: a [2, 10, 5, 1]
network (ReLU, ReLU, sigmoid) trained on make_circles (300 training and 100 test samples, noise 0.05) by plain
gradient descent, learning rate 0.01, 15000 full-batch steps, reaches about 50% test accuracy from zeros,
70–90% from N(0, 1)·10 (``normal(std=10)``) and 93–97% from He init (N(0, 2/fan_in), ``he_normal``).

This study trains every init as a population of ``seeds`` members (seeds 0…N−1) and measures, per init and per
seed: the final train and test accuracy, learning curves at ``curve_points`` checkpoints, the step at which a
member diverged (NaN/inf loss), how far its weights moved, and — for 2-D data — its decision boundary. The
seed lottery is the spread of final test accuracy across seeds, and how much the best seed beats the median.

All inits go through one batched pass: one population of len(inits) × seeds members whose parameters are
drawn group by group exactly as each init's own population draws them (member p of a group from
``default_rng(seed_p)``, layer by layer), so every member equals the network trained alone from its seed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from initlab.backend import check_dtype, to_numpy
from initlab.data import DATASETS, Dataset, load_dataset
from initlab.errors import ConfigError, unknown_name
from initlab.init import parse
from initlab.nn import Network, get_activation, get_optimizer, train
from initlab.outputs import SCHEMA_VERSION, jsonable

DEFAULT_INITS = ("zeros", "normal(std=0.01)", "normal(std=10)", "glorot_uniform", "he_normal", "orthogonal")
"""zeros (symmetry), too small (stalls), the exercise's "large" N(0, 1)·10, Xavier, He, orthogonal."""

EXERCISE = {"hidden": (10, 5), "lr": 0.01, "steps": 15000}
"""The course exercise's architecture and schedule: the default for every generated 2-D data set."""

PRESETS = {"digits": {"hidden": (32,), "lr": 0.1, "steps": 1000}}
"""Defaults that differ per data set: digits has 64 inputs and 10 classes, and learns in far fewer steps."""


@dataclass(frozen=True)
class Config:
    """What to train, from which inits, for how long. ``None`` for hidden, lr or steps means the data set's
    default (:data:`EXERCISE`, or :data:`PRESETS` for digits); after validation they hold the values used.

    ``hidden`` lists the hidden layer sizes (empty: logistic or softmax regression); the output layer and the
    loss follow the data set (sigmoid + bce for 2 classes, softmax + cross-entropy for more). Weights come
    from each spec in ``inits`` (canonical spec strings after validation), biases from ``bias_init``.
    Give ``steps`` or ``epochs``, not both; ``batch_size`` None is full batch.
    """

    dataset: str = "circles"
    hidden: tuple[int, ...] | None = None
    activation: str = "relu"
    inits: tuple[str, ...] = DEFAULT_INITS
    bias_init: str = "zeros"
    seeds: int = 10
    optimizer: str = "sgd"
    lr: float | None = None
    steps: int | None = None
    epochs: int | None = None
    batch_size: int | None = None
    batchnorm: bool = False
    n_train: int = 300
    n_test: int = 100
    noise: float | None = None
    data_seed: int = 1
    standardize: bool = False
    dtype: str = "float32"  # speed: no exact comparison here (the equality with solo runs is tested in float64)
    curve_points: int = 100
    grid_resolution: int = 120

    def __post_init__(self) -> None:
        if self.dataset not in DATASETS:
            raise unknown_name("data set", self.dataset, DATASETS)
        preset = PRESETS.get(self.dataset, EXERCISE)
        hidden = preset["hidden"] if self.hidden is None else tuple(self.hidden)
        for size in hidden:
            if not isinstance(size, int | np.integer) or isinstance(size, bool) or size < 1:
                raise ConfigError(f"hidden layer sizes must be integers >= 1, got {size!r} in {list(hidden)}")
        get_activation(self.activation)
        inits = (self.inits,) if isinstance(self.inits, str) else tuple(self.inits)
        if not inits:
            raise ConfigError("inits needs at least one initializer spec, such as he_normal")
        specs = tuple(parse(spec).spec for spec in inits)
        if len(set(specs)) < len(specs):
            repeated = sorted({spec for spec in specs if specs.count(spec) > 1})
            raise ConfigError(f"inits names the same initializer twice: {', '.join(repeated)}")
        bias_init = parse(self.bias_init).spec
        _check_count("seeds", self.seeds, 1)
        lr = preset["lr"] if self.lr is None else self.lr
        get_optimizer(self.optimizer, lr)  # checks the name and the learning rate
        if self.steps is not None and self.epochs is not None:
            raise ConfigError(f"give steps or epochs, not both (got steps={self.steps}, epochs={self.epochs})")
        steps = preset["steps"] if self.steps is None and self.epochs is None else self.steps
        if steps is not None:
            _check_count("steps", steps, 1)
        if self.epochs is not None:
            _check_count("epochs", self.epochs, 1)
        if self.batch_size is not None:
            _check_count("batch_size", self.batch_size, 1)
            if isinstance(self.n_train, int) and self.batch_size > self.n_train:
                raise ConfigError(f"batch_size must be at most n_train = {self.n_train}, got {self.batch_size}")
        check_dtype(self.dtype)
        _check_count("curve_points", self.curve_points, 1)
        _check_count("grid_resolution", self.grid_resolution, 10)
        for name, value in (("hidden", tuple(int(s) for s in hidden)), ("inits", specs), ("bias_init", bias_init),
                            ("lr", float(lr)), ("steps", steps)):
            object.__setattr__(self, name, value)

    def load_data(self) -> Dataset:
        """The data set this configuration trains on (sizes, noise and seed are checked there)."""
        return load_dataset(self.dataset, self.n_train, self.n_test, self.noise, self.data_seed, self.standardize)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


def _check_count(name: str, value: Any, minimum: int) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < minimum:
        raise ConfigError(f"{name} must be an integer >= {minimum}, got {value!r}")


@dataclass
class InitOutcome:
    """What one init's population reached. Arrays are per seed (last axis), curves are (checkpoints, seeds).

    ``diverged[i]`` is the step at which seed i's training loss first became NaN or inf, or None;
    ``weight_change[i]`` is ‖W_final − W_initial‖ over all weight matrices (Frobenius): exactly 0 means every
    weight gradient was 0 at every step. ``boundary_best`` / ``boundary_worst`` are the predicted classes on
    the result's grid (2-D data sets only) of the best and worst seed.
    """

    init: str
    seeds: list[int]
    final_train_accuracy: np.ndarray
    final_test_accuracy: np.ndarray
    final_train_loss: np.ndarray
    final_test_loss: np.ndarray
    diverged: list[int | None]
    weight_change: np.ndarray
    train_loss_curves: np.ndarray
    test_accuracy_curves: np.ndarray
    boundary_best: np.ndarray | None = None
    boundary_worst: np.ndarray | None = None

    @property
    def best(self) -> int:
        """Index of the best seed: highest test accuracy, ties broken by lower test loss, then by order."""
        return int(np.lexsort((_as_inf(self.final_test_loss), -self.final_test_accuracy))[0])

    @property
    def worst(self) -> int:
        """Index of the worst seed: lowest test accuracy, ties broken by higher test loss, then by order."""
        return int(np.lexsort((-_as_inf(self.final_test_loss), self.final_test_accuracy))[0])

    @property
    def best_seed(self) -> int:
        return self.seeds[self.best]

    @property
    def worst_seed(self) -> int:
        return self.seeds[self.worst]

    def spread(self, split: str = "test") -> dict[str, float]:
        """The seed lottery in numbers: final accuracy min, median, max and std (ddof 0) across seeds."""
        accuracy = self.final_test_accuracy if split == "test" else self.final_train_accuracy
        return {"min": float(accuracy.min()), "median": float(np.median(accuracy)), "max": float(accuracy.max()),
                "std": float(accuracy.std())}

    @property
    def best_minus_median(self) -> float:
        """What keeping the best of the seeds gains over a typical (median) seed, in accuracy."""
        return float(self.final_test_accuracy.max() - np.median(self.final_test_accuracy))

    @property
    def n_diverged(self) -> int:
        return sum(step is not None for step in self.diverged)

    def curve_summary(self, curves: np.ndarray) -> dict[str, np.ndarray]:
        """Median, min and max across seeds at every checkpoint; a diverged member counts as an infinite loss."""
        values = _as_inf(curves)
        return {"median": np.median(values, axis=1), "min": values.min(axis=1), "max": values.max(axis=1)}

    def to_dict(self) -> dict[str, Any]:
        loss = self.curve_summary(self.train_loss_curves)
        accuracy = self.curve_summary(self.test_accuracy_curves)
        return jsonable({
            "init": self.init,
            "seeds": self.seeds,
            "final_train_accuracy": self.final_train_accuracy,
            "final_test_accuracy": self.final_test_accuracy,
            "best_seed": self.best_seed,
            "best_test_accuracy": self.final_test_accuracy[self.best],
            "worst_seed": self.worst_seed,
            "worst_test_accuracy": self.final_test_accuracy[self.worst],
            "test_accuracy_spread": self.spread("test"),
            "train_accuracy_spread": self.spread("train"),
            "best_minus_median": self.best_minus_median,
            "diverged": self.diverged,
            "final_train_loss": self.final_train_loss,
            "final_test_loss": self.final_test_loss,
            "weight_change": self.weight_change,
            "loss_curve_median": loss["median"],
            "loss_curve_min": loss["min"],
            "loss_curve_max": loss["max"],
            "test_accuracy_curve_median": accuracy["median"],
            "test_accuracy_curve_min": accuracy["min"],
            "test_accuracy_curve_max": accuracy["max"],
        })


def _as_inf(values: np.ndarray) -> np.ndarray:
    """NaN (a diverged member) → +inf, so that it sorts and summarizes as the worst possible loss."""
    return np.where(np.isnan(values), np.inf, values)


@dataclass
class Result:
    """Every init's outcome on one data set, with the checkpoints the curves were measured at.

    ``grid`` is (x values, y values) of the decision-boundary grid for 2-D data sets, else None; ``data`` is
    the data set itself (for plotting the points). Neither goes into :meth:`to_dict`.
    """

    config: Config
    data: Dataset
    curve_steps: list[int]
    outcomes: list[InitOutcome]
    grid: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def majority_rate(self) -> float:
        """Test accuracy of always answering the most common test class: a network that learned nothing."""
        return self.data.majority_rate("test")

    @property
    def layer_sizes(self) -> list[int]:
        return [self.data.n_features, *self.config.hidden, self.data.n_outputs]

    @property
    def total_steps(self) -> int:
        return self.curve_steps[-1]

    def outcome(self, spec: str) -> InitOutcome:
        """The outcome of the init ``spec`` (any spelling that parses to the same initializer)."""
        wanted = parse(spec).spec
        for outcome in self.outcomes:
            if outcome.init == wanted:
                return outcome
        raise unknown_name("init in this result", spec, [o.init for o in self.outcomes])

    def to_dict(self) -> dict[str, Any]:
        """``{"schema_version", "dataset", "data", "config", "curve_steps", "inits": [...]}``; see the CLI."""
        data = self.data
        return jsonable({
            "schema_version": SCHEMA_VERSION,
            "dataset": data.name,
            "data": {**data.config, "n_features": data.n_features, "classes": data.classes, "loss": data.loss,
                     "majority_rate_train": data.majority_rate("train"), "majority_rate_test": self.majority_rate},
            "config": {**self.config.to_dict(), "layer_sizes": self.layer_sizes, "total_steps": self.total_steps},
            "curve_steps": self.curve_steps,
            "inits": [outcome.to_dict() for outcome in self.outcomes],
        })


def run(config: Config, progress=None) -> Result:
    """Train every init of ``config`` as a population of ``config.seeds`` members, in one batched pass."""
    data = config.load_data()
    sizes = [data.n_features, *config.hidden, data.n_outputs]
    seeds = list(range(config.seeds))
    groups = [_network(config, sizes, data.loss, init, seeds) for init in config.inits]
    net = _network(config, sizes, data.loss, "zeros", seeds * len(groups))
    for name in net.parameters():  # each group's members as its own population drew them
        net.set_parameter(name, np.concatenate([to_numpy(group.parameters()[name]) for group in groups]))
    initial_weights = _weights(net)

    m = data.X_train.shape[1]
    total = config.steps if config.steps is not None else config.epochs * math.ceil(m / (config.batch_size or m))
    every = max(1, math.ceil(total / config.curve_points))
    curve_steps: list[int] = []
    measured: dict[str, list[np.ndarray]] = {"train_loss": [], "train_accuracy": [], "test_loss": [],
                                             "test_accuracy": []}

    def checkpoint(done: int) -> None:
        curve_steps.append(done)
        for split, X, Y in (("train", data.X_train, data.Y_train), ("test", data.X_test, data.Y_test)):
            scores = net.evaluate(X, Y)
            measured[f"{split}_loss"].append(scores["loss"].astype(float))
            measured[f"{split}_accuracy"].append(_fraction(scores["accuracy"], Y.shape[1]))

    # A diverged member's NaN/inf is data, reported per member; it must not print overflow warnings.
    # One BLAS thread: each member's matrices are small, and BLAS threads on a busy machine only spin (digits,
    # 200 steps, 2 cores shared: 2 s with one thread, 2–18 s with two).
    with np.errstate(all="ignore"), threadpool_limits(limits=1, user_api="blas"):
        checkpoint(0)
        history = train(net, data.X_train, data.Y_train, optimizer=config.optimizer, lr=config.lr,
                        steps=total, batch_size=config.batch_size, progress=progress, callback=checkpoint,
                        callback_every=every)
        final_weights = _weights(net)
        weight_change = np.sqrt(sum(((after - before) ** 2).sum(axis=(1, 2))
                                    for before, after in zip(initial_weights, final_weights, strict=True)))
        curves = {key: np.stack(values) for key, values in measured.items()}  # (checkpoints, P)
        outcomes = []
        for index, init in enumerate(config.inits):
            members = slice(index * len(seeds), (index + 1) * len(seeds))
            outcomes.append(InitOutcome(
                init=init,
                seeds=seeds,
                final_train_accuracy=curves["train_accuracy"][-1, members],
                final_test_accuracy=curves["test_accuracy"][-1, members],
                final_train_loss=curves["train_loss"][-1, members],
                final_test_loss=curves["test_loss"][-1, members],
                diverged=history.diverged_at[members],
                weight_change=weight_change[members],
                train_loss_curves=curves["train_loss"][:, members],
                test_accuracy_curves=curves["test_accuracy"][:, members],
            ))
        grid = _boundaries(net, data, outcomes, config.grid_resolution) if data.n_features == 2 else None
    return Result(config, data, curve_steps, outcomes, grid)


def _network(config: Config, sizes: list[int], loss: str, init: str, seeds: list[int]) -> Network:
    return Network(sizes, config.activation, loss, init, config.bias_init, config.batchnorm, seeds, config.dtype)


def _weights(net: Network) -> list[np.ndarray]:
    return [to_numpy(layer.W).astype(float) for layer in net.layers]


def _fraction(accuracy: np.ndarray, m: int) -> np.ndarray:
    """Accuracies as exact fractions k/m in float64 (float32's 0.99000001 is noise, not a measurement)."""
    return np.round(accuracy.astype(float) * m) / m


def _boundaries(net: Network, data: Dataset, outcomes: list[InitOutcome], resolution: int):
    """Predicted class of every member on a grid over the data's range (10% margin); keep best and worst."""
    points = np.concatenate([data.X_train, data.X_test], axis=1)
    low, high = points.min(axis=1), points.max(axis=1)
    margin = 0.1 * (high - low)
    xs, ys = (np.linspace(low[i] - margin[i], high[i] + margin[i], resolution) for i in range(2))
    gx, gy = np.meshgrid(xs, ys)
    net.predict(np.stack([gx.ravel(), gy.ravel()]))
    logits = to_numpy(getattr(net, f"Z{net.L}"))  # (P, n_L, G): the class the loss's accuracy would count
    classes = (logits[:, 0] > 0) if logits.shape[1] == 1 else logits.argmax(axis=1)
    classes = classes.astype(np.int8).reshape(net.P, resolution, resolution)
    size = len(outcomes[0].seeds)
    for index, outcome in enumerate(outcomes):
        outcome.boundary_best = classes[index * size + outcome.best]
        outcome.boundary_worst = classes[index * size + outcome.worst]
    return xs, ys
