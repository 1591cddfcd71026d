"""Command line of the build: `python -m hccrebuild <command> ...` (the Makefile's only entry point)."""

import sys

USAGE = """usage: python -m hccrebuild COMMAND [ARGS]
  validate                                 check data/ against its schema and domain rules
  params PRESET_FILE FOLDER                split a parameter set into one YAML file per notebook
  run NOTEBOOK OUTPUT PARAM_FILE PRESET    execute a notebook with papermill
  publish PRESET                           write report.html, report.pdf and table CSVs
"""


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    command, args = argv[0], argv[1:]
    from ..errors import RebuildError

    try:
        if command == "validate":
            from ..data import validate

            return validate.main()
        if command == "params":
            from . import params

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
    except RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
