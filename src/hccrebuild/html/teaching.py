"""Teaching exercise: classify the response at each scan, reveal the computed answer, edit the measurements."""

import pandas as pd

from .. import paths
from ..analysis import (
    case,
    case_intervals,
    criteria,
    finding_facts,
    fmt,
    products,
    response,
    response_exercise,
)
from ..errors import ParameterError
from .case_numbers import marked
from .templating import prose_file, render, say_from

#: Resources the exercise reads: those of the response assessment, and the findings register (with
#: the facts its titles name) that marks the verdicts it shows.
INPUTS = [*response.INPUTS, *finding_facts.INPUTS, "sources"]
#: The exercise's words and templates.
PACKAGE_FILES = ["prose/teaching.yaml", "templates/teaching", "templates/fragments/value.html.j2"]
PROSE_FILE = paths.PROSE / "teaching.yaml"


def prose() -> dict:
    """The words of `PROSE_FILE` (teaching.yaml), read once."""
    return prose_file(PROSE_FILE.name)


def say(key: str, **values) -> str:
    """The text `key` of `PROSE_FILE`, with `values` filled in and escaped."""
    return say_from(PROSE_FILE.name, key, **values)


NO_GUESS = "(your guess)"
#: What a learner can answer at a follow-up scan.
GUESSES = (NO_GUESS, criteria.CR, criteria.PR, criteria.SD, criteria.PD, criteria.NOT_ASSESSABLE)
CORRECT, WRONG, UNGUESSED = "Correct", "Not quite", "No guess"

MEASUREMENT_COLUMNS = [
    "study_id",
    "date",
    "modality",
    "purpose",
    "lesion_id",
    "long_cm",
    "short_cm",
]


def measurements(frames: dict) -> pd.DataFrame:
    """The lesion diameters of the baseline and every follow-up study, one row per lesion and study.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    DataFrame
        `MEASUREMENT_COLUMNS`, in date then lesion order; diameters in cm as floats, 0 where the
        lesion is not visible (the form a learner edits).
    """
    les = case.lesions(frames)
    base = case.baseline_study(frames)
    les = les[(les["date"] >= base["date"]) & les["purpose"].isin(["baseline", "follow_up"])]
    out = les[["study_id", "date", "modality", "purpose", "lesion_id"]].copy()
    seen = les["visible"].astype(bool)
    for col in ("long_cm", "short_cm"):
        out[col] = [float(v) if s and pd.notna(v) else 0.0 for v, s in zip(les[col], seen)]
    return out.reset_index(drop=True)[MEASUREMENT_COLUMNS]


def _checked(measured: pd.DataFrame) -> pd.DataFrame:
    """The measurements with a `visible` column, checked: a lesion is visible if its long diameter is above 0."""
    m = measured.copy()
    for col in ("long_cm", "short_cm"):
        m[col] = pd.to_numeric(m[col]).fillna(0.0).astype(float)
    for r in m.itertuples():
        where = f"{r.lesion_id} on {case_intervals.day(r.date)}"
        if r.long_cm < 0 or r.short_cm < 0:
            raise ParameterError(
                f"{where}: a diameter cannot be negative ({r.long_cm} × {r.short_cm} cm)"
            )
        if (r.long_cm > 0) != (r.short_cm > 0):
            raise ParameterError(
                f"{where}: give both diameters, or 0 for both if the lesion is not visible"
            )
        if r.short_cm > r.long_cm:
            raise ParameterError(
                f"{where}: the short diameter ({r.short_cm} cm) exceeds the long one ({r.long_cm} cm)"
            )
        if r.purpose == "baseline" and 0 < r.long_cm * 10 < response_exercise.MIN_TARGET_MM:
            raise ParameterError(
                f"{where}: a longest diameter of {fmt.number(r.long_cm * 10, 1)} mm cannot make a "
                f"target lesion: RECIST 1.1 needs at least {response_exercise.MIN_TARGET_MM} mm on CT "
                "or MRI (mRECIST also needs arterial enhancement); follow it as non-target disease"
            )
    m["visible"] = m["long_cm"] > 0
    return m


