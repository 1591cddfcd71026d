"""Load the data package into pandas, typed by its Table Schema."""

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, UnknownName

_PANDAS_TYPE = {"integer": "Int64", "number": "Float64", "string": "string"}


@lru_cache(maxsize=1)
def descriptor() -> dict:
    """The data package descriptor (data/datapackage.json).

    Raises
    ------
    DataError
        If the file is missing, not UTF-8, not valid JSON, or has no list of resources.
    """
    file = paths.relative(paths.DATAPACKAGE)
    if paths.DATAPACKAGE.is_symlink() or not paths.DATAPACKAGE.is_file():
        raise DataError(file, None, None, "file is missing or not a regular file")
    raw = paths.DATAPACKAGE.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            file, None, None, f"not UTF-8: byte 0x{raw[exc.start]:02x} on line {line}"
        ) from None
    try:
        desc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            file, None, None, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    resources = desc.get("resources") if isinstance(desc, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict)
        and isinstance(r.get("name"), str)
        and isinstance(r.get("path"), str)
        and isinstance(r.get("schema"), dict)
        and isinstance(r["schema"].get("fields"), list)
        for r in resources
    ):
        raise DataError(
            file, None, None, "expected an object with 'resources', each with name, path and schema"
        )
    return desc


def resource(name: str) -> dict:
    """The descriptor of one resource, by name."""
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor()["resources"])
    raise UnknownName(
        f"no resource '{name}' in {paths.relative(paths.DATAPACKAGE)}; known: {known}"
    )


def resource_path(name: str):
    """Path of a resource's file."""
    return paths.DATA / resource(name)["path"]


def read(name: str) -> pd.DataFrame:
    """One resource as a DataFrame: empty cells are missing, columns typed by the schema."""
    res = resource(name)
    frame = pd.read_csv(resource_path(name), dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.replace("", pd.NA)
    for field in res["schema"]["fields"]:
        col = field["name"]
        if col not in frame:
            continue
        kind = field["type"]
        if kind == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif kind == "boolean":
            frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
        else:
            frame[col] = frame[col].astype(_PANDAS_TYPE[kind])
    return frame


def fingerprint() -> str:
    """Hash of everything validation depends on: the descriptor, every data file, the rules' code."""
    h = hashlib.sha256()
    files = [paths.DATAPACKAGE] + [paths.DATA / r["path"] for r in descriptor()["resources"]]
    # The rules' code: this layer, and the analysis the errata register is checked with.
    files += sorted((paths.PACKAGE / "data").glob("*.py"))
    files += sorted((paths.PACKAGE / "analysis").rglob("*.py"))
    # What lies under data/, and what kind of file each is (a symbolic link is refused).
    for folder, dirs, names in sorted(os.walk(paths.DATA, followlinks=False)):
        for name in sorted(dirs + names):
            entry = os.path.join(folder, name)
            target = os.readlink(entry) if os.path.islink(entry) else ""
            mode = stat.S_IFMT(os.lstat(entry).st_mode)
            h.update(f"{os.path.relpath(entry, paths.DATA)}\0{mode}\0{target}\0".encode())
    for path in files:
        h.update(
            str(
                path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path.name
            ).encode()
        )
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()


def validated_marker() -> Path:
    """File recording that data with this fingerprint passed validation (see `load`)."""
    return paths.BUILD / ".validated" / fingerprint()
