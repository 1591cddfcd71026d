"""Compare two builds: presets of this checkout, or git revisions built in a temporary worktree.

`python -m hccrebuild compare A B [--jobs N]` (what `make compare A=.. B=..` runs) builds
both sides with make (make reuses what is built), reads their products, and writes
report/compare/<a>-vs-<b>.html and .json. A revision is checked out with `git worktree add` into
a temporary folder under build/ and removed afterwards; the checkout itself is never touched.
"""

import contextlib
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..analysis import diff
from ..errors import RebuildError
from .copies import make_env

#: The make target that produces every product of a preset (tables, figures, ledger, findings): its
#: stale notebooks, nothing published.
PRODUCTS_TARGET = "notebooks"
#: The same for a revision whose Makefile has no such target: the report notebook's file, with the
#: notebooks it needs (each then runs on its own).
PRODUCTS_FILE = "build/{preset}/nb/report.ipynb"
#: Candidate row keys of the figure and product CSVs, tried in order (the first unique one wins).
ROW_KEYS = (
    ["study_id"],
    ["claim_id", "reading", "from_key"],
    ["claim_id", "reading"],
    ["term"],
    ["arm"],
    ["date", "series"],
    ["date"],
)
#: Layout columns of the rebuilt tables (the row's label; the others are cells).
TABLE_KEY = ["section", "label"]


class CompareError(RebuildError):
    """A side of a comparison could not be resolved or built; the message says which and why."""


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a preset built in a project folder (this checkout or a worktree)."""

    spec: str
    root: Path
    preset: str = paths.DEFAULT_PRESET
    revision: str = ""

    @property
    def label(self) -> str:
        """Short name for file names and headings."""
        if self.revision:
            return f"rev-{self.revision[:10]}"
        return self.preset

    @property
    def tables(self) -> Path:
        return self.root / "build" / self.preset / "tables"

    @property
    def figures(self) -> Path:
        base = self.root / "figures"
        return base if self.preset == paths.DEFAULT_PRESET else base / self.preset

    @property
    def notebooks(self) -> Path:
        """The executed notebooks of this side."""
        return self.root / "build" / self.preset / "nb"

    @property
    def data(self) -> Path:
        return self.root / "data"


def git(*args, cwd: Path = None) -> str:
    """Output of a git command in the checkout (stripped); CompareError when git fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd or paths.ROOT), *args],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as err:
        msg = getattr(err, "stderr", "") or str(err)
        raise CompareError(f"git {' '.join(args)} failed: {msg.strip()}") from err
    return done.stdout.strip()


def is_preset(spec: str) -> bool:
    """True when `spec` names a parameter set of this checkout (params/<spec>.yaml)."""
    return bool(re.fullmatch(r"[A-Za-z0-9_.-]+", spec)) and paths.preset_file(spec).is_file()


def resolve_revision(spec: str) -> str:
    """The full commit hash of a git revision; CompareError when it is neither preset nor revision."""
    try:
        return git("rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    except CompareError as err:
        raise CompareError(
            f"'{spec}' is neither a parameter set (params/{spec}.yaml) nor a git revision"
        ) from err


def build(root: Path, preset: str, jobs: int = 2) -> None:
    """Run make for every product of `preset` in the project folder `root` (reuses what is built).

    The environment running this code is used (VENV: `sys.prefix`, the .venv make ran this with),
    so a worktree needs no environment of its own, and it is never refreshed from another lock.
    """
    venv = Path(sys.prefix)
    cmd = [
        "make",
        "-C",
        str(root),
        f"--jobs={jobs}",
        f"VENV={venv}",
        f"--old-file={venv / '.installed'}",
        f"JOBS={jobs}",
        f"PARAMS=params/{preset}.yaml",
        PRODUCTS_TARGET
        if _has_target(root, PRODUCTS_TARGET)
        else PRODUCTS_FILE.format(preset=preset),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=make_env())
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise CompareError(f"building '{preset}' in {paths.relative(root)} failed:\n{tail}")


def _has_target(root: Path, target: str) -> bool:
    """Whether the Makefile of `root` (this checkout or an older revision) defines `target`."""
    makefile = (Path(root) / "Makefile").read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(target)}:", makefile, re.MULTILINE) is not None


