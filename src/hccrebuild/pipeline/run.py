"""Execute notebooks with papermill: outputs under a temporary name, a short message on failure.

`make report` (and `make slides`) hand their notebooks to `stale`: one process that validates the
data and splits the parameters (by Make), asks Make which notebooks are out of date, and runs
exactly those, each in a fresh kernel forked warm (`warm`), then publishes the report.
"""

import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from .. import paths
from ..errors import NotebookFailed
from . import deps, warm


def execute(
    notebook: Path,
    output: Path,
    parameter_file: Path = None,
    preset: str = paths.DEFAULT_PRESET,
    kernel_manager=None,
) -> float:
    """Run `notebook` into `output` with the parameters of `parameter_file`; return seconds taken.

    The executed notebook is written to a temporary name and renamed only on success; on
    failure it is kept as `<output>.failed.ipynb` and `NotebookFailed` says where and why.
    The kernel is a plain one, started as JupyterLab would, unless `kernel_manager` (a
    function of a folder for the kernel's sockets, giving a kernel manager class) says otherwise.
    """
    import papermill

    notebook, output = Path(notebook), Path(output)
    params = {}
    if parameter_file:
        params = yaml.safe_load(Path(parameter_file).read_text(encoding="utf-8")) or {}
    params["preset"] = preset
    output.parent.mkdir(parents=True, exist_ok=True)
    # A name of this run's own: two builds at once (make -j2 report slides) may run one notebook.
    tmp = output.with_name(f".{output.name}.{os.getpid()}-{threading.get_ident()}.tmp.ipynb")
    failed = output.with_suffix(".failed.ipynb")
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="hccrebuild-kernel-") as sockets:
            papermill.execute_notebook(
                str(notebook),
                str(tmp),
                parameters=params,
                progress_bar=False,
                cwd=str(paths.NOTEBOOKS),
                log_output=False,
                kernel_manager_class=(kernel_manager or _ipc_kernel_manager)(sockets),
            )
    except papermill.PapermillExecutionError as exc:
        tmp.replace(failed)
        raise NotebookFailed(notebook, exc.exec_count, exc.ename, exc.evalue, failed) from None
    _strip_run_noise(tmp)
    tmp.replace(output)
    failed.unlink(missing_ok=True)
    return time.perf_counter() - start


def _ipc_kernel_manager(folder: str):
    """A kernel manager talking over Unix sockets in `folder`.

    Over TCP, two kernels started at once (make -j2) can pick the same free port and one dies
    ("Address already in use"); socket files in a private folder cannot collide.
    """
    from jupyter_client import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=str(Path(folder) / "kernel"), **kwargs)

    return IPCKernelManager


def _strip_run_noise(path: Path) -> None:
    """Remove what differs between two identical runs: papermill's timings and its random cell id."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    nb.metadata.get("papermill", {}).pop("start_time", None)
    nb.metadata.get("papermill", {}).pop("end_time", None)
    nb.metadata.get("papermill", {}).pop("duration", None)
    nb.metadata.get("papermill", {}).pop("input_path", None)
    nb.metadata.get("papermill", {}).pop("output_path", None)
    for cell in nb.cells:
        for key in ("start_time", "end_time", "duration", "exception", "status"):
            cell.metadata.get("papermill", {}).pop(key, None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    nbformat.write(nb, str(path))


#: A notebook run as Make lists it: the command of `$(BUILD)/nb/%.ipynb`.
_RECIPE = re.compile(r"-m hccrebuild run (\S+\.ipynb) (\S+\.ipynb) (\S+) (\S+)\s*$")
#: Notebooks that read what other notebooks wrote: they run after every other notebook of the batch.
_LAST = (deps.REPORT, "slides")


def stale(
    target: str, prepare=(), jobs: int = 2, publish_preset: str = None, pdf: bool = True
) -> int:
    """Bring Make's `target` notebook up to date, with the notebooks it needs, in this one process.

    First Make builds `prepare` (validation of the data, the parameter split): any problem stops
    here, before any notebook runs, with Make's exit code. Meanwhile the warm kernel server
    imports what the notebooks import. Then a listing run of Make prints the command of each
    stale notebook instead of running it (a dry run, -n, cannot tell that an unchanged
    parameter file leaves its notebook alone), and `batch` runs exactly those.
    """
    return _stale([((), prepare, target)], jobs, publish_preset, pdf)


def stale_presets(presets, jobs: int = 2) -> int:
    """The stale notebooks of several parameter sets (`make robustness`), all in one batch: data
    validated and every set's parameters checked before any notebook; nothing published."""
    steps = []
    for preset in presets:
        build = paths.relative(paths.build_dir(preset))
        variables = (f"PARAMS={paths.relative(paths.PARAMS / f'{preset}.yaml')}",)
        steps.append(
            (variables, ("build/.validated", f"{build}/params/.split"), f"{build}/nb/report.ipynb")
        )
    return _stale(steps, jobs)


