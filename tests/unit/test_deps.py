"""The build graph read from the code (deps), and the lock: no kernel, no build."""

import functools
import json
import os
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.markers import Marker

from hccrebuild import data, paths
from hccrebuild.analysis import table1, table2
from hccrebuild.pipeline import deps, lockfile, tasks


@pytest.mark.parametrize("notebook, module", [("table1", table1), ("table2", table2)])
def test_each_notebook_rule_lists_the_data_its_module_reads(notebook, module):
    got = deps.notebook_inputs(paths.NOTEBOOKS / f"{notebook}.ipynb")
    assert {paths.relative(data.resource_path(name)) for name in module.INPUTS} <= set(got["data"])
    assert f"src/hccrebuild/analysis/{notebook}.py" in got["sources"]
    # validation is a build step of its own (before any notebook): its code and the data its
    # errata check reads are not the notebook's inputs
    assert "src/hccrebuild/data/validate.py" not in got["sources"]


def test_a_trial_notebook_does_not_depend_on_the_case_data():
    got = deps.notebook_inputs(paths.NOTEBOOKS / "table1.ipynb")
    assert "data/raw/case_lesions.csv" not in got["data"]
    assert (
        "data/raw/case_lesions.csv"
        in deps.notebook_inputs(paths.NOTEBOOKS / "table2.ipynb")["data"]
    )
    validate_sources = tasks._inputs_of(tasks.VALIDATION)["file_dep"]
    assert "src/hccrebuild/data/validate.py" in validate_sources


#: Run in a fresh interpreter: imports third-party libraries only, then, in one forked child per
#: notebook, that notebook's package modules, and reports the package modules each child loaded.
_PROBE = """
import importlib, json, os, sys
for m in sys.argv[2:]:
    importlib.import_module(m)
assert not [m for m in sys.modules if m.startswith("hccrebuild")]
out = {}
for name, modules in json.loads(sys.argv[1]).items():
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(r)
            for m in modules:
                importlib.import_module(m)
            loaded = " ".join(sorted(m for m in sys.modules if m.startswith("hccrebuild")))
            os.write(w, loaded.encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r) as fh:
        out[name] = fh.read().split()
    if os.waitpid(pid, 0)[1]:
        sys.exit(f"importing the modules of {name} failed")
print(json.dumps(out))
"""

#: Libraries the probe imports before forking (they load no package module); this saves each
#: notebook the start-up of a new interpreter with them.
_THIRD_PARTY = ["numpy", "pandas", "matplotlib.pyplot", "jinja2"]


@functools.lru_cache(maxsize=1)
def _loaded_by_notebook() -> dict:
    """Package modules loaded at run time by each notebook's direct imports, by notebook name."""
    direct = {nb: deps.notebook_modules(paths.NOTEBOOKS / f"{nb}.ipynb") for nb in deps.notebooks()}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(direct), *_THIRD_PARTY],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(paths.ROOT / "src")},
    ).stdout
    return json.loads(out)


@pytest.mark.parametrize("notebook", deps.notebooks())
def test_static_dependencies_cover_what_python_imports(notebook):
    """Every package module loaded at run time by a notebook's imports is a prerequisite of its rule."""
    direct = deps.notebook_modules(paths.NOTEBOOKS / f"{notebook}.ipynb")
    out = _loaded_by_notebook()[notebook]
    assert out and set(out) <= set(deps.closure(direct)), set(out) - set(deps.closure(direct))


def test_the_report_notebook_reads_every_product_and_nothing_standalone():
    names = deps.notebooks()
    assert names[-1] == "report" and set(names) <= {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")}
    report = set(tasks.notebook_task("default", "report", {})["file_dep"])
    for name in names[:-1]:
        executed = tasks.notebook_output("default", name)
        assert (executed in report) == (name not in deps.STANDALONE), name


def test_lock_pins_everything_and_environment_yml_matches():
    lock = paths.LOCKFILE.read_text(encoding="utf-8")
    pins = lockfile.pins(lock)
    # name==version, with an environment marker where the pin holds for some Pythons or platforms only
    assert len(pins) > 50 and all(
        re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s;]+( ; \S.*)?", p) for p in pins
    ), [p for p in pins if not re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s;]+( ; \S.*)?", p)]
    assert paths.ENVIRONMENT_YML.read_text(encoding="utf-8") == lockfile.environment_yml(lock)
    # and it reads back as YAML with those very requirement lines
    env = yaml.safe_load(paths.ENVIRONMENT_YML.read_text(encoding="utf-8"))
    assert env["dependencies"][0] == "python>=3.11,<3.14"
    assert env["dependencies"][-1] == {"pip": pins}


