"""The paper's statements about time, checked against the dates under every reading of the
sorafenib start and both month-counting conventions (see `case_intervals` for the rules)."""

from collections import namedtuple
from decimal import Decimal

import pandas as pd

from .. import paths
from ..errors import DataError
from . import case, criteria, fmt

#: Resources the checks read (the timeline's).
from .case_intervals import (
    CANNOT_REFUTE,
    CONTRADICTED,
    INPUTS,  # noqa: E402,F401
    MEAN_MONTH,
    _dec,
    _explain,
    agrees,
    calendar_months,
    claim_status,
    months,
)
from .reading import CaseReading

#: Numbers as the paper may spell them.
NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
}

Claim = namedtuple("Claim", "claim_id rule n start end reading_of_text")

#: The paper's statements about intervals: which dates each one spans and which rule checks it.
#: Endpoints: "sorafenib-start", "tace", "first-cr" (first study assessed CR), "sustained-cr"
#: (first study of the CR that lasts to the last scan), "last-scan", or an imaging study_id.
CLAIMS = (
    Claim(
        "cr-within-1-month",
        "within",
        1,
        "sorafenib-start",
        "first-cr",
        "time to the first scan documenting overall CR; the data show when CR was first documented, "
        "not when it was reached",
    ),
    Claim(
        "ct-1-month",
        "after",
        1,
        "sorafenib-start",
        "ct-2009-07-10",
        "time from the sorafenib start to this CT",
    ),
    Claim(
        "ct-2-and-4-months",
        "after",
        2,
        "sorafenib-start",
        "ct-2009-08-22",
        "time from the sorafenib start to this CT",
    ),
    Claim(
        "ct-2-and-4-months",
        "after",
        4,
        "sorafenib-start",
        "ct-2009-10-17",
        "time from the sorafenib start to this CT",
    ),
    Claim(
        "mri-6-and-8-months",
        "about",
        6,
        "sorafenib-start",
        "mri-2009-12-18",
        "time from the sorafenib start to this MRI",
    ),
    Claim(
        "mri-6-and-8-months",
        "about",
        8,
        "sorafenib-start",
        "mri-2010-02-28",
        "time from the sorafenib start to this MRI",
    ),
    Claim(
        "cr-more-than-7-months",
        "more than",
        7,
        "sorafenib-start",
        "last-scan",
        "the sentence counts 'after the initiation of the therapy': from the sorafenib start to the "
        "last scan, at which CR was still seen",
    ),
    Claim(
        "cr-more-than-7-months-discussion",
        "more than",
        7,
        "sustained-cr",
        "last-scan",
        "read as the length of the CR: its first scan to the last scan",
    ),
    Claim(
        "cr-more-than-7-months-discussion",
        "more than",
        7,
        "tace",
        "last-scan",
        "read as the time after TACE at which CR was still seen: TACE to the last scan",
    ),
)

AGREES, DISAGREES, NO_DATE = "agrees", "disagrees", "no date"

WORDING_COLUMNS = [
    "claim_id",
    "section",
    "quote",
    "printed",
    "rule",
    "n",
    "reading_of_text",
    "reading",
    "from_key",
    "from",
    "to",
    "from_date",
    "to_date",
    "days",
    "months",
    "calendar_months",
    "verdict",
    "verdict_mean_month",
    "status",
    "explanation",
]


def _claim_text(frames, claim_id):
    claims = frames["published_text_claims"].reset_index(drop=True)
    hit = claims[claims["claim_id"] == claim_id]
    if hit.empty:
        raise DataError(
            paths.relative(paths.PUBLISHED / "text_claims.csv"),
            None,
            "claim_id",
            f"no claim '{claim_id}'",
        )
    return int(hit.index[0]) + 1, hit.iloc[0]


def _check_number(row_no, printed, n, claim_id):
    """The months a claim is checked against must be the ones its printed text states."""
    words = fmt.tokens(printed)
    if Decimal(n) not in words and NUMBER_WORDS.get(n) not in words:
        raise DataError(
            paths.relative(paths.PUBLISHED / "text_claims.csv"),
            row_no,
            "printed",
            f"claim '{claim_id}' is checked against {n} months but its printed text '{printed}' does not say {n}",
        )


