"""The verification ledger: every printed number beside its recomputation, a rule and a status.

Four kinds of entry (built in `table_entries`, `text_entries` and `primary_entries`):
- ``cell``: every cell of Tables 1 and 2, recomputed from the raw data;
- ``text``: numeric claims of the paper's text, recomputed from the data (every reading of an
  ambiguous date and both month-counting conventions are checked);
- ``consistency``: checks on the printed values alone (GRIM-style): category counts against arm
  size, printed percentages against n/N, values quoted in the text against Table 1, the cells of
  one Table 2 column against each other;
- ``primary``: the paper against facts from the primary publications and the definitions it uses
  (CTCAE), with their confidence.

Each entry states its independence: *transcription* (the raw value was typed from this very
printed place, so agreement proves only the transcription), *recomputed* (derived from other
inputs), *consistency* (printed values against each other) or *primary-source*. Each entry whose
status names a problem (`tables.FLAGGED`) belongs to one finding of the register
(data/findings.csv, data/finding_entries.csv) and is listed with its values in data/errata.csv;
`check` fails on one the register does not explain and on an explanation that no longer applies.
"""

import fnmatch
import re

import pandas as pd

from ... import paths
from ...errors import LedgerError
from .. import case_intervals, finding_facts, finding_text, marks, response, table1, table2
from ..tables import DISCREPANCY, FLAGGED, NOT_RECOMPUTABLE, REPRODUCED, STATUSES, records
from . import register
from .entries import claims
from .primary_entries import ctcae_entries, primary_entries
from .table_entries import (
    consistency_entries,
    table1_entries,
    table2_check_entries,
    table2_entries,
)
from .text_entries import CASE_TEXT_INPUTS, case_text_entries, trial_text_entries

#: The register of findings and the rules that classify each entry's independence.
REGISTER = ["errata", "findings", "finding_entries", "independence"]

INPUTS = [
    *table1.INPUTS,
    *table2.INPUTS,
    *case_intervals.INPUTS,
    *CASE_TEXT_INPUTS,
    *response.INPUTS,
    "ctcae_grades",
    "trial_hazard_ratios",
    "primary_facts",
    *REGISTER,
]

COLUMNS = [
    "id",
    "kind",
    "location",
    "published",
    "reproduced",
    "rule",
    "status",
    "independence",
    "finding",
    "marked_by",
    "note",
    "source",
    "confidence",
]

#: Independence classes, from the weakest evidence to the strongest.
INDEPENDENCE = (
    "transcription",
    "recomputed",
    "consistency",
    "published-rule",
    "inference",
    "primary-source",
)


def trial_part(frames: dict) -> list:
    """Entries that read the trials' data: Table 1 cells, consistency, the text on the trials, the
    primary publications."""
    return (
        table1_entries(frames)
        + consistency_entries(frames)
        + trial_text_entries(frames)
        + primary_entries(frames)
    )


def case_part(frames: dict) -> list:
    """Entries that read the index case's and So et al.'s data: Table 2 cells and its cross-row
    checks, the text on the case, the adverse-event grades against CTCAE."""
    return (
        table2_entries(frames)
        + table2_check_entries(frames)
        + case_text_entries(frames)
        + ctcae_entries(frames)
    )


def independence(ids, rules: pd.DataFrame) -> list:
    """Independence class of each entry id: the first rule (data/independence.csv) whose pattern
    matches. Raises LedgerError naming the ids no rule covers."""
    pats = [  # what fnmatch.fnmatchcase does, each pattern compiled once
        (re.compile(fnmatch.translate(pat)).match, cls)
        for pat, cls in zip(rules["id_pattern"], rules["independence_class"], strict=True)
    ]
    out, missing = [], []
    for eid in ids:
        hit = next((cls for match, cls in pats if match(eid)), None)
        if hit is None:
            missing.append(eid)
        out.append(hit or "")
    if missing:
        raise LedgerError(
            f"{paths.relative(paths.DATA / 'independence.csv')}: no rule classifies the ledger entries "
            + ", ".join(missing)
        )
    return out


