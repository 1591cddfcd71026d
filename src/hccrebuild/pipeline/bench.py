"""`make bench`: how long the build takes, against the tool a user would pick instead.

Runs in scratch copies of the project (the environment is shared), so the checkout's own
outputs are untouched. The peer is Jupyter Book, executing the same six notebooks (the five
products, then the report) into HTML: it is installed on first use into build/peer-venv from
bench/requirements-peer.txt (pinned, with every dependency; for the benchmark only). Cold builds
of both alternate, after one warm-up pair. Prints a table of medians, with the peak memory of
each command's whole process tree, and writes it to build/bench.json.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .. import paths
from . import deps

IGNORE = shutil.ignore_patterns(
    ".venv", "build", ".git", "__pycache__", ".pytest_cache", "*.egg-info"
)
PEER_REQUIREMENTS = paths.ROOT / "bench" / "requirements-peer.txt"
PEER_VENV = paths.BUILD / "peer-venv"
#: A report-only presentation edit: the report's style sheet (publishing only) and its HTML code
#: (the report notebook and publishing; no product notebook).
PRESENTATION = {
    "report CSS": "src/hccrebuild/html/templates/report/report.css",
    "report HTML code": "src/hccrebuild/html/report.py",
}
DATA = {"lesion data": "data/raw/case_lesions.csv", "trials data": "data/raw/trial_baseline.csv"}
#: A real edit, not a touch: a comment added to the report's style sheet changes the page (the style
#: sheet is inlined), so the PDF is laid out again; a touch leaves the page, hence the PDF, as it was.
EDITS = {"report CSS": "src/hccrebuild/html/templates/report/report.css"}


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH", "0")
    return env


def _timed(cmd, cwd=None, env=None) -> tuple:
    """Run `cmd`; return (seconds, peak MB of its process tree, [(seconds, stdout line)])."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env or _env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    peak, done = [0], threading.Event()

    def watch():
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                total = 0
                for p in tree:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total)
            except psutil.Error:
                pass
            done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    lines = [(time.perf_counter() - start, line.rstrip("\n")) for line in proc.stdout]
    proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n" + "\n".join(t for _, t in lines))
    return seconds, peak[0] / 1e6, lines


def _make(project: Path, *args) -> tuple:
    return _timed(["make", "-C", str(project), f"VENV={paths.ROOT / '.venv'}", *args])


def _fresh_copy(dest: Path) -> Path:
    shutil.copytree(paths.ROOT, dest, ignore=IGNORE)
    for folder in ("report", "figures"):
        for p in (dest / folder).iterdir():
            if p.name != ".gitignore":
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    return dest


def _steps(lines) -> dict:
    """Wall-clock cost of each stage of a cold build, from when its lines were printed."""
    at = {}
    for t, line in lines:
        if line.startswith("data valid"):
            at["validation"] = t
        elif m := re.match(r"\s+ran notebooks/(\w+)\.ipynb", line):
            at["report notebook" if m.group(1) == deps.REPORT else "product notebooks"] = t
        elif "wrote report/report.html" in line:
            at["report.html"] = t
        elif "wrote report/report.pdf" in line:
            at["report.pdf"] = t
    out, last = {}, 0.0
    for key in ("validation", "product notebooks", "report notebook", "report.html", "report.pdf"):
        if key in at:
            out[key], last = at[key] - last, at[key]
    return out


# The peer ------------------------------------------------------------------------------------------


