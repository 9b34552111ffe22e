"""Assemble every study's section into ``DIR/index.html``, ``DIR/figures/*.png`` and ``DIR/results.json``.

The whole report is written into a temporary folder beside ``DIR`` and only then swapped in, so a run that
fails or is interrupted (Ctrl-C) leaves the previous report intact and no half-written files.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from threadpoolctl import threadpool_limits

from initlab import __version__
from initlab.errors import ConfigError
from initlab.outputs import SCHEMA_VERSION, atomic_write_text, jsonable, save_figure, usual_mode
from initlab.report.section import Section

SECTIONS = ("inits", "symmetry", "activations", "meanfield", "training")
"""The report's sections, in reading order: each a module of :mod:`initlab.report.sections`."""
COST = {"training": 4, "activations": 2, "meanfield": 1, "symmetry": 1}
"""Rough relative run times, so that worker processes start the longest studies first."""

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
    jobs: int | None = None,
    on_study: Callable[[int, int, str], None] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run every study and write the report to ``out``; returns where it went and the per-study times.

    By default the studies of :data:`SECTIONS` run in ``jobs`` worker processes (default: up to 2, one per
    core), longest first; with ``jobs=1``, or with ``sections`` given as (key, build) pairs, they run here one
    after another and ``progress(done, total)`` follows each study's own steps. ``on_study(done, total, key)``
    is called as studies finish. Raises :class:`StudyFailed` naming the study that raised; the previous report
    in ``out`` is then left as it was.
    """
    out = Path(out)
    _check_destination(out)
    jobs = min(2, os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise ConfigError(f"jobs must be >= 1, got {jobs}")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        staging.chmod(usual_mode(0o777))  # mkdtemp makes a private folder; a report is meant to be shared
        if sections is None and jobs > 1:
            done = _build_in_workers(SECTIONS, quick, staging / "figures", jobs, on_study)
        else:
            done = _build_here(sections or builders(), quick, staging / "figures", on_study, progress)
        keys = [key for key, _ in sections] if sections is not None else list(SECTIONS)
        built = [done[key][0] for key in keys]
        seconds = {key: done[key][1] for key in keys}
        _write_results(staging / "results.json", built, seconds, quick)
        atomic_write_text(staging / "index.html", render(built, seconds, quick))
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Report(out, built, seconds)


Built = dict[str, tuple[Section, float]]


def _build_here(
    sections: Sequence[tuple[str, Builder]], quick: bool, figures: Path, on_study, progress: Progress | None
) -> Built:
    done: Built = {}
    for key, build in sections:
        try:
            done[key] = _build_and_save(build, quick, figures, progress)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            raise StudyFailed(key, exc) from exc
        if on_study is not None:
            on_study(len(done), len(sections), key)
    return done


def _build_in_workers(keys: Sequence[str], quick: bool, figures: Path, jobs: int, on_study) -> Built:
    # "spawn": fresh interpreters, safe whatever threads (BLAS, torch) this process has started.
    context = multiprocessing.get_context("spawn")
    done: Built = {}
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_one_blas_thread) as pool:
        longest_first = sorted(keys, key=lambda key: -COST.get(key, 0))
        futures = {pool.submit(_build_module, key, quick, figures): key for key in longest_first}
        for future in as_completed(futures):
            key = futures[future]
            try:
                done[key] = future.result()
            except Exception as exc:
                pool.shutdown(wait=False, cancel_futures=True)
                raise StudyFailed(key, exc) from exc
            if on_study is not None:
                on_study(len(done), len(keys), key)
    return done


def _build_module(key: str, quick: bool, figures: Path) -> tuple[Section, float]:
    """In a worker: build section ``key`` and save its figures; the figures come back as names only."""
    build = importlib.import_module(f"initlab.report.sections.{key}").build
    return _build_and_save(build, quick, figures, None)


def _build_and_save(build: Builder, quick: bool, figures: Path, progress: Progress | None) -> tuple[Section, float]:
    start = time.perf_counter()
    section = build(quick=quick, progress=progress)
    seconds = round(time.perf_counter() - start, 2)
    for figure in section.figures:
        save_figure(figure.figure, figures / f"{figure.name}.png")
        figure.figure = None  # saved (and closed): only its name and caption travel on
    return section, seconds


def _one_blas_thread() -> None:
    """Workers share the cores between them: one BLAS thread each avoids oversubscribing them."""
    threadpool_limits(limits=1, user_api="blas")


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
