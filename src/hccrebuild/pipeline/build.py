"""A build: validate the data, check the parameter sets, then bring the asked-for steps up to date.

Validation of the data and the check of each parameter set (keys, types, choices) come first:
any problem stops the build there, before any notebook. doit runs the stale steps (`tasks`).
One build at a time per checkout: a second one waits for the first (`_one_at_a_time`).
"""

import contextlib
import fcntl
import os
import sys
from pathlib import Path

from .. import paths
from ..errors import ParameterError
from . import deps, kernels, tasks


def preset_file(spec: str) -> Path:
    """The YAML file of a parameter set given as a path (params/who.yaml) or a name (who)."""
    path = Path(spec)
    if path.suffix not in (".yaml", ".yml") and len(path.parts) == 1:
        path = paths.preset_file(spec)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in paths.PARAMS.glob("*.yaml")))
        raise ParameterError(
            f"PARAMS={spec}: no such parameter set; give a preset name ({known}) "
            "or the path of a YAML file"
        )
    return path


def preset_name(spec: str) -> str:
    """The name a parameter set's outputs go under: its file's stem."""
    return preset_file(spec).stem


def build(steps: list, presets: dict, jobs: int = 2) -> int:
    """Bring `steps` (doit task names) up to date for `presets` (name -> parameter file).

    Raises the first step's exception (after the running steps have finished); returns 0, or
    1 if doit itself failed (it has said why).
    """
    from ..data import VALIDATED_BY_BUILD
    from ..data.params import sections

    # A notebook runs only after validation passed on the data it reads (doit orders the steps),
    # so the kernels started from here need not validate again.
    os.environ[VALIDATED_BY_BUILD] = "1"
    files = {name: preset_file(spec) for name, spec in presets.items()}
    presets = {name: (file, sections(file)) for name, file in files.items()}
    with _one_at_a_time():
        # One kernel more than notebooks at a time: the next one warms while they run.
        pool = kernels.Pool(max(1, jobs) + 1, paths.BUILD, deps.loaded_modules)
        try:
            return _failed(tasks.run(tasks.build_tasks(presets), steps, jobs, pool))
        finally:
            pool.close()


def _failed(code: int) -> int:
    if tasks.Step.errors:
        raise tasks.Step.errors[0]
    return 1 if code else 0


@contextlib.contextmanager
def _one_at_a_time():
    """Hold the checkout's build lock; a second build started meanwhile waits, then finds its
    steps up to date (or runs what is still stale) instead of racing the first."""
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with open(paths.BUILD / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this folder to finish...", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
