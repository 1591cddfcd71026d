"""Validation before anything runs, in one pass that reports every problem it finds.

Stages, each run only when the one before found nothing (later ones trust earlier ones):
1. files: every file under data/ is a regular file (no symbolic link), every resource exists,
   is UTF-8, has the schema's columns in order, the right number of cells in each row, at
   least one row, and only finite numbers;
2. the Table Schema (via frictionless): types, required cells, enums, keys, foreign keys;
3. the domain rules (`rules`): what a clinician or a trial reader would check.

Every problem names its file, row and field; `check` raises them all at once. The build's
validation step then checks the errata register against the verification ledger, which the
analyses build (`analysis.ledger.errata`).
"""

import csv
import hashlib
import io
import json
import math
import os
import re
import stat

from .. import paths
from ..errors import DataError, DataErrors
from . import package
from .rules import domain_errors

#: Resources that may be empty (a header and no rows): a paper with no errata is possible.
MAY_BE_EMPTY = frozenset({"errata"})

_NUMERIC = ("number", "integer")

#: The longest cell accepted, in characters: a cell longer than this is most often an unclosed
#: quote that swallowed the rest of the file; a real note this long belongs in a source document.
MAX_CELL = 10_000
# Python's csv refuses a cell over 131,072 characters with a message naming neither row nor field:
# read any length here, and say which cell is too long (MAX_CELL).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


def file_errors() -> list:
    """Symbolic links and anything but regular files and folders under data/."""
    errors = []
    root = paths.DATA
    if root.is_symlink():
        return [DataError(paths.relative(root), None, None, "is a symbolic link; refused")]
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            shown = os.path.relpath(path, paths.ROOT)
            if stat.S_ISLNK(mode):
                errors.append(
                    DataError(
                        shown,
                        None,
                        None,
                        f"is a symbolic link (to {os.readlink(path)}); data files must be regular files",
                    )
                )
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                errors.append(DataError(shown, None, None, "is not a regular file; refused"))
    return errors


def _decode(raw: bytes, file: str, errors: list) -> str:
    """The text of a CSV file; each cell holding bytes that are not UTF-8 is reported."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    found = 0
    for col, name in enumerate(header):
        if any("\udc80" <= ch <= "\udcff" for ch in name):
            errors.append(DataError(file, None, None, f"not UTF-8: column {col + 1} of the header"))
            found += 1
    for row, cells in enumerate(reader, start=1):
        for col, cell in enumerate(cells):
            bad = [ch for ch in cell if "\udc80" <= ch <= "\udcff"]
            if bad:
                field = header[col] if col < len(header) else f"column {col + 1}"
                shown = cell.encode("utf-8", "surrogateescape").decode("latin-1")
                errors.append(
                    DataError(
                        file,
                        row,
                        field,
                        f"not UTF-8: byte 0x{ord(bad[0]) - 0xDC00:02x} (value '{shown}'); "
                        "save the file as UTF-8",
                    )
                )
                found += 1
    if not found:
        errors.append(DataError(file, None, None, "not UTF-8"))
    return None


def _non_finite(value: str) -> bool:
    try:
        return not math.isfinite(float(value))
    except ValueError:
        return False


def structure_errors() -> list:
    """Missing files, encodings, headers, cell counts, empty tables and non-finite numbers.

    Checked before frictionless, which matches columns by position and would report one
    deleted column as a cascade of mislabelled ones, and accepts 'inf' and 'nan' as numbers.
    """
    errors = []
    for res in package.descriptor()["resources"]:
        path = paths.DATA / res["path"]
        file = os.path.relpath(path, paths.ROOT)
        if path.is_symlink() or not path.exists():
            errors.append(DataError(file, None, None, "file is missing"))
            continue
        if not path.is_file():
            errors.append(DataError(file, None, None, "is not a regular file"))
            continue
        found = []
        text = _decode(path.read_bytes(), file, found)
        if text is None:
            errors += found
            continue
        if text.startswith("\ufeff"):
            errors.append(
                DataError(
                    file, None, None, "starts with a byte-order mark; save it as UTF-8 without BOM"
                )
            )
            continue
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as exc:
            errors.append(DataError(file, None, None, f"not a readable CSV file: {exc}"))
            continue
        header = rows[0] if rows else []
        expected = [f["name"] for f in res["schema"]["fields"]]
        for name in expected:
            if name not in header:
                found.append(DataError(file, None, name, "column is missing"))
        for name in header:
            if name not in expected:
                found.append(DataError(file, None, name or None, "column is not in the schema"))
        if not found and header != expected:
            found.append(
                DataError(
                    file, None, None, f"columns are out of order; expected {', '.join(expected)}"
                )
            )
        body = [r for r in rows[1:] if r]  # csv gives [] for a blank line
        if not body and res["name"] not in MAY_BE_EMPTY:
            found.append(
                DataError(file, None, None, "has a header but no rows; at least one row is needed")
            )
        numeric = {f["name"] for f in res["schema"]["fields"] if f.get("type") in _NUMERIC}
        for row, cells in enumerate(rows[1:], start=1):
            if not cells:
                continue
            if len(cells) != len(header):
                found.append(
                    DataError(
                        file,
                        row,
                        None,
                        f"has {len(cells)} cells, the header has {len(header)} "
                        "(a comma too many or too few? quote a cell that holds a comma)",
                    )
                )
                continue
            for name, cell in zip(header, cells):
                if len(cell) > MAX_CELL:
                    found.append(
                        DataError(
                            file,
                            row,
                            name,
                            f"a cell of {len(cell):,} characters; at most {MAX_CELL:,} "
                            "(is a quote left open?)",
                        )
                    )
                elif name in numeric and _non_finite(cell):
                    found.append(
                        DataError(file, row, name, f"not a finite number (value '{cell}')")
                    )
        errors += found
    return errors


def schema_errors() -> list:
    """Problems frictionless finds against data/datapackage.json (types, required, enums, keys).

    The descriptor is checked every time; within one process, each resource's table only when
    its content, or anything its check reads, changed since it last passed (`_schema_key`).
    """
    from frictionless import FrictionlessException, Package, system

    errors = []
    with system.use_context(trusted=False):
        descriptor = Package(str(paths.DATAPACKAGE))
        try:
            descriptor.to_descriptor(validate=True)
        except FrictionlessException as exc:
            return [
                DataError(paths.relative(paths.DATAPACKAGE), None, None, err.message)
                for err in exc.to_errors()
            ]
        for resource in descriptor.resources:
            key = _schema_key(resource.name)
            if key is not None and key in _SCHEMA_PASSED:
                continue
            found = _report_errors(resource.validate())
            errors += found
            if key is not None and not found:
                _SCHEMA_PASSED.add(key)
    return errors


def _report_errors(report) -> list:
    """A frictionless report's errors, each naming its file, row and field."""
    errors = []
    for task in report.tasks:
        file = paths.relative(paths.DATA / task.place) if task.place else task.name
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None) or ", ".join(
                getattr(err, "field_names", None) or []
            )
            if err.type == "primary-key" and not field:
                key = package.resource(task.name)["schema"].get("primaryKey") or []
                field = ", ".join([key] if isinstance(key, str) else key)
            errors.append(DataError(file, row - 1 if row else None, field or None, _message(err)))
    for err in report.errors:
        errors.append(DataError(paths.relative(paths.DATAPACKAGE), None, None, err.message))
    return errors


