"""Integration tier: builds, kernels and browsers; every test here is marked `integration`.

Fixtures of the real-browser tests: one system Chromium per session, and the outputs under test.

The outputs are those of READERS_REPORT_DIR when it is set (a shared build, or a copy of an older one);
otherwise the report and the deck are built once per test run, by `make report slides`, in a scratch copy
of the project (a fresh clone's report/ is empty, and the tests must judge what the code builds).
"""

import os
import shutil
from pathlib import Path

import browser as br
import pytest

from scratch import commit_all, make, shared


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
def deck_build(cold_build, tmp_path_factory) -> Path:
    """A copy of the session's cold build after `make report slides` (the report is up to date, so
    only the deck is built): the project folder, with make's output in `make.log` beside it. Made
    once per test run and shared by the xdist workers; read it, never change it."""

    def build(folder):
        project = folder / "proj"
        shutil.copytree(cold_build, project, symlinks=True)
        proc = make(project, "report", "slides", check=False)
        (folder / "make.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
        if proc.returncode != 0:
            pytest.fail(
                f"make report slides failed in {project} (exit {proc.returncode}):\n"
                + (proc.stdout + proc.stderr)[-3000:],
                pytrace=False,
            )

    return shared(tmp_path_factory, "deck", build) / "proj"


#: The presets the integration tests read (besides the default): `presets_build` builds these
#: alone. Each other preset only changes the parameters of a notebook or two, and the unit tier
#: runs the code of those notebooks with every preset's parameters (tests/unit/test_params.py for
#: Table 1 and the trial charts, tests/unit/test_case_figures.py for the case figures' criterion
#: and start date, tests/unit/test_tables.py for Table 2 under each start date).
PRESETS_READ = ("who",)


@pytest.fixture(scope="session")
def presets_build(cold_build, tmp_path_factory) -> Path:
    """A copy of the session's cold build under git (one commit, so that revisions can be compared
    in it) after `make presets`, with params/ holding the default and `PRESETS_READ`: their
    notebooks built, in one batch. Made once per test run and shared by the xdist workers; read
    it, never change it (copy it)."""

    def build(folder):
        project = folder / "proj"
        shutil.copytree(cold_build, project, symlinks=True)
        for preset in (project / "params").glob("*.yaml"):
            if preset.stem not in ("default", *PRESETS_READ):
                preset.unlink()
        commit_all(project)
        make(project, "presets")

    return shared(tmp_path_factory, "presets", build) / "proj"


@pytest.fixture(scope="session")
def readers_dir(request) -> Path:
    """The folder holding report.html, report.pdf and slides.html: READERS_REPORT_DIR, or the
    session's deck build (`deck_build`)."""
    if os.environ.get("READERS_REPORT_DIR"):
        return Path(os.environ["READERS_REPORT_DIR"]).resolve()
    return request.getfixturevalue("deck_build") / "report"


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
