"""Execute one notebook with papermill: outputs under a temporary name, a short message on failure."""

import sys
import tempfile
import time
from pathlib import Path

import yaml

from .. import paths
from ..errors import NotebookFailed


def execute(
    notebook: Path, output: Path, parameter_file: Path = None, preset: str = paths.DEFAULT_PRESET
) -> float:
    """Run `notebook` into `output` with the parameters of `parameter_file`; return seconds taken.

    The executed notebook is written to a temporary name and renamed only on success; on
    failure it is kept as `<output>.failed.ipynb` and `NotebookFailed` says where and why.
    """
    import papermill

    notebook, output = Path(notebook), Path(output)
    params = {}
    if parameter_file:
        params = yaml.safe_load(Path(parameter_file).read_text(encoding="utf-8")) or {}
    params["preset"] = preset
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp.ipynb")
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
                kernel_manager_class=_ipc_kernel_manager(sockets),
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


def main(argv) -> int:
    notebook, output, parameter_file, preset = argv
    try:
        seconds = execute(Path(notebook), Path(output), Path(parameter_file), preset)
    except NotebookFailed as exc:
        print(f"FAILED {exc}", file=sys.stderr)
        return 1
    print(f"  ran {paths.relative(Path(notebook)):28s} {seconds:6.1f} s")
    return 0
