"""Notebooks: committed without outputs, one typed parameters cell, and each runs under papermill."""

import json
import os
import shutil

import pytest

from hccrebuild import deps, params, paths, run

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def cells(nb_path):
    return json.loads(nb_path.read_text(encoding="utf-8"))["cells"]


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"table1.ipynb", "table2.ipynb", "report.ipynb"}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(nb):
    for cell in cells(nb):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, nb.name


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_one_typed_and_commented_parameters_cell(nb):
    tagged = [c for c in cells(nb) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, nb.name
    lines = [ln for ln in "".join(tagged[0]["source"]).splitlines() if ln.strip()]
    names = params.notebook_parameters(nb)
    assert names[0] == "preset" and len(names) == len(lines)
    for line in lines:
        name, rest = line.split(":", 1)
        assert "=" in rest and "#" in rest.split("=", 1)[1], f"{nb.name}: '{line}' needs a type and a comment"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_the_projects(nb):
    meta = json.loads(nb.read_text(encoding="utf-8"))["metadata"]
    assert meta["kernelspec"]["name"] == "hccrebuild"


def test_notebooks_contain_no_function_or_class_definitions():
    for nb in NOTEBOOKS:
        for cell in cells(nb):
            src = "".join(cell["source"])
            assert "def " not in src and "class " not in src, f"{nb.name}: logic belongs in the package"


def _clean(name):
    for folder in (paths.build_dir(name), paths.figures_dir(name), paths.report_dir(name)):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def scratch_preset():
    name = f"pytest-{os.getpid()}"
    yield name
    _clean(name)


def _outputs(preset):
    files = [*paths.tables_dir(preset).glob("*"), *paths.figures_dir(preset).glob("*")]
    return {p.name: p.read_bytes() for p in files if p.is_file()}


def test_every_notebook_runs_top_to_bottom_with_its_defaults(scratch_preset, tmp_path):
    """Products first, the report last (it assembles the products), each in a fresh kernel; then each
    product again alone in an empty folder, giving the same files."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}\n", encoding="utf-8")
    ordered = [p for p in NOTEBOOKS if p.name != "report.ipynb"] + [paths.NOTEBOOKS / "report.ipynb"]
    for nb in ordered:
        out = paths.build_dir(scratch_preset) / "nb" / nb.name
        run.execute(nb, out, empty, scratch_preset)
        executed = json.loads(out.read_text(encoding="utf-8"))
        errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, nb.name
    assert (paths.tables_dir(scratch_preset) / "tbl-trials.csv").is_file()
    # Each product notebook alone, in a fresh folder: no dependence on another notebook or on order.
    together = _outputs(scratch_preset)
    for nb in ordered[:-1]:
        if nb.stem in deps.STANDALONE:
            continue  # teaching notebooks write no tables or figures
        alone = f"{scratch_preset}-{nb.stem}"
        try:
            run.execute(nb, paths.build_dir(alone) / "nb" / nb.name, empty, alone)
            mine = _outputs(alone)
            assert mine, f"{nb.name} wrote nothing"
            assert {k: v for k, v in together.items() if k in mine} == mine, nb.name
        finally:
            _clean(alone)


def test_a_failing_notebook_names_notebook_cell_and_error(scratch_preset, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sorafenib_start: june-7\n", encoding="utf-8")
    out = paths.build_dir(scratch_preset) / "nb" / "table2.ipynb"
    with pytest.raises(run.NotebookFailed) as info:
        run.execute(paths.NOTEBOOKS / "table2.ipynb", out, bad, scratch_preset)
    msg = str(info.value)
    assert msg.startswith("notebooks/table2.ipynb failed in cell [")
    assert "ParameterError" in msg and "as-printed" in msg
    assert not out.exists() and out.with_suffix(".failed.ipynb").exists()
