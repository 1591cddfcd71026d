"""The case in numbers: intervals between its dates, and the paper's wording about them checked by stated rules."""

from collections import namedtuple
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from ..errors import DataError, InvalidValue
from . import case, fmt, response

#: Resources read here (response.INPUTS included).
INPUTS = [*response.INPUTS, "case_labs", "published_text_claims"]

#: The mean month, 365.25 / 12 = 30.4375 days (as in `case.months`), as an exact fraction.
MONTH_DAYS = Fraction(1461, 48)

#: The two conventions for counting months. The report states the first, which is how the paper's
#: own figures count (each of its month figures equals the whole calendar months elapsed), and shows
#: the second as sensitivity.
CALENDAR, MEAN_MONTH = "calendar", "mean-month"
CONVENTIONS = {
    CALENDAR: "whole calendar months elapsed: N months after 6 June is 6 June + N months",
    MEAN_MONTH: "days / 30.44 (the mean month, 365.25 / 12 days)",
}

#: How each kind of wording is checked under each convention; N is the number of months printed.
RULES = {
    "within": "at most N months from the start (calendar: by the same day N months on; mean month: "
    "days / 30.44 <= N)",
    "after": "N months (calendar: N whole months elapsed; mean month: days / 30.44 rounds half up to N)",
    "about": "about N months (calendar: N whole months elapsed; mean month: within half a month of N)",
    "more than": "strictly more than N months (calendar: after the same day N months on; mean month: "
    "days / 30.44 > N)",
}

