"""One quick report for the report tests, built through the command line as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from initlab.cli import main


@pytest.fixture(scope="session")
def quick_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "initlab-report"
    assert main(["report", "--quick", "--quiet", "--out", str(out)]) == 0
    return out
