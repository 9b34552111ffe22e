"""Naming initializers: spec strings and configs in, :class:`Initializer` objects out; the catalog for humans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from initlab.init.schemes import SCHEMES, Initializer, lookup
from initlab.init.spec import split_spec


def parse(spec: str | Initializer) -> Initializer:
    """The initializer a spec names: ``"he_normal"``, ``"normal(std=0.01)"``, ``"uniform(limit=0.05)"``…

    An :class:`Initializer` is returned as is. Aliases (``xavier_uniform``, ``kaiming_normal``…) give the
    canonical scheme; positional arguments fill the parameters in order. Raises :class:`SpecError` for a
    malformed spec or a bad argument, :class:`UnknownNameError` for an unknown scheme or parameter.
    """
    if isinstance(spec, Initializer):
        return spec
    name, args, kwargs = split_spec(spec)
    return lookup(name)._from_arguments(args, kwargs)


def parse_config(config: Mapping[str, Any]) -> Initializer:
    """The initializer a config dict ``{"name": …, **params}`` describes (see :meth:`Initializer.config`)."""
    return Initializer.from_config(config)


@dataclass(frozen=True)
class Scheme:
    """One scheme of the catalog, described for people: the CLI's table and the report."""

    name: str
    aliases: tuple[str, ...]
    formula: str
    torch: str
    keras: str
    source: str
    random: bool
    defaults: tuple[tuple[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "formula": self.formula,
            "torch": self.torch,
            "keras": self.keras,
            "source": self.source,
            "random": self.random,
            "defaults": dict(self.defaults),
        }


def catalog() -> list[Scheme]:
    """Every scheme with its aliases, formula, PyTorch and Keras equivalents, source and default parameters."""
    return [
        Scheme(
            name=cls.name,
            aliases=cls.aliases,
            formula=cls.formula,
            torch=cls.torch,
            keras=cls.keras,
            source=cls.source,
            random=cls.random,
            defaults=tuple(cls.defaults().items()),
        )
        for cls in SCHEMES
    ]
