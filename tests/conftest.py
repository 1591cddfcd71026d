"""Shared fixtures: a scratch copy of the project, and the package pointed at it."""

import shutil
from pathlib import Path

import pytest

from hccrebuild import data, paths

ROOT = paths.ROOT
#: What a scratch copy leaves out: the environment, outputs and caches.
IGNORE = shutil.ignore_patterns(
    ".venv", "build", ".git", "__pycache__", ".pytest_cache", "*.egg-info"
)


def copy_project(dest: Path) -> Path:
    """A copy of the checkout (sources, data, notebooks) without environment or outputs; mtimes kept."""
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    for folder in ("report", "figures"):
        for p in (dest / folder).iterdir():
            if p.name != ".gitignore":
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    return dest


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
