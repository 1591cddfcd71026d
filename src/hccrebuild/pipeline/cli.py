"""Command line of the build: `python -m hccrebuild <command> ...` (the Makefile's only entry point).

Exit codes: 0 done; 2 a problem in the input (data, parameters, errata register, a notebook
that failed on its input) or in the command line, reported as one message without a traceback;
1 a bug, whose traceback goes to a log file named in the message.
"""

import sys
import traceback

USAGE = """usage: python -m hccrebuild COMMAND [ARGS]
  validate                                 check data/ (schema, domain rules, errata register)
  params PRESET_FILE FOLDER                check a parameter set; split it into one YAML file per notebook
  run NOTEBOOK OUTPUT PARAM_FILE PRESET    execute a notebook with papermill
  publish PRESET                           write report.html, report.pdf and table CSVs
"""

#: Exit code of an input problem (and of a command-line mistake).
INPUT_PROBLEM = 2
#: Exit code of a bug (an exception that is not a `RebuildError`).
BUG = 1


def _dispatch(command: str, args: list):
    """Run one command; None if the command is unknown."""
    if command == "validate":
        from ..analysis.ledger import errata

        return errata.main()
    if command == "params":
        from . import params

        if len(args) != 2:
            return None
        params.split(*args)
        return 0
    if command == "run":
        from . import run

        return run.main(args)
    if command == "publish":
        from .. import paths
        from . import publish

        for path in publish.publish(*args):
            print(f"  wrote {paths.relative(path)}")
        return 0
    return None


def _log_bug(command: str) -> str:
    """Write the current exception's traceback to build/logs/; the log's path as shown to people."""
    from .. import paths

    log = paths.BUILD / "logs" / f"{command or 'cli'}-error.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        return paths.relative(log)
    except OSError:
        traceback.print_exc()
        return "(could not write the log; traceback above)"


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else INPUT_PROBLEM
    command, args = argv[0], argv[1:]
    from ..errors import RebuildError

    try:
        code = _dispatch(command, args)
    except RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_PROBLEM
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: keep the traceback, out of the user's way
        log = _log_bug(command)
        print(
            f"internal error (a bug, not a problem in your input): {type(exc).__name__}: {exc}\n"
            f"traceback in {log}",
            file=sys.stderr,
        )
        return BUG
    if code is None:
        print(USAGE, file=sys.stderr)
        return INPUT_PROBLEM
    return code


if __name__ == "__main__":
    sys.exit(main())
