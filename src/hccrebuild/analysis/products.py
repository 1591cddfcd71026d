"""The build's intermediate products on disk: rebuilt tables, the ledger, the response assessment
and the case-numbers fragment, written by one notebook and read back by the report."""

from pathlib import Path

import pandas as pd

from .. import paths
from ..files import frame_csv, write_atomic
from .tables import BuiltTable, Cell


def save_table(table: BuiltTable, folder: Path) -> list:
    """Write `<id>.csv` (paper layout), `<id>.cells.csv` (long form with status and notes) and `<id>.meta.csv`."""
    folder = Path(folder)
    meta = pd.DataFrame(
        [
            {
                "caption": table.caption,
                "footnote": table.footnote,
                "columns": "|".join(f"{c}\t{h}\t{s}" for c, h, s in table.columns),
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
    out = BuiltTable(table_id, meta["caption"], columns, footnote=meta["footnote"])
    for rec in cells.to_dict("records"):
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


def save_response(table: pd.DataFrame, preset: str) -> Path:
    """Write the assessment as `tbl-response.csv` beside the figures of `preset`; returns the path."""
    out = paths.figures_dir(preset) / "tbl-response.csv"
    return write_atomic(out, frame_csv(table, date_format="%Y-%m-%d"))


def save_case_numbers(html: str, check: pd.DataFrame, preset: str) -> dict:
    """Write `case-numbers.html` and `tbl-wording.csv` beside the figures of `preset`; returns the paths."""
    folder = paths.figures_dir(preset)
    out = {"html": folder / "case-numbers.html", "csv": folder / "tbl-wording.csv"}
    write_atomic(out["html"], html + "\n")
    write_atomic(out["csv"], frame_csv(check, date_format="%Y-%m-%d"))
    return out


def load_case_numbers(preset: str) -> str:
    """The saved "case in numbers" fragment of `preset` (see `save_case_numbers`)."""
    return (paths.figures_dir(preset) / "case-numbers.html").read_text(encoding="utf-8")
