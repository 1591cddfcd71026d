"""The response exercise as a printable worksheet: the same questions as the interactive exercise
(`analysis.response_exercise`), blank for the learner or filled in as the answer key; static HTML,
no script, for a room without Python."""

from .. import data
from ..analysis import case, criteria, finding_facts, products, response, response_exercise
from ..analysis.reading import day
from .case_numbers import marked
from .templating import render, say_from

#: Resources the worksheet reads: the exercise's, the findings register with the facts its titles
#: name, and the sources it cites.
INPUTS = [*response_exercise.INPUTS, *finding_facts.INPUTS, "sources"]
#: The worksheet's words and template.
PACKAGE_FILES = ["prose/teaching.yaml", "templates/teaching/worksheet.html.j2"]
#: Questions answered by naming a scan (the worksheet does not list the scans again).
SCAN_CHOICES = ("first-cr", "confirmed-by")
#: Per-scan questions, in the order of the table's columns.
SCAN_PARTS = ("sum", "from-baseline", "from-nadir", "target", "nontarget", "overall")


def say(key: str, **values) -> str:
    """The text `worksheet.<key>` of prose/teaching.yaml, filled in and escaped."""
    return say_from("teaching.yaml", f"worksheet.{key}", **values)


def _frames(frames: dict) -> dict:
    """`frames` with any resource of `INPUTS` it lacks loaded."""
    missing = [n for n in dict.fromkeys(INPUTS) if n not in frames]
    return {**frames, **data.load(missing, validate=False)} if missing else frames


def _marked_values(rows, items):
    """Every value of the findings register the sheet shows (dicts of `case_numbers.marked`)."""
    for r in rows:
        yield r["quote"]
        yield from (c for c in r["cells"] if c)
    yield from (q["answer"] for q in items if q["answer"])


