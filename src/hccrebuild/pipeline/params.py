"""Splitting a parameter set into one YAML file per notebook, for Make (see `data.params` for loading)."""

from pathlib import Path

import yaml

from ..analysis.parameter_choices import load
from ..files import write_atomic


def split(preset_file: Path, folder: Path) -> list:
    """Write one YAML file per notebook into `folder`, leaving unchanged files untouched.

    Untouched files keep their modification time, so Make re-executes only the notebooks
    whose parameters changed.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section, body in load(preset_file).items():
        path = folder / f"{section}.yaml"
        text = yaml.safe_dump(body, sort_keys=True, allow_unicode=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(path)
    return written
