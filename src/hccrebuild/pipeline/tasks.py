"""The build graph as doit tasks: what each step reads, what it writes, and when it is stale.

doit is the one judge of staleness. A step runs again when a file it reads changed in content
(doit compares MD5s once a time stamp moved, so a touch or a checkout that leaves a file's bytes
alone costs nothing), when a value it depends on changed (a notebook's parameters; the PDF's
source date and layout libraries), or when one of its outputs is missing or no longer the one it
wrote. What each notebook reads comes from the code (`deps`: the notebook, the package modules it
imports, transitively, and the data files those declare in `INPUTS`), computed by a step of its
own whose result doit keeps (`calc_dep`) until a source changes. doit's state lives in
build/doit.sqlite (an SQLite file, so an interrupted build never leaves it half-written), with
paths relative to the project, so a copy of a built project is built too.

    data/ ──validate──> passes, or stops the build before any notebook
    params/<preset>.yaml ──params:<preset>──> passes, or stops the build before any notebook
    notebooks/<product>.ipynb ──papermill──> build/<preset>/nb/<product>.ipynb (+ tables, figures)
    notebooks/report.ipynb + the products ──papermill──> build/<preset>/nb/report.ipynb
    ──nbconvert──> report/report.html (+ table CSVs) ──WeasyPrint──> report/report.pdf
    notebooks/slides.ipynb + the figures ──nbconvert, reveal.js──> report/slides.html
    the executed deck's parameters + data ──WeasyPrint──> report/handout.pdf, report/teachers-guide.pdf
"""

import hashlib
import os
import stat
import sys
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from doit.cmd_base import TaskLoader2
from doit.doit_cmd import DoitMain
from doit.reporter import ConsoleReporter
from doit.task import dict_to_task
from doit.tools import config_changed

from .. import paths
from . import deps

#: The notebook that assembles the report from the products of the others.
REPORT = deps.REPORT
#: The deck's notebook, and the notebooks whose figures it shows.
DECK = "slides"
FIGURE_NOTEBOOKS = ("case_figures", "trial_charts")
#: doit's state: paths relative to the project root (the process runs there while doit decides).
DB_FILE = "build/doit.sqlite"
#: Steps that are not per parameter set.
VALIDATE, REVEAL = "validate", "reveal.js"
#: The validation code (the data package, then the errata register against the ledger), and the
#: check of a parameter set.
VALIDATION = "hccrebuild.analysis.ledger.errata"
PARAMETER_CHECK = "hccrebuild.analysis.parameter_choices"


def _rel(path) -> str:
    path = Path(path)
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else str(path)