def test_lock_covers_every_supported_python():
    """One lock for 3.11 to 3.13: the interpreters pyproject admits, each with one pin of numpy."""
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == ">=3.11,<3.14"
    pins = lockfile.pins(paths.LOCKFILE.read_text(encoding="utf-8"))
    for minor in ("3.11.7", "3.12.1", "3.13.0"):
        env = {"python_full_version": minor, "python_version": minor[:4]}
        numpy = [p for p in pins if p.startswith("numpy==") and _marker_holds(p, env)]
        assert len(numpy) == 1, (minor, numpy)


def _marker_holds(pin: str, env: dict) -> bool:
    """Whether a lock line's marker (if any) holds on Linux CPython with the given versions."""
    _, _, marker = pin.partition(" ; ")
    return not marker or Marker(marker).evaluate(
        {"sys_platform": "linux", "platform_python_implementation": "CPython", **env}
    )


@functools.lru_cache(maxsize=1)
def _rules_by_target():
    """Inputs of each notebook's build step (its own and those computed from the code), by name."""
    return {
        name: set(tasks.notebook_task("default", name, {})["file_dep"])
        | set(tasks._inputs_of(notebook=name)["file_dep"])
        for name in deps.notebooks()
    }


def _notebooks_rebuilt_by(path: str) -> set:
    """Notebooks whose rule lists `path` (a repository path) directly."""
    return {name for name, prereqs in _rules_by_target().items() if path in prereqs}


@pytest.mark.parametrize(
    "path",
    [
        "src/hccrebuild/html/report.py",
        "src/hccrebuild/html/templates/report/report.css",
        "src/hccrebuild/html/templates/report/index.html.j2",
    ],
)
def test_report_only_presentation_reruns_only_the_report_notebook(path):
    """Editing report-only HTML code or the report template re-runs the report notebook, no product."""
    assert (paths.ROOT / path).is_file(), path
    assert _notebooks_rebuilt_by(path) <= {"report"}, _notebooks_rebuilt_by(path)
    rebuilds_publish = path in tasks._inputs_of(tasks.PUBLISH)["file_dep"]
    assert _notebooks_rebuilt_by(path) == {"report"} or rebuilds_publish


def test_slide_code_reruns_only_the_deck():
    """Editing the deck's own code or template re-runs the slides notebook (or its export) only."""
    for path in ["src/hccrebuild/html/slides.py"]:
        assert _notebooks_rebuilt_by(path) == {"slides"}, (path, _notebooks_rebuilt_by(path))
    slides_sources = tasks._inputs_of(tasks.DECK_EXPORT)["file_dep"]
    template = "src/hccrebuild/html/templates/slides/index.html.j2"
    assert template in slides_sources and not _notebooks_rebuilt_by(template)


def test_a_shared_analysis_module_reruns_every_notebook_that_imports_it():
    """The other direction: the scope is not too narrow. fmt is used by both tables."""
    assert {"table1", "table2", "verification"} <= _notebooks_rebuilt_by(
        "src/hccrebuild/analysis/fmt.py"
    )


def test_a_kernel_that_may_serve_a_table_or_the_report_loads_no_plotting_library():
    """A kernel started ahead imports what every notebook it may serve loads (`kernels.warm_up_code`,
    with the modules the build gives it): warmed at the start of a build (any notebook may take
    it) or for the report's notebook, it loads no matplotlib; warmed for the two figure notebooks,
    the plotting module they share, and not what only one of them loads."""
    from hccrebuild.pipeline import kernels

    modules = deps.loaded_modules()
    build = [nb for nb in deps.notebooks() if nb not in deps.STANDALONE]
    for notebooks in (build, [deps.REPORT]):
        code = kernels.warm_up_code(modules, notebooks)
        loaded = subprocess.run(
            [sys.executable, "-c", f"{code}\nimport sys\nprint('matplotlib' in sys.modules)"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(paths.ROOT / "src")},
        ).stdout.split()
        assert loaded == ["False"], (notebooks, code)
    figures = kernels.warm_up_code(modules, tasks.FIGURE_NOTEBOOKS).split(", ")
    assert "hccrebuild.figures.plotting" in figures  # both draw
    assert "hccrebuild.figures.case_figures" not in figures  # one of them only
