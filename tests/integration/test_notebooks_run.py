"""Each notebook runs top to bottom under papermill, alone or after the others, and fails clearly."""

import json
import os
import shutil

import pytest

from hccrebuild import paths
from hccrebuild.pipeline import deps, run

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


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
    ordered = [p for p in NOTEBOOKS if p.name != "report.ipynb"] + [
        paths.NOTEBOOKS / "report.ipynb"
    ]
    for nb in ordered:
        out = paths.build_dir(scratch_preset) / "nb" / nb.name
        run.execute(nb, out, empty, scratch_preset)
        executed = json.loads(out.read_text(encoding="utf-8"))
        errors = [
            o
            for c in executed["cells"]
            for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]
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