def assess_measurements(
    frames: dict,
    measured: pd.DataFrame,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
    new_lesions=(),
    enhancement=None,
) -> pd.DataFrame:
    """The response at every study for edited measurements, as `response.assess` computes it, plus new lesions.

    A lesion seen again after a study assessed CR is a new lesion (progression), as is any study
    listed in `new_lesions`; everything else is `response.assess` on the edited diameters.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`; not changed.
    measured : DataFrame
        As `measurements` returns it, with any diameters edited (cm; 0 or NaN: not visible).
    criterion : str
        One of `criteria.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    new_lesions : iterable of str
        study_ids at which a new lesion is seen.
    enhancement : dict, optional
        mRECIST only: {(study_id, lesion_id): one of `response_exercise.BASELINE_ENHANCEMENT`}, the
        learner's reading of arterial enhancement (`response_exercise.assess_viable`); None, or
        every lesion read as the report reads it (`response_exercise.report_reading`: baseline
        enhancement assumed, later not judged): the report's assessment.

    Returns
    -------
    DataFrame
        `response.COLUMNS` plus `new_lesion` (bool), one row per study, the baseline first.

    Raises
    ------
    ParameterError
        For a negative diameter, a single diameter, or a short diameter above the long one.
    ValueError
        If the baseline sum is 0 (every baseline lesion set to 0): there is nothing to compare with.
    """
    criteria.check_criterion(criterion)
    m = _checked(measured)
    les = frames["case_lesions"].copy()
    for r in m.itertuples():
        hit = (les["lesion_id"] == r.lesion_id) & (les["study_id"] == r.study_id)
        les.loc[hit, "visible"] = bool(r.visible)
        les.loc[hit, ["long_cm", "short_cm"]] = (
            [r.long_cm, r.short_cm] if r.visible else [pd.NA, pd.NA]
        )
    edited = {**frames, "case_lesions": les}
    base_id = case.baseline_study(frames)["study_id"]
    read = [
        v
        for (study, _), v in (enhancement or {}).items()
        if v != response_exercise.report_reading(study, base_id)
    ]
    if criterion == "mRECIST" and read:
        table = response_exercise.assess_viable(edited, m, enhancement, sorafenib_start)
    else:
        table = response.assess(edited, criterion, sorafenib_start)
    table["new_lesion"] = False
    new_lesions = set(new_lesions)
    classify = {
        "RECIST1.1": criteria.classify_recist,
        "WHO": criteria.classify_who,
        "mRECIST": criteria.classify_mrecist,
    }[criterion]
    cr_at, base = None, _or_none(table.iloc[0]["sum"])
    nadir = base
    for i, row in table.iterrows():
        if row["category"] == criteria.BASELINE:
            continue
        current = _or_none(row["sum"])
        reappeared = cr_at is not None and row["lesions_visible"] > 0
        if row["study_id"] in new_lesions or reappeared:
            # the criteria module's own wording for a new lesion
            reason = classify(base, nadir, current, new_lesion=True).reason
            if reappeared and row["study_id"] not in new_lesions:
                reason = (
                    f"a lesion is seen again after the CR of {case_intervals.day(cr_at)}, so it counts as a new lesion: "
                    + reason
                )
            table.loc[i, ["category", "reason", "new_lesion"]] = [criteria.PD, reason, True]
        elif row["category"] == criteria.CR and cr_at is None:
            cr_at = row["date"]
        if current is not None and (nadir is None or current < nadir):
            nadir = current
    return _after_progression(table)


def _after_progression(table: pd.DataFrame) -> pd.DataFrame:
    """Every study after the first PD says why it no longer counts (RECIST 1.1: the best overall
    response is the best response recorded until progression)."""
    pd_at = None
    for i, row in table.iterrows():
        if pd_at is not None:
            table.loc[i, "reason"] = (
                f"{row['reason']}; after the PD of {case_intervals.day(pd_at)} this scan does not "
                "change the best overall response, which is the best response recorded until "
                "progression"
            )
        elif row["category"] == criteria.PD:
            pd_at = row["date"]
    return table


def _or_none(value):
    return None if pd.isna(value) else value


def answer_key(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None
) -> pd.DataFrame:
    """The computed category of every follow-up scan on the recorded measurements, for people.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        One of `criteria.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    DataFrame
        study, days since the sorafenib start, sum, category and reason; one row per follow-up scan.
    """
    table = assess_measurements(frames, measurements(frames), criterion, sorafenib_start)
    return _for_people(table)


def _for_people(table: pd.DataFrame) -> pd.DataFrame:
    follow = table[table["category"] != criteria.BASELINE]
    return pd.DataFrame(
        {
            "study": [f"{r.modality} {case_intervals.day(r.date)}" for r in follow.itertuples()],
            "days since sorafenib start": list(follow["days_since_start"]),
            "sum": [
                criteria.NOT_ASSESSABLE if pd.isna(r.sum) else f"{fmt.number(r.sum, 1)} {r.unit}"
                for r in follow.itertuples()
            ],
            "category": list(follow["category"]),
            "reason": [r for r in follow["reason"]],
        }
    )


