"""Integration tier: builds, kernels and browsers; every test here is marked `integration`.

Fixtures of the real-browser tests: one system Chromium per session, and the outputs under test.

The outputs are read from READERS_REPORT_DIR (default: the project's report/ folder), so the same tests
can judge a fresh build, a shared one, or a copy of an older one.
"""

import os
from pathlib import Path

import browser as br
import pytest

from hccrebuild import paths


@pytest.fixture(scope="session")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        br.unavailable(f"Playwright is not installed ({exc}); run `make env`")
    with sync_playwright() as pw:
        b = br.launch(pw)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def readers_dir() -> Path:
    return Path(os.environ.get("READERS_REPORT_DIR") or paths.REPORT).resolve()


def _output(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        pytest.skip(f"{path} not built (make report / make slides, or set READERS_REPORT_DIR)")
    return path


@pytest.fixture(scope="session")
def report_html(readers_dir) -> Path:
    return _output(readers_dir, "report.html")


@pytest.fixture(scope="session")
def report_pdf(readers_dir) -> Path:
    return _output(readers_dir, "report.pdf")


@pytest.fixture(scope="session")
def deck_html(readers_dir) -> Path:
    return _output(readers_dir, "slides.html")


def pytest_collection_modifyitems(config, items):
    here = str(config.rootpath / "tests" / "integration")
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.integration)
