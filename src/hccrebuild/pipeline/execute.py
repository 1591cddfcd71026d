"""Execute one notebook with papermill: output under a temporary name, a short message on failure."""

import importlib
import os
import threading
import time
from pathlib import Path

from .. import paths
from ..errors import NotebookFailed
from ..files import WRITTEN_LOG


def execute(notebook: Path, output: Path, parameters: dict = None, kernel=None) -> tuple:
    """Run `notebook` into `output` with `parameters` injected.

    The kernel is `kernel` (a `kernels.Kernel` started ahead), or else one started for it, as
    JupyterLab would start one, in the notebooks folder. The executed
    notebook is written to a temporary name and renamed only on success; on failure it is kept as
    `<output>.failed.ipynb` and `NotebookFailed` says where and why.

    Returns
    -------
    tuple
        The seconds taken, and the files the notebook wrote (through `files`), sorted.
    """
    papermill = load_libraries()
    notebook, output = Path(notebook), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # A name of this run's own: two notebooks may run at once in one process.
    tmp = output.with_name(f".{output.name}.{os.getpid()}-{threading.get_ident()}.tmp.ipynb")
    failed = output.with_suffix(".failed.ipynb")
    if kernel is not None:
        written, engine = kernel.written, {"km": kernel.manager}
    else:
        written = output.resolve().with_name(
            f".{output.name}.{os.getpid()}-{threading.get_ident()}.written"
        )
        written.unlink(missing_ok=True)
        engine = {"kernel_manager_class": kernel_manager_class({WRITTEN_LOG: str(written)})}
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(notebook),
            str(tmp),
            parameters=dict(parameters or {}),
            progress_bar=False,
            log_output=False,
            # written once, at the end (or on failure), not after every cell: what the build
            # publishes is the finished run, and each save serialises the whole notebook
            request_save_on_cell_execute=False,
            **engine,
        )
    except papermill.PapermillExecutionError as exc:
        tmp.replace(failed)
        raise NotebookFailed(notebook, exc.exec_count, exc.ename, exc.evalue, failed) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        files = written.read_text(encoding="utf-8").split() if written.is_file() else []
        written.unlink(missing_ok=True)
    _strip_run_noise(tmp)
    tmp.replace(output)
    failed.unlink(missing_ok=True)
    return time.perf_counter() - start, sorted(set(files))


_IMPORTING = threading.Lock()


def load_libraries():
    """Import papermill and jupyter_client, one thread at a time (two threads importing them at
    once can meet a module half-initialised, through their circular imports); papermill."""
    with _IMPORTING:
        import jupyter_client.manager  # noqa: F401
        import papermill

    return papermill


def imported(module: str):
    """`importlib.import_module(module)`, one thread at a time: the build imports nbconvert and
    WeasyPrint ahead of use in a thread of its own, and a step importing them at the same moment
    would meet a module half-initialised (see `load_libraries`)."""
    with _IMPORTING:
        return importlib.import_module(module)


def kernel_manager_class(env: dict):
    """A kernel manager class starting kernels with `env` added to this process's environment."""
    with _IMPORTING:
        from jupyter_client import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        """A kernel over Unix sockets in a private folder, started in the notebooks folder.

        Over TCP, two kernels started at once can pick the same free port and one dies
        ("Address already in use"); socket files in a folder of their own cannot collide. The
        working folder is given to the kernel, not taken by this process (papermill's `cwd`
        changes it for the whole process, under the feet of whatever else runs here).
        """

        def __init__(self, **kwargs):
            import tempfile

            self._sockets = tempfile.TemporaryDirectory(prefix="hccrebuild-kernel-")
            super().__init__(transport="ipc", ip=str(Path(self._sockets.name) / "k"), **kwargs)

        async def start_kernel(self, **kwargs):
            kwargs.setdefault("cwd", str(paths.NOTEBOOKS))
            kwargs["env"] = {**os.environ, **kwargs.get("env", {}), **env}
            return await super().start_kernel(**kwargs)

        async def _async_interrupt_kernel(self):
            # jupyter_client interrupts a kernel before shutting it down, and the idle kernel
            # then logs a KeyboardInterrupt; a notebook that has finished has nothing to interrupt.
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

        async def shutdown_kernel(self, *args, **kwargs):
            try:
                return await super().shutdown_kernel(*args, **kwargs)
            finally:
                self._sockets.cleanup()

    return IPCKernelManager


def _strip_run_noise(path: Path) -> None:
    """Remove what differs between two identical runs: papermill's timings and its random cell id."""
    nbformat = imported("nbformat")

    nb = nbformat.read(str(path), as_version=4)
    for key in ("start_time", "end_time", "duration", "input_path", "output_path"):
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        for key in ("start_time", "end_time", "duration", "exception", "status"):
            cell.metadata.get("papermill", {}).pop(key, None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    nbformat.write(nb, str(path))
