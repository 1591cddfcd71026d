"""Command line of the build: `python -m hccrebuild <command> ...`, what every Makefile recipe calls.

Exit codes: 0 done; 2 a problem in the input (data, parameters, errata register) or in the
command line, reported as one message without a traceback; 1 a notebook that failed (the message
names the notebook, the cell and the error; the executed notebook is kept beside its output) or a
bug (its traceback goes to a log file named in the message); 130 interrupted.
"""

import argparse
import signal
import sys
import traceback

#: Exit code of an input problem (and of a command-line mistake).
INPUT_PROBLEM = 2
#: Exit code of a failed notebook, and of a bug (an exception that is not a `RebuildError`).
BUG = 1

#: What `build` can bring up to date, and the steps each needs (per parameter set).
TARGETS = {
    "report": "pdf:{preset}",  # the page (and the table CSVs), then the PDF
    "report-html": "html:{preset}",  # the page and the table CSVs only
    "notebooks": "notebook:{preset}/report",  # the products and the report notebook; nothing published
    "slides": "deck:{preset}",  # the case-discussion deck
    "handouts": "handouts:{preset}",  # the student handout and the teacher's guide (PDF)
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hccrebuild", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = sub.add_parser("build", help="bring outputs of one parameter set up to date")
    build.add_argument("targets", nargs="+", choices=sorted(TARGETS), metavar="TARGET")
    build.add_argument("--params", default="params/default.yaml", help="parameter set (YAML file)")
    build.add_argument("--jobs", type=int, default=2, help="steps at a time")
    sub.add_parser("validate", help="check data/ (schema, domain rules, errata register)")
    check = sub.add_parser("params", help="check a parameter set (keys, types, choices)")
    check.add_argument("params", help="preset name or YAML file")
    run = sub.add_parser("run", help="execute one notebook with papermill")
    run.add_argument("notebook")
    run.add_argument("output")
    run.add_argument("param_file", help="YAML mapping of this notebook's parameters")
    run.add_argument("preset")
    presets = sub.add_parser("presets", help="build every preset's notebooks (params/*.yaml)")
    presets.add_argument("--jobs", type=int, default=2)
    compare = sub.add_parser("compare", help="compare two builds (presets or git revisions)")
    compare.add_argument("a")
    compare.add_argument("b")
    compare.add_argument("--jobs", type=int, default=2)
    return parser


def _dispatch(args) -> int:
    from .. import paths

    if args.command == "validate":
        from ..analysis.ledger import errata

        return errata.main()
    if args.command == "params":
        from ..analysis.parameter_choices import load
        from .build import preset_file

        load(preset_file(args.params))
        print(f"parameters valid: {args.params}")
        return 0
    if args.command == "build":
        from . import build

        preset = build.preset_name(args.params)
        steps = [TARGETS[t].format(preset=preset) for t in args.targets]
        return build.build(steps, {preset: args.params}, args.jobs)
    if args.command == "run":
        from pathlib import Path

        import yaml

        from . import execute

        text = Path(args.param_file).read_text(encoding="utf-8")
        parameters = {**(yaml.safe_load(text) or {}), "preset": args.preset}
        seconds, _ = execute.execute(Path(args.notebook), Path(args.output), parameters)
        print(f"  ran {paths.relative(Path(args.notebook)):28s} {seconds:6.1f} s")
        return 0
    if args.command == "presets":
        from . import presets

        return presets.main(args.jobs)
    if args.command == "compare":
        from . import compare

        for path in compare.run(args.a, args.b, args.jobs).values():
            print(f"wrote {paths.relative(path)}")
        return 0
    raise AssertionError(args.command)


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


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    """The command line (`argv`: the arguments; default the program's, and then a terminate
    signal or a hang-up ends the command as Ctrl-C does: what it holds, a build's kernels and
    lock or a comparison's git worktree, is let go on the way out)."""
    if argv is None:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _interrupted)
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse: usage shown; a mistake is an input problem
        return 0 if exc.code == 0 else INPUT_PROBLEM
    from ..errors import NotebookFailed, RebuildError

    try:
        return _dispatch(args)
    except NotebookFailed as exc:
        print(f"FAILED {exc}", file=sys.stderr)
        return BUG
    except RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_PROBLEM
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: keep the traceback, out of the user's way
        log = _log_bug(args.command)
        print(
            f"internal error (a bug, not a problem in your input): {type(exc).__name__}: {exc}\n"
            f"traceback in {log}",
            file=sys.stderr,
        )
        return BUG


if __name__ == "__main__":
    sys.exit(main())
