"""Copies of the project, and `make` started from Python (comparisons, the benchmark, the tests)."""

import os
import shutil

#: What a copy of the project leaves out: environments, outputs and caches.
IGNORE = shutil.ignore_patterns(
    ".venv", ".venv-*", "build", ".git", "__pycache__", ".pytest_cache", "*.egg-info"
)


def make_env() -> dict:
    """The environment for a make run started from Python: without the job server or level of a
    make that may have started this process."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
