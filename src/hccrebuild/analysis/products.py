"""The build's intermediate products on disk: rebuilt tables, the ledger, the response assessment
and the case-numbers fragment, written by one notebook and read back by the report.

Every product that shows a value the findings register (data/findings.csv) names carries the
register's verdict beside it: a `value_id` and the `finding` ids that mark it (`marked`).
"""

from pathlib import Path

import pandas as pd

from .. import data, paths
from ..files import frame_csv, write_atomic
from . import criteria
from . import marks as _marks
from .finding_text import titles
from .tables import BuiltTable, Cell

#: The findings register: every product marks the values its findings name.
INPUTS = _marks.INPUTS
#: The two columns every product CSV carries: the value shown, and the findings that mark it.
MARK_COLUMNS = ["value_id", "finding"]


def register_of(frames: dict = None) -> pd.DataFrame:
    """The findings register: `frames["findings"]` when loaded, else read from data/findings.csv."""
    if frames is not None and "findings" in frames:
        return frames["findings"]
    return data.read("findings")


def marked(frame: pd.DataFrame, value_ids, register: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the columns `value_id` and `finding` (`marks.marks`) added at the end."""
    value_ids = ["" if v is None else str(v) for v in value_ids]
    return frame.assign(value_id=value_ids, finding=_marks.marks(value_ids, register))


def note(finding: str, titles_by_id: dict) -> str:
    """The words beside a marked value: "see finding “title”" for each finding id in `finding`."""
    return "; ".join(f"see finding “{titles_by_id.get(f, f)}”" for f in finding.split())


def titles_of(finding: str, titles_by_id: dict) -> list:
    """The titles of the findings in `finding` (space-separated ids), in quotes, for a line that
    names them once ("Findings of the rebuild: “…”; “…”") and reads aloud."""
    return [f"“{titles_by_id.get(f, f)}”" for f in finding.split()]


def mark_table(table: BuiltTable, register: pd.DataFrame) -> BuiltTable:
    """Mark each cell of `table` with the findings that name it (in place) and keep their titles."""
    for cell, found in zip(table.cells, _marks.marks([c.key for c in table.cells], register)):
        cell.finding = found
    used = {f for c in table.cells for f in c.finding.split()}
    table.findings = {k: v for k, v in titles(register).items() if k in used}
    return table


def save_table(table: BuiltTable, folder: Path, register: pd.DataFrame = None) -> list:
    """Write `<id>.csv` (paper layout), `<id>.cells.csv` (long form with status, notes, value id and
    findings) and `<id>.meta.csv`; the cells are marked first (`mark_table`) by `register`
    (default: data/findings.csv)."""
    folder = Path(folder)
    mark_table(table, register_of() if register is None else register)
    meta = pd.DataFrame(
        [
            {
                "caption": table.caption,
                "footnote": table.footnote,
                "columns": "|".join(f"{c}\t{h}\t{s}" for c, h, s in table.columns),
                "findings": "|".join(f"{k}\t{v}" for k, v in table.findings.items()),
            }
        ]
    )
    outputs = {
        folder / f"{table.table_id}.csv": table.wide(),
        folder / f"{table.table_id}.cells.csv": table.frame(),
        folder / f"{table.table_id}.meta.csv": meta,
    }
    return [write_atomic(path, frame_csv(frame)) for path, frame in outputs.items()]


def load_table(folder: Path, table_id: str) -> BuiltTable:
    """Read back a table written by `save_table`."""
    folder = Path(folder)
    cells = pd.read_csv(folder / f"{table_id}.cells.csv", dtype=str, keep_default_na=False)
    meta = pd.read_csv(folder / f"{table_id}.meta.csv", dtype=str, keep_default_na=False).iloc[0]
    columns = [tuple(part.split("\t")) for part in meta["columns"].split("|")]
    found = dict(p.split("\t", 1) for p in meta.get("findings", "").split("|") if p)
    out = BuiltTable(table_id, meta["caption"], columns, footnote=meta["footnote"], findings=found)
    for rec in cells.to_dict("records"):
        rec.pop("value_id", None)
        rec["row"] = int(rec["row"])
        out.cells.append(Cell(**rec))
    out.visits = tuple(dict.fromkeys(c.visit for c in out.cells))
    return out


def save_ledger(ledger: pd.DataFrame, folder) -> Path:
    """Write `verification.csv` into `folder`; return its path."""
    return write_atomic(Path(folder) / "verification.csv", frame_csv(ledger))


def load_ledger(folder) -> pd.DataFrame:
    """Read back a ledger written by `save_ledger`."""
    return pd.read_csv(Path(folder) / "verification.csv", dtype=str, keep_default_na=False)


def save_findings(findings: pd.DataFrame, folder) -> Path:
    """Write `findings.csv` (the findings register with the entries each covers) into `folder`."""
    return write_atomic(Path(folder) / "findings.csv", frame_csv(findings))


def load_findings(folder) -> pd.DataFrame:
    """Read back the findings written by `save_findings`."""
    return pd.read_csv(Path(folder) / "findings.csv", dtype=str, keep_default_na=False)


def save_robustness(frame: pd.DataFrame, folder) -> Path:
    """Write `robustness.csv` (the conclusions across readings, `conclusions.across_readings`)."""
    return write_atomic(Path(folder) / "robustness.csv", frame_csv(frame))


def load_robustness(folder) -> pd.DataFrame:
    """Read back the table written by `save_robustness`."""
    return pd.read_csv(Path(folder) / "robustness.csv", dtype=str, keep_default_na=False)


def save_response(table: pd.DataFrame, preset: str, register: pd.DataFrame = None) -> Path:
    """Write the assessment as `tbl-response.csv` beside the figures of `preset`, each follow-up's
    verdict marked by `register` (default: data/findings.csv); returns the path."""
    out = paths.figures_dir(preset) / "tbl-response.csv"
    follow = table["category"] != criteria.BASELINE
    value_ids = [f"case-response-{s}" if f else "" for s, f in zip(table["study_id"], follow)]
    table = marked(table, value_ids, register_of() if register is None else register)
    return write_atomic(out, frame_csv(table, date_format="%Y-%m-%d"))


def save_case_numbers(
    html: str, check: pd.DataFrame, preset: str, register: pd.DataFrame = None
) -> dict:
    """Write `case-numbers.html` and `tbl-wording.csv` (each claim marked by `register`, default
    data/findings.csv) beside the figures of `preset`; returns the paths."""
    folder = paths.figures_dir(preset)
    value_ids = [f"text-{c}" for c in check["claim_id"]]
    check = marked(check, value_ids, register_of() if register is None else register)
    out = {"html": folder / "case-numbers.html", "csv": folder / "tbl-wording.csv"}
    write_atomic(out["html"], html + "\n")
    write_atomic(out["csv"], frame_csv(check, date_format="%Y-%m-%d"))
    return out


def load_case_numbers(preset: str) -> str:
    """The saved "case in numbers" fragment of `preset` (see `save_case_numbers`)."""
    return (paths.figures_dir(preset) / "case-numbers.html").read_text(encoding="utf-8")
