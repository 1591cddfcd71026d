"""The case in numbers: intervals between its dates, and the paper's wording about them checked by stated rules."""

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from ..errors import InvalidValue
from . import case, criteria, fmt, response
from .reading import CaseReading
from .reading import day as _reading_day

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


day = _reading_day


def months(days: int) -> Fraction:
    """Days as mean months (30.4375 days), exactly."""
    return Fraction(int(days)) / MONTH_DAYS


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def shown_months(days: int, places: int = 1, thresholds=()) -> str:
    """Days as months for people, rounded half up (more places where rounding would cross a threshold)."""
    return criteria.shown_pct(_dec(months(days)), [_dec(Fraction(t)) for t in thresholds], places)


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
    months with no earlier assessment (`observed_before_end` False), cannot be refuted: the data
    show when it was documented, not when it happened. An earlier assessment that did not show it
    refutes the claim.
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
    half = criteria.shown_pct(_dec(abs(off)), [Decimal("0.5")], 2)
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


def intervals(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> dict:
    """Narrative numbers of the case under one reading of the sorafenib start date.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion (`criteria.CRITERIA`) that decides which scans show CR.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    dict
        Dates (`start`, `tace`, `first_cr`, `sustained_from`, `last_scan`; None where there is no
        CR), day counts (`days_tace_to_start`, `days_to_first_cr`, `days_sustained_cr`,
        `days_follow_up`) and the same as exact months (`months_*`, Fractions of 30.4375 days).
    """
    d = CaseReading(frames, criterion, sorafenib_start)
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
