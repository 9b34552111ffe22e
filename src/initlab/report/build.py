"""Assemble every study's section into ``DIR/index.html``, ``DIR/figures/*.png`` and ``DIR/results.json``.

The whole report is written into a temporary folder beside ``DIR`` and only then swapped in, so a run that
fails or is interrupted (Ctrl-C) leaves the previous report intact and no half-written files.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from initlab import __version__
from initlab.errors import ConfigError, InitlabError
from initlab.outputs import SCHEMA_VERSION, atomic_write_text, jsonable, save_figure
from initlab.report.section import Section

SECTIONS = ("inits", "symmetry", "activations", "meanfield", "training")
"""The report's sections, in reading order: each a module of :mod:`initlab.report.sections`."""

Builder = Callable[..., Section]
Progress = Callable[[int, int], None]


class StudyFailed(Exception):
    """A study raised while the report was being built; names the study and keeps the cause."""

    def __init__(self, key: str, cause: BaseException) -> None:
        super().__init__(f"the {key} study failed: {type(cause).__name__}: {cause}")
        self.key = key


@dataclass
class Report:
    """Where the report went, and how long each study took."""

    path: Path
    sections: list[Section]
    seconds: dict[str, float]


def builders(keys: Sequence[str] = SECTIONS) -> list[tuple[str, Builder]]:
    """The ``build`` function of every section module named in ``keys``."""
    return [(key, importlib.import_module(f"initlab.report.sections.{key}").build) for key in keys]


def build_report(
    out: str | Path = "initlab-report",
    quick: bool = False,
    sections: Sequence[tuple[str, Builder]] | None = None,
    on_study: Callable[[int, int, str], None] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run every study and write the report to ``out``; returns where it went and the per-study times.

    ``on_study(index, total, key)`` is called before each study (and with index == total at the end);
    ``progress(done, total)`` is passed to the study for its own steps. Raises :class:`StudyFailed` naming the
    study that raised; the previous report in ``out`` is then left as it was.
    """
    out = Path(out)
    _check_destination(out)
    sections = builders() if sections is None else list(sections)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        built, seconds = [], {}
        for index, (key, build) in enumerate(sections):
            if on_study is not None:
                on_study(index, len(sections), key)
            start = time.perf_counter()
            try:
                section = build(quick=quick, progress=progress)
            except (KeyboardInterrupt, InitlabError):
                raise
            except Exception as exc:
                raise StudyFailed(key, exc) from exc
            seconds[key] = round(time.perf_counter() - start, 2)
            _save_figures(section, staging / "figures")
            built.append(section)
        if on_study is not None:
            on_study(len(sections), len(sections), "")
        _write_results(staging / "results.json", built, seconds, quick)
        atomic_write_text(staging / "index.html", render(built, seconds, quick))
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Report(out, built, seconds)


def render(sections: Sequence[Section], seconds: dict[str, float], quick: bool) -> str:
    """The report's HTML page (figures referenced as figures/<name>.png)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("initlab.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.tests["numeric_cell"] = _numeric_cell
    return environment.get_template("report.html").render(
        sections=sections,
        seconds=seconds,
        total_seconds=round(sum(seconds.values()), 1),
        quick=quick,
        version=__version__,
        created=_now(),
        command="initlab report" + (" --quick" if quick else ""),
    )


def _numeric_cell(cell: object) -> bool:
    """Right-align cells that read as a number ("0.173", "−3e-07", "95%", "12.5×")."""
    text = str(cell).replace("−", "-").rstrip("%×x").strip()
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_destination(out: Path) -> None:
    """Refuse to replace a folder that is not an earlier initlab report (it may hold the user's files)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "results.json").is_file())):
        raise ConfigError(f"{out} exists and is not an initlab report; choose another --out folder")


def _save_figures(section: Section, folder: Path) -> None:
    for figure in section.figures:
        save_figure(figure.figure, folder / f"{figure.name}.png")


def _write_results(path: Path, sections: Sequence[Section], seconds: dict[str, float], quick: bool) -> None:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "initlab_version": __version__,
        "created": _now(),
        "command": "initlab report" + (" --quick" if quick else ""),
        "python": sys.version.split()[0],
        "quick": quick,
        "seconds": seconds,
        "studies": {
            section.key: {
                "title": section.title,
                "command": section.command,
                "config": section.config,
                "result": section.result,
                "verdicts": section.verdicts,
                "findings": [vars(finding) for finding in section.findings],
                "figures": [f"figures/{figure.name}.png" for figure in section.figures],
            }
            for section in sections
        },
    }
    atomic_write_text(path, json.dumps(jsonable(payload), indent=1, allow_nan=False) + "\n")


def _swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with two renames; the old report is deleted only once the new one is in."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{int(time.time() * 1000)}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
