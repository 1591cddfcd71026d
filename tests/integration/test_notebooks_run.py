"""Each notebook runs top to bottom under papermill, alone or after the others, and fails clearly.

Every run happens in a private copy of the shared cold build (`built_copy`), never in the checkout.
"""

import json
import os
import subprocess
import sys

from hccrebuild.data import VALIDATED_BY_BUILD
from hccrebuild.pipeline import deps
from scratch import MAKE_ENV

#: Runs notebooks one after another in one process, as `python -m hccrebuild run` runs one (each
#: in a kernel started for it), and stops at the first that fails, with that command's exit code.
_RUN_EACH = """
import sys
from hccrebuild.pipeline import cli
for line in sys.stdin.read().splitlines():
    code = cli.main(line.split("\\t"))
    if code:
        sys.exit(code)
"""


def run_notebooks(project, runs, params="{}\n", validated=False):
    """`python -m hccrebuild run` for each (parameter set name, notebook) of `runs` in turn (one
    at a time, in one process), in `project`, with the parameters `params` (default: none, so
    every notebook runs with its own defaults). With `validated`, the notebooks are told the data
    were validated (as the build tells them). The process's result: it stops at the first
    notebook that fails."""
    env = {**MAKE_ENV, "PYTHONPATH": str(project / "src"), "MPLBACKEND": "Agg"}
    if validated:
        env[VALIDATED_BY_BUILD] = "1"
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    commands = []
    for preset, name in runs:
        param_file = project / "build" / f"{preset}.yaml"
        param_file.parent.mkdir(parents=True, exist_ok=True)
        param_file.write_text(params, encoding="utf-8")
        target = project / "build" / preset / "nb" / f"{name}.ipynb"
        commands.append(["run", f"notebooks/{name}.ipynb", str(target), str(param_file), preset])
    return subprocess.run(
        [sys.executable, "-c", _RUN_EACH],
        input="".join("\t".join(command) + "\n" for command in commands),
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def errors(notebook_file):
    executed = json.loads(notebook_file.read_text(encoding="utf-8"))
    return [
        o
        for c in executed["cells"]
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def product_files(project, preset):
    """Tables and figures a preset's notebooks wrote, by name."""
    figures = project / "figures" / ("" if preset == "default" else preset)
    files = [*(project / "build" / preset / "tables").glob("*"), *figures.glob("*")]
    return {p.name: p.read_bytes() for p in files if p.is_file() and p.name != ".gitignore"}


def test_each_product_notebook_alone_and_serially_gives_the_parallel_builds_bytes(built_copy):
    """Each product notebook again, one at a time, with its own defaults (an empty parameter
    file), each into an empty folder of its own, in a kernel started for it (the build's kernels
    are started ahead and have imported the libraries): it runs top to bottom, depends on no other
    notebook, on no order and on no preloading, and writes the very bytes of the parallel (JOBS=2)
    build of params/default.yaml. (The data were validated by that build; the report and teaching
    notebooks below validate them themselves.)"""
    project = built_copy
    together = product_files(project, "default")
    products = [n for n in deps.notebooks() if n != deps.REPORT and n not in deps.STANDALONE]
    assert len(products) >= 5
    proc = run_notebooks(project, [(f"alone-{name}", name) for name in products], validated=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in products:
        preset = f"alone-{name}"
        assert not errors(project / "build" / preset / "nb" / f"{name}.ipynb"), name
        mine = product_files(project, preset)
        assert mine, f"{name} wrote nothing"
        assert {k: v for k, v in together.items() if k in mine} == mine, name


def test_report_and_teaching_notebooks_run_with_their_defaults(built_copy):
    """The report notebook, run on its own with no parameters after the products, gives the very
    notebook the build made; the teaching notebook runs top to bottom."""
    project = built_copy
    nb = project / "build" / "default" / "nb"
    built = (nb / "report.ipynb").read_bytes()
    (nb / "report.ipynb").unlink()
    proc = run_notebooks(project, [("default", "report"), ("default", "teaching")])
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("report", "teaching"):
        assert not errors(nb / f"{name}.ipynb"), name
    assert (nb / "report.ipynb").read_bytes() == built


def test_a_failing_notebook_names_notebook_cell_and_error(built_copy):
    project = built_copy
    proc = run_notebooks(project, [("bad", "table2")], params="sorafenib_start: june-7\n")
    assert proc.returncode == 1
    msg = proc.stderr
    assert "FAILED notebooks/table2.ipynb failed in cell [" in msg, msg
    assert "ParameterError" in msg and "as-printed" in msg
    out = project / "build" / "bad" / "nb" / "table2.ipynb"
    assert not out.exists() and out.with_suffix(".failed.ipynb").exists()
    assert not list(out.parent.glob(".table2.ipynb*.tmp.ipynb"))  # no temporary left behind


def test_a_kernel_is_a_plain_one_started_in_the_notebooks_folder(tmp_path, monkeypatch):
    """The build starts each notebook's kernel as JupyterLab does (the environment's settings, a
    process of its own), in the notebooks folder, so a notebook runs alike in both."""
    import nbformat

    from hccrebuild import paths
    from hccrebuild.pipeline import execute

    monkeypatch.setenv("MPLBACKEND", "svg")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "hccrebuild", "display_name": "x", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("preset = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, matplotlib\nprint(os.getcwd(), matplotlib.get_backend())"
        ),
    ]
    source, out = tmp_path / "facts.ipynb", tmp_path / "out" / "facts.ipynb"
    nbformat.write(nb, str(source))
    before = os.getcwd()
    execute.execute(source, out, {"preset": "x"})
    text = "".join(o.get("text", "") for o in nbformat.read(str(out), 4).cells[-1].outputs)
    cwd, backend = text.split()
    assert cwd == str(paths.NOTEBOOKS) and backend.lower() == "svg"
    assert os.getcwd() == before  # the kernel's folder is given to it, not taken by this process
