"""HTML of "the case in numbers": the headline intervals and the wording check (see `analysis.case_intervals`)."""

import pandas as pd

from ..analysis import case, case_intervals, criteria, fmt, response, time_wording
from .templating import render

#: Resources the fragment reads (those of the timeline).
INPUTS = [*case_intervals.INPUTS]
PACKAGE_FILES = [
    "templates/fragments/case_numbers.html.j2",
    "templates/fragments/wording.html.j2",
    "templates/fragments/response_table.html.j2",
]

#: How a claim's status reads in the wording table.
STATUS_WORDS = {
    case_intervals.HOLDS: "holds under both conventions",
    case_intervals.ONE_CONVENTION: "holds under one convention only",
    case_intervals.CANNOT_REFUTE: "cannot be refuted by the data",
    case_intervals.CONTRADICTED: "contradicted under both conventions",
}


def _wording_context(check: pd.DataFrame) -> dict:
    readings = list(dict.fromkeys(check["reading"]))
    claims = []
    for _, part in check.groupby(["claim_id", "n", "from", "reading_of_text"], sort=False):
        first = part.iloc[0]
        cells = []
        for r in readings:
            x = part[part["reading"] == r].iloc[0]
            days = "" if pd.isna(x["days"]) else f"{x['days']} days: "
            cells.append(
                {
                    "cls": x["status"],
                    "verdict": days + STATUS_WORDS[x["status"]],
                    "detail": f"calendar months: {x['verdict']}; mean months: "
                    f"{x['verdict_mean_month']}",
                    "explanation": x["explanation"],
                }
            )
        claims.append(
            {
                "quote": first["quote"],
                "section": first["section"],
                "rule": first["rule"],
                "n": first["n"],
                "interval": f"{first['from']} to {first['to']}",
                "reading_of_text": first["reading_of_text"],
                "cells": cells,
            }
        )
    used = set(check["rule"])
    return {
        "readings": [f"reading {r!r}" for r in readings],
        "claims": claims,
        "rules": [(k, v) for k, v in case_intervals.RULES.items() if k in used],
        "conventions": list(case_intervals.CONVENTIONS.items()),
    }


def wording_html(check: pd.DataFrame) -> str:
    """The wording check (see `time_wording.wording`) as a table, one column per reading, plus the rules used.

    Parameters
    ----------
    check : DataFrame
        As `time_wording.wording` returns it.

    Returns
    -------
    str
        HTML: a `<table class="wording">` and the list of rules.
    """
    return render("fragments/wording.html.j2", **_wording_context(check))


def summary_html(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> str:
    """ "The case in numbers": an HTML fragment in which every number is computed from the data.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date for the headline numbers; the wording check shows every reading.

    Returns
    -------
    str
        A `<div class="case-numbers">` with a list of numbers, the wording check and its rules.
    """
    n = case_intervals.intervals(frames, criterion, sorafenib_start)
    table = response.assess(frames, criterion, sorafenib_start)
    base, follow = table.iloc[0], table.iloc[1:]
    measure, unit = criteria.MEASURE[criterion]
    les = case.lesions(frames)
    at_base = les[les["study_id"] == base["study_id"]]
    sizes = ", ".join(
        f"{r.lesion_id} {fmt.number(r.long_cm, 1)}×{fmt.number(r.short_cm, 1)} cm"
        for r in at_base.itertuples()
    )
    burden = (
        f"{measure} {fmt.number(base['sum'], 0)} {unit}"
        if pd.notna(base["sum"])
        else f"{measure} not recorded ({criteria.NO_ENHANCEMENT})"
    )
    counts = follow["modality"].value_counts().sort_index()
    cats = follow["category"].value_counts()
    best = response.best_overall(table)
    day, shown = case_intervals.day, case_intervals.shown_months
    studies = table.set_index("study_id")
    items = [
        f"Sorafenib start, reading '{n['reading']}': {day(n['start'])}; TACE on {day(n['tace'])}, "
        f"{n['days_tace_to_start']} days earlier.",
        f"Baseline {base['modality']} on {day(base['date'])}: {len(at_base)} target lesions ({sizes}); {burden}.",
        f"{len(follow)} follow-up studies ({', '.join(f'{v} {k}' for k, v in counts.items())}), overall "
        f"response by {criterion} (target, non-target and new lesions together): "
        + ", ".join(f"{v} {k}" for k, v in cats.items())
        + ".",
    ]
    if best["confirmed"]:
        first, by = studies.loc[best["first"]], studies.loc[best["confirmed_by"]]
        items.append(
            f"Best overall response: {best['category']}, first on {day(first['date'])} and confirmed "
            f"on {day(by['date'])}, {best['days']} days later (at least {response.CONFIRM_DAYS} "
            "days are needed)."
        )
    else:
        items.append(f"Best overall response: {best['category']}, not confirmed.")
    if n["first_cr"] is not None:
        items.append(
            f"First scan showing overall CR: {day(n['first_cr'])}, {n['days_to_first_cr']} days "
            f"({shown(n['days_to_first_cr'])} months) after the sorafenib start."
        )
    if n["sustained_from"] is not None:
        items.append(
            f"CR lasting to the last scan: from {day(n['sustained_from'])} to {day(n['last_scan'])}, "
            f"{n['days_sustained_cr']} days ({shown(n['days_sustained_cr'])} months)."
        )
    items.append(
        f"Follow-up from the sorafenib start to the last scan: {n['days_follow_up']} days "
        f"({shown(n['days_follow_up'])} months)."
    )
    items.append("AFP: " + "; ".join(case_intervals.afp_items(frames)) + ".")
    return render(
        "fragments/case_numbers.html.j2",
        items=items,
        response=response_rows(table),
        criterion=criterion,
        month_days=case_intervals.month_days_text(),
        **_wording_context(time_wording.wording(frames, criterion)),
    )


def response_rows(table: pd.DataFrame) -> list:
    """Rows of the response table: each follow-up study's parts, overall verdict and caveats."""
    rows = []
    for r in table.iloc[1:].itertuples():
        confirmed = ""
        if r.confirmed_by:
            confirmed = f"by {r.confirmed_by} ({int(r.confirmation_days)} days)"
        rows.append(
            {
                "study": f"{r.modality} {case_intervals.day(r.date)}",
                "days": r.days_since_start,
                "target": r.target_category,
                "nontarget": r.nontarget_category,
                "new": r.new_lesions,
                "overall": r.category,
                "confirmed": confirmed,
                "caveats": [c for c in r.caveats.split(" | ") if c],
            }
        )
    return rows
