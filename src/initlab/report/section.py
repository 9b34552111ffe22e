"""What one study contributes to the report: its question, figures, tables and verdicts from this run.

A section module under :mod:`initlab.report.sections` has ``build(quick: bool, progress=None) -> Section``:
it runs its study (fewer seeds and steps when ``quick``), draws the figures with :mod:`initlab.plots`, and
writes every verdict from the numbers it just measured — never canned text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """A matplotlib figure to save as ``figures/<name>.png``, with the caption shown under it."""

    name: str
    figure: Any
    caption: str


@dataclass
class Table:
    """A small table of pre-formatted cells."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Finding:
    """An article's claim next to what this run measured, and whether the claim holds as stated."""

    claim: str
    measured: str
    holds: bool


@dataclass
class Section:
    """One study in the report.

    ``key`` names the section (HTML id, results.json key); ``question`` says in the project's own words what
    the study asks; ``verdicts`` are sentences built from this run's numbers; ``result`` is the study's JSON
    result and ``config`` the full configuration that reproduces it.
    """

    key: str
    title: str
    question: str
    verdicts: list[str]
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    command: str = ""  # the initlab command that runs this study on its own
