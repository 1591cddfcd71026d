"""The kernel command of a warm kernel (see `warm`): asks the warm server for a kernel, then stands in
for it.

Run as `python -I -S kernel_shim.py SOCKET -f CONNECTION_FILE` by the kernel manager, in the folder
and with the environment the manager chose: both are sent to the server, with this process's
standard streams, and the forked kernel takes them over. This process then forwards the signals
the manager sends (interrupt, terminate) to the kernel, and exits when the kernel does (the
server's socket, which only the kernel still holds, reaches end of file). When the server says
no (this kernel was asked for with other start-up settings than the server's: see
`warm.START_VARIABLES`), cannot be reached or drops the request, this process becomes a plain kernel
instead, started as JupyterLab starts one. Standard library only, and nothing imported from the
package: it must start in milliseconds.
"""

import json
import os
import signal
import socket
import sys
import time

#: Seconds to wait for the server's answer once the request is sent (it forks at once, or says no).
REPLY_TIMEOUT = 120
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1)


def main(argv) -> int:
    server, kernel_args = argv[0], argv[1:]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + 30
    while True:  # the server binds its socket within moments of starting
        try:
            conn.connect(server)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                plain(kernel_args, "the warm kernel server did not answer")
            time.sleep(0.02)
    request = {"argv": kernel_args, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
    conn.settimeout(REPLY_TIMEOUT)
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = conn.recv(64)
        if not chunk:  # the server dropped the request before forking anything
            plain(kernel_args, "the warm kernel server dropped the request")
        reply += chunk
    if reply == b"plain\n":  # started with other settings than the server: no warm kernel is alike
        plain(kernel_args)
    conn.settimeout(None)
    pid = int(reply)

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    while conn.recv(64):  # end of file: the kernel has exited
        pass
    return 0


def plain(kernel_args, why: str = "") -> None:
    """Become a plain kernel, started as JupyterLab starts one (this process is replaced)."""
    if why:
        print(f"{why}: starting a plain kernel", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