#: Status of a time claim across the two conventions.
HOLDS, ONE_CONVENTION, CANNOT_REFUTE, CONTRADICTED = (
    "holds",
    "holds-under-one-convention",
    "cannot-refute",
    "contradicted",
)

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
        "time to the first scan showing CR; the data show when CR was first documented, not when it was reached, "
        "and no scan was done between the start and that scan",
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
        "sustained-cr",
        "last-scan",
        "read as the length of the CR: its first scan to the last scan",
    ),
    Claim(
        "cr-more-than-7-months",
        "more than",
        7,
        "sorafenib-start",
        "last-scan",
        "read as the time after the initiation of sorafenib at which CR was still seen: the start to the last scan",
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


def day(date) -> str:
    """A date as the text shows it: "6 Jun 2009"."""
    return f"{date.day} {date:%b %Y}"


def months(days: int) -> Fraction:
    """Days as mean months (30.4375 days), exactly."""
    return Fraction(int(days)) / MONTH_DAYS


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def shown_months(days: int, places: int = 1, thresholds=()) -> str:
    """Days as months for people, rounded half up (more places where rounding would cross a threshold)."""
    return response.shown_pct(_dec(months(days)), [_dec(Fraction(t)) for t in thresholds], places)


def add_months(date, n: int) -> pd.Timestamp:
    """The same day of the month `n` calendar months later (the month's last day where it has fewer)."""
    return pd.Timestamp(date) + pd.DateOffset(months=n)


def calendar_months(start, end) -> int:
    """Whole calendar months from `start` to `end` (how a person counts "N months after")."""
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return n


def agrees(rule: str, n: int, start, end, convention: str = CALENDAR) -> bool:
    """Whether the interval from `start` to `end` fits the wording `rule` with N = `n`.

    Parameters
    ----------
    rule : str
        "within", "after", "about" or "more than" (see `RULES`).
    n : int
        Months the wording states.
    start, end : Timestamp
    convention : str
        `CALENDAR` (whole calendar months elapsed) or `MEAN_MONTH` (days / 30.44).

    Returns
    -------
    bool
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if rule not in RULES:
        raise InvalidValue(f"unknown wording rule '{rule}'; valid: {', '.join(RULES)}")
    if convention == CALENDAR:
        if rule == "within":
            return end <= add_months(start, n)
        if rule == "more than":
            return end > add_months(start, n)
        return calendar_months(start, end) == n
    if convention != MEAN_MONTH:
        raise InvalidValue(f"unknown convention '{convention}'; valid: {', '.join(CONVENTIONS)}")
    m = months((end - start).days)
    if rule == "within":
        return m <= n
    if rule == "more than":
        return m > n
    if rule == "after":
        return fmt.round_half_up(_dec(m), 0) == n
    return abs(m - n) <= Fraction(1, 2)


def claim_status(rule: str, n: int, start, end, observed_before_end: bool = True) -> str:
    """`HOLDS` under both conventions, `ONE_CONVENTION`, `CANNOT_REFUTE` or `CONTRADICTED`.

    A "within N" claim about when something happened, whose first documentation falls after N
    months with no assessment inside the window (`observed_before_end` False), cannot be refuted:
    the data show when it was documented, not when it happened.
    """
    votes = [agrees(rule, n, start, end, c) for c in CONVENTIONS]
    if all(votes):
        return HOLDS
    if any(votes):
        return ONE_CONVENTION
    if rule == "within" and not observed_before_end:
        return CANNOT_REFUTE
    return CONTRADICTED


def _days(n: int) -> str:
    return f"{n} day{'s' * (n != 1)}"


def _explain(rule, n, start, end) -> str:
    """The arithmetic behind a claim's verdict under both conventions, in words."""
    days = (end - start).days
    whole = calendar_months(start, end)
    rest = (end - add_months(start, whole)).days
    calendar = f"{whole} whole calendar month{'s' * (whole != 1)} and {_days(rest)}"
    mean = f"{shown_months(days, 2)} mean months"
    if rule in ("within", "more than"):
        limit = add_months(start, n)
        gap = (end - limit).days
        side = f"{_days(gap)} after" if gap > 0 else (f"{_days(-gap)} before" if gap < 0 else "on")
        return (
            f"{n} calendar month{'s' * (n != 1)} after {day(start)} is {day(limit)}; "
            f"{day(end)} is {side} it; {days} days = {mean}"
        )
    off = months(days) - n
    half = response.shown_pct(_dec(abs(off)), [Decimal("0.5")], 2)
    if rule == "after":
        verdict = f"rounds to {int(fmt.round_half_up(_dec(months(days)), 0))}"
    else:
        verdict = (
            "within half a month" if abs(off) <= Fraction(1, 2) else "more than half a month off"
        )
    return (
        f"{days} days = {calendar}; = {mean}, {half} month {'more' if off > 0 else 'less'} "
        f"than {n} ({verdict})"
    )


def _claim_text(frames, claim_id):
    claims = frames["published_text_claims"].reset_index(drop=True)
    hit = claims[claims["claim_id"] == claim_id]
    if hit.empty:
        raise DataError(
            "data/published/text_claims.csv", None, "claim_id", f"no claim '{claim_id}'"
        )
    return int(hit.index[0]) + 1, hit.iloc[0]


def _check_number(row_no, printed, n, claim_id):
    """The months a claim is checked against must be the ones its printed text states."""
    words = fmt.tokens(printed)
    if Decimal(n) not in words and NUMBER_WORDS.get(n) not in words:
        raise DataError(
            "data/published/text_claims.csv",
            row_no,
            "printed",
            f"claim '{claim_id}' is checked against {n} months but its printed text '{printed}' does not say {n}",
        )


class _Dates:
    """Endpoints of the case's intervals under one reading of the sorafenib start and one criterion."""

    def __init__(self, frames, criterion, sorafenib_start):
        self.start = case.event_date(frames, "sorafenib-start", sorafenib_start)
        self.tace = case.event_date(frames, "tace")
        self.table = response.assess(frames, criterion, sorafenib_start)
        self.last = case.last_study(frames)
        follow = self.table[self.table["category"] != response.BASELINE]
        cr = follow[follow["category"] == response.CR]
        self.first_cr = cr.iloc[0] if not cr.empty else None
        self.sustained = response.first_sustained(self.table)
        self.studies = frames["case_imaging"].set_index("study_id")

    def observed(self, start, n: int, end) -> bool:
        """Whether an assessment lies after `start`, within `n` calendar months and before `end`."""
        follow = self.table[self.table["category"] != response.BASELINE]["date"]
        limit = min(add_months(start, n), pd.Timestamp(end))
        return bool(((follow > start) & (follow <= limit) & (follow < end)).any())

    def get(self, name):
        """(label, date) of an endpoint; date None if the data give none."""
        if name == "sorafenib-start":
            return "the sorafenib start", self.start
        if name == "tace":
            return "TACE", self.tace
        if name in ("first-cr", "sustained-cr"):
            row = self.first_cr if name == "first-cr" else self.sustained
            what = (
                "the first scan showing CR"
                if name == "first-cr"
                else "the first scan of the lasting CR"
            )
            return (
                (what, None)
                if row is None
                else (f"{what} ({row['modality']} {day(row['date'])})", row["date"])
            )
        if name == "last-scan":
            return f"the last scan ({self.last['modality']} {day(self.last['date'])})", self.last[
                "date"
            ]
        study = self.studies.loc[name]
        return f"the {study['modality']} of {day(study['date'])}", study["date"]


def intervals(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> dict:
    """Narrative numbers of the case under one reading of the sorafenib start date.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion (`response.CRITERIA`) that decides which scans show CR.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    dict
        Dates (`start`, `tace`, `first_cr`, `sustained_from`, `last_scan`; None where there is no
        CR), day counts (`days_tace_to_start`, `days_to_first_cr`, `days_sustained_cr`,
        `days_follow_up`) and the same as exact months (`months_*`, Fractions of 30.4375 days).
    """
    d = _Dates(frames, criterion, sorafenib_start)
    reading = sorafenib_start or case.readings(frames, "sorafenib-start")[0]
    out = {
        "criterion": criterion,
        "reading": reading,
        "start": d.start,
        "tace": d.tace,
        "last_scan": d.last["date"],
        "first_cr": None if d.first_cr is None else d.first_cr["date"],
        "sustained_from": None if d.sustained is None else d.sustained["date"],
        "days_tace_to_start": (d.start - d.tace).days,
        "days_follow_up": (d.last["date"] - d.start).days,
    }
    out["days_to_first_cr"] = None if out["first_cr"] is None else (out["first_cr"] - d.start).days
    out["days_sustained_cr"] = (
        None if out["sustained_from"] is None else (d.last["date"] - out["sustained_from"]).days
    )
    for key in ("to_first_cr", "sustained_cr", "follow_up"):
        days = out[f"days_{key}"]
        out[f"months_{key}"] = None if days is None else months(days)
    return out


def wording(frames: dict, criterion: str = "RECIST1.1") -> pd.DataFrame:
    """Every interval the paper states in words, checked under every reading of the sorafenib start.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion that decides which scans show CR.

    Returns
    -------
    DataFrame
        One row per claim, interval and reading (`WORDING_COLUMNS`); `verdict` is "agrees",
        "disagrees" or "no date" (an endpoint the data do not date, e.g. no CR).
    """
    response.check_criterion(criterion)
    rows = []
    for reading in case.readings(frames, "sorafenib-start"):
        dates = _Dates(frames, criterion, reading)
        for c in CLAIMS:
            row_no, text = _claim_text(frames, c.claim_id)
            _check_number(row_no, text["printed"], c.n, c.claim_id)
            (a_label, a), (b_label, b) = dates.get(c.start), dates.get(c.end)
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
                    "status": claim_status(c.rule, c.n, a, b, dates.observed(a, c.n, b)),
                    "explanation": _explain(c.rule, c.n, a, b),
                }
            )
    frame = pd.DataFrame(rows, columns=WORDING_COLUMNS)
    frame["days"] = frame["days"].astype("Int64")
    frame["calendar_months"] = frame["calendar_months"].astype("Int64")
    return frame