def _md5(path) -> str:
    try:
        return hashlib.md5(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _outputs_intact(task, values) -> bool:
    """Up to date only if every output is the one this step wrote last: its targets and the files
    its notebook wrote (not deleted, not overwritten by a notebook run by hand with other
    parameters, not edited)."""
    written = values.get("outputs")
    return (
        written is not None
        and set(task.targets) <= set(written)
        and all(_md5(path) == md5 for path, md5 in written.items())
    )


def _say(line: str) -> None:
    """Print a line of the build's log. doit swaps `sys.stdout` around each Python action, and
    with actions in threads a swap can outlive its action: steps write to the console that the
    build started with (`_Schedule.console`)."""
    console = _schedule.console
    console.write(line + "\n")
    console.flush()


class Step:
    """A doit action calling `fn(*args)`. Its printed lines go to the console as they come; an
    exception is kept (`errors`) for the command line to report once the run has stopped, and the
    step fails; on success the hashes of its outputs (its targets, and the files `fn` returns it
    wrote) are saved, for `_outputs_intact`."""

    errors = []
    _lock = threading.Lock()

    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __call__(self, targets):
        if Step.errors:  # another step failed: start nothing new
            return False
        try:
            wrote = self.fn(*self.args) or []
        except BaseException as exc:  # reported by the command line, through its one handler
            with Step._lock:
                Step.errors.append(exc)
            return False
        return {"outputs": {t: _md5(t) for t in [*targets, *map(_rel, wrote)]}}


def _task(name, fn, args=(), file_dep=(), targets=(), uptodate=(), task_dep=(), calc_dep=()):
    return {
        "name": name,
        "actions": [(Step(fn, *args), [], {})],
        "file_dep": list(dict.fromkeys(file_dep)),
        "targets": list(targets),
        "uptodate": [*uptodate, _outputs_intact],
        "task_dep": list(task_dep),
        "calc_dep": list(calc_dep),
        "verbosity": 2,
    }


def _package_sources() -> list:
    """Every file of the package (code, templates, prose, the plot style), caches left out."""
    return sorted(
        _rel(p) for p in paths.PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )


def _inputs_of(module: str = None, notebook: str = None) -> dict:
    """What a step whose code starts at `module` (or at a notebook's imports) reads: the package
    sources and files behind it and the data files its modules declare (doit's `file_dep`)."""
    if notebook:
        found = deps.notebook_inputs(paths.NOTEBOOKS / f"{notebook}.ipynb")
        return {"file_dep": [*found["sources"], *found["data"]]}
    return {"file_dep": deps.module_sources(deps.closure([module], boundary=()))}


def inputs_task(name: str, module: str = None, notebook: str = None) -> dict:
    """A step computing another step's inputs from the code, kept by doit until a source (or the
    notebook, or the data package's list of files) changes."""
    file_dep = [*_package_sources(), "data/datapackage.json"]
    if notebook:
        file_dep.append(f"notebooks/{notebook}.ipynb")
    return {
        "name": f"inputs:{name}",
        "actions": [(_inputs_of, [module, notebook], {})],
        "file_dep": _existing(file_dep),
        "verbosity": 0,
    }


def _data_listing() -> str:
    """What lies under data/ and what kind of file each is: validation refuses a symbolic link or
    a special file there, so one added or removed makes it run again."""
    out = []
    for folder, dirs, names in sorted(os.walk(paths.DATA, followlinks=False)):
        for name in sorted(dirs + names):
            entry = os.path.join(folder, name)
            target = os.readlink(entry) if os.path.islink(entry) else ""
            kind = stat.S_IFMT(os.lstat(entry).st_mode)
            out.append(f"{os.path.relpath(entry, paths.DATA)} {kind} {target}")
    return "\n".join(out)


def _existing(files) -> list:
    return [f for f in files if (paths.ROOT / f).is_file()]


def _validate():
    from ..analysis.ledger import errata

    errata.check()
    _say(errata.passed())


def validation_tasks() -> list:
    """Validation of the whole data package and the errata register (before any notebook)."""
    data = _existing(["data/datapackage.json", *deps.resource_files().values()])
    check = _task(
        VALIDATE,
        _validate,
        file_dep=data,
        uptodate=[config_changed(_data_listing())],
        calc_dep=[f"inputs:{VALIDATE}"],
    )
    return [inputs_task(VALIDATE, module=VALIDATION), check]


def _check_params(spec):
    from ..analysis.parameter_choices import load

    load(spec)


def params_tasks(preset: str, spec) -> list:
    """The check of one parameter set: keys, types, and choices read from the code and the data."""
    name = f"params:{preset}"
    notebooks = [f"notebooks/{n}.ipynb" for n in deps.notebooks()]
    data = _existing(["data/datapackage.json", *deps.resource_files().values()])
    check = _task(
        name,
        _check_params,
        (spec,),
        file_dep=[_rel(Path(spec).resolve()), *notebooks, *data],
        task_dep=[VALIDATE],  # the data it reads its choices from are valid
        calc_dep=[f"inputs:{name}"],
    )
    return [inputs_task(name, module=PARAMETER_CHECK), check]


def _notebook(name, preset, parameters, output):
    from . import execute

    pool = _schedule.pool
    kernel = pool.take() if pool else None
    try:
        seconds, wrote = execute.execute(
            paths.NOTEBOOKS / f"{name}.ipynb", output, parameters, kernel
        )
    finally:
        if kernel is not None:
            pool.release(kernel)
    label = f"notebooks/{name}.ipynb" + ("" if preset == paths.DEFAULT_PRESET else f" ({preset})")
    _say(f"  ran {label:28s} {seconds:6.1f} s")
    return wrote


def notebook_output(preset: str, name: str) -> str:
    return _rel(paths.build_dir(preset) / "nb" / f"{name}.ipynb")


#: The product notebooks, longest first: doit starts the report's inputs in this order, so the
#: shortest ones fill in at the end instead of one long one running alone.
LONGEST_FIRST = ("case_figures", "trial_charts", "verification", "table2", "table1")


def product_notebooks() -> list:
    """The notebooks whose products the report assembles, longest first."""
    order = {n: i for i, n in enumerate(LONGEST_FIRST)}
    return sorted(paths.PRODUCT_NOTEBOOKS, key=lambda n: order.get(n, len(order)))


def notebook_task(preset: str, name: str, section: dict) -> dict:
    """One notebook of one parameter set: papermill into build/<preset>/nb/."""
    file_dep = [f"notebooks/{name}.ipynb", "data/datapackage.json"]
    if name == REPORT:
        file_dep += [notebook_output(preset, n) for n in product_notebooks()]
    elif name == DECK:
        file_dep += [notebook_output(preset, n) for n in FIGURE_NOTEBOOKS]
    parameters = {**dict(sorted(section.items())), "preset": preset}
    output = notebook_output(preset, name)
    return _task(
        f"notebook:{preset}/{name}",
        _notebook,
        (name, preset, parameters, output),
        file_dep=file_dep,
        targets=[output],
        uptodate=[config_changed(parameters)],
        task_dep=[VALIDATE, f"params:{preset}"],
        calc_dep=[f"inputs:notebook:{name}"],
    )


def _publish(what, preset):
    from . import publish

    for path in (publish.publish_html if what == "html" else publish.publish_pdf)(preset):
        _say(f"  wrote {paths.relative(path)}")


def _library_versions(names) -> dict:
    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


#: The publishing code's module, whose closure is the page's and the PDF's code.
PUBLISH = "hccrebuild.pipeline.publish"


def publish_tasks(preset: str) -> list:
    """The page (with the table CSVs beside it), then its PDF."""
    from . import publish

    out = paths.report_dir(preset)
    copies = [f"{t}{s}" for t in publish.REPORT_TABLES for s in (".csv", ".cells.csv")]
    html = _rel(out / "report.html")
    page = _task(
        f"html:{preset}",
        _publish,
        ("html", preset),
        file_dep=[notebook_output(preset, REPORT)],
        targets=[
            html,
            *(_rel(out / "tables" / c) for c in copies),
            _rel(out / "verification.csv"),
            _rel(out / "findings.csv"),
            _rel(out / "robustness.csv"),
        ],
        # the page states its source date: another date (a new commit) gives another page
        uptodate=[config_changed({"source_date": publish.source_date_epoch()})],
        calc_dep=[f"inputs:{PUBLISH}"],
    )
    layout = {
        "source_date": publish.source_date_epoch(),
        "libraries": _library_versions(publish.LAYOUT_LIBRARIES),
    }
    pdf = _task(
        f"pdf:{preset}",
        _publish,
        ("pdf", preset),
        file_dep=[html],
        targets=[_rel(out / "report.pdf")],
        uptodate=[config_changed(layout)],
        calc_dep=[f"inputs:{PUBLISH}"],
    )
    return [page, pdf]


def _vendor():
    from . import vendor

    vendor.vendor_reveal()


def _export_deck(preset):
    from . import slides_export

    out = slides_export.export(preset)
    _say(f"  wrote {paths.relative(out)} ({out.stat().st_size // 1024} KiB)")


def reveal_task() -> dict:
    """reveal.js for the deck, fetched once beside the environment (pinned by version and hash)."""
    from . import vendor

    task = _task(REVEAL, _vendor, targets=[str(vendor.VENDOR / "package.json")])
    task["uptodate"] = [True]
    return task


#: The deck's export code.
DECK_EXPORT = "hccrebuild.pipeline.slides_export"


def deck_task(preset: str) -> dict:
    return _task(
        f"deck:{preset}",
        _export_deck,
        (preset,),
        file_dep=[notebook_output(preset, DECK)],
        targets=[_rel(paths.report_dir(preset) / "slides.html")],
        task_dep=[REVEAL],
        calc_dep=[f"inputs:{DECK_EXPORT}"],
    )


def _print_session(preset):
    from . import handouts

    for path in handouts.build(preset):
        _say(f"  wrote {paths.relative(path)}")


#: The code of the session's printed documents.
HANDOUTS = "hccrebuild.pipeline.handouts"


def handouts_task(preset: str) -> dict:
    """The student handout and the teacher's guide, after the deck (whose parameters they take)."""
    from . import handouts, publish

    out = paths.report_dir(preset)
    layout = {
        "source_date": publish.source_date_epoch(),
        "libraries": _library_versions(publish.LAYOUT_LIBRARIES),
    }
    return _task(
        f"handouts:{preset}",
        _print_session,
        (preset,),
        file_dep=[notebook_output(preset, DECK)],
        targets=[_rel(out / name) for name in handouts.FILES],
        uptodate=[config_changed(layout)],
        calc_dep=[f"inputs:{HANDOUTS}"],
    )


def build_tasks(presets: dict) -> list:
    """Every step of the given parameter sets (name -> (parameter file, {notebook: parameters}))."""
    tasks = [*validation_tasks(), reveal_task()]
    tasks += [inputs_task(m, module=m) for m in (PUBLISH, DECK_EXPORT, HANDOUTS)]
    notebooks = sorted({n for _, sections in presets.values() for n in sections})
    tasks += [inputs_task(f"notebook:{n}", notebook=n) for n in notebooks]
    for preset, (spec, sections) in presets.items():
        tasks += params_tasks(preset, spec)
        tasks += [notebook_task(preset, name, section) for name, section in sections.items()]
        tasks += [*publish_tasks(preset), deck_task(preset), handouts_task(preset)]
    return tasks


def run(tasks: list, selected: list, jobs: int = 2, pool=None) -> int:
    """Bring the `selected` steps up to date with doit; its return code (0: done).

    Steps run `jobs` at a time, as threads of this process (each notebook in a kernel process
    of its own; from `pool`, a `kernels.Pool`, when it has one ready). An exception in a step is
    in `Step.errors` afterwards.
    """

    class Loader(TaskLoader2):
        def setup(self, opt_values):
            pass

        def load_doit_config(self):
            return {"dep_file": DB_FILE, "backend": "sqlite3", "reporter": QuietReporter}

        def load_tasks(self, cmd, pos_args):
            return [dict_to_task(dict(t)) for t in tasks]

    global _schedule
    needed = _steps_needed(tasks, selected)
    _schedule = _Schedule(pool, {n for n in needed if n.startswith("notebook:")}, max(1, jobs))
    kinds = {name.split(":")[0] for name in needed}
    _schedule.libraries = [lib for lib, steps in PRELOADED.items() if kinds & steps]
    Step.errors.clear()
    paths.BUILD.mkdir(exist_ok=True)
    os.chdir(paths.ROOT)
    argv = ["run", "--process", str(max(1, jobs)), "--parallel-type", "thread", *selected]
    try:
        return DoitMain(Loader()).run(argv)
    finally:  # doit's swaps of the standard streams, undone (see `_say`)
        sys.stdout, sys.stderr = _schedule.console, _schedule.errors


def _steps_needed(tasks: list, selected: list) -> set:
    """The steps the `selected` steps depend on, themselves included (whether stale or not)."""
    by_name = {t["name"]: t for t in tasks}
    maker = {target: t["name"] for t in tasks for target in t.get("targets", [])}
    todo, seen = list(selected), set()
    while todo:
        name = todo.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        task = by_name[name]
        todo += task.get("task_dep", []) + [
            maker[f] for f in task.get("file_dep", []) if f in maker
        ]
    return seen


class _Schedule:
    """What the reporter needs to keep kernels ready: the pool, and the notebook steps that may
    still run in this build."""

    def __init__(self, pool, pending: set, jobs: int = 2):
        self.pool, self.pending, self.jobs = pool, set(pending), jobs
        self.libraries = []  # imported ahead of the steps that use them (`_preload`)
        self.console, self.errors = sys.stdout, sys.stderr

    def started(self, name: str) -> None:
        """A step starts: once notebooks are known to run (validation runs, or a notebook starts),
        keep as many kernels ready as the notebooks that may still run need, this one included
        (it takes one as it starts)."""
        wanted = len(self.pending)
        self.pending.discard(name)
        if self.pool is None:
            return
        # kernels started now serve notebooks still pending: warmed with what they all import
        notebooks = {step.rsplit("/", 1)[-1] for step in self.pending}
        if name == VALIDATE:  # one core validates: warm only as many as will run at first
            self.pool.fill(min(wanted, self.jobs), notebooks)
        elif name.startswith("notebook:"):
            self.pool.fill(wanted, notebooks)

    def skipped(self, name: str) -> None:
        self.pending.discard(name)


_schedule = _Schedule(None, set())


class QuietReporter(ConsoleReporter):
    """Steps print their own lines; their failures are reported by the command line. The first
    step that runs starts loading the libraries the later ones use, and kernels are started ahead
    of the notebooks (a build with nothing to do loads and starts nothing)."""

    def execute_task(self, task):
        # Not before validation and the parameters' check, which run in this process: an import
        # in another thread would compete with them for the interpreter.
        if task.name.startswith(("notebook:", "html:", "pdf:", "deck:")):
            _preload()
        _schedule.started(task.name)

    def skip_uptodate(self, task):
        _schedule.skipped(task.name)

    def add_failure(self, task, fail):
        if not Step.errors:  # doit's own failure (a step could not start): say why
            _schedule.errors.write(f"error: {task.name}: {fail.get_msg()}\n")

    def complete_run(self):
        if self.runtime_errors:
            _schedule.errors.write("error: " + "\n".join(self.runtime_errors) + "\n")


_preloading = threading.Lock()


def _preload() -> None:
    if _preloading.acquire(blocking=False):
        threading.Thread(target=_import_libraries, daemon=True).start()


#: Libraries the build imports ahead of use, and the steps that use them: only those of the
#: steps the build may run are imported (a build of notebooks alone lays out no PDF).
PRELOADED = {
    "nbconvert.exporters.html": {"html", "deck"},
    "weasyprint": {"pdf", "handouts"},
}


def _import_libraries() -> None:
    from . import execute

    execute.load_libraries()
    for library in _schedule.libraries:
        execute.imported(library)