def build(frames: dict, case_entries: list = None) -> pd.DataFrame:
    """The whole ledger, one row per entry (`COLUMNS`), ids unique.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    case_entries : list, optional
        `case_part(frames)` when the caller already has it for these very case data (a test that
        changes only the trials' data builds it once); computed when omitted.
    """
    entries = trial_part(frames) + (case_part(frames) if case_entries is None else case_entries)
    frame = pd.DataFrame([dict(vars(e)) for e in entries])
    frame = frame.reindex(columns=COLUMNS).astype(object).fillna("")
    dup = frame["id"][frame["id"].duplicated()]
    if len(dup):
        raise LedgerError(f"duplicate ledger ids: {', '.join(dup)}")
    ids = list(frame["id"])
    claim_ids = set(claims(frames).index)
    # A claim is covered by the entry `text-<claim id>` or by one `text-<claim id>-<suffix>`: each
    # text entry covers its whole name after "text-" and every part of it that ends before a "-".
    named = set()
    for rest in (i[len("text-") :] for i in ids if i.startswith("text-")):
        named.add(rest)
        named.update(rest[:k] for k, ch in enumerate(rest) if ch == "-")
    covered = claim_ids & named
    covered |= {i.removeprefix("primary-") for i in ids if i.startswith("primary-")}
    unchecked = claim_ids - covered - set(frames["primary_facts"]["claim_id"])
    if unchecked:
        raise LedgerError(f"text claims with no ledger entry: {', '.join(sorted(unchecked))}")
    frame["independence"] = independence(ids, frames["independence"])
    fe = frames["finding_entries"]
    finding = dict(zip(fe["entry_id"], fe["finding_id"]))
    frame["finding"] = [finding.get(i, "") for i in ids]
    # the findings whose values name this entry's value (table cells and text claims share ids)
    frame["marked_by"] = marks.marks(ids, frames["findings"])
    return frame


def counts(ledger: pd.DataFrame) -> dict:
    """Entries per status."""
    return {s: int((ledger["status"] == s).sum()) for s in STATUSES}