def _stale(steps, jobs: int, publish_preset: str = None, pdf: bool = True) -> int:
    """`stale` for several (make variables, targets to prepare, notebook target) at once."""
    # Papermill loads while Make validates (this process only waits for it meanwhile).
    threading.Thread(target=_import_papermill, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="hccrebuild-") as folder, warm.Server(folder) as server:
        make = [os.environ.get("MAKE") or "make", "-s", "--no-print-directory"]
        for variables, prepare, _ in steps:
            if prepare:
                code = _make([*make, *variables, *prepare]).returncode
                if code:
                    return code
        lines = []
        for variables, _, target in steps:
            listing = _make([*make, *variables, f"RUN_NOTEBOOK={_LISTED}", target], capture=True)
            if listing.returncode:
                sys.stdout.write(listing.stdout)
                return listing.returncode
            lines += listing.stdout.splitlines()
        print("\n".join(ln for ln in lines if ln and not _RECIPE.search(ln)), end="", flush=True)
        if not any(map(_RECIPE.search, lines)):
            server.stop()
            return 0
        return batch(lines, jobs, publish_preset, pdf, kernels=server.kernel_manager)


#: What the listing run of Make prints for each stale notebook (see `_RECIPE`).
_LISTED = "echo -m hccrebuild run"


def _make(command, capture=False) -> subprocess.CompletedProcess:
    """Run a sub-make, passing on Make's job server (the two pipe ends MAKEFLAGS names); where this
    process was not given it (a recipe without `+`: the numbers may then name other files), the
    sub-make is not told of it either."""
    env = dict(os.environ)
    flags = env.get("MAKEFLAGS", "")
    fds = re.search(r"--jobserver-auth=(\d+),(\d+)", flags)
    keep = [int(fd) for fd in fds.groups()] if fds else []
    if keep and not all(_is_pipe(fd) for fd in keep):
        keep = []
        env["MAKEFLAGS"] = re.sub(r"(?<!\S)(--jobserver-(auth|fds)=\S+|-j\d*)(?!\S)", "", flags)
    return subprocess.run(
        command,
        cwd=paths.ROOT,
        env=env,
        pass_fds=keep,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )


def _is_pipe(fd: int) -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode)
    except OSError:
        return False


