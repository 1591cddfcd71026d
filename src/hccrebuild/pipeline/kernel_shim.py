"""The kernel command of a warm kernel (see `warm`): asks the warm server for a kernel, then stands in
for it.

Run as `python -I -S kernel_shim.py SOCKET -f CONNECTION_FILE` by the kernel manager, in the folder
and with the environment the manager chose: both are sent to the server, with this process's
standard streams, and the forked kernel takes them over. This process then forwards the signals
the manager sends (interrupt, terminate) to the kernel, and exits when the kernel does (the
server's socket, which only the kernel still holds, reaches end of file). Standard library only,
and nothing imported from the package: it must start in milliseconds.
"""

import json
import os
import signal
import socket
import sys
import time

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
                raise
            time.sleep(0.02)
    request = {"argv": kernel_args, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = conn.recv(64)
        if not chunk:
            print("warm kernel server closed the connection", file=sys.stderr)
            return 1
        reply += chunk
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
