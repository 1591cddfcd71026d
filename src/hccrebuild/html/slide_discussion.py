"""The deck's discussion prompts (questions on the slides) and their answers (speaker notes)."""

import pandas as pd

from ..analysis import (
    case,
    case_intervals,
    criteria,
    fmt,
    response,
    time_wording,
    trial_ae,
    trial_efficacy,
)
from ..analysis.reading import CaseReading
from ..errors import UnknownName
from ..figures.case_style import reading_words
from . import deck, session
from .case_numbers import STATUS_WORDS
from .deck import day, say
from .templating import render

#: Discussion prompts, in deck order: each has a question slide and an answer in the speaker notes.
PROMPTS = (
    "staging",
    "decision",
    "start-date",
    "first-scan",
    "cr-timing",
    "mrecist",
    "adverse-events",
    "first-line",
    "tace-confounder",
    "rare-cr",
    "biomarkers",
)


#: Prompts whose words rest on guidelines and trials, cited: in the session's prose (prose/session.yaml).
CITED = ("decision", "mrecist", "first-line")


def _words(key: str, part: str, **values) -> str:
    if key in CITED:
        return session.say(f"discussion.{key}.{part}", **values)
    return say(f"prompts.{key}.{part}", **values)


def check_prompt(key):
    """Refuse a key that is not one of `PROMPTS`."""
    if key not in PROMPTS:
        raise UnknownName(f"no prompt '{key}'; known: {', '.join(PROMPTS)}")


def _sorafenib_aes(frames) -> pd.DataFrame:
    ae = frames["case_adverse_events"]
    return ae[ae["attributed_to"] == "sorafenib"]


#: The reading of non-target disease that takes "no significant findings in the liver" to cover the
#: portal mass too (`response.NONTARGET_READINGS`): the other reading a room will raise.
WHOLE_LIVER = response.check_nontarget_reading("whole-liver")

#: The sign of a value a finding marks, in a question: the finding's words would give the answer away.
QUESTION_SIGN = "‡"


def _graded(frames, mark) -> list:
    """The patient's graded sorafenib adverse events, each grade as printed and marked by `mark`."""
    return [
        {
            "term": r.term,
            "grade": mark(
                say("adverse_events.grade", grade=int(r.ctcae_grade), note=""),
                f"case-{r.ae_id}",
                printed=True,
            ),
        }
        for r in _sorafenib_aes(frames).itertuples()
        if pd.notna(r.ctcae_grade)
    ]


def _prompt_values(key, frames, criterion, sorafenib_start) -> dict:
    mark = deck.Marker(frames, sign=QUESTION_SIGN)
    if key == "staging":
        return {
            "bclc": case.fact(frames, "bclc_stage"),
            "metastasis": case.fact(frames, "distant_metastasis"),
        }
    if key == "decision":
        return {
            "bclc": case.fact(frames, "bclc_stage"),
            "tace": day(case.event_date(frames, "tace")),
        }
    if key == "start-date":
        return {"n": len(case.readings(frames, "sorafenib-start"))}
    if key == "mrecist":
        table = response.assess(frames, criterion, sorafenib_start)
        base, follow = table.iloc[0], table.iloc[1:]
        return {
            "base": f"{base['modality']} {day(base['date'])}",
            "follow": [f"{m} {day(d)}" for m, d in zip(follow["modality"], follow["date"])],
        }
    if key == "first-line":
        return _patient(frames)
    if key == "first-scan":
        table = response.assess(frames, criterion, sorafenib_start)
        base, first = table.iloc[0], deck.first_follow_up(table)
        return {
            "criterion": criteria.NAMES[criterion],
            "base_modality": base["modality"],
            "base_date": day(base["date"]),
            "base_lesions": deck.lesions_at(frames, base["study_id"]),
            "base_said": deck.said_at(frames, base["study_id"]),
            "modality": first["modality"],
            "date": day(first["date"]),
            "days": first["days_since_start"],
            "lesions": deck.lesions_at(frames, first["study_id"]),
            "said": deck.said_at(frames, first["study_id"]),
        }
    if key == "cr-timing":
        claim = deck.claim(frames, "cr-within-1-month")
        quote = mark(claim["quote"], "text-cr-within-1-month", printed=True)
        return {"quote": quote, "section": claim["section"]}
    if key == "adverse-events":
        return {"grades": _graded(frames, mark)}
    if key == "tace-confounder":
        first = deck.first_follow_up(response.assess(frames, criterion, sorafenib_start))
        start = day(case.event_date(frames, "sorafenib-start", sorafenib_start))
        return {
            "tace": day(case.event_date(frames, "tace")),
            "start": mark(start, "case-sorafenib-start"),
            "modality": first["modality"],
            "date": day(first["date"]),
        }
    return {}


