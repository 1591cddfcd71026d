"""Kernels started ahead of the notebooks that will run in them, while a core would sit idle.

A kernel spends most of a short notebook's time starting and importing pandas and matplotlib. The
build starts kernels the standard way (jupyter_client), as soon as it knows notebooks will run
(while the data are validated, one core is idle), and has each import, silently, what every
notebook that may still take it imports (a table's notebook never draws: a kernel that may serve
it does not import matplotlib). A silent request adds no execution count, no history and no
output, so the notebook run in it afterwards gives the very bytes of one run in a kernel started
for it (tested). Each kernel serves one notebook and is then shut down.
"""

import asyncio
import itertools
import queue
import threading
from pathlib import Path

from ..files import WRITTEN_LOG

#: The kernel the project's notebooks name (registered with the environment).
KERNEL_NAME = "hccrebuild"
#: Libraries every notebook imports, imported in each kernel before it is handed out (with the
#: package modules that the notebooks it may serve all load: `warm_up_code`).
LIBRARIES = ("pandas", "IPython.display")


def warm_up_code(modules: dict, notebooks) -> str:
    """The import a kernel runs before it is handed out: the libraries, and the package modules
    that every one of `notebooks` (those it may serve) loads, by `modules` (notebook name -> the
    package modules it loads; a notebook not listed loads none)."""
    sets = [frozenset(modules.get(name, ())) for name in notebooks]
    common = frozenset.intersection(*sets) if sets else frozenset()
    return "import " + ", ".join([*LIBRARIES, *sorted(common)])


class Kernel:
    """A started kernel and the file it lists the files it writes in (`files.WRITTEN_LOG`)."""

    def __init__(self, manager, written: Path):
        self.manager, self.written = manager, written


class Pool:
    """Up to `size` kernels ready or starting at a time, started on an event loop of their own."""

    _numbers = itertools.count()

    def __init__(self, size: int, folder: Path, modules=dict):
        """`modules()`: the package modules each notebook loads, by notebook name (asked for once,
        when the first kernel starts: a build with nothing to run does not read the code)."""
        self.size, self.folder = size, Path(folder)
        self._modules, self._loaded, self._loading = modules, None, threading.Lock()
        self._ready = queue.Queue()
        self._starting = self._waiting = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def fill(self, wanted: int, notebooks=()) -> None:
        """Start kernels until `min(wanted, size)` are ready or starting, each warmed for any of
        `notebooks` (`warm_up_code`)."""
        with self._lock:
            missing = min(wanted, self.size) - self._ready.qsize() - self._starting
            self._starting += max(0, missing)
        for _ in range(max(0, missing)):
            asyncio.run_coroutine_threadsafe(self._start(tuple(notebooks)), self._loop)

    def modules(self) -> dict:
        """`modules()` as given, asked for once."""
        with self._loading:
            if self._loaded is None:
                self._loaded = self._modules()
            return self._loaded

    async def _start(self, notebooks: tuple) -> None:
        from .execute import kernel_manager_class

        written = self.folder / f".kernel-{next(self._numbers)}.written"
        written.unlink(missing_ok=True)
        manager = kernel_manager_class({WRITTEN_LOG: str(written)})(kernel_name=KERNEL_NAME)
        try:
            await manager.start_kernel()
            # read while the kernel process starts (the code's imports, once per build)
            warm_up = warm_up_code(self.modules(), notebooks)
            client = manager.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                await client.execute_interactive(
                    warm_up, silent=True, store_history=False, timeout=60
                )
            finally:
                client.stop_channels()
        except Exception:  # the notebook then starts a kernel of its own
            await _shutdown(manager)
            manager = None
        with self._lock:
            self._starting -= 1
        if manager is not None:
            self._ready.put(Kernel(manager, written))

    def take(self):
        """A ready kernel; one still starting when none is ready (it is further along than a new
        one would be); None when none is starting either (the notebook then starts its own)."""
        try:
            return self._ready.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._starting <= self._waiting:  # each starting kernel is someone's already
                return None
            self._waiting += 1
        try:
            return self._ready.get(timeout=60)
        except queue.Empty:
            return None
        finally:
            with self._lock:
                self._waiting -= 1

    def release(self, kernel: Kernel) -> None:
        """Shut down a kernel a notebook has run in."""
        asyncio.run_coroutine_threadsafe(_shutdown(kernel.manager), self._loop).result()

    def close(self) -> None:
        """Shut down every kernel not handed out (waiting for those still starting)."""
        while True:
            with self._lock:
                starting = self._starting
            while not self._ready.empty():
                self.release(self._ready.get_nowait())
            if not starting:
                break
            threading.Event().wait(0.05)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()


async def _shutdown(manager) -> None:
    try:
        await manager.shutdown_kernel(now=True)
    except Exception:  # already gone
        pass