#: Keys (`_schema_key`) of the tables that passed the schema check in this process. Not kept on
#: disk: whether a build must validate again is the build engine's question (pipeline/tasks.py);
#: this only spares a process that validates many times (the tests) checking the same table twice.
_SCHEMA_PASSED = set()


def _schema_key(name: str):
    """A hash of everything the schema check of one resource reads: its entry in the descriptor,
    its file, the entries and files of the resources its foreign keys point at, and the
    frictionless version. None if unreadable."""
    from importlib.metadata import version

    try:
        entries = {r["name"]: r for r in package.descriptor()["resources"]}
        entry = entries[name]
        names = [name] + sorted(
            {
                fk["reference"]["resource"]
                for fk in entry.get("schema", {}).get("foreignKeys", [])
                if fk["reference"].get("resource") not in ("", None, name)
            }
        )
        h = hashlib.sha256(f"frictionless {version('frictionless')}".encode())
        for each in names:
            h.update(b"\0" + json.dumps(entries[each], sort_keys=True).encode())
            h.update(b"\0" + (paths.DATA / entries[each]["path"]).read_bytes())
    except (KeyError, TypeError, OSError, ValueError, AttributeError):
        return None
    return h.hexdigest()


def _message(err) -> str:
    """A frictionless error in one line, without repeating the row and field it names."""
    note = (err.note or "").strip()
    title = err.title.lower() if getattr(err, "title", None) else err.type
    if err.type == "foreign-key":
        ref = err.reference_name
        return (
            f"{', '.join(map(repr, err.field_cells))} is not a known "
            f"{'/'.join(err.reference_field_names)} of {_file(ref) if ref else 'this file'}"
        )
    if err.type == "primary-key":
        cells = ", ".join(f"'{c}'" for c in err.cells)
        pos = re.search(r"position (\d+)", note)
        same = f"; the same as row {int(pos.group(1)) - 1}" if pos else ""
        return f"duplicate key ({cells}){same}"
    cell = getattr(err, "cell", None)
    shown = f" (value '{cell}')" if cell not in (None, "") else ""
    return f"{title}{shown}: {note}" if note else f"{title}{shown}"


def _file(name: str) -> str:
    return paths.relative(package.resource_path(name))


def check(names=None) -> None:
    """Validate the whole data package (files, schema, domain rules); raise on any problem.

    Raises
    ------
    DataErrors
        Every problem of the first stage (files, schema, domain rules) that found any.

    `names` is accepted for symmetry with `data.load` (every resource is always checked,
    since references cross files).
    """
    errors = file_errors() or structure_errors() or _schema_checked()
    if not errors:
        frames = {
            res["name"]: package.read(res["name"]) for res in package.descriptor()["resources"]
        }
        errors = domain_errors(frames)
    if errors:
        raise DataErrors(errors)


def _schema_checked() -> list:
    """`schema_errors`, with a failure of frictionless itself (a broken descriptor) reported as one."""
    try:
        return schema_errors()
    except Exception as exc:  # frictionless raises its own types on a descriptor it cannot use
        return [
            DataError(
                paths.relative(paths.DATAPACKAGE),
                None,
                None,
                f"the schema cannot be used: {type(exc).__name__}: {exc}",
            )
        ]
