"""`make bench`: our build against Jupyter Book 1.0, timed by hyperfine.

Usage: .venv/bin/python bench/bench.py [REPEATS]     (what `make bench REPEATS=3` runs)

Only the public commands are timed (`make clean`, `make report`, `make report-html`), in scratch
copies of the project built with this checkout's environment (`make VENV=...`), so the checkout's
own outputs are untouched. The peer, Jupyter Book, runs the same six notebooks with the same kernel
(`execute_notebooks: force`); it is installed on first use into build/peer-venv from
bench/requirements-peer.txt. Cold builds alternate round by round, after a warm-up round. Prints a
table of medians and ratios, saved to build/bench.md; hyperfine's exports go to build/bench/.
"""

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from hccrebuild.pipeline import copies

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
PEER_VENV = ROOT / "build" / "peer-venv"
PEER_REQUIREMENTS = ROOT / "bench" / "requirements-peer.txt"
NOT_IN_REPORT = ("slides", "teaching")
DATA = ("data/raw/case_lesions.csv", "data/raw/trial_baseline.csv")
HTML_CODE = "src/hccrebuild/html/report.py"
CSS = "src/hccrebuild/html/templates/report/report.css"

# (row, measure, reference of its ratio or None, target: ratio ≤, or without a reference seconds <)
ROWS = [
    ("cold `make report` (after `make clean`)", "cold", "peer", 1.0),
    ("peer: cold `jupyter-book build` (execute force)", "peer", None, None),
    ("cold `make report-html`: report.html written", "html", "peer", 0.6),
    ("no-op `make report`", "noop", None, 0.5),
    *[(f"touch `{f}`, `make report`", f"touch {f}", "cold", 0.5) for f in DATA],
    (f"edit `{HTML_CODE}` (a comment), `make report`", "edit html", "cold", 0.33),
    (f"edit `{CSS}` (a comment), `make report`", "edit css", "cold", None),
]


def table(times: dict, header: str = "") -> str:
    """Markdown table of the medians of `times` (measure -> seconds of each run), with ratios and
    their targets; the no-op target is absolute (seconds)."""
    med = {k: statistics.median(v) for k, v in times.items()}
    out = [header, "", "| measure | median | runs | ratio | target | result |", "|---" * 6 + "|"]
    for label, key, ref, target in ROWS:
        runs = ", ".join(f"{t:.2f}" for t in times[key])
        if ref:
            ratio = med[key] / med[ref]
            cells = [f"{ratio:.2f} × {ref}", f"≤ {target}" if target else "none"]
            ok = target is None or ratio <= target
        else:
            cells = ["", f"< {target} s" if target else ""]
            ok = target is None or med[key] < target
        result = "" if target is None else ("pass" if ok else "FAIL")
        out.append(f"| {label} | {med[key]:.2f} s | {runs} | {' | '.join(cells)} | {result} |")
    return "\n".join(out).lstrip() + "\n"


def hyperfine(name: str, cmds: dict, runs: int, prepare=(), warmup: int = 0) -> dict:
    """Time `cmds` (name -> shell command), `runs` runs each, one command after the other, each
    run after its `prepare` command (one for all, or one per command). Returns name -> seconds."""
    export = OUT / f"{name}.json"
    args = ["hyperfine", "--style", "basic", "--runs", str(runs), "--warmup", str(warmup)]
    args += ["--export-json", str(export), "--output", str(OUT / "last-output.log")]
    for p in prepare:
        args += ["--prepare", p]
    for n in cmds:
        args += ["--command-name", n]
    if subprocess.run(args + list(cmds.values()), env=ENV).returncode:
        raise SystemExit(f"hyperfine failed; the command's output is in {OUT}/last-output.log")
    return {r["command"]: r["times"] for r in json.loads(export.read_text())["results"]}


