"""Build every parameter set of the checkout (`python -m hccrebuild presets`, `make presets`).

Each preset's products go to its own folders (figures/<preset>/, report/<preset>/); the default's
to the top-level ones. The robustness of the conclusions across readings is not built here: it is
analysis over readings of the same data, computed in every build (`analysis.conclusions`).
"""

from .. import paths
from . import compare


def presets() -> list:
    """Every parameter set of the checkout, the default first."""
    names = sorted(p.stem for p in paths.PARAMS.glob("*.yaml"))
    return sorted(names, key=lambda n: n != paths.DEFAULT_PRESET)


def build_all(names, jobs: int = 2) -> None:
    """Build every preset's products: the data validated and every preset's parameters checked
    first, then every stale notebook of them all in one run, `jobs` at a time (`build`)."""
    from . import build

    steps = [f"notebook:{name}/report" for name in names]
    code = build.build(steps, {name: paths.preset_file(name) for name in names}, jobs)
    if code:
        raise compare.CompareError(f"building the presets failed (exit code {code}); see above")


def main(jobs: int = 2) -> int:
    """Build every preset."""
    build_all(presets(), jobs)
    return 0