def prompt_html(
    key: str, frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None
) -> str:
    """A discussion prompt: the question and what the audience needs to answer it, never the answer.

    Parameters
    ----------
    key : str
        One of `PROMPTS`.
    frames : dict of DataFrame
        The resources named in `slides.INPUTS`.
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML: a `<div class="prompt">`.
    """
    check_prompt(key)
    case.event_date(frames, "sorafenib-start", sorafenib_start)
    values = _prompt_values(key, frames, criterion, sorafenib_start)
    question, context = _words(key, "question", **values), _words(key, "context", **values)
    signed = QUESTION_SIGN in question + context
    return render(
        "deck/prompt.html.j2",
        key=key,
        question=question,
        context=context,
        signed=say("prompt_signed", sign=QUESTION_SIGN) if signed else "",
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
        The resources named in `slides.INPUTS`.
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        HTML: a `<div class="answer">`.
    """
    check_prompt(key)
    mark = deck.Marker(frames, sign=QUESTION_SIGN)  # each finding's words once, after the answer
    items = [i for i in ANSWERS[key](frames, criterion, sorafenib_start, mark) if i]
    items.append(say("marked_once", sign=QUESTION_SIGN, notes=list(mark.notes)))
    return render("deck/answer.html.j2", key=key, items=[i for i in items if i])


def _answer_staging(frames, criterion, sorafenib_start, mark) -> list:
    ecog = int(case.fact(frames, "ecog", "diagnosis"))
    items = [
        say(
            "answers.staging.recorded",
            bclc=case.fact(frames, "bclc_stage"),
            child_pugh=case.fact(frames, "child_pugh_class", "diagnosis"),
            ecog=ecog,
            metastasis=case.fact(frames, "distant_metastasis"),
        ),
        say("answers.staging.bclc_c"),
        session.say(
            "discussion.staging.ecog",
            ecog=ecog,
            fully_active=not ecog > 0,
            history=[
                label
                for item, label in deck.prose()["history"].items()
                if case.fact(frames, item) == "yes"
            ],
        ),
    ]
    if case.fact(frames, "portal_mass") == "yes":
        items.append(say("answers.staging.portal"))
        items.append(session.say("discussion.staging.bland"))
    les = case.lesions(frames)
    base = les[les["study_id"] == les["study_id"].iloc[0]]
    items.append(
        session.say(
            "discussion.staging.otherwise",
            child_pugh=case.fact(frames, "child_pugh_class", "diagnosis"),
            sizes=[deck.n(cm * 10) for cm in base["long_cm"]],
            cirrhosis=case.fact(frames, "cirrhosis") == "yes",
        )
    )
    return items


def _patient(frames) -> dict:
    """Stage, liver function and performance status at diagnosis."""
    return {
        "bclc": case.fact(frames, "bclc_stage"),
        "child_pugh": case.fact(frames, "child_pugh_class", "diagnosis"),
        "ecog": int(case.fact(frames, "ecog", "diagnosis")),
    }


def _answer_decision(frames, criterion, sorafenib_start, mark) -> list:
    patient = _patient(frames)
    return [
        session.say("discussion.decision.rule"),
        session.say("discussion.decision.contra"),
        session.say(
            "discussion.decision.case",
            bclc=patient["bclc"],
            child_pugh=patient["child_pugh"],
        ),
    ]


def _answer_mrecist(frames, criterion, sorafenib_start, mark) -> list:
    both = {c: response.assess(frames, c, sorafenib_start) for c in ("RECIST1.1", "mRECIST")}
    scans = [
        session.say(
            "discussion.mrecist.scan",
            modality=r.modality,
            date=day(r.date),
            recist=mark(r.category, f"case-response-{r.study_id}"),
            mrecist=mark(m.category, f"case-response-{m.study_id}"),
        )
        for r, m in zip(
            both["RECIST1.1"].iloc[1:].itertuples(), both["mRECIST"].iloc[1:].itertuples()
        )
    ]
    return [
        session.say("discussion.mrecist.recist", recist_pr=criteria.RECIST_PR),
        session.say("discussion.mrecist.mrecist", mrecist_pr=criteria.MRECIST_PR),
        session.say("discussion.mrecist.assumption", assumption=criteria.MRECIST_ASSUMPTION),
        session.say("discussion.mrecist.scans", scans=scans),
        session.say("discussion.mrecist.lipiodol"),
    ]


def _answer_first_line(frames, criterion, sorafenib_start, mark) -> list:
    patient = _patient(frames)
    return [
        session.say("discussion.first-line.now"),
        session.say("discussion.first-line.bevacizumab"),
        session.say(
            "discussion.first-line.case", child_pugh=patient["child_pugh"], ecog=patient["ecog"]
        ),
        session.say("discussion.first-line.hepatitis") if case.fact(frames, "hepatitis") else "",
    ]


def _statements(frames, criterion) -> list:
    """The paper's statements about time, each once: per statement (claim, months, start point), its
    check under every reading of the sorafenib start."""
    check = time_wording.wording(frames, criterion)
    keys = ["claim_id", "n", "from_key"]
    return [rows.reset_index(drop=True) for _, rows in check.groupby(keys, sort=False)]


def _answer_start_date(frames, criterion, sorafenib_start, mark) -> list:
    readings = case.readings(frames, "sorafenib-start")
    tace = case.event_date(frames, "tace")
    first = deck.first_follow_up(response.assess(frames, criterion, sorafenib_start))
    starts = {r: case.event_date(frames, "sorafenib-start", r) for r in readings}
    gaps = sorted((s - tace).days for s in starts.values())
    statements = _statements(frames, criterion)
    changed = [rows for rows in statements if rows["status"].nunique() > 1]
    same_bad = [
        rows
        for rows in statements
        if rows["status"].nunique() == 1 and rows["status"].iloc[0] != case_intervals.HOLDS
    ]
    return [
        say(
            "answers.start-date.dates",
            starts=[
                {"reading": reading_words(r), "start": mark(day(s), "case-sorafenib-start")}
                for r, s in starts.items()
            ],
            low=gaps[0],
            high=gaps[-1],
            before=all(s < first["date"] for s in starts.values()),
            first=day(first["date"]),
        ),
        say(
            "answers.start-date.changed",
            statements=[
                {
                    "printed": mark(rows["printed"].iloc[0], f"text-{rows['claim_id'].iloc[0]}"),
                    "to": rows["to"].iloc[0],
                    "by": [
                        {
                            "start": day(r.from_date),
                            "days": r.days,
                            "status": STATUS_WORDS[r.status],
                        }
                        for r in rows.itertuples()
                    ],
                }
                for rows in changed
            ],
        ),
        say(
            "answers.start-date.same",
            n=len(statements) - len(changed),
            of=len(statements),
            statements=[
                {
                    "printed": mark(rows["printed"].iloc[0], f"text-{rows['claim_id'].iloc[0]}"),
                    "section": rows["section"].iloc[0],
                    "from": rows["from"].iloc[0],
                    "status": STATUS_WORDS[rows["status"].iloc[0]],
                }
                for rows in same_bad
            ],
        ),
    ]


def _answer_first_scan(frames, criterion, sorafenib_start, mark) -> list:
    first = deck.first_follow_up(response.assess(frames, criterion, sorafenib_start))
    return [
        say(
            "answers.first-scan.category",
            category=mark(first["category"], f"case-response-{first['study_id']}"),
            reason=first["reason"],
        ),
        say(
            "answers.first-scan.measure",
            criterion=criteria.NAMES[criterion],
            measure=criteria.MEASURE[criterion][0],
            unit=first["unit"],
        ),
    ]


def _answer_cr_timing(frames, criterion, sorafenib_start, mark) -> list:
    reading = deck.reading(frames, sorafenib_start)
    n = case_intervals.intervals(frames, criterion, sorafenib_start)
    check = time_wording.wording(frames, criterion)
    row = check[(check["claim_id"] == "cr-within-1-month") & (check["reading"] == reading)].iloc[0]
    if n["first_cr"] is None:
        return [say("answers.cr-timing.no_cr", criterion=criteria.NAMES[criterion])]
    first = deck.first_follow_up(response.assess(frames, criterion, sorafenib_start))
    whole = CaseReading(frames, criterion, sorafenib_start, WHOLE_LIVER).first_cr
    return [
        say(
            "answers.cr-timing.verdict",
            printed=row["printed"],
            verdict=mark(STATUS_WORDS[row["status"]], "text-cr-within-1-month"),
            date=day(first["date"]),
            days=first["days_since_start"],
            category=mark(first["category"], f"case-response-{first['study_id']}"),
            criterion=criteria.NAMES[criterion],
            target=first["target_category"],
            nontarget=first["nontarget_category"],
        ),
        say(
            "answers.cr-timing.first",
            first_cr=mark(day(n["first_cr"]), "case-first-cr"),
            days=n["days_to_first_cr"],
            whole=None
            if whole is None or whole["date"] == n["first_cr"]
            else {"date": day(whole["date"]), "days": whole["days_since_start"]},
        ),
        say("answers.cr-timing.caveat"),
        _cr_duration(frames, criterion, sorafenib_start, mark),
    ]


def _cr_duration(frames, criterion, sorafenib_start, mark) -> str:
    """The CR's confirmation and how long the scans document it (`response.first_sustained`)."""
    table = response.assess(frames, criterion, sorafenib_start)
    cr = response.first_sustained(table)
    if cr is None:
        return say("answers.cr-timing.not_sustained", criterion=criteria.NAMES[criterion])
    dates = table.set_index("study_id")["date"]
    last = table["date"].max()
    # the other reading of "no significant findings in the liver": its CR, confirmation and span
    whole_table = response.assess(frames, criterion, sorafenib_start, WHOLE_LIVER)
    other = response.first_sustained(whole_table)
    whole = None
    if other is not None and other["date"] != cr["date"]:
        wd = whole_table.set_index("study_id")["date"]
        whole = {
            "first": day(other["date"]),
            "confirmed": day(wd[other["confirmed_by"]]),
            "confirm_days": int(other["confirmation_days"]),
            "cr_days": (last - other["date"]).days,
        }
    return say(
        "answers.cr-timing.duration",
        whole=whole,
        first=mark(day(cr["date"]), "case-first-cr"),
        confirmed=day(dates[cr["confirmed_by"]]),
        confirm_days=int(cr["confirmation_days"]),
        confirm_min=response.CONFIRM_DAYS,
        source=session.short_references(["recist11-2009"])[0],
        last=day(last),
        cr_days=mark((last - cr["date"]).days, "case-cr-duration"),
    )


def _answer_adverse_events(frames, criterion, sorafenib_start, mark) -> list:
    ae = trial_ae.adverse_events(frames, ["hand_foot_skin_reaction"])
    arms = ae[ae["treatment"] == "sorafenib"]
    rates = [
        mark(
            say("answers.adverse-events.rate", trial=r.trial_name, percent=r.percent_label),
            f"table1-ae-{r.ae_term}-{r.arm_id}",
        )
        for r in arms.itertuples()
    ]
    main = deck.so(frames).get(("main_adverse_reaction", ""), "not stated")
    return [
        say("answers.adverse-events.patient", grades=_graded(frames, mark)),
        say("answers.adverse-events.rates", rates=rates),
        say(
            "answers.adverse-events.so",
            main=mark(main, "table2-main_adverse_reaction-so-2008"),
            skin="skin" in main,
        ),
        say("answers.adverse-events.caveat", source=session.short_references(["reig-2014"])[0]),
    ]


def _answer_tace(frames, criterion, sorafenib_start, mark) -> list:
    tace = case.event_date(frames, "tace")
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    first = deck.first_follow_up(response.assess(frames, criterion, sorafenib_start))
    img = frames["case_imaging"]
    between = img[(img["date"] > tace) & (img["date"] < first["date"])]
    tr = frames["case_treatments"]
    agents = [
        say("answers.tace-confounder.agent", agent=r.agent, dose=deck.n(r.dose), unit=r.dose_unit)
        for r in tr[tr["kind"] == "TACE"].itertuples()
    ]
    therapy = deck.so(frames).get(("locoregional_therapy", ""))
    return [
        say(
            "answers.tace-confounder.dates",
            agents=agents,
            tace=day(tace),
            start=mark(day(start), "case-sorafenib-start"),
            gap=(start - tace).days,
        ),
        say(
            "answers.tace-confounder.first",
            modality=first["modality"],
            date=day(first["date"]),
            after_tace=(first["date"] - tace).days,
            after_start=first["days_since_start"],
            category=mark(first["category"], f"case-response-{first['study_id']}"),
            between=[
                say("answers.tace-confounder.between", modality=r.modality, date=day(r.date))
                for r in between.itertuples()
            ],
        ),
        session.say("discussion.tace-confounder.paper"),
        say("answers.tace-confounder.so_none")
        if therapy == "none"
        else say("answers.tace-confounder.so_other", therapy=therapy or "not stated"),
    ]


def _answer_rare_cr(frames, criterion, sorafenib_start, mark) -> list:
    br = trial_efficacy.best_response(frames)
    cr = br[br["category"] == criteria.CR]
    sor = br[(br["treatment"] == "sorafenib") & (br["category"] == criteria.PR)]
    pr = [fmt.to_decimal(p) for p in sor["percent"]]
    every = [fmt.to_decimal(p) for p in br.loc[br["category"] == criteria.PR, "percent"]]
    so = deck.so(frames)
    return [
        say(
            "answers.rare-cr.complete",
            n_cr=mark(
                sum(int(c) for c in cr["count"] if c is not None),
                " ".join(f"table1-cr-{a}" for a in cr["arm_id"]),
            ),
            n_all=int(cr["denominator"].sum()),
            n_sorafenib=int(cr[cr["treatment"] == "sorafenib"]["denominator"].sum()),
        ),
        say(
            "answers.rare-cr.partial",
            low=fmt.number(min(pr), 1),
            high=fmt.number(max(pr), 1),
            arms=[
                mark(f"{r.trial_name} {r.percent_label} %", f"table1-pr-{r.arm_id}")
                for r in sor.itertuples()
            ],
            all_low=fmt.number(min(every), 1),
            all_high=fmt.number(max(every), 1),
            printed=mark(
                deck.claim(frames, "pr-rate-range")["printed"], "text-pr-rate-range", printed=True
            ),
        ),
        say(
            "answers.rare-cr.so",
            age=mark(deck.n(so[("age_years", "")]), "table2-age-so-2008"),
            sex=mark(so[("sex", "")], "table2-sex-so-2008"),
            months=mark(deck.n(so[("treatment_months", "")]), "table2-treatment_months-so-2008"),
            free=mark(
                deck.n(so[("recurrence_free_after_stop_months", "")]), "text-so-recurrence-free"
            ),
        ),
        session.say("discussion.rare-cr.series"),
        say("answers.rare-cr.caveat"),
    ]


def _afp_values(frames) -> list:
    """Every AFP value recorded, with its date or the period it covers."""
    labs = frames["case_labs"]
    labs = labs[labs["analyte"] == "AFP"]
    out = []
    for r in labs.sort_values("date", kind="stable").itertuples():
        value = (
            f"{deck.n(r.value)}–{deck.n(r.value_high)}"
            if pd.notna(r.value_high)
            else deck.n(r.value)
        )
        when = (
            day(r.date)
            if pd.notna(r.date)
            else say("answers.biomarkers.afp_undated", period=r.period)
        )
        out.append(
            say("answers.biomarkers.afp_value", value=value, unit=deck.unit(r.unit), when=when)
        )
    return out


def _answer_biomarkers(frames, criterion, sorafenib_start, mark) -> list:
    labs = frames["case_labs"]
    return [
        say("answers.biomarkers.afp", values=_afp_values(frames)),
        say("answers.biomarkers.others", analytes=", ".join(sorted(set(labs["analyte"])))),
        say("answers.biomarkers.sharp"),
    ]


ANSWERS = {
    "staging": _answer_staging,
    "decision": _answer_decision,
    "mrecist": _answer_mrecist,
    "first-line": _answer_first_line,
    "start-date": _answer_start_date,
    "first-scan": _answer_first_scan,
    "cr-timing": _answer_cr_timing,
    "adverse-events": _answer_adverse_events,
    "tace-confounder": _answer_tace,
    "rare-cr": _answer_rare_cr,
    "biomarkers": _answer_biomarkers,
}
