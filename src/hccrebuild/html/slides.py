"""Case-discussion deck: each slide's HTML from the data, reveal.js vendored from npm, and the offline export."""

import io
import re
from html import escape

import pandas as pd

from .. import paths
from ..analysis import case, fmt, response, timeline, trials
from ..errors import UnknownName
from ..figures import case_figures, plotting, trial_charts

#: Resources the slides read (the case figures' and the trials').
INPUTS = [*case_figures.INPUTS, *trials.INPUTS]

#: Figures shown in the deck and the notebooks that save them.
FIGURES = {
    "fig-lesion-size": "case_figures",
    "fig-ae-frequency": "trial_charts",
    "fig-efficacy": "trial_charts",
}

#: Labels of the history facts (case_facts.item) that are yes/no.
HISTORY = {
    "hypertension": "hypertension",
    "diabetes": "diabetes mellitus",
    "cirrhosis": "cirrhosis",
    "surgical_resection": "surgical resection",
    "liver_transplantation": "liver transplantation",
}
#: Staging facts, as the staging slide names them.
STAGING = {
    "bclc_stage": "BCLC stage",
    "child_pugh_class": "Child-Pugh class",
    "ecog": "ECOG performance status",
    "distant_metastasis": "Distant metastasis",
    "portal_mass": "Portal mass",
}
TIMEPOINTS = {
    "diagnosis": "at diagnosis",
    "last_visit": "at the last visit",
    "follow_up": "at follow-up",
}

#: Discussion prompts, in deck order: each has a question slide and an answer in the speaker notes.
PROMPTS = (
    "staging",
    "start-date",
    "first-scan",
    "cr-timing",
    "adverse-events",
    "tace-confounder",
    "rare-cr",
    "biomarkers",
)


# Small formatting helpers ---------------------------------------------------------------------------------


def _n(value) -> str:
    """A recorded number as the data hold it, without trailing zeros ("200", "2.22")."""
    return f"{fmt.to_decimal(value).normalize():f}"


def _unit(unit) -> str:
    return {"ug/L": "µg/L"}.get(unit, unit) if isinstance(unit, str) else ""


def _day(date) -> str:
    return timeline.day(pd.Timestamp(date))


def _partial_date(text) -> str:
    """A date the data give only to the month ("2009-05") or the day, for people."""
    if not isinstance(text, str) or not text:
        return ""
    return f"{pd.Timestamp(text + '-01'):%b %Y}" if len(text) == 7 else _day(text)


def _table(head, rows, cls: str = "") -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="deck {cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _facts(frames, item) -> pd.DataFrame:
    f = frames["case_facts"]
    return f[f["item"] == item]


def _note(frames, item) -> str:
    rows = _facts(frames, item)
    note = rows["note"].iloc[-1] if not rows.empty else None
    return "" if note is None or pd.isna(note) else str(note)


def _reading(frames, sorafenib_start) -> str:
    return sorafenib_start or case.readings(frames, "sorafenib-start")[0]


def _prompt(key: str, question: str, context: str = "") -> str:
    return (
        f'<div class="prompt" data-prompt="{key}"><p class="kicker">Discussion</p><h2>{question}</h2>'
        f"{context}</div>"
    )


def _answer(key: str, items) -> str:
    lis = "".join(f"<li>{i}</li>" for i in items)
    return f'<div class="answer" data-prompt="{key}"><p><b>Answer</b></p><ul>{lis}</ul></div>'


def _sorafenib(frames) -> pd.Series:
    tr = frames["case_treatments"]
    return tr[tr["agent"] == "sorafenib"].iloc[0]


def _tace_agents(frames) -> str:
    tr = frames["case_treatments"]
    return ", ".join(
        f"{escape(r.agent)} {_n(r.dose)} {escape(r.dose_unit)}"
        for r in tr[tr["kind"] == "TACE"].itertuples()
    )


def _first_follow_up(table: pd.DataFrame) -> pd.Series:
    return table[table["category"] != response.BASELINE].iloc[0]


def _lesions_at(frames, study_id) -> str:
    les = case.lesions(frames)
    at = les[les["study_id"] == study_id]
    return ", ".join(
        f"{escape(r.lesion_id)} {fmt.number(r.long_cm, 1)}×{fmt.number(r.short_cm, 1)} cm"
        if bool(r.visible)
        else f"{escape(r.lesion_id)} not visible"
        for r in at.itertuples()
    )


