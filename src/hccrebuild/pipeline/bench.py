"""`make bench`: how long the build takes, against the floor of calling the package directly.

Runs in a scratch copy of the project (the environment is shared), so the checkout's own
outputs are untouched. Prints a table of medians and writes it to build/bench.json.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import paths

IGNORE = shutil.ignore_patterns(
    ".venv", "build", ".git", "__pycache__", ".pytest_cache", "*.egg-info"
)


def _make(project: Path, *args) -> tuple:
    env = {
        k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    }  # its own -j
    env["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH", "0")
    start = time.perf_counter()
    proc = subprocess.run(
        ["make", "-C", str(project), f"VENV={paths.ROOT / '.venv'}", *args],
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(proc.stdout + proc.stderr)
    return seconds, proc.stdout


def floor_run(project: Path) -> float:
    """One Python process running every product notebook's code in turn: no kernel, no papermill, no report."""
    code = [
        "import json, sys, time",
        "from unittest import mock",
        f"sys.path.insert(0, {str(project / 'src')!r})",
        "from hccrebuild import deps, paths",
        "start = time.perf_counter()",
        "for name in deps.notebooks()[:-1]:",
        "    nb = json.loads((paths.NOTEBOOKS / f'{name}.ipynb').read_text())",
        "    ns = {'__name__': '__floor__'}",
        "    with mock.patch('IPython.display.display'):",
        "        for cell in nb['cells']:",
        "            if cell['cell_type'] == 'code':",
        "                exec(''.join(cell['source']), ns)",
        "print(time.perf_counter() - start)",
    ]
    shutil.rmtree(
        project / "build", ignore_errors=True
    )  # validation starts cold, as in a cold build
    start = time.perf_counter()
    subprocess.run(
        [str(paths.ROOT / ".venv" / "bin" / "python"), "-c", "\n".join(code)],
        check=True,
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    return time.perf_counter() - start


def _steps(stdout: str) -> dict:
    return {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"ran notebooks/(\S+)\.ipynb\s+([\d.]+) s", stdout)
    }


def run(repeats: int = 3) -> dict:
    """Measure every scenario `repeats` times (no-op: twice as often) and return medians."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "proj"
        shutil.copytree(paths.ROOT, project, ignore=IGNORE)
        for folder in ("report", "figures"):
            for p in (project / folder).iterdir():
                if p.name != ".gitignore":
                    shutil.rmtree(p) if p.is_dir() else p.unlink()
        cold, steps = [], []
        for _ in range(repeats):
            _make(project, "clean")
            seconds, out = _make(project, "report")
            cold.append(seconds)
            steps.append(_steps(out))
        noop = [_make(project, "report")[0] for _ in range(2 * repeats)]
        incremental = {}
        for label, file in (
            ("lesion data", "data/raw/case_lesions.csv"),
            ("trials data", "data/raw/trial_baseline.csv"),
        ):
            times, reran = [], ""
            for _ in range(repeats):
                (project / file).touch()
                seconds, out = _make(project, "report")
                times.append(seconds)
                reran = ", ".join(_steps(out))
            incremental[label] = (statistics.median(times), reran)
        floor = [floor_run(project) for _ in range(repeats)]
        _make(project, "report")
        sizes = {
            name: (project / "report" / name).stat().st_size
            for name in ("report.html", "report.pdf")
        }
    med_cold, med_floor = statistics.median(cold), statistics.median(floor)
    per_step = {k: statistics.median(s[k] for s in steps) for k in steps[0]}
    return {
        "repeats": repeats,
        "cores": os.cpu_count(),
        "cold": med_cold,
        "noop": statistics.median(noop),
        "incremental": incremental,
        "floor": med_floor,
        "cold_over_floor": med_cold / med_floor,
        "notebook_seconds": per_step,
        "sizes": sizes,
        "incremental_over_cold": {k: v[0] / med_cold for k, v in incremental.items()},
    }


def table(r: dict) -> str:
    """The results as a Markdown table (the README quotes it)."""
    rows = [
        ("cold build (`make clean && make report`, environment present)", f"{r['cold']:.1f} s", ""),
        ("no-op rebuild (`make report`, nothing changed)", f"{r['noop']:.3f} s", "target < 0.5 s"),
    ]
    for label, (sec, reran) in r["incremental"].items():
        rows.append(
            (
                f"incremental: touch {label}",
                f"{sec:.1f} s",
                f"{r['incremental_over_cold'][label]:.2f} × cold (target < 0.5); re-ran {reran}",
            )
        )
    rows += [
        (
            "floor: one process running the product notebooks' code, no kernels, no report",
            f"{r['floor']:.1f} s",
            "",
        ),
        ("cold / floor", f"{r['cold_over_floor']:.1f} ×", "target ≤ 4"),
        (
            "notebooks in a cold build (papermill, each)",
            ", ".join(f"{k} {v:.1f} s" for k, v in r["notebook_seconds"].items()),
            "",
        ),
        ("report.html", f"{r['sizes']['report.html'] / 1e6:.2f} MB", "target < 2 MB"),
        ("report.pdf", f"{r['sizes']['report.pdf'] / 1e6:.2f} MB", "target < 1 MB"),
    ]
    out = [
        f"Medians of {r['repeats']} runs ({r['cores']} cores).",
        "",
        "| measure | value | note |",
        "| --- | --- | --- |",
    ]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(out)


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    result = run(repeats)
    (paths.BUILD).mkdir(exist_ok=True)
    (paths.BUILD / "bench.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
