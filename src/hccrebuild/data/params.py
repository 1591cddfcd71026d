"""Parameter sets as input: one YAML file per set under params/, one section per notebook, checked on load."""

import json
import re
from pathlib import Path

import yaml

from .. import paths
from ..errors import ParameterError


def notebooks() -> dict:
    """Notebook of each section of a parameter set: one section per notebook, named by its stem."""
    return {p.stem: p.name for p in sorted(paths.NOTEBOOKS.glob("*.ipynb"))}


#: Section whose keys go to every notebook that has a parameter of that name.
COMMON = "common"

_PARAM_LINE = re.compile(r"^(\w+)\s*(?::[^=]+)?=")


def notebook_parameters(notebook: Path) -> list:
    """Names declared in a notebook's `parameters` cell (`name: type = value  # comment`)."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"])
            return [m.group(1) for line in src.splitlines() if (m := _PARAM_LINE.match(line))]
    raise ParameterError(f"{paths.relative(notebook)} has no cell tagged 'parameters'")


def load(preset_file: Path) -> dict:
    """A parameter set, checked: known sections only, and each key a parameter of its notebook."""
    preset_file = Path(preset_file)
    where = paths.relative(preset_file)
    if not preset_file.is_file():
        raise ParameterError(f"{where}: no such parameter file")
    values = yaml.safe_load(preset_file.read_text(encoding="utf-8")) or {}
    if not isinstance(values, dict):
        raise ParameterError(
            f"{where}: expected one mapping per notebook ({', '.join(notebooks())})"
        )
    sections = notebooks()
    known = {name: notebook_parameters(paths.NOTEBOOKS / nb) for name, nb in sections.items()}
    common = dict(values.pop(COMMON, None) or {})
    for key in common:
        if key == "preset" or not any(key in names for names in known.values()):
            raise ParameterError(f"{where}: common parameter '{key}' is a parameter of no notebook")
    for section, body in values.items():
        if section not in sections:
            raise ParameterError(
                f"{where}: unknown section '{section}'; valid: {', '.join([COMMON, *sections])}"
            )
        for key in body or {}:
            if key not in known[section] or key == "preset":
                valid = ", ".join(k for k in known[section] if k != "preset")
                raise ParameterError(
                    f"{where}: '{key}' is not a parameter of notebooks/{sections[section]}; valid: {valid}"
                )
    return {
        section: {k: v for k, v in common.items() if k in known[section]}
        | dict(values.get(section) or {})
        for section in sections
    }