def _afp(frames) -> list:
    """Every AFP value recorded, with its date or the period it covers."""
    labs = frames["case_labs"]
    labs = labs[labs["analyte"] == "AFP"]
    out = []
    for r in labs.sort_values("date", kind="stable").itertuples():
        value = f"{_n(r.value)}–{_n(r.value_high)}" if pd.notna(r.value_high) else _n(r.value)
        when = _day(r.date) if pd.notna(r.date) else f"{r.period}, date not given"
        out.append(f"{value} {escape(_unit(r.unit))} ({escape(when)})")
    return out


def _so(frames) -> dict:
    comp = frames["comparator_cases"]
    so = comp[comp["case_id"] == "so-2008"]
    return {(r.item, r.visit if isinstance(r.visit, str) else ""): r.value for r in so.itertuples()}


# Slides ---------------------------------------------------------------------------------------------------


def title_html(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> str:
    """Title slide: the case in one line and the parameters the deck was built with.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion (`response.CRITERIA`).
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML.
    """
    response.check_criterion(criterion)
    reading = _reading(frames, sorafenib_start)
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    src = frames["sources"].set_index("source_id")
    citation = src.loc["chen-case", "citation"].split(". Text as supplied")[0]
    return (
        f'<div class="title"><h1>Complete response of advanced HCC after TACE and sorafenib</h1>'
        f"<p>A case for discussion: a {_n(case.fact(frames, 'age_years'))}-year-old "
        f"{escape(case.fact(frames, 'sex'))}, BCLC stage {escape(case.fact(frames, 'bclc_stage'))}</p>"
        f'<p class="muted">{escape(citation)}. Rebuilt from the raw data; response by {escape(criterion)}; '
        f"sorafenib start read as '{escape(reading)}' ({_day(start)}).</p></div>"
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
    no = [label for item, label in HISTORY.items() if case.fact(frames, item) == "no"]
    hep = case.fact(frames, "hepatitis")
    history = (
        [f"hepatitis {escape(hep)} ({escape(_note(frames, 'hepatitis'))})"] if hep else []
    ) + yes
    adm = _facts(frames, "admission").iloc[0]
    base = case.baseline_study(frames)
    les = case.lesions(frames)
    n_les = int((les["study_id"] == base["study_id"]).sum())
    img = frames["case_imaging"]
    before = img[(img["purpose"] == "diagnosis")]
    labs = frames["case_labs"]
    afp = labs[(labs["analyte"] == "AFP") & (labs["kind"] == "measurement")].sort_values("date")
    afp_text = ", ".join(
        f"{_n(r.value)} {_unit(r.unit)} ({_day(r.date)})" for r in afp.itertuples()
    )
    items = [
        f"<b>{_n(case.fact(frames, 'age_years'))}-year-old {escape(case.fact(frames, 'sex'))}</b>, admitted to "
        f"{escape(adm['value'])} ({_partial_date(adm['date'])}): {escape(_note(frames, 'admission'))}",
        "History: " + ", ".join(history) + ("; no " + ", no ".join(no) if no else ""),
        *[f"{escape(r.modality)}: {escape(r.note)}" for r in before.itertuples()],
        f"Baseline {escape(base['modality'])} ({_day(base['date'])}): {n_les} measured lesions "
        f"({_lesions_at(frames, base['study_id'])})"
        + ("; a portal mass, not measured" if case.fact(frames, "portal_mass") == "yes" else ""),
        f"AFP before treatment: {afp_text}",
        f"Pathology: {escape(case.fact(frames, 'pathology'))} ({escape(_note(frames, 'pathology'))})",
    ]
    return "<h2>Presentation</h2><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


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
        for r in _facts(frames, item).itertuples():
            when = TIMEPOINTS.get(r.timepoint, r.timepoint)
            if isinstance(r.date, str) and r.date:
                when += f" ({_partial_date(r.date)})"
            rows.append(
                [
                    escape(label),
                    f"<b>{escape(r.value)}</b>",
                    escape(when),
                    f'<span class="muted">{escape(r.location)}</span>',
                ]
            )
    return "<h2>Staging</h2>" + _table(["", "Value", "When", "Where in the paper"], rows)


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
    reading = _reading(frames, sorafenib_start)
    tr = frames["case_treatments"]
    rows = [
        [escape(r.agent), f"{_n(r.dose)} {escape(r.dose_unit)}", escape(r.route)]
        for r in tr[tr["kind"] == "TACE"].itertuples()
    ]
    sor = _sorafenib(frames)
    support = tr[tr["kind"] == "supportive"]
    sup = "; ".join(
        f"{escape(r.agent)}"
        + (f" {_n(r.dose)} {escape(r.dose_unit)}" if pd.notna(r.dose) else "")
        + f", {escape(r.frequency)} ({escape(r.note)})"
        for r in support.itertuples()
    )
    return (
        f"<h2>Treatment</h2><p><b>TACE</b> on {_day(tace)}:</p>"
        + _table(["Agent", "Dose", "Route"], rows)
        + f"<p><b>Sorafenib</b> {_n(sor['dose'])} {escape(sor['dose_unit'])} {escape(sor['frequency'])}, "
        f"{escape(sor['route'])}, from {_day(start)} (reading '{escape(reading)}'): {(start - tace).days} days "
        f"after TACE; {escape(sor['note'])}.</p>" + f'<p class="small">Supportive: {sup}.</p>'
    )


def figure(
    fig_id: str,
    frames: dict,
    preset: str,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
) -> dict:
    """A figure of the deck: as saved for `preset` by its notebook, else drawn here from the data.

    A saved lesion-size figure drawn under another criterion or reading is not used: the deck
    draws its own, so figure and text always agree.

    Parameters
    ----------
    fig_id : str
        One of `FIGURES`.
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    preset : str
        Parameter set whose saved figures are read (`paths.figures_dir`).
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    dict
        id, svg (text), caption, alt and origin ("saved" or "drawn").
    """
    folder = paths.figures_dir(preset)
    if (folder / f"{fig_id}.svg").is_file() and (folder / f"{fig_id}.json").is_file():
        meta = plotting.load_figure(fig_id, preset)
        if _fits(meta, fig_id, criterion, _reading(frames, sorafenib_start)):
            return meta | {"origin": "saved"}
    return _draw(fig_id, frames, criterion, sorafenib_start)


def _fits(meta: dict, fig_id: str, criterion: str, reading: str) -> bool:
    if fig_id != "fig-lesion-size":
        return True
    return f"under {criterion}." in meta["caption"] and f"reading '{reading}'" in meta["caption"]


def _draw(fig_id, frames, criterion, sorafenib_start) -> dict:
    import matplotlib.pyplot as plt

    if fig_id == "fig-lesion-size":
        built = case_figures.lesion_size(frames, criterion, sorafenib_start)
    elif fig_id == "fig-ae-frequency":
        built = trial_charts.ae_frequency(frames)
    elif fig_id == "fig-efficacy":
        built = trial_charts.efficacy(frames)
    else:
        raise UnknownName(f"no figure '{fig_id}' in the deck; known: {', '.join(FIGURES)}")
    buf = io.StringIO()
    # the same settings as plotting.save_figure, so a drawn figure equals a saved one
    with plt.rc_context({"svg.hashsalt": "hccrebuild", "svg.fonttype": "none"}):
        built.fig.savefig(
            buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
    plt.close(built.fig)
    return {
        "id": fig_id,
        "svg": buf.getvalue(),
        "caption": built.caption,
        "alt": built.alt,
        "origin": "drawn",
    }


def figure_html(fig: dict, heading: str) -> str:
    """A figure (see `figure`) inline on a slide, under a heading; the caption goes in the speaker notes.

    Parameters
    ----------
    fig : dict
        As returned by `figure`.
    heading : str
        Slide heading.

    Returns
    -------
    str
        HTML with the SVG inline (no external file).
    """
    svg = re.sub(
        r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*",
        "",
        fig["svg"],
        flags=re.S,
    )
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(fig["alt"], quote=True)}" ', 1)
    return (
        f'<h3>{escape(heading)}</h3><figure class="deck-figure" id="{escape(fig["id"])}">{svg}'
        f'<figcaption class="muted">{escape(fig["id"])}; caption in the speaker notes</figcaption></figure>'
    )


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
    return f"<p>{escape(fig['caption'])}</p>"


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
    measure, unit = response.MEASURE[criterion]
    rows = []
    for r in table.itertuples():
        total = "not recorded" if pd.isna(r.sum) else f"{fmt.number(r.sum, 0)} {unit}"
        change = (
            "" if pd.isna(r.change_baseline_pct) else f"{fmt.number(r.change_baseline_pct, 1)} %"
        )
        rows.append(
            [
                _day(r.date),
                escape(r.modality),
                str(r.days_since_start),
                total,
                change,
                f"<b>{escape(r.category)}</b>",
            ]
        )
    counts = table[table["category"] != response.BASELINE]["category"].value_counts()
    summary = ", ".join(f"{n} {escape(c)}" for c, n in counts.items())
    return (
        f"<h3>Response by {escape(criterion)}</h3>"
        + _table(
            [
                "Study",
                "",
                "Days since sorafenib start",
                escape(measure.capitalize()),
                "Change from baseline",
                "Category",
            ],
            rows,
        )
        + f'<p class="small">Follow-up studies: {summary}.</p>'
    )


def prompt_html(
    key: str, frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None
) -> str:
    """A discussion prompt: the question and what the audience needs to answer it, never the answer.

    Parameters
    ----------
    key : str
        One of `PROMPTS`.
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML: a `<div class="prompt">`.
    """
    _check_prompt(key)
    tace = case.event_date(frames, "tace")
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    if key == "staging":
        return _prompt(
            key,
            f"Which findings place her in BCLC stage {escape(case.fact(frames, 'bclc_stage'))}?",
            f"<p>Distant metastasis: {escape(case.fact(frames, 'distant_metastasis'))}. "
            "What else does the BCLC system look at?</p>",
        )
    if key == "start-date":
        n = len(case.readings(frames, "sorafenib-start"))
        return _prompt(
            key,
            f"The text can be read to give {n} different sorafenib start dates. Does the choice matter?",
            "<p>Which of the paper's statements about time depend on it?</p>",
        )
    if key == "first-scan":
        table = response.assess(frames, criterion, sorafenib_start)
        base, first = table.iloc[0], _first_follow_up(table)
        return _prompt(
            key,
            f"Classify the first follow-up study by {escape(criterion)}.",
            f"<ul><li>Baseline {escape(base['modality'])} ({_day(base['date'])}): "
            f"{_lesions_at(frames, base['study_id'])}</li>"
            f"<li>{escape(first['modality'])} on {_day(first['date'])}, {first['days_since_start']} days after the "
            f"sorafenib start: {_lesions_at(frames, first['study_id'])}</li></ul>",
        )
    if key == "cr-timing":
        claim = _claim(frames, "cr-within-1-month")
        return _prompt(
            key,
            f"The paper says the patient “{escape(claim['quote'])}”. What do the dates support?",
            f'<p class="muted">{escape(claim["section"])}</p>',
        )
    if key == "adverse-events":
        grades = "; ".join(
            f"{escape(r.term)} grade {int(r.ctcae_grade)}"
            for r in _sorafenib_aes(frames).itertuples()
            if pd.notna(r.ctcae_grade)
        )
        return _prompt(
            key,
            "Large trials relate skin toxicity to longer time to progression. "
            "Is such mild toxicity surprising in an exceptional responder?",
            f"<p>This patient's sorafenib adverse events: {grades}.</p>",
        )
    if key == "tace-confounder":
        first = _first_follow_up(response.assess(frames, criterion, sorafenib_start))
        return _prompt(
            key,
            "TACE or sorafenib: whose response is it?",
            f"<p>TACE on {_day(tace)}, sorafenib from {_day(start)}, first follow-up "
            f"{escape(first['modality'])} on {_day(first['date'])}.</p>",
        )
    if key == "rare-cr":
        return _prompt(
            key,
            "How rare is a complete response to sorafenib?",
            "<p>What did the trials the paper tabulates report, and what else is known?</p>",
        )
    return _prompt(
        key,
        "Could a biomarker have predicted this response?",
        "<p>What was measured in this patient, and what do the trials offer?</p>",
    )


def answer_html(
    key: str, frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None
) -> str:
    """The answer to a prompt (see `prompt_html`), for the speaker notes; every number from the data.

    Parameters
    ----------
    key : str
        One of `PROMPTS`.
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML: a `<div class="answer">`.
    """
    _check_prompt(key)
    return _answer(key, ANSWERS[key](frames, criterion, sorafenib_start))


def _check_prompt(key):
    if key not in PROMPTS:
        raise UnknownName(f"no prompt '{key}'; known: {', '.join(PROMPTS)}")


def _claim(frames, claim_id) -> pd.Series:
    c = frames["published_text_claims"]
    return c[c["claim_id"] == claim_id].iloc[0]


def _sorafenib_aes(frames) -> pd.DataFrame:
    ae = frames["case_adverse_events"]
    return ae[ae["attributed_to"] == "sorafenib"]


def _answer_staging(frames, criterion, sorafenib_start) -> list:
    ecog = int(case.fact(frames, "ecog", "diagnosis"))
    items = [
        f"Recorded at diagnosis: BCLC {escape(case.fact(frames, 'bclc_stage'))}, Child-Pugh "
        f"{escape(case.fact(frames, 'child_pugh_class', 'diagnosis'))}, ECOG {ecog}; distant metastasis: "
        f"{escape(case.fact(frames, 'distant_metastasis'))}."
    ]
    items.append(
        "BCLC C (advanced) needs any of: portal invasion, extrahepatic spread, or cancer-related symptoms "
        "(a performance status that is not fully active), with preserved liver function."
    )
    items.append(
        f"ECOG {ecog} at diagnosis is "
        + (
            "not fully active, so it alone places her in C"
            if ecog > 0
            else "fully active, so it does not by itself place her in C"
        )
        + "."
    )
    if case.fact(frames, "portal_mass") == "yes":
        items.append(
            f"The baseline MRI also showed a portal mass ({escape(_note(frames, 'portal_mass'))}): if it is "
            "portal-vein invasion, that alone is stage C. The paper does not say which finding decided it."
        )
    return items


def _answer_start_date(frames, criterion, sorafenib_start) -> list:
    check = timeline.wording(frames, criterion)
    dates = frames["case_event_dates"]
    items = []
    for reading in case.readings(frames, "sorafenib-start"):
        n = timeline.intervals(frames, criterion, reading)
        row = dates[(dates["event_id"] == "sorafenib-start") & (dates["reading"] == reading)].iloc[
            0
        ]
        mine = check[check["reading"] == reading]
        bad = mine[mine["verdict"] == timeline.DISAGREES]
        first = (
            "no CR scan"
            if n["first_cr"] is None
            else f"first CR scan after {n['days_to_first_cr']} days"
        )
        items.append(
            f"'{escape(reading)}': {_day(n['start'])}, {n['days_tace_to_start']} days after TACE; {first}; "
            f"{len(bad)} of {len(mine)} statements about time do not fit the dates"
            + (
                f" ({', '.join(escape(q) for q in dict.fromkeys(bad['printed']))})"
                if len(bad)
                else ""
            )
            + f'. <span class="muted">{escape(row["rationale"])}</span>'
        )
    first = _first_follow_up(response.assess(frames, criterion, sorafenib_start))
    starts = [
        case.event_date(frames, "sorafenib-start", r)
        for r in case.readings(frames, "sorafenib-start")
    ]
    tace = case.event_date(frames, "tace")
    gaps = sorted((s - tace).days for s in starts)
    before = all(s < first["date"] for s in starts)
    items.append(
        f"Every reading starts sorafenib {gaps[0]}–{gaps[-1]} days after TACE, "
        + (
            f"before the first follow-up scan ({_day(first['date'])}): the reading changes the paper's wording, "
            "not the question of which treatment worked."
            if before
            else f"not always before the first follow-up scan ({_day(first['date'])})."
        )
    )
    return items


def _answer_first_scan(frames, criterion, sorafenib_start) -> list:
    table = response.assess(frames, criterion, sorafenib_start)
    first = _first_follow_up(table)
    return [
        f"<b>{escape(first['category'])}</b>: {escape(first['reason'])}.",
        f"Measure under {escape(criterion)}: {escape(response.MEASURE[criterion][0])} ({escape(first['unit'])}).",
    ]


def _answer_cr_timing(frames, criterion, sorafenib_start) -> list:
    reading = _reading(frames, sorafenib_start)
    n = timeline.intervals(frames, criterion, sorafenib_start)
    check = timeline.wording(frames, criterion)
    row = check[(check["claim_id"] == "cr-within-1-month") & (check["reading"] == reading)].iloc[0]
    if n["first_cr"] is None:
        return [
            f"No follow-up study is a CR by {escape(criterion)}, so the statement has no date to check."
        ]
    return [
        f"The first scan showing CR is on {_day(n['first_cr'])}, {n['days_to_first_cr']} days "
        f"({timeline.shown_months(n['days_to_first_cr'])} months) after the sorafenib start ('{escape(reading)}').",
        f"Checked as “{escape(row['rule'])} {row['n']} month”: {escape(row['verdict'])} ({escape(row['explanation'])}).",
        "No scan was done between the start and that one, so the data show when CR was first documented, "
        "not when it was reached.",
    ]


def _answer_adverse_events(frames, criterion, sorafenib_start) -> list:
    ae = trials.adverse_events(frames, ["hand_foot_skin_reaction"])
    arms = ae[ae["treatment"] == "sorafenib"]
    rates = "; ".join(
        f"{escape(r.trial_name)} {escape(r.percent_label)} %" for r in arms.itertuples()
    )
    main = _so(frames).get(("main_adverse_reaction", ""), "not stated")
    items = [
        f"Hand-foot skin reaction in the sorafenib arms of the paper's trials (% of treated patients): {rates}.",
        f"So et al.'s responder had mainly {escape(main)}"
        + ("" if "skin" in main else ", not a skin reaction")
        + ".",
    ]
    items.append(
        "The association is between groups of patients; a few responders with mild toxicity neither "
        "confirm nor refute it. The paper reads the contrast as a hint of a distinct mechanism; that is a "
        "hypothesis, not a finding."
    )
    return items


def _answer_tace(frames, criterion, sorafenib_start) -> list:
    tace = case.event_date(frames, "tace")
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    first = _first_follow_up(response.assess(frames, criterion, sorafenib_start))
    so = _so(frames)
    img = frames["case_imaging"]
    between = img[(img["date"] > tace) & (img["date"] < first["date"])]
    separated = (
        "no scan separates the two treatments"
        if between.empty
        else "scans in between: "
        + ", ".join(f"{escape(r.modality)} {_day(r.date)}" for r in between.itertuples())
    )
    return [
        f"TACE ({_tace_agents(frames)}) on {_day(tace)}; sorafenib from {_day(start)}, {(start - tace).days} days later.",
        f"The first follow-up ({escape(first['modality'])} {_day(first['date'])}) came {(first['date'] - tace).days} days "
        f"after TACE and {first['days_since_start']} days after the sorafenib start, and was already "
        f"{escape(first['category'])}: {separated}.",
        "The paper itself calls TACE a confounding factor; complete responses after TACE alone are reported as rare.",
        _so_locoregional(so),
    ]


def _so_locoregional(so: dict) -> str:
    therapy = so.get(("locoregional_therapy", ""))
    if therapy == "none":
        return (
            "So et al.'s patient had no locoregional therapy and responded to sorafenib alone: sorafenib alone "
            "can do it, which does not show that it did here."
        )
    return f"So et al.'s patient's locoregional therapy: {escape(therapy or 'not stated')}."


def _answer_rare_cr(frames, criterion, sorafenib_start) -> list:
    br = trials.best_response(frames)
    cr = br[br["category"] == response.CR]
    sor = br[(br["treatment"] == "sorafenib") & (br["category"] == response.PR)]
    pr = [fmt.to_decimal(p) for p in sor["percent"]]
    every = [fmt.to_decimal(p) for p in br.loc[br["category"] == response.PR, "percent"]]
    claim = _claim(frames, "pr-rate-range")
    so = _so(frames)
    n_cr = sum(int(c) for c in cr["count"] if c is not None)
    return [
        f"Complete responses in the trial arms the paper tabulates: {n_cr} of {int(cr['denominator'].sum())} "
        f"patients ({int(cr[cr['treatment'] == 'sorafenib']['denominator'].sum())} of them on sorafenib).",
        f"Partial responses in the sorafenib arms: {fmt.number(min(pr), 1)}–{fmt.number(max(pr), 1)} % "
        f"({'; '.join(escape(r.trial_name) + ' ' + escape(r.percent_label) + ' %' for r in sor.itertuples())}); "
        f"over every arm, placebo included, {fmt.number(min(every), 1)}–{fmt.number(max(every), 1)} %; "
        f"the paper prints “{escape(claim['printed'])}”.",
        f"The earlier case the paper found: So et al., a {_n(so[('age_years', '')])}-year-old "
        f"{escape(so[('sex', '')])}, sorafenib for {_n(so[('treatment_months', '')])} months, no recurrence "
        f"{_n(so[('recurrence_free_after_stop_months', '')])} months after stopping.",
        "Case reports cannot give a rate: publication favours the exceptional.",
    ]


def _answer_biomarkers(frames, criterion, sorafenib_start) -> list:
    labs = frames["case_labs"]
    analytes = ", ".join(sorted(set(labs["analyte"])))
    return [
        f"AFP was never raised: {'; '.join(_afp(frames))}. In an AFP-negative tumour AFP cannot "
        "follow the response.",
        f"The data hold no other marker for this patient (laboratory values recorded: {escape(analytes)}).",
        "The paper cites exploratory SHARP biomarkers (plasma soluble c-KIT, VEGF and its receptors; tumour pERK "
        "staining), which showed only trends towards longer survival or time to progression, in trials without "
        "a single complete response: their value for predicting a CR is unknown.",
    ]


ANSWERS = {
    "staging": _answer_staging,
    "start-date": _answer_start_date,
    "first-scan": _answer_first_scan,
    "cr-timing": _answer_cr_timing,
    "adverse-events": _answer_adverse_events,
    "tace-confounder": _answer_tace,
    "rare-cr": _answer_rare_cr,
    "biomarkers": _answer_biomarkers,
}


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
    ae = frames["case_adverse_events"]
    rows = []
    for r in ae.itertuples():
        grade = (
            f"grade {int(r.ctcae_grade)}"
            if pd.notna(r.ctcae_grade)
            else "not graded" + (f" ({escape(r.note)})" if isinstance(r.note, str) else "")
        )
        rows.append(
            [
                escape(r.term),
                escape(r.attributed_to),
                grade,
                escape(r.onset_note),
                escape(r.course),
                escape(r.action),
                escape(r.dose_change),
            ]
        )
    so = _so(frames)
    return (
        "<h2>Adverse events</h2>"
        + _table(
            [
                "Event",
                "Attributed to",
                "Grade",
                "Onset",
                "Course",
                "Action",
                "Sorafenib dose change",
            ],
            rows,
            "small",
        )
        + f'<p class="small">So et al.\'s patient: main adverse reaction '
        f"{escape(so.get(('main_adverse_reaction', ''), 'not stated'))}.</p>"
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
    a = trials.arms(frames)
    t = frames["trials"].set_index("trial_id")
    items = []
    for trial_id, g in a.groupby("trial_id", sort=False):
        arms_text = ", ".join(f"{escape(r.treatment)} {r.n_enrolled}" for r in g.itertuples())
        items.append(
            f"<b>{escape(g['trial_name'].iloc[0])}</b> ({escape(trials.source_short(frames, g['primary_source'].iloc[0]))}): "
            f"{escape(t.loc[trial_id, 'design'])}; {arms_text} patients"
        )
    return (
        "<h2>The trials for context</h2><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        '<p class="small">Next: their adverse events and efficacy on one scale.</p>'
    )


#: The open questions the paper raises, by the prompt that discusses each.
QUESTIONS = {
    "tace-confounder": "TACE as a confounder: whose response is it?",
    "rare-cr": "How rare is a complete response to sorafenib?",
    "biomarkers": "Biomarkers: could this response have been predicted?",
}


def questions_html() -> str:
    """Heading of the open-questions section (the questions follow one by one, see `question_html`).

    Returns
    -------
    str
        HTML.
    """
    return "<h2>Open questions the paper raises</h2>"


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
    number = list(QUESTIONS).index(key) + 1
    return f'<p class="question"><b>{number}.</b> {escape(QUESTIONS[key])}</p>'


def sources_html(frames: dict) -> str:
    """The sources the data cite.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    str
        HTML.
    """
    items = "".join(f"<li>{escape(r.citation)}</li>" for r in frames["sources"].itertuples())
    return f'<h2>Sources</h2><ul class="small">{items}</ul>'
