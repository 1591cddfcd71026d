"""Warm kernels: each notebook still gets a fresh kernel process of its own, forked from a server that
has already imported what the notebooks import.

A kernel started the usual way spends about 0.8 s starting Python and IPython and about 1 s importing
pandas, matplotlib and the package before the notebook's first line does any work; six notebooks
pay that six times. Here one server process pays the imports once (while validation runs), then
forks one child per kernel. A child is a new process with its own namespace and its own copy of
every module: nothing a notebook does reaches another notebook, as with separate kernels. Only
importing is done ahead; no notebook code runs in the server.

The kernel manager (`manager`) launches `kernel_shim.py` as the kernel command; the shim passes its
folder, environment and standard streams to the server, which forks the kernel with them, or, when
the kernel was asked for with other start-up settings than the server's (`START_VARIABLES`), tells
the shim to start a plain kernel. The server ends, ending any kernel still running, when the runner
that started it stops it (`Server`), on a terminate signal or Ctrl-C, or when its standard input
closes (the runner has died).
"""

import importlib
import json
import os
import select
import signal
import socket
import sys
import threading
from pathlib import Path

from .. import paths

#: Imported by the server before any kernel is forked, with every package module a notebook imports.
LIBRARIES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython.display")
#: What a kernel imports as it starts (IPython's shell, the kernel, its debugger support).
KERNEL = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "debugpy", "sqlite3")
SHIM = Path(__file__).with_name("kernel_shim.py")


def preload_modules() -> list:
    """Modules the server imports: the libraries, IPython's kernel, every package module the
    notebooks import directly (their own imports follow)."""
    from . import deps

    modules = set()
    for notebook in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        modules.update(deps.notebook_modules(notebook))
    return [*LIBRARIES, *KERNEL, *sorted(modules)]


# The server ----------------------------------------------------------------------------------------


#: Kernels this server forked and that have not ended yet (pruned as they end).
_children = set()
#: Environment variables read when an interpreter starts or a library is imported (the server's
#: values are the ones a forked kernel would have): a kernel asked for with other values is not
#: forked; its shim starts a plain kernel instead.
START_VARIABLES = (
    "PYTHON",
    "MPL",
    "LANG",
    "LC_",
    "OMP_",
    "OPENBLAS_",
    "MKL_",
    "JUPYTER",
    "IPYTHON",
)
#: Seconds a shim may take to send its request.
REQUEST_TIMEOUT = 10


def serve(address: str) -> int:
    """Listen on `address` first (kernels asked for early wait), import, then fork kernels on request
    until standard input closes or a terminate signal comes; then end the kernels still running."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)  # Ctrl-C reaches the whole build: end quietly, kernels too
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(16)
    start_env = _start_environment(os.environ)
    _import_as_in_a_kernel(preload_modules())
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [], 1.0)
        _reap()
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 4096):
            _stop()
        if listener in ready:
            conn, _ = listener.accept()
            try:
                _serve_one(listener, conn, start_env)
            except (OSError, ValueError) as exc:  # a shim that died or sent garbage: drop it
                print(f"warm kernel server: request dropped ({exc})", file=sys.stderr, flush=True)
            finally:
                conn.close()


def _start_environment(env) -> dict:
    return {k: v for k, v in env.items() if k.startswith(START_VARIABLES)}


def _reap() -> None:
    """Forget the kernels that have ended (their process ids may be reused)."""
    while _children:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            _children.clear()
            return
        if pid == 0:
            return
        _children.discard(pid)


def _serve_one(listener, conn, start_env: dict) -> None:
    """Read one shim's request; fork its kernel, or tell it to start a plain one."""
    conn.settimeout(REQUEST_TIMEOUT)
    message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    try:
        while message and not message.endswith(b"\n"):
            chunk = conn.recv(1 << 20)
            if not chunk:
                raise ValueError("the request ended early")
            message += chunk
        request = json.loads(message)
        if len(fds) != 3:
            raise ValueError("the request did not carry the three standard streams")
        if _start_environment(request["env"]) != start_env:
            conn.sendall(b"plain\n")  # started differently: only a plain kernel would be alike
            return
        conn.settimeout(None)
        _children.add(_fork_kernel(listener, conn, request, fds))
    finally:
        for fd in fds:
            os.close(fd)


