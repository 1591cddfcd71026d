"""Ledger entries: one checked number, where it is printed, the recomputation and the verdict;
helpers shared by the entry builders (`table_entries`, `text_entries`, `primary_entries`)."""

from dataclasses import dataclass

import pandas as pd

from ..tables import DISCREPANCY, REPRODUCED

ARM_NAMES = {
    "abou-alfa-sorafenib": "Abou-Alfa, sorafenib",
    "sharp-sorafenib": "SHARP, sorafenib",
    "sharp-placebo": "SHARP, placebo",
    "ap-sorafenib": "Asia-Pacific, sorafenib",
    "ap-placebo": "Asia-Pacific, placebo",
}


@dataclass
class Entry:
    """One checked number: where it is printed, what it says, what the data say, and the verdict."""

    id: str
    kind: str
    location: str
    published: str
    reproduced: str
    rule: str
    status: str
    note: str = ""
    source: str = ""
    confidence: str = ""


def status_of(ok: bool) -> str:
    return REPRODUCED if ok else DISCREPANCY


def printed(frames, table: str) -> pd.DataFrame:
    return frames[f"published_{table}"]


def table1_values(frames) -> dict:
    """Printed Table 1 cells by (row_id, arm): build once, then look up each cell."""
    t = printed(frames, "table1")
    return dict(zip(zip(t["row_id"], t["column"]), t["printed"]))


def table1_value(frames, row_id, arm) -> str:
    """One printed Table 1 cell (`table1_values` for many)."""
    return table1_values(frames)[(row_id, arm)]


def claims(frames) -> pd.DataFrame:
    return frames["published_text_claims"].set_index("claim_id")


def text_adder(claims: pd.DataFrame, out: list):
    """A function appending the entry of one text claim (`text-<claim id><suffix>`) to `out`."""
    rows = dict(
        zip(claims.index, zip(claims["section"], claims["quote"], claims["printed"], strict=True))
    )

    def add(
        cid, suffix, reproduced, ok, rule, note="", status=None, source="chen-case", confidence=""
    ):
        section, quote, shown = rows[cid]
        out.append(
            Entry(
                f"text-{cid}{suffix}",
                "text",
                f"{section}: “{quote}”",
                shown,
                reproduced,
                rule,
                status or status_of(ok),
                note,
                source,
                confidence,
            )
        )

    return add
