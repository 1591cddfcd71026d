"""Load the data package into pandas, typed by its Table Schema."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import UnknownName

_PANDAS_TYPE = {"integer": "Int64", "number": "Float64", "string": "string"}


@lru_cache(maxsize=1)
def descriptor() -> dict:
    """The data package descriptor (data/datapackage.json)."""
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


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
    files += sorted(Path(__file__).parent.glob("*.py"))
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
