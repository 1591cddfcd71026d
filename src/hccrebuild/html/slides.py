"""Case-discussion deck: each slide's HTML from the data, its words from prose/slides.yaml."""

import re

import pandas as pd

from ..analysis import case, criteria, finding_facts, fmt, products, response, trial_data
from ..figures import case_figures
from ..figures.case_style import reading_words
from . import case_numbers, deck, product_html, session
from .deck import day, say
from .slide_discussion import (  # noqa: F401 (the deck's API)
    PROMPTS,
    WHOLE_LIVER,
    answer_html,
    prompt_html,
)
from .templating import render

#: Resources the slides read (the case figures' and the trials').
INPUTS = [*case_figures.INPUTS, *trial_data.INPUTS]

#: Labels of the history facts (case_facts.item) that are yes/no.
HISTORY = deck.prose()["history"]
#: The sign of a value a finding marks, in a table on a slide; the findings' words follow the table.
MARK_SIGN = "‡"
#: Staging facts, as the staging slide names them.
STAGING = deck.prose()["staging_items"]
TIMEPOINTS = deck.prose()["timepoints"]
#: The open questions the paper raises, by the prompt that discusses each.
QUESTIONS = deck.prose()["questions"]


def title_html(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> str:
    """Title slide: the case in one line and its source (the parameters stay out of the room's sight: the
    start-date reading is a question of the session).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion (`criteria.CRITERIA`).
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML.
    """
    criteria.check_criterion(criterion)
    case.event_date(frames, "sorafenib-start", sorafenib_start)  # an unknown reading fails here
    src = frames["sources"].set_index("source_id")
    return say(
        "title",
        age=deck.n(case.fact(frames, "age_years")),
        sex=case.fact(frames, "sex"),
        bclc=case.fact(frames, "bclc_stage"),
        citation=src.loc["chen-case", "citation"].split(". Text as supplied")[0],
        # sources.csv says when the title is a stand-in; the slide and the handout say so too
        descriptive="the title here is descriptive" in src.loc["chen-case", "citation"],
    )


def presentation_html(frames: dict) -> str:
    """Presentation: age, sex, history, admission, baseline imaging, AFP and pathology.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    str
        HTML.
    """
    yes = [label for item, label in HISTORY.items() if case.fact(frames, item) == "yes"]
    # a negative stated in one place only says so (e.g. cirrhosis: "stated only in Table 2")
    negatives = {}  # note -> labels: negatives stated in the same place say so once
    for item, label in HISTORY.items():
        if case.fact(frames, item) == "no":
            negatives.setdefault(deck.note(frames, item) or "", []).append(label)
    no = [
        ", no ".join(labels) + (f" ({note})" if note else "") for note, labels in negatives.items()
    ]
    hep = case.fact(frames, "hepatitis")
    if hep:
        yes = [say("presentation.hepatitis", kind=hep, note=deck.note(frames, "hepatitis")), *yes]
    adm = deck.facts(frames, "admission").iloc[0]
    base = case.baseline_study(frames)
    les = case.lesions(frames)
    img = frames["case_imaging"]
    labs = frames["case_labs"]
    afp = labs[(labs["analyte"] == "AFP") & (labs["kind"] == "measurement")].sort_values("date")
    items = [
        say(
            "presentation.patient",
            age=deck.n(case.fact(frames, "age_years")),
            sex=case.fact(frames, "sex"),
            hospital=adm["value"],
            note=deck.note(frames, "admission"),
        ),
        say("presentation.history", yes=yes, no=no),
        *[
            say("presentation.imaging", modality=r.modality, note=r.note)
            for r in img[img["purpose"] == "diagnosis"].itertuples()
        ],
        say(
            "presentation.baseline",
            modality=base["modality"],
            date=day(base["date"]),
            n=int((les["study_id"] == base["study_id"]).sum()),
            lesions=deck.lesions_at(frames, base["study_id"]),
            portal=case.fact(frames, "portal_mass") == "yes",
        ),
        say(
            "presentation.afp",
            values=[
                say(
                    "presentation.afp_value",
                    value=deck.n(r.value),
                    unit=deck.unit(r.unit),
                    date=day(r.date),
                )
                for r in afp.itertuples()
            ],
        ),
        say(
            "presentation.pathology",
            pathology=case.fact(frames, "pathology"),
            note=deck.note(frames, "pathology"),
        ),
    ]
    return deck.bullets(say("presentation.heading"), items)


def staging_html(frames: dict) -> str:
    """Staging: BCLC stage, Child-Pugh class, ECOG, metastasis and portal mass, at each time point recorded.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    str
        HTML.
    """
    rows = []
    for item, label in STAGING.items():
        for r in deck.facts(frames, item).itertuples():
            when = TIMEPOINTS.get(r.timepoint, r.timepoint)
            if isinstance(r.date, str) and r.date:
                when += f" ({deck.partial_date(r.date)})"
            rows.append([label, {"b": r.value}, when, {"muted": r.location}])
    return say("staging.heading") + deck.table(deck.prose()["staging"]["head"], rows)


def treatment_html(frames: dict, sorafenib_start: str = None) -> str:
    """Treatment: TACE agents, doses and routes; sorafenib dose and start under the chosen reading; supportive care.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML.
    """
    tace = case.event_date(frames, "tace")
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    tr = frames["case_treatments"]
    rows = [
        [r.agent, f"{deck.n(r.dose)} {r.dose_unit}", r.route]
        for r in tr[tr["kind"] == "TACE"].itertuples()
    ]
    sor = deck.sorafenib(frames)
    support = [
        say(
            "treatment.supportive",
            agent=r.agent,
            dose=deck.n(r.dose) if pd.notna(r.dose) else "",
            unit=r.dose_unit,
            frequency=r.frequency,
            # the note goes in parentheses: an aside of its own ends it after a comma instead
            note=re.sub(r" \(([^()]*)\)$", lambda m: ", " + m.group(1), str(r.note)),
        )
        for r in tr[tr["kind"] == "supportive"].itertuples()
    ]
    return (
        say("treatment.tace", tace=day(tace))
        + deck.table(deck.prose()["treatment"]["head"], rows)
        + say(
            "treatment.sorafenib",
            dose=deck.n(sor["dose"]),
            unit=sor["dose_unit"],
            frequency=sor["frequency"],
            route=sor["route"],
            start=day(start),
            reading=reading_words(deck.reading(frames, sorafenib_start)),
            gap=(start - tace).days,
            note=sor["note"],
            support=support,
        )
    )


def figure_html(fig: dict, heading: str) -> str:
    """A figure (see `figure`) inline on a slide, under a heading; the caption goes in the speaker notes.

    Parameters
    ----------
    fig : dict
        As returned by `figure`.
    heading : str
        Slide heading; for one part of a chart drawn over several slides, followed by which part.

    Returns
    -------
    str
        HTML with the SVG inline (no external file); see `product_html.figure_html`.
    """
    if fig.get("part"):
        heading = say("figure_part", heading=heading, n=fig["part"][0], of=fig["part"][1])
    return product_html.figure_html(fig, heading=heading)


def caption_notes_html(fig: dict) -> str:
    """Speaker notes of a figure slide: its full caption.

    Parameters
    ----------
    fig : dict
        As returned by `figure`.

    Returns
    -------
    str
        HTML.
    """
    return say("caption_notes", caption=fig["caption"])


def response_html(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> str:
    """The response category at every follow-up study under `criterion` (see `response.assess`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML.
    """
    table = response.assess(frames, criterion, sorafenib_start)
    measure, unit = criteria.MEASURE[criterion]
    words = deck.prose()["response"]
    rows, notes = [], {}
    register, titles = products.register_of(frames), finding_facts.reader_titles(frames)
    for r in table.itertuples():
        total = words["not_recorded"] if pd.isna(r.sum) else f"{fmt.number(r.sum, 0)} {unit}"
        verdict = {"b": r.category}
        if r.category != criteria.BASELINE:
            verdict = case_numbers.marked(
                r.category, f"case-response-{r.study_id}", register, titles
            )
            verdict["bold"] = True
            if verdict["finding"]:
                # the findings' words once, under the table: a slide has no room for them in every row
                verdict["sign"] = MARK_SIGN
                for one in verdict["finding"].split():
                    notes.setdefault(*products.titles_of(one, titles), None)
        rows.append(
            [
                f"{r.modality} {day(r.date)}",
                r.days_since_start,
                total,
                r.target_category,
                r.nontarget_category,
                response.new_lesion_words(r.new_lesions),
                verdict,
            ]
        )
    head = [h.replace("{measure}", measure.capitalize()) for h in words["head"]]
    best = response.best_overall(table)
    best_text = best["category"] + (" (confirmed)" if best["confirmed"] else " (not confirmed)")
    # the other reading a room raises: "no significant findings in the liver" covering the portal mass
    whole = response.assess(frames, criterion, sorafenib_start, nontarget_reading=WHOLE_LIVER)
    readings = [
        {"key": key, "first": response.first_sustained(t)}
        for key, t in (("as_described", table), ("whole_liver", whole))
    ]
    return (
        say("response.heading", criterion=criteria.NAMES[criterion])
        + deck.table(head, rows)
        + (say("response.marks", sign=MARK_SIGN, notes=list(notes)) if notes else "")
        + say(
            "response.summary",
            best=best_text,
            citation=deck.short_citation(frames, response.CRITERION_SOURCES[criterion]),
            readings=say(
                "response.readings",
                readings=[
                    {
                        "reading": words["reading_names"][r["key"]],
                        "first": None if r["first"] is None else day(r["first"]["date"]),
                        "confirmed": None
                        if r["first"] is None or not r["first"]["confirmed_by"]
                        else day(t.set_index("study_id").loc[r["first"]["confirmed_by"], "date"]),
                    }
                    for r, t in zip(readings, (table, whole))
                ],
            ),
        )
    )


def adverse_events_html(frames: dict) -> str:
    """Adverse events of the index case: term, attribution, grade, onset, course, action and dose change.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    str
        HTML.
    """
    register, titles = products.register_of(frames), finding_facts.reader_titles(frames)
    grades = [
        case_numbers.marked(
            say(
                "adverse_events.grade",
                grade=int(r.ctcae_grade) if pd.notna(r.ctcae_grade) else None,
                note=r.note if isinstance(r.note, str) else "",
            ),
            f"case-{r.ae_id}",
            register,
            titles,
        )
        for r in frames["case_adverse_events"].itertuples()
    ]
    for g in grades:
        if g["finding"] and g["text"].startswith("grade"):
            g["text"] += " as printed; not established"
            g["note"] = ""  # the words above say what the finding says; its title would repeat them
    rows = [
        [
            r.term,
            r.attributed_to,
            grade,
            r.onset_note,
            r.course,
            r.action,
            r.dose_change,
        ]
        for r, grade in zip(frames["case_adverse_events"].itertuples(), grades)
    ]
    main = deck.so(frames).get(("main_adverse_reaction", ""), say("adverse_events.not_stated"))
    return (
        say("adverse_events.heading")
        + deck.table(deck.prose()["adverse_events"]["head"], rows, "small")
        + say("adverse_events.so", main=main)
    )


def trials_html(frames: dict) -> str:
    """The trials of the paper's Table 1 in one line each: design, arms and patients.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    str
        HTML.
    """
    a = trial_data.arms(frames)
    t = frames["trials"].set_index("trial_id")
    items = [
        say(
            "trials.trial",
            name=g["trial_name"].iloc[0],
            source=trial_data.source_short(frames, g["primary_source"].iloc[0]),
            design=t.loc[trial_id, "design"],
            arms=[f"{r.treatment} {r.n_enrolled}" for r in g.itertuples()],
        )
        for trial_id, g in a.groupby("trial_id", sort=False)
    ]
    return deck.bullets(say("trials.heading"), items) + say("trials.next")


def questions_html() -> str:
    """Heading of the open-questions section (the questions follow one by one, see `question_html`).

    Returns
    -------
    str
        HTML.
    """
    return say("open_questions")


def question_html(key: str) -> str:
    """One open question (a fragment of the open-questions slide), numbered by its place in `QUESTIONS`.

    Parameters
    ----------
    key : str
        One of `QUESTIONS`.

    Returns
    -------
    str
        HTML.
    """
    return say("question", number=list(QUESTIONS).index(key) + 1, question=QUESTIONS[key])


def sources_html(frames: dict) -> str:
    """The sources the data cite and the references of the teaching notes, short (author and year),
    side by side; the full citations are in the slide's notes (`session.citations_html`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    str
        HTML.
    """
    refs = session.plan()["references"]  # a source the teaching notes also cite: their short name
    data = [
        refs[s]["short"] if s in refs else deck.short_citation(frames, s)
        for s in frames["sources"]["source_id"]
    ]
    return render(
        "deck/sources.html.j2",
        heading=say("sources_heading"),
        columns=[
            (session.plan()["headings"]["sources"], data),
            (
                session.plan()["headings"]["references"],
                session.short_references(besides=frames["sources"]["source_id"]),
            ),
        ],
    )
