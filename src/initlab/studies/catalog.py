"""The initializer catalog measured: what each scheme gives one layer, in theory and in a drawn sample.

For a layer ``W (fan_out, fan_in)`` every scheme reports its theoretical mean, std and bound (the largest |w|)
from :mod:`initlab.init`, and the mean and std measured on at least 100,000 entries drawn from ``seed``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from initlab.errors import ConfigError
from initlab.init import catalog, parse
from initlab.outputs import jsonable

MEASURE_ENTRIES = 100_000
"""Entries drawn to measure a std: enough that the measured std is within about 1% of the theory."""
MAX_LAYER_ENTRIES = 4096 * 4096
"""The largest layer whose sample we draw (orthogonal needs a QR of the whole matrix)."""


@dataclass(frozen=True)
class Config:
    """A layer's fans (both or neither: without them only the formulas are listed) and the sample's seed."""

    fan_in: int | None = None
    fan_out: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ConfigError(f"seed must be an integer >= 0, got {self.seed!r}")
        if (self.fan_in is None) != (self.fan_out is None):
            raise ConfigError("give both fan_in and fan_out (--fan-in and --fan-out), or neither")
        if self.fan_in is None:
            return
        for name, value in (("fan_in", self.fan_in), ("fan_out", self.fan_out)):
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be an integer >= 1, got {value!r}")
        if self.fan_in * self.fan_out > MAX_LAYER_ENTRIES:
            raise ConfigError(
                f"fan_in × fan_out must be at most {MAX_LAYER_ENTRIES:,} to draw a sample; "
                f"got {self.fan_in * self.fan_out:,}"
            )

    @property
    def has_layer(self) -> bool:
        return self.fan_in is not None


@dataclass
class Result:
    config: Config
    schemes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable({"config": asdict(self.config), "schemes": self.schemes})


def run(config: Config) -> Result:
    """Describe every scheme; with a layer, add its theoretical and measured mean, std and bound."""
    return Result(config, [_describe(scheme.as_dict(), config) for scheme in catalog()])


def _describe(scheme: dict[str, Any], config: Config) -> dict[str, Any]:
    init = parse(scheme["name"])
    row = {
        "name": scheme["name"],
        "aliases": scheme["aliases"],
        "formula": scheme["formula"],
        "std": None,
        "bound": None,
        "measured_std": None,
        "mean": None,
        "measured_mean": None,
        "spec": init.spec,
        "random": scheme["random"],
        "torch": scheme["torch"],
        "keras": scheme["keras"],
        "source": scheme["source"],
    }
    if not config.has_layer:
        return row
    fan_in, fan_out = config.fan_in, config.fan_out
    # Whole (fan_out, fan_in) matrices, repeated: orthogonal and identity depend on the shape, not only the fans.
    repeats = math.ceil(MEASURE_ENTRIES / (fan_in * fan_out))
    sample = init.sample((repeats, fan_out, fan_in), np.random.default_rng(config.seed))
    row.update(
        std=init.std(fan_in, fan_out),
        bound=init.bound(fan_in, fan_out),
        measured_std=float(sample.std()),
        mean=init.mean(fan_in, fan_out),
        measured_mean=float(sample.mean()),
    )
    return row


def std_by_width(specs: list[str], widths: list[int]) -> dict[str, list[float]]:
    """The theoretical std of one weight of a square layer (fan_in = fan_out = n) for every spec and width n."""
    return {spec: [parse(spec).std(n, n) for n in widths] for spec in specs}
