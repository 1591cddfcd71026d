"""Scratch copies of the project and `make` in them (imported by the tests and tests/conftest.py)."""

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

from hccrebuild import paths
from hccrebuild.pipeline import copies

ROOT = paths.ROOT
#: What a scratch copy leaves out: the environment, outputs and caches.
IGNORE = copies.IGNORE


def copy_project(dest: Path) -> Path:
    """A copy of the checkout (sources, data, notebooks) without environment or outputs; mtimes kept."""
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    for folder in ("report", "figures"):
        for p in (dest / folder).iterdir():
            if p.name != ".gitignore":
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    return dest


#: The environment of a nested make: without the outer make's job server (`make test` runs pytest).
MAKE_ENV = copies.make_env()


#: The checkout's environment, shared by every scratch copy. The Makefile never refreshes another
#: checkout's environment (a copy's lock file may look newer than its stamp, and a refresh from a
#: copy would point its editable install at the copy); tests/conftest.py checks it at the end.
VENV = ROOT / ".venv"


def make(project, *args, check=True):
    """`make ARGS` in a project folder, with this checkout's environment (never refreshed)."""
    proc = subprocess.run(
        ["make", "-C", str(project), f"VENV={VENV}", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=MAKE_ENV,
    )
    if check:
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def shared(tmp_path_factory, name: str, build) -> Path:
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


def git(project, *args) -> str:
    """`git ARGS` in a project folder; its output."""
    return subprocess.run(
        ["git", "-C", str(project), *args], capture_output=True, text=True, check=True
    ).stdout


def commit_all(project) -> None:
    """Put a scratch copy under git, everything in one commit (outputs are ignored by .gitignore)."""
    git(project, "init", "-q")
    git(project, "add", "-A")
    who = ["-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    git(project, *who, "commit", "-q", "-m", "scratch")
