"""Parameter sets as input: one YAML file per set under params/, one section per notebook, checked on load.

The schema is data read from the notebooks themselves: each notebook's `parameters` cell declares
`name: type = default  # comment`, which gives the keys of its section and their types; the
choices a value must be one of are given by the caller (`analysis.parameter_choices` computes them
from the package and the data, and loads a parameter set with them). Every problem is named as
``params/x.yaml, key 'section.name': ...`` and all of them are raised at once.
"""

import ast
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import paths
from ..errors import ParameterError, ParameterErrors


def notebooks() -> dict:
    """Notebook of each section of a parameter set: one section per notebook, named by its stem."""
    names = [*paths.PRODUCT_NOTEBOOKS, *paths.TEACHING_NOTEBOOKS, paths.REPORT_NOTEBOOK]
    return {name: f"{name}.ipynb" for name in sorted(names)}


#: Section whose keys go to every notebook that has a parameter of that name.
COMMON = "common"
#: Set by the build for every notebook, never by a parameter set.
RESERVED = ("preset",)

_PARAM_LINE = re.compile(r"^(\w+)\s*(?::[^=]+)?=")
_TYPES = {"str": str, "list": list, "bool": bool, "int": int, "float": float, "dict": dict}


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter as its `parameters` cell declares it."""

    name: str
    type: str  # str, list, bool, int, float or dict (the annotation)
    default: object
    comment: str


def _parameters_cell(notebook: Path) -> str:
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return "".join(cell["source"])
    raise ParameterError(f"{paths.relative(notebook)} has no cell tagged 'parameters'")


def notebook_parameters(notebook: Path) -> list:
    """Names declared in a notebook's `parameters` cell (`name: type = value  # comment`)."""
    src = _parameters_cell(notebook)
    return [m.group(1) for line in src.splitlines() if (m := _PARAM_LINE.match(line))]


def declared(notebook: Path) -> dict:
    """Each parameter of a notebook (`Parameter`), by name, from its `parameters` cell."""
    out = {}
    for line in _parameters_cell(notebook).splitlines():
        if not _PARAM_LINE.match(line):
            continue
        code, _, comment = line.partition("  #")
        node = ast.parse(code.strip()).body[0]
        if isinstance(node, ast.AnnAssign):
            name, kind = node.target.id, ast.unparse(node.annotation)
            default = ast.literal_eval(node.value)
        else:
            name = node.targets[0].id
            default = ast.literal_eval(node.value)
            kind = type(default).__name__
        out[name] = Parameter(name, kind, default, comment.strip())
    return out


def schema() -> dict:
    """Section -> parameter name -> `Parameter`, for every notebook (without the reserved names)."""
    return {
        section: {k: v for k, v in declared(paths.NOTEBOOKS / nb).items() if k not in RESERVED}
        for section, nb in notebooks().items()
    }


def _rows(resource: str):
    """Rows of a data file as dicts, read leniently; None if unreadable (validation names why)."""
    from . import package

    try:
        text = package.resource_path(resource).read_bytes().decode("utf-8", errors="replace")
        return list(csv.DictReader(io.StringIO(text, newline="")))
    except Exception:  # the data are broken: validation names the problem, not the parameters
        return None


def column_values(resource: str, field: str, **where) -> list:
    """Distinct values of one column (of the rows matching `where`); None if none can be read."""
    rows = _rows(resource)
    if rows is None:
        return None
    rows = [r for r in rows if all(r.get(k) == v for k, v in where.items())]
    return list(dict.fromkeys(r[field] for r in rows if r.get(field))) or None


