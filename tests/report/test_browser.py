"""The report, served over HTTP on localhost, opened in headless Chromium as a reader would open it.

Needs Debian's chromium and chromium-driver (``.ci/run`` installs them) and selenium (the ``test`` extra).
Without them the test is skipped, unless INITLAB_REQUIRE_BROWSER=1 (set by CI), where it fails instead.
A screenshot of the whole page is saved to ``test-artifacts/report.png``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from initlab.report.build import SECTIONS

try:
    from selenium import webdriver
except ImportError:  # the test extra is not installed
    webdriver = None

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("INITLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required but {reason}")
        pytest.skip(reason)


@pytest.fixture
def served(quick_report):
    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(quick_report)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser(tmp_path):
    _need(CHROMIUM is not None and CHROMEDRIVER is not None, "chromium and chromedriver are not installed")
    _need(webdriver is not None, "selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.mark.browser
def test_report_opens_in_chromium(quick_report, served, browser):
    browser.get(served)
    assert browser.execute_script("return document.readyState") == "complete"
    assert "initlab report" in browser.title

    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
    )
    results = json.loads((quick_report / "results.json").read_text())
    figures = [path for study in results["studies"].values() for path in study["figures"]]
    assert sorted(src for src, _, _ in images) == sorted(figures)
    broken = [src for src, complete, width in images if not complete or width == 0]
    assert not broken, f"images that did not load: {broken}"

    sections = browser.execute_script(
        "return Array.from(document.querySelectorAll('main > section'))"
        ".map(s => [s.id, s.querySelector('h2').innerText])"
    )
    assert [key for key, _ in sections] == list(SECTIONS)
    assert all(title.strip() for _, title in sections)

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"

    ARTIFACTS.mkdir(exist_ok=True)
    height = min(browser.execute_script("return document.documentElement.scrollHeight"), 20000)
    browser.set_window_size(1280, height)
    assert browser.save_screenshot(str(ARTIFACTS / "report.png"))