@contextlib.contextmanager
def worktree(revision: str):
    """A temporary git worktree of `revision` under build/, removed (with its folder) on exit."""
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="compare-", dir=paths.BUILD))
    tree = folder / "tree"
    git("worktree", "add", "--detach", "--quiet", str(tree), revision)
    try:
        yield tree
    finally:
        with contextlib.suppress(CompareError):
            git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(CompareError):
            git("worktree", "prune")


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_params(side: Side) -> dict:
    """The parameters each notebook ran with, flat: {"notebook.key": value}.

    Each notebook's declared defaults (its `parameters` cell), overridden by the parameters
    papermill injected into its executed notebook (build/<preset>/nb/<notebook>.ipynb, as
    recorded in its metadata); `preset` itself is left out.
    """
    from ..data.params import RESERVED, declared

    out = {}
    for nb in sorted((side.root / "notebooks").glob("*.ipynb")):
        values = {name: p.default for name, p in declared(nb).items() if name not in RESERVED}
        executed = side.notebooks / nb.name
        if executed.is_file():
            meta = json.loads(executed.read_text(encoding="utf-8")).get("metadata", {})
            ran = meta.get("papermill", {}).get("parameters", {})
            values.update({k: v for k, v in ran.items() if k not in RESERVED})
        out.update(diff.flatten(values, nb.stem))
    return out


