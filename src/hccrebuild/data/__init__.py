"""The data layer: the package descriptor, reading typed frames, and validation before use.

`load(names)` is the one entry point the notebooks use: it validates the whole data package
(unless the build that runs the notebook has, see `VALIDATED_BY_BUILD`) and returns the named
resources as frames.
"""

import os

from .package import descriptor, read, resource, resource_path

__all__ = ["VALIDATED_BY_BUILD", "descriptor", "load", "read", "resource", "resource_path"]

#: Environment variable the build sets to "1" for the kernels it starts, once its validation step
#: has passed on the data they read; a notebook run any other way validates the data itself.
VALIDATED_BY_BUILD = "HCCREBUILD_DATA_VALIDATED"


def load(names, validate: bool = True) -> dict:
    """Several resources by name, validated first (see `validate.check`).

    Parameters
    ----------
    names : iterable of str
        Resource names from data/datapackage.json.
    validate : bool
        Check schema and domain rules before loading; raises `DataErrors` on any problem.
        Skipped in a notebook the build runs after validating these data (`VALIDATED_BY_BUILD`).

    Returns
    -------
    dict of str to DataFrame
    """
    names = list(names)
    if validate and os.environ.get(VALIDATED_BY_BUILD) != "1":
        from . import validate as _validate

        _validate.check(names)
    return {name: read(name) for name in names}