def _type_name(value) -> str:
    return {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _value_errors(where: str, key: str, param: Parameter, value, valid) -> list:
    """Problems with one value: its type against the annotation, its choices."""
    at = f"{where}, key '{key}'"
    expected = _TYPES.get(param.type)
    ok = (
        isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
        if expected is not float
        else isinstance(value, (int, float)) and not isinstance(value, bool)
    )
    if expected is not None and not ok:
        want = {"str": "text", "list": "a list", "bool": "true or false"}.get(
            param.type, param.type
        )
        hint = f"; valid: {', '.join(map(str, valid))}" if valid else ""
        return [f"{at}: expected {want}, got {_type_name(value)} (value '{value}'){hint}"]
    if valid is None:
        return []
    if isinstance(value, list):
        errors = []
        if not value:
            errors.append(f"{at}: the list is empty; valid items: {', '.join(valid)}")
        for item in value:
            if not isinstance(item, str) or item not in valid:
                errors.append(
                    f"{at}: unknown item (value '{item}'); valid items: {', '.join(valid)}"
                )
        repeated = sorted({str(v) for v in value if value.count(v) > 1})
        if repeated:
            errors.append(f"{at}: listed twice: {', '.join(repeated)}")
        return errors
    if value not in valid:
        return [f"{at}: unknown choice (value '{value}'); valid: {', '.join(valid) or 'none'}"]
    return []


def _read(preset_file: Path, where: str):
    if not preset_file.is_file():
        raise ParameterError(f"{where}: no such parameter file")
    raw = preset_file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParameterError(
            f"{where}, line {line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParameterError(f"{where}{at}: not valid YAML: {problem}") from None


def check(preset_file: Path, valid: dict) -> dict:
    """A parameter set, checked against `schema()` and `valid`; every problem raised at once.

    `valid` gives the values a parameter may take, by parameter name (None: cannot be known now;
    a list parameter's items must each be one); see `analysis.parameter_choices.choices`.

    Raises
    ------
    ParameterError
        If the file is missing, not UTF-8 or not valid YAML.
    ParameterErrors
        Unknown sections or keys, values of the wrong type, values outside their choices;
        each names the file and the key (`section.name`) and lists the valid ones.
    """
    preset_file = Path(preset_file)
    where = paths.relative(preset_file)
    values = _read(preset_file, where)
    if values is None:
        values = {}
    sections = notebooks()
    if not isinstance(values, dict):
        raise ParameterError(
            f"{where}: expected one mapping per notebook ({', '.join([COMMON, *sections])})"
        )
    known = schema()
    errors = []
    bodies = {}
    for section, body in values.items():
        if section != COMMON and section not in sections:
            errors.append(
                f"{where}, key '{section}': unknown section; valid: {', '.join([COMMON, *sections])}"
            )
            continue
        if body is None:
            body = {}
        if not isinstance(body, dict):
            errors.append(
                f"{where}, key '{section}': expected a mapping of parameters, got {_type_name(body)}"
            )
            continue
        bodies[section] = body
        for key, value in body.items():
            dotted = f"{section}.{key}"
            if section == COMMON:
                having = [known[s][key] for s in sections if key in known[s]]
                if key in RESERVED or not having:
                    errors.append(
                        f"{where}, key '{dotted}': a parameter of no notebook; valid: "
                        + ", ".join(sorted({k for s in known.values() for k in s}))
                    )
                    continue
                param = having[0]
            elif key in RESERVED or key not in known[section]:
                errors.append(
                    f"{where}, key '{dotted}': not a parameter of notebooks/{sections[section]}; "
                    f"valid: {', '.join(known[section]) or 'none'}"
                )
                continue
            else:
                param = known[section][key]
            errors += _value_errors(where, dotted, param, value, valid.get(key))
    if errors:
        raise ParameterErrors(errors)
    return _merged(bodies, known)


def _merged(bodies: dict, known: dict) -> dict:
    """Each notebook's parameters: the `common` keys it declares, then its own section's."""
    common = bodies.get(COMMON) or {}
    return {
        section: {k: v for k, v in common.items() if k in params} | dict(bodies.get(section) or {})
        for section, params in known.items()
    }


def sections(preset_file: Path) -> dict:
    """A parameter set's values per notebook, as `load` gives them, but unchecked (cheap: no data
    read). What is not a mapping is left out; `load` says what is wrong with it."""
    values = _read(Path(preset_file), paths.relative(preset_file))
    bodies = (
        {k: v for k, v in (values or {}).items() if isinstance(v, dict)}
        if isinstance(values, dict)
        else {}
    )
    return _merged(bodies, schema())