def data_files(side: Side) -> dict:
    """Every file under data/ by its path relative to data/ and its SHA-256."""
    return {
        str(p.relative_to(side.data)): _digest(p)
        for p in sorted(side.data.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _keyed(old: pd.DataFrame, new: pd.DataFrame, key, columns=None) -> diff.FrameDiff:
    return diff.frames(old, new, key=key, columns=columns)


def _files(folder: Path, pattern: str) -> dict:
    return {p.name: p for p in sorted(folder.glob(pattern))} if folder.is_dir() else {}


def compare_findings(a: Side, b: Side) -> diff.FrameDiff:
    """Findings added, removed or changed (by finding_id), every column counted."""
    return _keyed(_csv(a.tables / "findings.csv"), _csv(b.tables / "findings.csv"), ["finding_id"])


def compare_ledger(a: Side, b: Side) -> diff.FrameDiff:
    """Ledger entries (by id) whose status or recomputed value changed, and entries added/removed."""
    return _keyed(
        _csv(a.tables / "verification.csv"),
        _csv(b.tables / "verification.csv"),
        ["id"],
        columns=["status", "reproduced"],
    )


def compare_tables(a: Side, b: Side) -> list:
    """Each rebuilt table (tbl-*.csv) of either side: its diff and the new side's layout, marked."""
    old, new = _files(a.tables, "tbl-*.csv"), _files(b.tables, "tbl-*.csv")
    out = []
    for name in sorted(set(old) | set(new)):
        if name.endswith((".cells.csv", ".meta.csv")):
            continue
        if name not in old or name not in new:
            out.append({"name": name, "only": "b" if name in new else "a", "diff": None})
            continue
        fa, fb = _csv(old[name]), _csv(new[name])
        d = _keyed(fa, fb, diff.unique_key(fa, fb, [TABLE_KEY]) or TABLE_KEY)
        out.append(
            {
                "name": name,
                "only": "",
                "diff": d,
                "columns": list(fb.columns),
                "layout": diff.layout(fb, d, TABLE_KEY) if not d.empty else [],
            }
        )
    return out


def compare_figures(a: Side, b: Side) -> list:
    """Each CSV beside the figures (drawn data, response and wording tables): diff and drawings."""
    old, new = _files(a.figures, "*.csv"), _files(b.figures, "*.csv")
    out = []
    for name in sorted(set(old) | set(new)):
        stem = name[: -len(".csv")]
        svgs = {s: f.figures / f"{stem}.svg" for s, f in (("a", a), ("b", b))}
        item = {"name": stem, "svg": {s: p for s, p in svgs.items() if p.is_file()}}
        if name not in old or name not in new:
            out.append(item | {"only": "b" if name in new else "a", "diff": None})
            continue
        fa, fb = _csv(old[name]), _csv(new[name])
        out.append(item | {"only": "", "diff": _keyed(fa, fb, diff.unique_key(fa, fb, ROW_KEYS))})
    return out


def compare(a: Side, b: Side) -> dict:
    """Everything that differs between two built sides.

    Returns
    -------
    dict
        `findings`, `ledger` (FrameDiff), `tables`, `figures` (lists from `compare_tables`,
        `compare_figures`), `params` and `data` (lists of key/old/new), `identical` (bool).
    """
    result = {
        "a": a,
        "b": b,
        "findings": compare_findings(a, b),
        "ledger": compare_ledger(a, b),
        "tables": compare_tables(a, b),
        "figures": compare_figures(a, b),
        "params": diff.mappings(read_params(a), read_params(b)),
        "data": diff.mappings(data_files(a), data_files(b)),
    }
    result["identical"] = identical(result)
    return result


def _differs(item: dict) -> bool:
    return bool(item["only"]) or not item["diff"].empty


def identical(result: dict) -> bool:
    """True when nothing differs between the two sides."""
    return (
        result["findings"].empty
        and result["ledger"].empty
        and not any(_differs(t) for t in result["tables"])
        and not any(_differs(f) for f in result["figures"])
        and not result["params"]
        and not result["data"]
    )


def _side_json(side: Side) -> dict:
    return {"spec": side.spec, "preset": side.preset, "revision": side.revision}


def to_json(result: dict) -> dict:
    """The comparison as plain values (what the .json file holds)."""

    def item(x):
        return {
            "name": x["name"],
            "only": x["only"],
            "diff": x["diff"].to_dict() if x["diff"] is not None else None,
        }

    return {
        "a": _side_json(result["a"]),
        "b": _side_json(result["b"]),
        "identical": result["identical"],
        "findings": result["findings"].to_dict(),
        "ledger": result["ledger"].to_dict(),
        "tables": [item(t) for t in result["tables"] if _differs(t)],
        "figures": [item(f) for f in result["figures"] if _differs(f)],
        "params": result["params"],
        "data": result["data"],
    }


def output_paths(a: Side, b: Side) -> dict:
    """Where the page and the JSON of a comparison go."""
    stem = f"{a.label}-vs-{b.label}"
    folder = paths.REPORT / "compare"
    return {"html": folder / f"{stem}.html", "json": folder / f"{stem}.json"}


def write(result: dict) -> dict:
    """Write the page and the JSON of a comparison; returns their paths."""
    import json

    from ..files import write_atomic
    from ..html import compare_page

    out = output_paths(result["a"], result["b"])
    write_atomic(out["json"], json.dumps(to_json(result), indent=1, ensure_ascii=False) + "\n")
    write_atomic(out["html"], compare_page.page(result))
    return out


def run(spec_a: str, spec_b: str, jobs: int = 2) -> dict:
    """Build both sides (presets here, revisions in temporary worktrees), compare, write; paths."""
    with contextlib.ExitStack() as stack:
        sides = []
        for spec in (spec_a, spec_b):
            if is_preset(spec):
                side = Side(spec, paths.ROOT, spec)
            else:
                rev = resolve_revision(spec)
                root = stack.enter_context(worktree(rev))
                side = Side(spec, root, paths.DEFAULT_PRESET, rev)
            build(side.root, side.preset, jobs)
            sides.append(side)
        return write(compare(*sides))
