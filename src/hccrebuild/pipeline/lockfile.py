"""environment.yml for conda users, generated from requirements.lock so both carry the same pins."""

import re
import sys
import tomllib

from .. import paths


def pins(lock_text: str) -> list:
    """The requirement lines of a lock file: `name==version`, with its environment marker if any
    (`numpy==2.4.6 ; python_full_version < '3.12'`); comments and `# via` notes left out."""
    lines = (re.sub(r"(^|\s)#.*$", "", ln).strip() for ln in lock_text.splitlines())
    return [ln for ln in lines if ln]


def python_spec() -> str:
    """The Python versions the lock covers, as a conda match spec (pyproject's requires-python)."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return "python" + project["project"]["requires-python"].replace(" ", "")


def environment_yml(lock_text: str) -> str:
    """Conda environment: the Python versions of the lock, every pin installed by pip (which reads
    the environment markers, as from requirements.lock)."""
    lines = [
        "# Generated from requirements.lock by `make lock`; do not edit by hand.",
        "name: hccrebuild",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f'  - "{python_spec()}"',
        "  - pip",
        "  - pip:",
    ]
    lines += [f"    - {p}" for p in pins(lock_text)]
    return "\n".join(lines) + "\n"


def main() -> int:
    paths.ENVIRONMENT_YML.write_text(
        environment_yml(paths.LOCKFILE.read_text(encoding="utf-8")), encoding="utf-8"
    )
    print(f"wrote {paths.relative(paths.ENVIRONMENT_YML)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
