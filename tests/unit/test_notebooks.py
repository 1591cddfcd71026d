"""Notebooks: committed without outputs, one typed parameters cell, and each runs under papermill."""

import json

import pytest

from hccrebuild import paths
from hccrebuild.data import params

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
        assert "=" in rest and "#" in rest.split("=", 1)[1], (
            f"{nb.name}: '{line}' needs a type and a comment"
        )


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_the_projects(nb):
    meta = json.loads(nb.read_text(encoding="utf-8"))["metadata"]
    assert meta["kernelspec"]["name"] == "hccrebuild"


def test_notebooks_contain_no_function_or_class_definitions():
    for nb in NOTEBOOKS:
        for cell in cells(nb):
            src = "".join(cell["source"])
            assert "def " not in src and "class " not in src, (
                f"{nb.name}: logic belongs in the package"
            )