class _Kernel:
    """What `get_ipython()` returns inside a Jupyter kernel, as far as an import can tell: a shell
    with a kernel."""

    kernel = True


def _import_as_in_a_kernel(modules) -> None:
    """Import `modules` as they would be imported inside a kernel.

    A library may settle a default at import by asking whether it runs in a Jupyter kernel: pandas
    shows at most 20 columns in a kernel but fits the terminal's width elsewhere. While importing,
    the server answers as a kernel would (`get_ipython()` gives a shell with a kernel).
    """
    import builtins

    builtins.get_ipython = _Kernel
    try:
        for module in modules:
            importlib.import_module(module)
    finally:
        del builtins.get_ipython


def _stop(_signum=None, _frame=None):
    """End every kernel still running, then the server, at once (also in the middle of an import:
    nothing is unwound, so nothing half-imported reports an error)."""
    _reap()
    for pid in _children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    sys.stdout.flush()
    os._exit(0)


def _fork_kernel(listener, conn, request: dict, fds) -> int:
    """Fork one kernel for the shim at the other end of `conn`; the kernel's process id."""
    sys.stdout.flush()
    sys.stderr.flush()
    # No signal handler of the server may run in the child before it sets its own (a forwarded
    # interrupt would otherwise end the server's other kernels from inside the child).
    signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    pid = os.fork()
    if pid == 0:  # the kernel
        code = 1
        try:
            _children.clear()
            listener.close()
            code = _run_kernel(conn, request, fds, signals)
        finally:
            os._exit(code)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)
    conn.sendall(f"{pid}\n".encode())
    return pid  # the kernel keeps its copy of `conn`: the shim sees end of file when it exits


def _run_kernel(conn, request: dict, fds, blocked) -> int:
    """In the forked child: become the kernel the shim asked for, as `ipykernel_launcher` would."""
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.setsid()  # like any kernel: out of the terminal's process group (Ctrl-C goes to the build)
    if (
        "numpy" in sys.modules
    ):  # its global random state would otherwise be the same in every kernel
        sys.modules["numpy"].random.seed()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if sys.path and sys.path[0] in ("", os.getcwd(), str(paths.ROOT)):
        del sys.path[0]  # as ipykernel_launcher does; the shell puts the notebook's folder back
    # The kernel watches its parent, as a kernel started the usual way watches its manager (the trait's
    # default was read from the server's environment, at import).
    sys.argv = [
        "ipykernel_launcher",
        *request["argv"],
        f"--IPKernelApp.parent_handle={os.getppid()}",
    ]

    def orphaned():  # the shim has gone (killed by the kernel manager): so does the kernel
        while conn.recv(64):
            pass
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()
    from ipykernel import kernelapp

    try:
        kernelapp.launch_new_instance()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0


# The client side -----------------------------------------------------------------------------------


def manager(folder: str, server: str):
    """A kernel manager class whose kernels are forked by the warm server listening at `server`.

    It talks to them over Unix sockets in `folder`: over TCP, two kernels started at once (make -j2)
    can pick the same free port and one dies ("Address already in use"); socket files cannot.
    """
    from jupyter_client import AsyncKernelManager

    class WarmKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=str(Path(folder) / "kernel"), **kwargs)

        def format_kernel_cmd(self, extra_arguments=None):
            return [sys.executable, "-I", "-S", str(SHIM), server, "-f", self.connection_file]

        async def _async_interrupt_kernel(self):
            # jupyter_client interrupts every kernel it shuts down; after the notebook's last cell
            # that only races the kernel's last reply and prints a spurious "KeyboardInterrupt
            # caught in kernel" error into the build's output.
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

    return WarmKernelManager


class Server:
    """The warm server as a context manager: started on entry, stopped (its kernels with it) on exit."""

    def __init__(self, folder: str):
        self.address = str(Path(folder) / "warm.sock")
        self.process = None

    def __enter__(self):
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, "-m", "hccrebuild.pipeline.warm", self.address],
            stdin=subprocess.PIPE,
            cwd=str(paths.NOTEBOOKS),
        )
        return self

    def kernel_manager(self, folder: str):
        """The kernel manager class for `run.execute`, its sockets in `folder`."""
        return manager(folder, self.address)

    def stop(self) -> None:
        """End the server (and any kernel it forked that still runs), now."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()

    def __exit__(self, *exc):
        self.stop()
        self.process.stdin.close()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))
