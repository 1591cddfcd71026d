"""The paper's conclusions as the rebuild reads them under one reading of the data, and how they
fare across readings: pure (frames in, plain values out; no files, no HTML).

A conclusion is an id, a label and a value (text). Under one reading (a preset, or a non-target
reading) every conclusion has one value; across readings a conclusion holds when every value
equals the reference reading's, and is fragile otherwise (the readings that give another value
are named).
"""

import pandas as pd

from . import case_intervals, criteria, response, time_wording

HOLDS = "same under every reading"
FRAGILE = "depends on the reading"
#: A conclusion a reading does not compute (shown empty, left out of the verdict).
NOT_COMPUTED = ""


def _day(date) -> str:
    return case_intervals.day(pd.Timestamp(date))


def _response_table(table: pd.DataFrame) -> pd.DataFrame:
    """The assessment with dates as timestamps and confirmation as text (as read from a CSV too)."""
    t = table.copy()
    t["date"] = pd.to_datetime(t["date"])
    t["confirmed_by"] = t["confirmed_by"].fillna("").astype(str)
    return t


def response_conclusions(table: pd.DataFrame) -> list:
    """Overall response at each follow-up, best overall response, first CR and duration of CR.

    Parameters
    ----------
    table : DataFrame
        `response.assess(...)`, or its CSV (figures/<preset>/tbl-response.csv) read back.

    Returns
    -------
    list of (id, label, value)
    """
    t = _response_table(table)
    out = []
    for r in t[t["category"] != criteria.BASELINE].itertuples():
        confirmed = "confirmed" if r.confirmed_by else "unconfirmed"
        value = (
            r.category
            if r.category not in (criteria.CR, criteria.PR)
            else f"{r.category}, {confirmed}"
        )
        out.append(
            (f"response-{r.study_id}", f"Overall response, {r.modality} of {_day(r.date)}", value)
        )
    best = response.best_overall(t)
    value = best["category"] + (", confirmed" if best["confirmed"] else ", unconfirmed")
    out.append(("best-overall-response", "Best overall response", value))
    cr = t[t["category"] == criteria.CR]
    if cr.empty:
        first = "no CR"
    else:
        row = cr.iloc[0]
        first = f"{_day(row['date'])}, day {int(row['days_since_start'])} of sorafenib"
    out.append(("time-to-first-cr", "Time to first documented CR", first))
    dur = response.cr_duration(t)
    duration = (
        "no CR"
        if dur["days"] is None
        else f"{_day(dur['first_date'])} to {_day(dur['last_date'])}: at least {dur['days']} days "
        "(CR at the last scan)"
        if dur["last"] == t["study_id"].iloc[-1]
        else f"{_day(dur['first_date'])} to {_day(dur['last_date'])}: {dur['days']} days"
    )
    out.append(("cr-duration", "Duration of CR (first to last CR in the run)", duration))
    return out


def claim_conclusions(wording: pd.DataFrame, reading: str) -> list:
    """Status of each time claim's interval under one reading of the sorafenib start date.

    Parameters
    ----------
    wording : DataFrame
        `time_wording.wording(...)`, or figures/<preset>/tbl-wording.csv read back.
    reading : str
        The sorafenib-start reading the preset uses.
    """
    rows = wording[wording["reading"] == reading]
    out, seen = [], {}
    for r in rows.itertuples():
        seen[r.claim_id] = seen.get(r.claim_id, 0) + 1
        k = seen[r.claim_id]
        label = f"Time claim '{r.printed}' ({r.claim_id}), interval {k}: to {r.to}"
        out.append((f"claim-{r.claim_id}-{k}", label, r.status))
    return out


#: Readings of the data the robustness table compares, one change each from the paper as
#: published: (criterion, reading of the sorafenib start, reading of non-target disease).
READINGS = {
    "RECIST 1.1 (reference)": ("RECIST1.1", "as-printed", "as-described"),
    "WHO": ("WHO", "as-printed", "as-described"),
    "mRECIST": ("mRECIST", "as-printed", "as-described"),
    "start Day 5 after TACE": ("RECIST1.1", "day-5-after-tace", "as-described"),
    "liver statement covers the portal mass": ("RECIST1.1", "as-printed", "whole-liver"),
    "non-target: authors' verdict not taken as evidence": ("RECIST1.1", "as-printed", "no-verdict"),
    "the paper's CR at every scan at face value": ("RECIST1.1", "as-printed", "face-value"),
}
#: The reading the others are compared with.
REFERENCE = next(iter(READINGS))


def across_readings(frames: dict) -> pd.DataFrame:
    """The paper's conclusions under every reading in `READINGS`, computed from `frames` (the
    resources of `response.INPUTS` and `time_wording.INPUTS`): `table` over them."""
    columns = {}
    for name, (criterion, start, nontarget) in READINGS.items():
        assessed = response.assess(frames, criterion, start, nontarget)
        wording = time_wording.wording(frames, criterion, nontarget)
        columns[name] = response_conclusions(assessed) + claim_conclusions(wording, start)
    return table(columns, REFERENCE)


def table(columns: dict, reference: str) -> pd.DataFrame:
    """One row per conclusion, one column per reading, with the verdict across readings.

    Parameters
    ----------
    columns : dict
        Reading name -> list of (id, label, value) for that reading (`*_conclusions`).
    reference : str
        The reading the others are compared with (the paper as published: the default preset).

    Returns
    -------
    DataFrame
        `conclusion_id`, `conclusion`, one column per reading (empty where not computed),
        `verdict` (`HOLDS` or `FRAGILE`) and `breaks_under` (readings whose value differs from the
        reference, "; "-separated). Rows in the reference's order, then any others.
    """
    order, labels = [], {}
    values = {name: {} for name in columns}
    for name, items in columns.items():
        for cid, label, value in items:
            if cid not in labels:
                order.append(cid)
                labels[cid] = label
            values[name][cid] = value
    rows = []
    for cid in order:
        row = {"conclusion_id": cid, "conclusion": labels[cid]}
        ref = values[reference].get(cid, NOT_COMPUTED)
        breaks = []
        for name in columns:
            v = values[name].get(cid, NOT_COMPUTED)
            row[name] = v
            if name != reference and v != NOT_COMPUTED and v != ref:
                breaks.append(name)
        row["verdict"] = FRAGILE if breaks else HOLDS
        row["breaks_under"] = "; ".join(breaks)
        rows.append(row)
    return pd.DataFrame(
        rows, columns=["conclusion_id", "conclusion", *columns, "verdict", "breaks_under"]
    )


def summary(frame: pd.DataFrame) -> dict:
    """Counts: conclusions, holding everywhere, fragile; and the fragile ones by reading."""
    fragile = frame[frame["verdict"] == FRAGILE]
    by = {}
    for r in fragile.itertuples():
        for name in r.breaks_under.split("; "):
            by.setdefault(name, []).append(r.conclusion_id)
    return {
        "n": len(frame),
        "holds": int((frame["verdict"] == HOLDS).sum()),
        "fragile": len(fragile),
        "by_reading": by,
    }
