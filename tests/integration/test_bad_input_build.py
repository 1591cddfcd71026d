"""A handful of bad inputs through `make report`: stopped before any notebook, named, no traceback,
exit code 2 from the command (make reports it), and the previous report/ byte-identical.

The whole corpus runs against the validator directly in tests/unit/test_bad_inputs.py.
"""

import hashlib
import shutil
import subprocess

import pytest

from hccrebuild import paths
from scratch import MAKE_ENV, make


def snapshot(project):
    """Every file of report/ by its SHA-256, and every executed notebook by its modification time."""
    report = {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((project / "report").rglob("*"))
        if p.is_file()
    }
    nbs = {str(p): p.stat().st_mtime_ns for p in sorted((project / "build").rglob("nb/*.ipynb"))}
    return report, nbs


@pytest.fixture(scope="module")
def previous(cold_build, tmp_path_factory):
    """A private copy of the session's cold build (outputs and mtimes kept): the previous report."""
    project = tmp_path_factory.mktemp("bad") / "proj"
    shutil.copytree(cold_build, project, symlinks=True)
    return project


def _header_only(project):
    p = project / "data" / "raw" / "case_event_dates.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def _bad_json(project):
    p = project / "data" / "datapackage.json"
    p.write_text(p.read_text(encoding="utf-8").replace('"resources"', "resources", 1))


def _bad_params(project):
    p = project / "params" / "default.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("sort_by: table", "sort_by: 3"))


def _bad_yaml(project):
    p = project / "params" / "default.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "table2: [\n")


def _symlink(project):
    (project / "data" / "raw" / "extra.csv").symlink_to("/etc/hostname")


def _errata(project):
    p = project / "data" / "errata.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("54 (18.1)", "54 (18.2)", 1))


CASES = {
    "header-only": (_header_only, "data/raw/case_event_dates.csv: has a header but no rows"),
    "datapackage-not-json": (_bad_json, "data/datapackage.json: not valid JSON"),
    "params-wrong-type": (
        _bad_params,
        "params/default.yaml, key 'trial_charts.sort_by': expected text, got a number (value '3')",
    ),
    "params-invalid-yaml": (_bad_yaml, "params/default.yaml, line"),
    "symlink": (_symlink, "data/raw/extra.csv: is a symbolic link (to /etc/hostname)"),
    "errata-changed": (_errata, "table1-pd-sharp-sorafenib"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_stops_before_any_notebook(previous, name):
    edit, message = CASES[name]
    saved = {
        p: p.read_bytes()
        for p in [*(previous / "data").rglob("*"), *(previous / "params").glob("*")]
        if p.is_file() and not p.is_symlink()
    }
    before = snapshot(previous)
    edit(previous)
    try:
        proc = make(previous, "report", check=False)
    finally:
        for p in (previous / "data").rglob("*"):
            if p.is_symlink():
                p.unlink()
        for p, raw in saved.items():
            p.write_bytes(raw)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out[-3000:]
    assert message in out, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    assert " ran notebooks/" not in out, out[-3000:]
    assert "failed in cell" not in out
    assert snapshot(previous) == before


def test_the_command_itself_returns_2(previous):
    _header_only(previous)
    p = previous / "data" / "raw" / "case_event_dates.csv"
    try:
        proc = subprocess.run(
            [str(paths.ROOT / ".venv" / "bin" / "python"), "-m", "hccrebuild", "validate"],
            cwd=previous,
            capture_output=True,
            text=True,
            env={**MAKE_ENV, "PYTHONPATH": str(previous / "src")},
        )
    finally:
        p.write_bytes((paths.ROOT / "data" / "raw" / "case_event_dates.csv").read_bytes())
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: 1 problem in the input data:")
    assert "Traceback" not in proc.stderr


def test_crlf_and_no_final_newline_build_the_same_bytes(previous):
    before, _ = snapshot(previous)
    files = sorted((previous / "data").rglob("*.csv"))
    saved = {p: p.read_bytes() for p in files}
    for i, p in enumerate(files):
        raw = saved[p]
        p.write_bytes(raw.replace(b"\n", b"\r\n") if i % 2 else raw.rstrip(b"\n"))
    try:
        proc = make(previous, "report", check=False)
        after, _ = snapshot(previous)
    finally:
        for p, raw in saved.items():
            p.write_bytes(raw)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert after == before
