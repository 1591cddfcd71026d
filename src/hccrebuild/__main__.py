"""`python -m hccrebuild`: the build's command line (see `pipeline.cli`)."""

import os
import sys

from .pipeline.cli import main

if __name__ == "__main__":
    code = main()
    # Every file is written and closed, every kernel shut down: leave without tearing down the
    # loaded libraries (most of a second at the end of every build).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