def afp_items(frames) -> list:
    """Every AFP value recorded, as sentences: the measurements before treatment, ranges, undated values."""
    labs = frames["case_labs"]
    labs = labs[labs["analyte"] == "AFP"]
    unit = {"ug/L": "µg/L"}
    items = []
    meas = labs[labs["kind"] == "measurement"].sort_values("date")
    if not meas.empty:
        items.append(
            " and ".join(
                f"{fmt.to_decimal(r.value)} {unit.get(r.unit, r.unit)} ({day(r.date)})"
                for r in meas.itertuples()
            )
            + " before treatment"
        )
    for r in labs[labs["kind"] == "range"].itertuples():
        items.append(
            f"{fmt.to_decimal(r.value)}–{fmt.to_decimal(r.value_high)} {unit.get(r.unit, r.unit)} {r.period} "
            f"(dates not given)"
        )
    for r in labs[labs["kind"] == "undated"].itertuples():
        items.append(
            f"{fmt.to_decimal(r.value)} {unit.get(r.unit, r.unit)} at the {r.period} (date not given)"
        )
    return items


def month_days_text() -> str:
    """The month length used, in days, as the text shows it."""
    return str(_dec(MONTH_DAYS))


def disagreements(check: pd.DataFrame) -> pd.DataFrame:
    """Rows of the wording check where the wording does not fit the dates."""
    return check[check["verdict"] == DISAGREES].reset_index(drop=True)
