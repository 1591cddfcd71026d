"""HTML of "the case in numbers": the headline intervals and the wording check (see `analysis.case_intervals`)."""

import pandas as pd

from ..analysis import (
    case,
    case_intervals,
    criteria,
    finding_facts,
    fmt,
    marks,
    products,
    response,
    time_wording,
)
from .templating import render

#: Resources the fragment reads (those of the timeline, and the findings register that marks them).
INPUTS = [*case_intervals.INPUTS, "case_adverse_events", *products.INPUTS]
PACKAGE_FILES = [
    "templates/fragments/case_numbers.html.j2",
    "templates/fragments/wording.html.j2",
    "templates/fragments/response_table.html.j2",
    "templates/fragments/criteria_table.html.j2",
    "templates/fragments/value.html.j2",
]

#: How a claim's status reads in the wording table.
STATUS_WORDS = {
    case_intervals.HOLDS: "holds under both conventions",
    case_intervals.ONE_CONVENTION: "holds under one convention only",
    case_intervals.CANNOT_REFUTE: "not shown by the data, nor refuted",
    case_intervals.CONTRADICTED: "contradicted under both conventions",
}


def marked(text: str, value_id: str, register: pd.DataFrame, titles: dict) -> dict:
    """A value shown to a reader: its text, id, the findings that mark it and their words."""
    found = marks.marks([value_id], register)[0]
    return {"text": text, "value": value_id, "finding": found, "note": products.note(found, titles)}


def _wording_context(check: pd.DataFrame, register=None, titles=None) -> dict:
    register = products.register_of() if register is None else register
    titles = products.titles(register) if titles is None else titles
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
                "mark": marked("", f"text-{first['claim_id']}", register, titles),
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


def wording_html(check: pd.DataFrame, register: pd.DataFrame = None) -> str:
    """The wording check (see `time_wording.wording`) as a table, one column per reading, plus the rules used.

    Parameters
    ----------
    check : DataFrame
        As `time_wording.wording` returns it.
    register : DataFrame, optional
        The findings register that marks the claims (default: data/findings.csv).

    Returns
    -------
    str
        HTML: a `<table class="wording">` and the list of rules.
    """
    return render("fragments/wording.html.j2", **_wording_context(check, register))


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
        else f"{measure} not reported; {criteria.MRECIST_ASSUMPTION}"
    )
    counts = follow["modality"].value_counts().sort_index()
    cats = follow["category"].value_counts()
    best = response.best_overall(table)
    day, shown = case_intervals.day, case_intervals.shown_months
    studies = table.set_index("study_id")
    register, titles = products.register_of(frames), finding_facts.reader_titles(frames)
    values = {}  # item index -> value id in the findings register
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
        values[len(items)] = "case-first-cr"
        items.append(
            f"First scan showing overall CR: {day(n['first_cr'])}, {n['days_to_first_cr']} days "
            f"({shown(n['days_to_first_cr'])} months) after the sorafenib start."
        )
    if n["sustained_from"] is not None:
        values[len(items)] = "case-cr-duration"
        items.append(
            f"CR lasting to the last scan: from {day(n['sustained_from'])} to {day(n['last_scan'])}, "
            f"{n['days_sustained_cr']} days ({shown(n['days_sustained_cr'])} months)."
        )
    items.append(
        f"Follow-up from the sorafenib start to the last scan: {n['days_follow_up']} days "
        f"({shown(n['days_follow_up'])} months)."
    )
    items.append("AFP: " + "; ".join(case_intervals.afp_items(frames)) + ".")
    values[0] = "case-sorafenib-start"
    return render(
        "fragments/case_numbers.html.j2",
        items=[marked(t, values.get(k, ""), register, titles) for k, t in enumerate(items)],
        response=response_rows(table, register, titles),
        by_criterion=criteria_rows(frames, sorafenib_start, register, titles),
        criteria=criteria.CRITERIA,
        criterion=criterion,
        month_days=case_intervals.month_days_text(),
        **_wording_context(time_wording.wording(frames, criterion), register, titles),
    )


def response_rows(table: pd.DataFrame, register=None, titles=None) -> list:
    """Rows of the response table: each follow-up study's parts, overall verdict (marked by the
    findings `register`, default data/findings.csv) and caveats."""
    register = products.register_of() if register is None else register
    titles = products.titles(register) if titles is None else titles
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
                "new": response.new_lesion_words(r.new_lesions),
                "overall": marked(r.category, f"case-response-{r.study_id}", register, titles),
                "confirmed": confirmed,
                "caveats": [c for c in r.caveats.split(" | ") if c],
            }
        )
    return rows


def criteria_rows(frames: dict, sorafenib_start=None, register=None, titles=None) -> dict:
    """RECIST 1.1, WHO and mRECIST side by side: for each follow-up study, each criterion's
    overall response (marked) with its parts; then each criterion's first CR and its confirmation."""
    tables = {c: response.assess(frames, c, sorafenib_start) for c in criteria.CRITERIA}
    first = tables[criteria.CRITERIA[0]]
    rows = []
    for i, r in enumerate(first.iloc[1:].itertuples(), start=1):
        cells = []
        for c in criteria.CRITERIA:
            x = tables[c].iloc[i]
            parts = f"target {x['target_category']}; non-target {x['nontarget_category']}; new lesions {response.new_lesion_words(x['new_lesions'])}"
            cells.append(
                marked(x["category"], f"case-response-{r.study_id}", register, titles)
                | {"parts": parts}
            )
        rows.append({"study": f"{r.modality} {case_intervals.day(r.date)}", "cells": cells})
    firsts = []
    for c in criteria.CRITERIA:
        row = response.first_sustained(tables[c])
        if row is None:
            text = "no CR lasting to the last scan"
        else:
            by = tables[c].set_index("study_id")["date"].get(row["confirmed_by"])
            text = f"{row['modality']} {case_intervals.day(row['date'])}" + (
                f", confirmed {case_intervals.day(by)}" if by is not None else ", unconfirmed"
            )
        firsts.append(marked(text, "case-first-cr", register, titles))
    marking = dict.fromkeys(
        f for v in [*(c for r in rows for c in r["cells"]), *firsts] for f in v["finding"].split()
    )
    notes = [products.note(f, titles) for f in marking]
    return {"rows": rows, "first_cr": firsts, "notes": notes}
