"""Scratch copies of the project and `make` in them (imported by the tests and tests/conftest.py)."""

import os
import shutil
import subprocess
from pathlib import Path

from hccrebuild import paths

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


#: The environment of a nested make: without the outer make's job server (`make test` runs pytest).
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


#: The checkout's environment, shared by every scratch copy. Make is told never to refresh it
#: (`--old-file`): a copy's lock file may look newer than the environment's stamp, and a refresh
#: from a copy would point the environment's editable install at that copy.
VENV = ROOT / ".venv"


def make(project, *args, check=True):
    """`make ARGS` in a project folder, with this checkout's environment (never refreshed)."""
    proc = subprocess.run(
        ["make", "-C", str(project), f"VENV={VENV}", f"--old-file={VENV / '.installed'}", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=MAKE_ENV,
    )
    if check:
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc
