"""Fixtures shared by the unit tests of the bad-input corpus (test_bad_inputs*.py)."""

import shutil

import pytest

from hccrebuild import data, paths

#: The checkout, read before any test points the package's paths elsewhere.
CHECKOUT = paths.ROOT


@pytest.fixture(scope="session")
def schema_passed(tmp_path_factory):
    """One folder of schema-check markers for every scratch project of a worker: a marker is keyed
    by the content its check read, so a resource a case breaks is checked again, the others not."""
    return tmp_path_factory.mktemp("schema-passed")


@pytest.fixture
def proj(tmp_path, monkeypatch, schema_passed):
    """A scratch project: a copy of data/ and params/, the package's paths (build/ too) pointed at
    it; the schema-check markers shared (`schema_passed`)."""
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
    monkeypatch.setattr(paths, "schema_passed_dir", lambda: schema_passed)
    data.descriptor.cache_clear()
    yield root
    data.descriptor.cache_clear()
