"""The data layer: the package descriptor, reading typed frames, and validation before use.

`load(names)` is the one entry point the notebooks use: it validates the whole data package
(once per content, see `package.validated_marker`) and returns the named resources as frames.
"""

from .package import descriptor, fingerprint, read, resource, resource_path, validated_marker

__all__ = [
    "descriptor",
    "fingerprint",
    "load",
    "read",
    "resource",
    "resource_path",
    "validated_marker",
]


def load(names, validate: bool = True) -> dict:
    """Several resources by name, validated first (see `validate.check`).

    Parameters
    ----------
    names : iterable of str
        Resource names from data/datapackage.json.
    validate : bool
        Check schema and domain rules before loading; raises `DataErrors` on any problem.
        Skipped when these exact data already passed the build's validation (`validated_marker`).

    Returns
    -------
    dict of str to DataFrame
    """
    names = list(names)
    if validate and not validated_marker().is_file():
        from . import validate as _validate

        _validate.check(names)
    return {name: read(name) for name in names}