def independence_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Entries by independence class (rows) and status (columns), with totals."""
    table = pd.crosstab(ledger["independence"], ledger["status"], margins=True, margins_name="all")
    rows = [c for c in INDEPENDENCE if c in table.index] + ["all"]
    return table.reindex(index=rows, columns=[*STATUSES, "all"], fill_value=0)


def independent_checks(ledger: pd.DataFrame) -> dict:
    """How many printed values were checked by something other than their own transcription."""
    independent = ledger[ledger["independence"] != "transcription"]
    return {
        "entries": len(ledger),
        "independent": len(independent),
        "independent_reproduced": int((independent["status"] == REPRODUCED).sum()),
        "transcription": int((ledger["independence"] == "transcription").sum()),
        "transcription_reproduced": int(
            ((ledger["independence"] == "transcription") & (ledger["status"] == REPRODUCED)).sum()
        ),
    }


def findings(ledger: pd.DataFrame, frames: dict) -> pd.DataFrame:
    """The findings, ranked, each with its confidence, its text filled from the computation, the
    ledger entries it covers and what they touch.

    Parameters
    ----------
    ledger : DataFrame
        As `build` returns it.
    frames : dict of DataFrame
        The resources named in `INPUTS` (the register, data/findings.csv, among them).

    Returns
    -------
    DataFrame
        The columns of data/findings.csv with `title`, `what_is_wrong` and `why` filled
        (`finding_text.fill`), plus `confidence` (`register.confidence`), `entries` (ids,
        space-separated), `n_entries`, `n_cells` (printed places in Tables 1-2), `n_claims`
        (places in the text) and `n_verdicts` (follow-up response verdicts that state the
        finding as a caveat). Ranked by consequence (`register.CONSEQUENCES`), then in the
        register's order.
    """
    out = frames["findings"].copy().fillna("")
    values = finding_facts.facts(frames, ledger)
    for col in ("title", "what_is_wrong", "why"):
        out[col] = [
            finding_text.fill(text, values, f"finding '{fid}', {col},")
            for fid, text in zip(out["finding_id"], out[col], strict=True)
        ]
    out["confidence"] = [
        register.confidence(k, c)
        for k, c in zip(out["evidence_kind"], out["fact_confidence"], strict=True)
    ]
    flagged = ledger[ledger["finding"] != ""]
    ids = flagged.groupby("finding")["id"].apply(lambda s: " ".join(s))
    out["entries"] = out["finding_id"].map(ids).fillna("")
    out["n_entries"] = [len(e.split()) for e in out["entries"]]
    in_table = flagged["location"].str.startswith("Table ")
    places = flagged.assign(table=in_table).groupby(["finding", "table"])["location"].nunique()
    out["n_cells"] = [int(places.get((f, True), 0)) for f in out["finding_id"]]
    out["n_claims"] = [int(places.get((f, False), 0)) for f in out["finding_id"]]
    assessment = response.assess(frames)
    ids_per_row = [set(r.split(",")) for r in assessment["caveat_ids"].fillna("")]
    out["n_verdicts"] = [
        sum(bool(set(c.split()) & row) for row in ids_per_row) if c else 0 for c in out["caveat"]
    ]
    order = {s: i for i, s in enumerate(register.CONSEQUENCES)}
    out["_rank"] = out["consequence"].map(order)
    out = out.sort_values("_rank", kind="stable").drop(columns="_rank")
    return out.reset_index(drop=True)


def check(ledger: pd.DataFrame, errata: pd.DataFrame, register: pd.DataFrame = None) -> None:
    """Fail unless the flagged entries are exactly the errata register, values included, and each
    belongs to a known finding.

    Raises
    ------
    LedgerError
        Listing flagged entries the register does not explain (or explains with other values),
        register entries that no longer occur, and entries without a known finding.
    """
    found = ledger[ledger["status"].isin(FLAGGED)].set_index("id")
    reg = errata.set_index("entry_id")
    explained = dict(zip(reg.index, zip(reg["published"], reg["reproduced"], strict=True)))
    problems = []
    for eid, row in zip(found.index, records(found), strict=True):
        if eid not in explained:
            problems.append(
                f"unexplained {row['status']} {eid}: printed '{row['published']}', recomputed "
                f"'{row['reproduced']}' ({row['location']})"
            )
        elif explained[eid] != (row["published"], row["reproduced"]):
            published, reproduced = explained[eid]
            problems.append(
                f"{row['status']} {eid} changed: the register explains printed "
                f"'{published}' vs '{reproduced}', the ledger now "
                f"has '{row['published']}' vs '{row['reproduced']}'"
            )
        if not row["finding"]:
            problems.append(
                f"{row['status']} {eid} belongs to no finding (data/finding_entries.csv)"
            )
    for eid in reg.index.difference(found.index):
        now = ledger.loc[ledger["id"] == eid, "status"]
        state = f"is now {now.iloc[0]}" if len(now) else "is not in the ledger"
        problems.append(f"errata entry {eid} no longer occurs: the entry {state}")
    if register is not None:
        known = set(register["finding_id"])
        for fid in sorted(set(ledger["finding"]) - known - {""}):
            problems.append(f"finding '{fid}' is not in data/findings.csv")
    if problems:
        raise LedgerError(
            "the verification ledger and data/errata.csv disagree:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def summary(ledger: pd.DataFrame) -> pd.DataFrame:
    """Entries by kind (rows) and status (columns), with totals."""
    table = pd.crosstab(ledger["kind"], ledger["status"], margins=True, margins_name="all")
    return table.reindex(columns=[*STATUSES, "all"], fill_value=0)


__all__ = [
    "COLUMNS",
    "DISCREPANCY",
    "INPUTS",
    "NOT_RECOMPUTABLE",
    "build",
    "case_part",
    "check",
    "counts",
    "findings",
    "independence",
    "independent_checks",
    "summary",
    "trial_part",
]
