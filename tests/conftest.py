"""Shared fixtures: a scratch copy of the project, and the package pointed at it."""

import fcntl
import os
import shutil
import sys
from pathlib import Path

import pytest

from hccrebuild import data, paths
from scratch import ROOT, copy_project, make


def shared(tmp_path_factory, name: str, build):
    """A folder made once per test run, by `build(folder)`, and shared by every pytest-xdist
    worker: the first worker to ask builds it under a lock; the others wait for it, then read it.

    Whatever a shared folder holds is read, never changed (copy it to change something).
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / f"shared-{name}"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".complete").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".complete").touch()
    return folder


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
