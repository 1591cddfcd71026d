"""Fixtures shared by the unit tests of the bad-input corpus (test_bad_inputs*.py)."""

import shutil

import pytest

from hccrebuild import data, paths

#: The checkout, read before any test points the package's paths elsewhere.
CHECKOUT = paths.ROOT


@pytest.fixture
def proj(tmp_path, monkeypatch):
    """A scratch project: a copy of data/ and params/, the package's paths (build/ too) pointed at
    it. (The schema check skips, within the worker's process, a table whose content passed.)"""
    root = tmp_path / "proj"
    shutil.copytree(CHECKOUT / "data", root / "data")
    shutil.copytree(CHECKOUT / "params", root / "params")
    for name, value in {
        "ROOT": root,
        "DATA": root / "data",
        "RAW": root / "data" / "raw",
        "PUBLISHED": root / "data" / "published",
        "DATAPACKAGE": root / "data" / "datapackage.json",
        "PARAMS": root / "params",
        "BUILD": root / "build",
    }.items():
        monkeypatch.setattr(paths, name, value)
    data.descriptor.cache_clear()
    yield root
    data.descriptor.cache_clear()