def worksheet_html(frames, criterion="RECIST1.1", sorafenib_start=None, answers=False) -> str:
    """The response exercise as a static HTML fragment (about one A4 page), or its answer key.

    Parameters
    ----------
    frames : dict of DataFrame
        Resources of `INPUTS` (any missing are loaded).
    criterion : str
        "RECIST1.1", "mRECIST" or "WHO".
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    answers : bool
        False: blanks for the learner, no answer anywhere, and no pointer to the findings register
        (it would flag the answers). True: the answer key, each answer with why (a token with its
        reason in a few words), the verdicts marked by the findings register with the finding's title.

    Returns
    -------
    str
        HTML (a <section class="worksheet">), no script.
    """
    criteria.check_criterion(criterion)
    frames = _frames(frames)
    register = products.register_of(frames)
    # the marks stay in the markup; only the key shows them, by the finding's title
    titles = finding_facts.reader_titles(frames) if answers else {}
    qs = response_exercise.questions(frames, criterion, sorafenib_start)
    by_id = {q["id"]: q for q in qs}
    scans = response_exercise.scans(frames, sorafenib_start)
    start = marked(
        day(case.event_date(frames, "sorafenib-start", sorafenib_start)),
        "case-sorafenib-start",
        register,
        titles,
    )

    def answer(q, cell=False):
        unit = q["unit"] if q["kind"] == "number" else ""
        text = response_exercise.shown_value(q["answer"], unit)
        if cell and q["also"]:
            # a narrow cell: both readings' answers as "PR / CR", the readings named under the table
            text = " / ".join(
                [text, *(response_exercise.shown_value(a, unit) for a, _ in q["also"])]
            )
            return marked(text, q["value_id"], register, titles) | {"because": q["note"]}
        because = "; ".join(w for w in (q["note"], q["reading"]) if w)
        # the answer under the other reading of the paper's words, where it differs
        others = [
            {"text": response_exercise.shown_value(a, unit), "because": w} for a, w in q["also"]
        ]
        return marked(text, q["value_id"], register, titles) | {
            "because": because,
            "others": others,
        }

    def item(q):
        return {
            "label": q["label"],
            "choices": say("scan_or_none")
            if q["id"] in SCAN_CHOICES
            else (" / ".join(q["choices"]) if q["kind"] == "choice" else ""),
            "answer": answer(q) if answers else None,
            "why": q["why"] if answers else "",
        }

    rows = []
    for s in scans.itertuples():
        quote = marked(s.target, s.target_value, register, titles)
        cells = []
        if not s.baseline:
            for part in SCAN_PARTS:
                q = by_id[f"{s.study_id}-{part}"]
                cells.append(answer(q, cell=True) if answers else None)
        rows.append(
            {
                "label": s.label,
                "when": say("baseline") if s.baseline else say("day", day=s.day),
                "quote": quote,
                "nontarget": s.nontarget,
                "new": s.new_lesions,
                "target_words": say("target"),
                "new_words": say("new"),
                "cells": cells,
                "baseline": s.baseline,
            }
        )
    baseline, course, practice = (
        [item(q) for q in qs if q["section"] == part] for part in ("baseline", "course", "practice")
    )
    overall_why = [
        (
            by_id[f"{s.study_id}-overall"]["label"],
            f"{by_id[f'{s.study_id}-target']['why']}; {by_id[f'{s.study_id}-overall']['why']}",
        )
        for s in scans.itertuples()
        if not s.baseline
    ]
    # in the key a marked value shows its mark as numbered references to the findings listed under
    # the sheet; the learner's copy shows none (a finding flags the very values the learner works out)
    notes = {}
    for v in [start, *_marked_values(rows, [*baseline, *course, *practice])]:
        refs = []
        for f in v["finding"].split() if answers else ():
            notes.setdefault(f, len(notes) + 1)
            refs.append(str(notes[f]))
        v["ref"] = ",".join(refs)
    sources = frames["sources"].set_index("source_id")["citation"]
    cite = [sources[response.CRITERION_SOURCES[c]] for c in dict.fromkeys(("RECIST1.1", criterion))]
    measure, unit = criteria.MEASURE[criterion]
    mrecist = criterion == "mRECIST"
    return render(
        "teaching/worksheet.html.j2",
        answers=answers,
        criterion=criterion,
        title=say("title_key" if answers else "title", criterion=criteria.NAMES[criterion]),
        intro=say(
            "intro",
            measure=measure,
            unit=unit,
            pr=criteria.MRECIST_PR
            if criterion == "mRECIST"
            else (criteria.WHO_PR if criterion == "WHO" else criteria.RECIST_PR),
            pd=criteria.MRECIST_PD
            if criterion == "mRECIST"
            else (criteria.WHO_PD if criterion == "WHO" else criteria.RECIST_PD),
            pd_mm=criteria.RECIST_PD_MM if criterion == "RECIST1.1" else None,
            days=response.CONFIRM_DAYS,
            min_mm=response_exercise.MIN_TARGET_MM,
            na=response_exercise.NOT_ASSESSABLE,
            nd=response_exercise.NOT_DEFINED,
            nr=response_exercise.NOT_REPORTED if mrecist else None,
            zero=0,
            assumption=criteria.MRECIST_ASSUMPTION if mrecist else None,
        ),
        head=[say(f"head.{p}", unit=unit) for p in ("scan", "paper", *SCAN_PARTS)],
        rows=rows,
        baseline=baseline,
        course=course,
        practice=practice,
        notes=[products.note(f, titles) for f in notes],
        overall_why=overall_why if answers else [],
        two_readings=say(
            "two_readings",
            first=response_exercise.READINGS[0][1],
            second=response_exercise.READINGS[1][1],
        )
        if answers
        and any(
            by_id[f"{s.study_id}-{p}"]["also"]
            for s in scans.itertuples()
            if not s.baseline
            for p in SCAN_PARTS
        )
        else "",
        sections={
            k: say(f"sections.{k}") for k in ("baseline", "scans", "course", "practice", "why")
        },
        cite=cite,
        start=start,
        days_from=say("days_from"),
    )