def wording(
    frames: dict, criterion: str = "RECIST1.1", nontarget_reading: str = "as-described"
) -> pd.DataFrame:
    """Every interval the paper states in words, checked under every reading of the sorafenib start.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion that decides which scans show CR.
    nontarget_reading : str
        Reading of non-target disease (`response.NONTARGET_READINGS`).

    Returns
    -------
    DataFrame
        One row per claim, interval and reading (`WORDING_COLUMNS`); `verdict` is "agrees",
        "disagrees" or "no date" (an endpoint the data do not date, e.g. no CR).
    """
    criteria.check_criterion(criterion)
    rows = []
    for reading in case.readings(frames, "sorafenib-start"):
        dates = CaseReading(frames, criterion, reading, nontarget_reading)
        for c in CLAIMS:
            row_no, text = _claim_text(frames, c.claim_id)
            _check_number(row_no, text["printed"], c.n, c.claim_id)
            (a_label, a), (b_label, b) = dates.endpoint(c.start), dates.endpoint(c.end)
            row = {
                "claim_id": c.claim_id,
                "section": text["section"],
                "quote": text["quote"],
                "printed": text["printed"],
                "rule": c.rule,
                "n": c.n,
                "reading_of_text": c.reading_of_text,
                "reading": reading,
                "from_key": c.start,
                "from": a_label,
                "to": b_label,
                "from_date": a,
                "to_date": b,
            }
            if a is None or b is None:
                rows.append(
                    row
                    | {
                        "days": None,
                        "months": None,
                        "calendar_months": None,
                        "verdict": NO_DATE,
                        "verdict_mean_month": NO_DATE,
                        "status": CANNOT_REFUTE,
                        "explanation": f"no {criterion} CR, so the interval has no end",
                    }
                )
                continue
            days = (b - a).days
            rows.append(
                row
                | {
                    "days": days,
                    "months": float(fmt.round_half_up(_dec(months(days)), 2)),
                    "calendar_months": calendar_months(a, b),
                    "verdict": AGREES if agrees(c.rule, c.n, a, b) else DISAGREES,
                    "verdict_mean_month": AGREES
                    if agrees(c.rule, c.n, a, b, MEAN_MONTH)
                    else DISAGREES,
                    "status": _status(c, a, b, dates),
                    "explanation": (
                        "no CR lasting to the last scan is documented under this reading, so "
                        "the claim is not shown; "
                        if c.claim_id in CR_CLAIMS and dates.sustained is None
                        else ""
                    )
                    + _explain(c.rule, c.n, a, b),
                }
            )
    frame = pd.DataFrame(rows, columns=WORDING_COLUMNS)
    frame["days"] = frame["days"].astype("Int64")
    frame["calendar_months"] = frame["calendar_months"].astype("Int64")
    return frame


#: Claims about the CR itself (its onset or how long it lasted): they hold only where a CR lasting
#: to the last scan is documented.
CR_CLAIMS = ("cr-within-1-month", "cr-more-than-7-months", "cr-more-than-7-months-discussion")


def _status(c: Claim, a, b, dates: CaseReading) -> str:
    """`claim_status`, except that a claim about a CR's timing which fails only because an earlier
    CR went undocumented (non-target disease not evaluated) is neither shown nor refuted, and a
    claim about a CR under a reading that documents no lasting CR is not shown either."""
    if c.claim_id in CR_CLAIMS and dates.sustained is None:
        return CANNOT_REFUTE
    status = claim_status(c.rule, c.n, a, b, dates.observed(a, b))
    anchored = {c.start, c.end} & {"first-cr", "sustained-cr"}
    first = dates.first_cr
    if status == CONTRADICTED and anchored and first is not None:
        if dates.cr_may_be_earlier(first["date"]):
            return CANNOT_REFUTE
    return status


def disagreements(check: pd.DataFrame) -> pd.DataFrame:
    """Rows of the wording check where the wording does not fit the dates."""
    return check[check["verdict"] == DISAGREES].reset_index(drop=True)