def key_html(frames: dict, table: pd.DataFrame, recorded: bool = True) -> str:
    """An assessment (see `assess_measurements`) as a table for people, and its first CR.

    On the recorded measurements (`recorded`) each verdict and the first CR are the case's values:
    they carry `data-value` and, where a finding of the register touches them, `data-finding` and
    the finding's title. Verdicts of edited measurements are the learner's, and carry neither.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    table : DataFrame
        As `assess_measurements` returns it.
    recorded : bool
        Whether `table` is the assessment of the recorded measurements, with no new lesion added.

    Returns
    -------
    str
        HTML.
    """
    register = products.register_of(frames)
    titles = finding_facts.reader_titles(frames) if recorded else {}
    follow = table[table["category"] != criteria.BASELINE]
    people = _for_people(table)

    def mark(text, value_id):
        return marked(text, value_id if recorded else "", register, titles)

    rows = [
        {
            "cells": [p["study"], p["days since sorafenib start"], p["sum"]],
            "category": mark(p["category"], f"case-response-{study}"),
            "reason": p["reason"],
        }
        for study, (_, p) in zip(follow["study_id"], people.iterrows())
    ]
    cr = follow[follow["category"] == criteria.CR]
    first_cr = None
    if not cr.empty:
        r = cr.iloc[0]
        first_cr = mark(
            say(
                "first_cr_study",
                modality=r["modality"],
                date=case_intervals.day(r["date"]),
                days=r["days_since_start"],
            ),
            "case-first-cr",
        )
    return render(
        "teaching/answer_key.html.j2",
        head=list(people.columns),
        rows=rows,
        first_cr=first_cr,
        cr=criteria.CR,
    )


def rules_html(criterion: str = "RECIST1.1") -> str:
    """The criterion's rules in words, with the thresholds `response` uses.

    Parameters
    ----------
    criterion : str
        One of `criteria.CRITERIA`.

    Returns
    -------
    str
        HTML list.
    """
    criteria.check_criterion(criterion)
    measure, unit = criteria.MEASURE[criterion]
    pr, pd_pct, pd_mm = {
        "RECIST1.1": (criteria.RECIST_PR, criteria.RECIST_PD, criteria.RECIST_PD_MM),
        "WHO": (criteria.WHO_PR, criteria.WHO_PD, None),
        "mRECIST": (criteria.MRECIST_PR, criteria.MRECIST_PD, None),
    }[criterion]
    items = [
        say(
            "rules.measurable",
            min_mm=response_exercise.MIN_TARGET_MM,
            mrecist=criterion == "mRECIST",
        ),
        say("rules.measure", measure=measure, unit=unit),
        say("rules.cr", cr=criteria.CR, zero=0),
        say("rules.pd", pd=criteria.PD, pd_pct=pd_pct, pd_mm=pd_mm, unit=unit),
        say("rules.pr", pr=criteria.PR, pr_pct=pr),
        say("rules.sd", sd=criteria.SD),
        say(
            "rules.overall",
            cr=criteria.CR,
            pr=criteria.PR,
            pd=criteria.PD,
            days=response.CONFIRM_DAYS,
        ),
    ]
    if criterion == "mRECIST":
        items.append(say("rules.assumption", assumption=criteria.MRECIST_ASSUMPTION))
        items.append(
            say("rules.not_assessable", na=criteria.NOT_ASSESSABLE, lipiodol=response.LIPIODOL_WHY)
        )
    return render("teaching/rules.html.j2", criterion=criterion, items=items)


def feedback_text(guess: str, category: str, reason: str) -> str:
    """What the learner reads after the reveal, for one scan.

    Parameters
    ----------
    guess : str
        One of `GUESSES` (`NO_GUESS` if none was made).
    category, reason : str
        The computed category and why.

    Returns
    -------
    str
        "Correct: CR. Why: ...", "Not quite: you said PR; the computed category is CR. Why: ..." or
        "No guess; the computed category is CR. Why: ...".
    """
    why = f"Why: {reason}."
    if guess == NO_GUESS:
        return f"{UNGUESSED}; the computed category is {category}. {why}"
    if guess == category:
        return f"{CORRECT}: {category}. {why}"
    return f"{WRONG}: you said {guess}; the computed category is {category}. {why}"


def exercise(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None, reveal: bool = False
):
    """Build and wire the exercise's widgets (see `Exercise`); display `.widget`.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Initial response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Show the answers from the start.

    Returns
    -------
    teaching_exercise.Exercise
    """
    from .teaching_exercise import Exercise

    return Exercise(frames, criterion, sorafenib_start, reveal)


def questions(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None, reveal: bool = False
):
    """Build the response questions' widgets (see `teaching_exercise.Questions`); display `.widget`.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        RECIST1.1, mRECIST or WHO.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Check and show the answers at once.

    Returns
    -------
    teaching_exercise.Questions
    """
    from .teaching_exercise import Questions

    return Questions(frames, criterion, sorafenib_start, reveal)


def answer_key_html(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None, reveal: bool = False
) -> str:
    """The answer key as HTML when `reveal`, else a line saying how to see it.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        One of `criteria.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    reveal : bool
        Whether to show it.

    Returns
    -------
    str
        HTML: the key (see `key_html`), its verdicts marked by the findings register.
    """
    if not reveal:
        return say("key_hidden")
    table = assess_measurements(frames, measurements(frames), criterion, sorafenib_start)
    return key_html(frames, table)
