"""Each notebook runs top to bottom under papermill, alone or after the others, and fails clearly.

Every run happens in a private copy of the shared cold build (`built_copy`), never in the checkout.
"""

import json
import os
import subprocess
import sys

from hccrebuild.pipeline import deps
from scratch import MAKE_ENV


def run_notebooks(project, preset, *names, params="{}\n"):
    """`python -m hccrebuild run` for each notebook in turn (one at a time), in `project`, with the
    parameters `params` (default: none, so every notebook runs with its own defaults)."""
    param_file = project / "build" / f"{preset}.yaml"
    param_file.parent.mkdir(parents=True, exist_ok=True)
    param_file.write_text(params, encoding="utf-8")
    env = {**MAKE_ENV, "PYTHONPATH": str(project / "src"), "MPLBACKEND": "Agg"}
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    out = {}
    for name in names:
        target = project / "build" / preset / "nb" / f"{name}.ipynb"
        out[name] = subprocess.run(
            [sys.executable, "-m", "hccrebuild", "run", f"notebooks/{name}.ipynb"]
            + [str(target), str(param_file), preset],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    return out


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
    """Each product notebook again, one at a time (the build's runner with one job), in a plain
    kernel started as JupyterLab starts one (the build's kernels are forked from a warm server),
    with its own defaults (an empty parameter file), each in an empty folder of its own: it runs
    top to bottom, depends on no other notebook, on no order and on no preloading, and writes the
    very bytes of the parallel (JOBS=2) build of params/default.yaml."""
    project = built_copy
    together = product_files(project, "default")
    products = [n for n in deps.notebooks() if n != deps.REPORT and n not in deps.STANDALONE]
    assert len(products) >= 5
    empty = project / "build" / "empty.yaml"
    empty.write_text("{}\n", encoding="utf-8")
    listing = "".join(
        f"-m hccrebuild run notebooks/{n}.ipynb build/alone-{n}/nb/{n}.ipynb {empty} alone-{n}\n"
        for n in products
    )
    env = {**MAKE_ENV, "PYTHONPATH": str(project / "src"), "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, "-m", "hccrebuild.pipeline.run", "batch", "1", "plain"],
        input=listing,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    ran = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("  ran ")]
    assert ran == [f"notebooks/{n}.ipynb" for n in products]  # one at a time, in order
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
    procs = run_notebooks(project, "default", "report", "teaching")
    for name, proc in procs.items():
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert not errors(nb / f"{name}.ipynb"), name
    assert (nb / "report.ipynb").read_bytes() == built


def test_a_failing_notebook_names_notebook_cell_and_error(built_copy):
    project = built_copy
    proc = run_notebooks(project, "bad", "table2", params="sorafenib_start: june-7\n")["table2"]
    assert proc.returncode == 1
    msg = proc.stderr
    assert "FAILED notebooks/table2.ipynb failed in cell [" in msg, msg
    assert "ParameterError" in msg and "as-printed" in msg
    out = project / "build" / "bad" / "nb" / "table2.ipynb"
    assert not out.exists() and out.with_suffix(".failed.ipynb").exists()
    assert not list(out.parent.glob(".table2.ipynb*.tmp.ipynb"))  # no temporary left behind


def _kernel_facts(server, tmp_path, env_changes) -> dict:
    """Run a two-line notebook in a kernel asked of `server`, with the environment changed by
    `env_changes`; the kernel's parent process id and matplotlib backend, as it printed them."""
    import nbformat

    from hccrebuild.pipeline import run

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "hccrebuild", "display_name": "x", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("preset = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, matplotlib\nprint(os.getppid(), matplotlib.get_backend())"
        ),
    ]
    source, out = tmp_path / "facts.ipynb", tmp_path / "out" / "facts.ipynb"
    nbformat.write(nb, str(source))
    saved = {k: os.environ.get(k) for k in env_changes}
    os.environ.update(env_changes)
    try:
        run.execute(source, out, kernel_manager=server.kernel_manager)
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    text = "".join(o.get("text", "") for o in nbformat.read(str(out), 4).cells[-1].outputs)
    ppid, backend = text.split()
    return {"ppid": int(ppid), "backend": backend.lower()}


def test_a_kernel_is_forked_warm_only_when_it_would_start_alike(tmp_path, monkeypatch):
    """Asked with the server's own start-up settings, a kernel is forked by the warm server; asked
    with another matplotlib backend (read at import, which the server has done), the stand-in
    starts a plain kernel instead, which uses the backend asked for."""
    from hccrebuild.pipeline import warm

    monkeypatch.setenv("MPLBACKEND", "Agg")
    with warm.Server(str(tmp_path)) as server:
        same = _kernel_facts(server, tmp_path, {})
        other = _kernel_facts(server, tmp_path, {"MPLBACKEND": "svg"})
    assert same == {"ppid": server.process.pid, "backend": "agg"}
    assert other["ppid"] != server.process.pid and other["backend"] == "svg"
