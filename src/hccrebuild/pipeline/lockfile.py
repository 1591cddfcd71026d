"""environment.yml for conda users, generated from requirements.lock so both carry the same pins."""

import sys

from .. import paths


def pins(lock_text: str) -> list:
    """The `name==version` lines of a lock file."""
    return [ln.strip() for ln in lock_text.splitlines() if ln.strip() and not ln.startswith("#")]


def environment_yml(lock_text: str) -> str:
    """Conda environment: the same Python minor version, every pin installed by pip."""
    lines = [
        "# Generated from requirements.lock by `make lock`; do not edit by hand.",
        "name: hccrebuild",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={sys.version_info.major}.{sys.version_info.minor}",
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
