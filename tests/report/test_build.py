"""The report is assembled atomically: a failed or interrupted run leaves the previous report as it was."""

from __future__ import annotations

import json
import os

import pytest

from initlab.errors import InitlabError
from initlab.plots.style import new_figure
from initlab.report.build import StudyFailed, build_report
from initlab.report.section import Figure, Finding, Section, Table


def fake_section(key: str, value: float = 1.0):
    def build(quick: bool = False, progress=None) -> Section:
        figure, axes = new_figure()
        axes[0, 0].plot([0, 1], [0, value])
        return Section(
            key=key,
            title=f"Study {key}",
            question=f"What does {key} show?",
            verdicts=[f"{key} measured {value}"],
            figures=[Figure(f"{key}-line", figure, "a line")],
            tables=[Table("numbers", ["name", "value"], [["x", f"{value:.3g}"]])],
            findings=[Finding("a claim", "what was measured", holds=value > 0)],
            result={"value": value, "quick": quick},
            config={"quick": quick},
            command=f"initlab {key}",
        )

    return key, build


def failing(exception: BaseException):
    def build(quick: bool = False, progress=None) -> Section:
        raise exception

    return "broken", build


def test_writes_page_figures_and_results(tmp_path):
    out = tmp_path / "report"
    report = build_report(out, quick=True, sections=[fake_section("alpha"), fake_section("beta", 2.0)])
    assert set(report.seconds) == {"alpha", "beta"}
    page = (out / "index.html").read_text()
    assert 'id="alpha"' in page and 'id="beta"' in page and "beta measured 2.0" in page
    assert 'src="figures/alpha-line.png"' in page
    assert (out / "figures" / "alpha-line.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    results = json.loads((out / "results.json").read_text())
    assert results["quick"] is True and "initlab_version" in results and results["schema_version"] == 1
    assert results["studies"]["beta"]["result"] == {"value": 2.0, "quick": True}
    assert results["studies"]["alpha"]["findings"] == [{"claim": "a claim", "measured": "what was measured",
                                                        "holds": True}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no staging folder left behind


@pytest.mark.parametrize("exception", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failing_or_interrupted_study_leaves_the_previous_report(tmp_path, exception):
    out = tmp_path / "report"
    build_report(out, sections=[fake_section("alpha")])
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    expected = StudyFailed if isinstance(exception, RuntimeError) else KeyboardInterrupt
    with pytest.raises(expected) as info:
        build_report(out, sections=[fake_section("gamma"), failing(exception)])
    if expected is StudyFailed:
        assert "the broken study failed: RuntimeError: boom" in str(info.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_refuses_to_replace_a_folder_that_is_not_a_report(tmp_path):
    (tmp_path / "mine.txt").write_text("precious")
    with pytest.raises(InitlabError, match="is not an initlab report"):
        build_report(tmp_path, sections=[fake_section("alpha")])
    assert (tmp_path / "mine.txt").read_text() == "precious"


def test_the_report_folder_and_files_follow_the_umask(tmp_path):
    out = tmp_path / "report"
    previous = os.umask(0o022)
    try:
        build_report(out, sections=[fake_section("alpha")])
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == 0o755  # not mkdtemp's private 0700: a report is meant to be shared
    assert (out / "index.html").stat().st_mode & 0o777 == 0o644
