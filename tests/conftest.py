"""Shared fixtures: a scratch copy of the project, and the package pointed at it."""

import shutil
import sys
from pathlib import Path

import pytest

from hccrebuild import data, paths
from scratch import ROOT, copy_project, make, shared


@pytest.fixture(scope="session")
def cold_build(tmp_path_factory):
    """The project after one cold `make report` per test run, in a scratch copy.

    Shared by every test (and every xdist worker) that reads a build: read it, never change it
    (see `built_copy`).
    """

    def build(folder):
        make(copy_project(folder / "proj"), "report")

    return shared(tmp_path_factory, "cold", build) / "proj"


@pytest.fixture
def built_copy(cold_build, tmp_path):
    """A private copy of the cold build (outputs and mtimes kept: `make report` has nothing to do)."""
    dest = tmp_path / "proj"
    shutil.copytree(cold_build, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session", autouse=True)
def _build_folder_in_tmp(tmp_path_factory):
    """No test writes into the checkout: the package's build folder (validation markers, products
    saved in-process) points at a scratch folder for the whole session, module fixtures included."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "BUILD", tmp_path_factory.mktemp("build"))
        yield


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A writable copy of data/, with the package's paths pointed at it."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "data", root / "data")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "DATA", root / "data")
    monkeypatch.setattr(paths, "RAW", root / "data" / "raw")
    monkeypatch.setattr(paths, "PUBLISHED", root / "data" / "published")
    monkeypatch.setattr(paths, "DATAPACKAGE", root / "data" / "datapackage.json")
    data.descriptor.cache_clear()
    yield root / "data"
    data.descriptor.cache_clear()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if a scratch build refreshed the shared environment: its editable install would
    then import the package from that scratch copy, not from this checkout."""
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller checks once
        return
    site = Path(sys.prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}")
    for pth in site.glob("site-packages/__editable__*hccrebuild*.pth"):
        target = pth.read_text(encoding="utf-8").strip()
        if target != str(ROOT / "src"):
            session.config.get_terminal_writer().line(
                f"ERROR: the environment's editable install now points at {target}: a scratch "
                f"build refreshed .venv; run `rm .venv/.installed && make env`",
                red=True,
            )
            session.exitstatus = 1


#: Test files that start the longest chain of builds (cold build, then the deck, then the browser):
#: handed out first, so one worker builds while the other runs the unit tier.
FIRST = ("tests/integration/test_readers.py",)
#: The other integration files, about longest first (measured: 40, 35, 45, 20, 20 and 10 s of a
#: worker's time; the rest take 5 s or less), so that the two workers finish together. The review
#: tests come early: they ask first for the presets build, which others wait for.
LONGEST_FIRST = (
    "tests/integration/test_build.py",
    "tests/integration/test_review_build.py",
    "tests/integration/test_user_states.py",
    "tests/integration/test_bad_input_build.py",
    "tests/integration/test_notebooks_run.py",
    "tests/integration/test_teaching_lab.py",
)


def pytest_collection_modifyitems(config, items):
    """Order the files the workers are given (`--no-loadscope-reorder` keeps this order): the
    longest build chain first, then the unit tier (no builds), then the other integration files,
    longest first. Within a file, tests keep their order."""
    root = Path(config.rootpath)

    def rank(item):
        rel = Path(item.path).relative_to(root).as_posix()
        if rel in FIRST:
            return (0, 0)
        if rel.startswith("tests/unit/"):
            return (1, 0)
        return (2, LONGEST_FIRST.index(rel) if rel in LONGEST_FIRST else len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: files and tests keep their order within a rank