def peer_venv() -> Path:
    """Jupyter Book in its own environment, installed on first use (pinned requirements)."""
    stamp = PEER_VENV / ".installed"
    if not stamp.is_file() or stamp.stat().st_mtime < PEER_REQUIREMENTS.stat().st_mtime:
        print(f"Installing Jupyter Book into {PEER_VENV} (benchmark only)...", flush=True)
        shutil.rmtree(PEER_VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", PEER_VENV], check=True)
        pip = [PEER_VENV / "bin" / "python", "-m", "pip", "install", "-q"]
        subprocess.run(pip + ["--disable-pip-version-check", "-r", PEER_REQUIREMENTS], check=True)
        stamp.touch()
    return PEER_VENV


def peer_book(project: Path) -> str:
    """The report's six notebooks as a Jupyter Book (products first, numbered so that they run
    in that order; the report last), executed on every build; returns the build command."""
    book = project / "book"
    book.mkdir()
    names = sorted(p.stem for p in (project / "notebooks").glob("*.ipynb"))
    names = [n for n in names if n not in (*NOT_IN_REPORT, "report")] + ["report"]
    pages = [f"{i}-{n}" for i, n in enumerate(names, 1)]
    for name, page in zip(names, pages):
        shutil.copy2(project / "notebooks" / f"{name}.ipynb", book / f"{page}.ipynb")
    (book / "_config.yml").write_text(
        "title: HCC case report (peer benchmark)\nonly_build_toc_files: true\n"
        "execute:\n  execute_notebooks: force\n  timeout: 600\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n",  # a failed cell fails
        encoding="utf-8",
    )
    toc = [
        f"format: jb-book\nroot: {pages[0]}\nchapters:\n",
        *(f"- file: {p}\n" for p in pages[1:]),
    ]
    (book / "_toc.yml").write_text("".join(toc), encoding="utf-8")
    env = {  # the notebooks' kernel (`hccrebuild`, this checkout's environment), the copy's package
        "PYTHONPATH": project / "src",
        "MPLBACKEND": "Agg",
        "JUPYTER_PATH": ROOT / ".venv" / "share" / "jupyter",
    }
    env = ["env", *(f"{k}={v}" for k, v in env.items())]
    # The same work as ours: the data validated once, then the notebooks told so (each would
    # validate the data again otherwise).
    validate = shlex.join(
        [*env, str(ROOT / ".venv" / "bin" / "python"), "-m", "hccrebuild", "validate"]
    )
    jb = PEER_VENV / "bin" / "jupyter-book"
    build = shlex.join([*env, "HCCREBUILD_DATA_VALIDATED=1", str(jb), "build", str(book)])
    return f"{validate} >/dev/null && {build}"


def main(repeats: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    peer_venv()
    load = os.getloadavg()[0]  # other work on the machine slows every measure; the table says
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        ours, peer = Path(tmp) / "ours", Path(tmp) / "peer"
        for copy in (ours, peer):
            shutil.copytree(ROOT, copy, ignore=copies.IGNORE)
        make = shlex.join(["make", "-C", str(ours), f"VENV={ROOT / '.venv'}"])
        q = shlex.quote
        peer_clean = "rm -rf " + " ".join(q(str(peer / p)) for p in ("book/_build", "build"))
        peer_clean += f" {q(str(peer / 'figures'))}/*"
        cold = {
            "cold": f"{make} report",
            "peer": peer_book(peer),
            "html": f"{make} report-html",
        }
        times = {k: [] for k in cold}
        for i in range(repeats + 1):  # round 0 warms the caches and is not counted
            print(f"Cold builds, round {i} of {repeats}{' (warm-up)' if not i else ''}", flush=True)
            clean = [f"{make} clean", peer_clean, f"{make} clean"]
            for k, v in hyperfine(f"cold-{i}", cold, 1, clean).items():
                times[k] += v if i else []
        if not list((peer / "book" / "_build" / "html").glob("*-report.html")):
            raise SystemExit("jupyter-book wrote no report page")
        report = {"make report": f"{make} report"}
        times["noop"] = hyperfine("noop", report, 2 * repeats, warmup=1)["make report"]
        touches = {f"touch {f}": f"{make} report" for f in DATA}
        prepare = [f"touch {q(str(ours / f))}" for f in DATA]
        times.update(hyperfine("touch", touches, repeats, prepare, warmup=1))
        # A real content change on every run: a new comment line, numbered by the clock.
        edits = {"edit html": f"{make} report", "edit css": f"{make} report"}
        prepare = [
            f'echo "# bench edit $(date +%s%N)" >> {q(str(ours / HTML_CODE))}',
            f'echo "/* bench edit $(date +%s%N) */" >> {q(str(ours / CSS))}',
        ]
        times.update(hyperfine("edit", edits, repeats, prepare, warmup=1))
    header = f"Medians of {repeats} runs; {os.cpu_count()} cores, load average {load:.1f} at"
    header += f" the start, {os.getloadavg()[0]:.1f} at the end (1 min)."
    text = table(times, header)
    (ROOT / "build" / "bench.md").write_text(text, encoding="utf-8")
    print("\n" + text, end="")


# Sub-makes start afresh (not as part of `make bench`); outputs carry a fixed date, not the clock.
ENV = copies.make_env()
if "SOURCE_DATE_EPOCH" not in ENV:
    git = ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"]
    ENV["SOURCE_DATE_EPOCH"] = (
        subprocess.run(git, capture_output=True, text=True).stdout.strip() or "0"
    )

if __name__ == "__main__":
    if not shutil.which("hyperfine"):
        raise SystemExit("make bench needs hyperfine (apt-get install hyperfine)")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
