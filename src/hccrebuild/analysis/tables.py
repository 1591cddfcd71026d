"""A rebuilt table: every printed cell beside its recomputation, a status and the notes behind it."""

from dataclasses import asdict, dataclass, field

import pandas as pd

from . import fmt

REPRODUCED = "reproduced"
#: The value is reproduced but its label or unit is wrong (e.g. percentages under an "n" label).
MISLABELLED = "reproduced-mislabelled"
#: A time claim that holds under one month-counting convention and not the other.
ONE_CONVENTION = "holds-under-one-convention"
#: A claim the data can neither show nor refute (they record when something was documented).
CANNOT_REFUTE = "cannot-refute"
DISCREPANCY = "discrepancy"
NOT_RECOMPUTABLE = "not-recomputable"
STATUSES = (REPRODUCED, MISLABELLED, ONE_CONVENTION, CANNOT_REFUTE, DISCREPANCY, NOT_RECOMPUTABLE)
#: Statuses that name a problem of the paper: each entry with one belongs to a finding. A claim
#: that holds under one month-counting convention (the calendar one) is not a problem.
FLAGGED = (MISLABELLED, CANNOT_REFUTE, DISCREPANCY)

CELL_COLUMNS = [
    "table",
    "row",
    "row_id",
    "section",
    "label",
    "column",
    "visit",
    "printed",
    "rebuilt",
    "status",
    "reason",
    "annotation",
    "finding",
]


@dataclass
class Cell:
    """One cell of a table: printed text, rebuilt text, status and notes.

    `reason` explains a discrepancy or why a cell cannot be recomputed; `annotation`
    is a caveat on a cell that does reproduce (a wrong label, a missing patient); `finding` names
    the findings of the register (data/findings.csv) that mark the cell, space-separated.
    """

    table: str
    row: int
    row_id: str
    section: str
    label: str
    column: str
    visit: str
    printed: str
    rebuilt: str
    status: str = ""
    reason: str = ""
    annotation: str = ""
    finding: str = ""

    @property
    def key(self) -> str:
        """Stable id of the cell, used in anchors and in the verification ledger."""
        return "-".join(p for p in (self.table, self.row_id, self.column, self.visit) if p)

    @property
    def noted(self) -> bool:
        return self.status != REPRODUCED or bool(self.annotation)


def records(frame: pd.DataFrame) -> list:
    """The rows of `frame` as dicts of Python values, read column by column (much faster than
    `iterrows`, `itertuples` or `.loc` on each row)."""
    cols = list(frame.columns)
    return [dict(zip(cols, vals, strict=True)) for vals in zip(*(frame[c].tolist() for c in cols))]


def decide(printed: str, rebuilt: str, reason: str = "", forced: str = "") -> tuple:
    """Status of a cell: `forced` if given, else reproduced when the texts say the same thing."""
    if forced:
        return forced, reason
    if fmt.same_printed(printed, rebuilt):
        return REPRODUCED, ""
    return DISCREPANCY, reason or f"the data give {rebuilt}, the paper prints {printed}"


@dataclass
class BuiltTable:
    """A rebuilt table with its caption, column heads and footnote."""

    table_id: str
    caption: str
    columns: list  # [(column id, head, sub-head)]
    cells: list = field(default_factory=list)
    footnote: str = ""
    visits: tuple = ("",)
    #: Title of each finding that marks a cell, by finding id (see `products.mark_table`).
    findings: dict = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """All cells in long form, one row per cell, with the cell key as `value_id`."""
        out = pd.DataFrame([asdict(c) for c in self.cells], columns=CELL_COLUMNS)
        out.insert(len(CELL_COLUMNS) - 1, "value_id", [c.key for c in self.cells])
        return out

    def wide(self) -> pd.DataFrame:
        """The rebuilt table in the paper's layout: one row per printed row, one column per printed column."""
        f = self.frame()
        f["col"] = [f"{c} {v}".strip() for c, v in zip(f["column"], f["visit"])]
        order = list(dict.fromkeys(f["col"]))
        wide = f.pivot_table(
            index=["row", "section", "label"], columns="col", values="rebuilt", aggfunc="first"
        )
        return wide.reindex(columns=order).reset_index().drop(columns="row")

    def counts(self) -> dict:
        """Number of cells per status."""
        got = self.frame()["status"].value_counts()
        return {s: int(got.get(s, 0)) for s in STATUSES} | {
            "annotated": sum(bool(c.annotation) for c in self.cells)
        }
