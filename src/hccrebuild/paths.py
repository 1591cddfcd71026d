"""Every path the project uses, anchored at the project root: nothing else builds a path."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DATA = ROOT / "data"
RAW = DATA / "raw"
PUBLISHED = DATA / "published"
DATAPACKAGE = DATA / "datapackage.json"

NOTEBOOKS = ROOT / "notebooks"
PARAMS = ROOT / "params"
BUILD = ROOT / "build"
FIGURES = ROOT / "figures"
REPORT = ROOT / "report"
LOCKFILE = ROOT / "requirements.lock"
ENVIRONMENT_YML = ROOT / "environment.yml"

#: The package's own folder and the files it ships beside its code.
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "html" / "templates"
PROSE = PACKAGE / "html" / "prose"
MPLSTYLE = PACKAGE / "figures" / "report.mplstyle"
#: Front-end files installed with the environment (reveal.js for the slides), beside its Python.
VENDOR = Path(sys.prefix) / "vendor"

DEFAULT_PRESET = "default"

#: The project's notebooks (notebooks/<name>.ipynb). The products write the tables, figures and
#: ledger that the report notebook assembles; the teaching notebooks are built on demand. Only
#: these are built: any other notebook in notebooks/ (a scratch copy, an Untitled.ipynb) is the
#: user's own and is left alone.
PRODUCT_NOTEBOOKS = ("case_figures", "table1", "table2", "trial_charts", "verification")
REPORT_NOTEBOOK = "report"
TEACHING_NOTEBOOKS = ("slides", "teaching")


def preset_file(preset: str) -> Path:
    """The YAML file of a parameter set."""
    return PARAMS / f"{preset}.yaml"


def build_dir(preset: str = DEFAULT_PRESET) -> Path:
    """Intermediate outputs of one parameter set (executed notebooks, table CSVs)."""
    return BUILD / preset


def tables_dir(preset: str = DEFAULT_PRESET) -> Path:
    """Rebuilt tables of one parameter set, as written by the table notebooks."""
    return build_dir(preset) / "tables"


def figures_dir(preset: str = DEFAULT_PRESET) -> Path:
    """Figures of one parameter set (SVG, the CSV behind each, caption metadata)."""
    return FIGURES if preset == DEFAULT_PRESET else FIGURES / preset


def report_dir(preset: str = DEFAULT_PRESET) -> Path:
    """Published report of one parameter set; the default one goes straight in report/."""
    return REPORT if preset == DEFAULT_PRESET else REPORT / preset


def relative(path: Path) -> str:
    """A path as shown to people: relative to the project root where possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