def peer_venv() -> Path:
    """Jupyter Book in its own throwaway environment (first use only; pinned requirements)."""
    stamp = PEER_VENV / ".installed"
    if stamp.is_file() and stamp.stat().st_mtime >= PEER_REQUIREMENTS.stat().st_mtime:
        return PEER_VENV
    print(f"Installing Jupyter Book into {paths.relative(PEER_VENV)} (benchmark only)...")
    shutil.rmtree(PEER_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run(
        [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        + ["--disable-pip-version-check", "-r", str(PEER_REQUIREMENTS)],
        check=True,
    )
    stamp.touch()
    return PEER_VENV


def peer_book(project: Path) -> Path:
    """A Jupyter Book of the project's six report notebooks, products first (Sphinx reads the
    pages in name order), executed on every build (`execute_notebooks: force`), HTML only."""
    book = project / "book"
    book.mkdir()
    names = [n for n in deps.notebooks() if n not in deps.STANDALONE]
    pages = []
    for i, name in enumerate(names, 1):
        page = f"{i}-{name}"
        shutil.copy2(project / "notebooks" / f"{name}.ipynb", book / f"{page}.ipynb")
        pages.append(page)
    (book / "_config.yml").write_text(
        "title: HCC case report (peer benchmark)\n"
        "only_build_toc_files: true\n"
        "execute:\n  execute_notebooks: force\n  timeout: 600\n",
        encoding="utf-8",
    )
    toc = [f"format: jb-book\nroot: {pages[0]}\nchapters:\n"]
    toc += [f"- file: {p}\n" for p in pages[1:]]
    (book / "_toc.yml").write_text("".join(toc), encoding="utf-8")
    return book


def peer_run(project: Path, venv: Path) -> tuple:
    """One cold `jupyter-book build` of the book (its outputs and the notebooks' removed first)."""
    book = project / "book"
    for folder in (book / "_build", project / "build", project / "figures"):
        shutil.rmtree(folder, ignore_errors=True)
    (project / "figures").mkdir()
    env = _env()
    env["PYTHONPATH"] = str(project / "src")  # the kernel imports this copy's package
    env["MPLBACKEND"] = "Agg"
    env["JUPYTER_PATH"] = str(paths.ROOT / ".venv" / "share" / "jupyter")  # the project's kernel
    seconds, peak, lines = _timed([str(venv / "bin" / "jupyter-book"), "build", str(book)], env=env)
    if not list((book / "_build" / "html").glob("*-report.html")):
        raise SystemExit("jupyter-book wrote no report page:\n" + "\n".join(t for _, t in lines))
    return seconds, peak


# The run -------------------------------------------------------------------------------------------


def _incremental(project: Path, file: str, repeats: int, edit: bool = False) -> tuple:
    """Median seconds of `make report` after touching `file` (or, with `edit`, adding a comment
    line to it), and the notebooks that re-ran; the file is restored afterwards."""
    path = project / file
    original = path.read_bytes()
    times, reran, pdf = [], "", False
    try:
        for i in range(repeats):
            if edit:
                path.write_bytes(original + f"/* make bench: edit {i + 1} */\n".encode())
            else:
                path.touch()
            seconds, _, lines = _make(project, "report")
            times.append(seconds)
            reran = ", ".join(
                m.group(1) for _, t in lines if (m := re.match(r"\s+ran notebooks/(\w+)", t))
            )
            pdf = any("wrote report/report.pdf" in t for _, t in lines)
    finally:
        path.write_bytes(original)
        _make(project, "report")
    return statistics.median(times), reran or "none", pdf


def run(repeats: int = 3) -> dict:
    """Measure every scenario `repeats` times (no-op: twice as often) and return medians."""
    venv = peer_venv()
    with tempfile.TemporaryDirectory() as tmp:
        project = _fresh_copy(Path(tmp) / "proj")
        peer = _fresh_copy(Path(tmp) / "peer")
        peer_book(peer)
        cold, cold_mem, steps, peer_s, peer_mem, html = [], [], [], [], [], []
        for i in range(repeats + 1):  # alternating; the first round warms the caches
            _make(project, "clean")
            html_seconds = _make(project, "report-html")[0]
            _make(project, "clean")
            seconds, mem, lines = _make(project, "report")
            p_seconds, p_mem = peer_run(peer, venv)
            if i:
                html.append(html_seconds)
                cold.append(seconds)
                cold_mem.append(mem)
                steps.append(_steps(lines))
                peer_s.append(p_seconds)
                peer_mem.append(p_mem)
        noop = [_make(project, "report")[0] for _ in range(2 * repeats)]
        incremental = {}
        for label, file in {**DATA, **PRESENTATION}.items():
            incremental[f"touch {label}"] = _incremental(project, file, repeats)
        for label, file in EDITS.items():
            incremental[f"edit {label}"] = _incremental(project, file, repeats, edit=True)
        sizes = {n: (project / "report" / n).stat().st_size for n in ("report.html", "report.pdf")}
    med_cold, med_peer = statistics.median(cold), statistics.median(peer_s)
    return {
        "repeats": repeats,
        "cores": os.cpu_count(),
        "load": os.getloadavg(),
        "cold": med_cold,
        "cold_runs": cold,
        "cold_peak_mb": max(cold_mem),
        "peer": med_peer,
        "peer_runs": peer_s,
        "peer_peak_mb": max(peer_mem),
        "cold_over_peer": med_cold / med_peer,
        "html_only": statistics.median(html),
        "html_only_over_peer": statistics.median(html) / med_peer,
        "noop": statistics.median(noop),
        "incremental": incremental,
        "incremental_over_cold": {k: v[0] / med_cold for k, v in incremental.items()},
        "steps": {k: statistics.median(s.get(k, 0.0) for s in steps) for k in steps[0]},
        "sizes": sizes,
    }


def table(r: dict) -> str:
    """The results as a Markdown table (the README quotes it)."""
    ratio = r["incremental_over_cold"]
    rows = [
        (
            "cold build: `make clean && make report` (validation, 5 notebooks + report, HTML, PDF)",
            f"{r['cold']:.1f} s",
            f"peak {r['cold_peak_mb']:.0f} MB",
        ),
        (
            "peer: `jupyter-book build` (1.0.4, `execute_notebooks: force`), same 6 notebooks, HTML",
            f"{r['peer']:.1f} s",
            f"peak {r['peer_peak_mb']:.0f} MB",
        ),
        ("cold / peer", f"{r['cold_over_peer']:.2f} ×", "target ≤ 1.0"),
        (
            "like for like: cold `make report-html` (HTML only, no PDF)",
            f"{r['html_only']:.1f} s",
            f"{r['html_only_over_peer']:.2f} × peer",
        ),
        ("no-op rebuild (`make report`, nothing changed)", f"{r['noop']:.3f} s", "target < 0.5 s"),
    ]
    files = {
        **{f"touch {k}": v for k, v in {**DATA, **PRESENTATION}.items()},
        **{f"edit {k}": v for k, v in EDITS.items()},
    }
    for label, (sec, reran, pdf) in r["incremental"].items():
        kind = label.split(" ", 1)[1]
        target = (
            "no target"
            if label.startswith("edit")
            else f"target ≤ {'0.33' if kind in PRESENTATION else '0.5'}"
        )
        rows.append(
            (
                f"{label} (`{files[label]}`)",
                f"{sec:.1f} s",
                f"{ratio[label]:.2f} × cold ({target}); re-ran {reran}; "
                + ("PDF laid out again" if pdf else "PDF kept (same page)"),
            )
        )
    rows.append(
        (
            "cold build, step by step (wall clock)",
            ", ".join(f"{k} {v:.1f} s" for k, v in r["steps"].items()),
            "",
        )
    )
    rows += [
        ("report.html", f"{r['sizes']['report.html'] / 1e6:.2f} MB", "target < 2 MB"),
        ("report.pdf", f"{r['sizes']['report.pdf'] / 1e6:.2f} MB", "target < 1 MB"),
    ]
    load = ", ".join(f"{x:.1f}" for x in r["load"])
    out = [
        f"Medians of {r['repeats']} runs ({r['cores']} cores; load average at the end {load}).",
        "",
        "| measure | value | note |",
        "| --- | --- | --- |",
    ]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(out)


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    result = run(repeats)
    paths.BUILD.mkdir(exist_ok=True)
    (paths.BUILD / "bench.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
