"""Shared fixtures: a scratch copy of the project, and the package pointed at it."""

import shutil

import pytest

from hccrebuild import data, paths
from scratch import ROOT, copy_project, make


@pytest.fixture(scope="session")
def cold_build(tmp_path_factory):
    """One cold `make report` per test run, in a scratch copy: (project, completed process).

    Shared by every test that reads a build: read it, never change it (see `built_copy`).
    """
    project = copy_project(tmp_path_factory.mktemp("cold") / "proj")
    return project, make(project, "report")


@pytest.fixture
def built_copy(cold_build, tmp_path):
    """A private copy of the cold build (outputs and mtimes kept: `make report` has nothing to do)."""
    dest = tmp_path / "proj"
    shutil.copytree(cold_build[0], dest, symlinks=True)
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