def batch(lines, jobs: int = 2, publish_preset: str = None, pdf: bool = True, kernels=None) -> int:
    """Run the notebooks of a listing by Make in this one process, `jobs` at a time.

    Each runs in a fresh kernel of its own, without starting Python and importing papermill once
    per notebook; the kernels are forked by a warm server (`warm`; `kernels`, or one started here)
    unless `kernels` is False (plain kernels, as JupyterLab starts them). Notebooks that
    assemble others' products (`_LAST`) start when the rest are done. Returns 1 (after the
    running ones finish) on failure.

    When the report notebook of `publish_preset` ran, its page (then, if `pdf`, its PDF) is
    published here too: both are stale, and this process has the libraries loaded already.
    """
    runs = [m.groups() for m in map(_RECIPE.search, lines) if m]
    if not runs:
        return 0
    if kernels is None:
        with tempfile.TemporaryDirectory(prefix="hccrebuild-") as folder, warm.Server(folder) as s:
            return batch(lines, jobs, publish_preset, pdf, kernels=s.kernel_manager)
    from concurrent.futures import ThreadPoolExecutor

    import papermill  # noqa: F401 - once, before the threads

    # Papermill enters and leaves the notebooks folder around each run (os.chdir, process-wide):
    # with every path absolute and the process already there, concurrent runs cannot disturb it.
    runs = [
        (nb, *(str(Path(p).resolve()) for p in (nb, out, par)), preset)
        for nb, out, par, preset in runs
    ]
    os.chdir(paths.NOTEBOOKS)
    failed = []

    def one(label, notebook, output, parameter_file, preset):
        if failed:
            return
        try:
            seconds = execute(
                Path(notebook), Path(output), Path(parameter_file), preset, kernels or None
            )
        except NotebookFailed as exc:
            failed.append(exc)
            print(f"FAILED {exc}", file=sys.stderr, flush=True)
            return
        shown = (
            label
            if preset == publish_preset or preset == paths.DEFAULT_PRESET
            else f"{label} ({preset})"
        )
        print(f"  ran {shown:28s} {seconds:6.1f} s", flush=True)

    first = [r for r in runs if Path(r[0]).stem not in _LAST]
    last = [r for r in runs if Path(r[0]).stem in _LAST]
    reports = [r[-1] for r in last if Path(r[0]).stem == deps.REPORT and r[-1] == publish_preset]
    if reports:  # the publishing libraries load while the notebooks run
        warm_up = threading.Thread(target=_import_publishing, args=(pdf,), daemon=True)
        warm_up.start()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for stage in (first, last):
            list(pool.map(lambda r: one(*r), stage))
            if failed:
                return 1
    for preset in reports:
        # The report notebook is new, so its page and PDF are stale: publish them here, the page
        # first, rather than in two more processes (Make then finds both up to date).
        from ..errors import RebuildError
        from . import publish

        for write in (publish.publish_html, publish.publish_pdf)[: 2 if pdf else 1]:
            try:
                written = write(preset)
            except RebuildError as exc:
                print(f"error: {exc}", file=sys.stderr, flush=True)
                return 1
            for path in written:
                print(f"  wrote {paths.relative(path)}", flush=True)
    return 0


def _import_papermill() -> None:
    import papermill  # noqa: F401


def _import_publishing(pdf: bool = True) -> None:
    import nbconvert.exporters.html  # noqa: F401

    if pdf:
        import weasyprint  # noqa: F401


def main(argv) -> int:
    if argv and argv[0] == "stale":  # stale JOBS TARGET PRESET|- pdf|html [PREPARE ...]
        jobs, target, preset, what, *prepare = argv[1:]
        preset = None if preset == "-" else preset
        return stale(target, prepare, int(jobs), preset, pdf=what != "html")
    if argv and argv[0] == "batch":  # batch JOBS [PRESET] [html] [plain] < listing
        jobs, rest = int(argv[1]) if len(argv) > 1 else 2, argv[2:]
        flags = {"html", "plain"}
        preset = next((a for a in rest if a not in flags), None)
        kernels = False if "plain" in rest else None  # plain: kernels started as JupyterLab does
        lines = sys.stdin.read().splitlines()
        return batch(lines, jobs, preset, pdf="html" not in rest, kernels=kernels)
    notebook, output, parameter_file, preset = argv
    try:
        seconds = execute(Path(notebook), Path(output), Path(parameter_file), preset)
    except NotebookFailed as exc:
        print(f"FAILED {exc}", file=sys.stderr)
        return 1
    print(f"  ran {paths.relative(Path(notebook)):28s} {seconds:6.1f} s")
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C: the warm server has ended its kernels; nothing half-written
        print("interrupted", file=sys.stderr)
        code = 130
    # Every file is written and closed by now: leave without tearing down the loaded libraries
    # (a quarter of a second of the build's critical path) or waiting on idle kernel-client threads.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
