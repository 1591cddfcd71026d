"""The response exercise as data: what the paper says at each scan, the questions a learner answers
and their answers, all from `response.assess` (the verdicts of the report), so that the interactive
exercise and the printed worksheet ask the same questions and expect the same answers.

Rules: RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228-247): a target lesion needs a
longest diameter of at least 10 mm on CT or MRI; the sum of longest diameters is compared with the
baseline for PR and with the smallest sum so far (the nadir) for PD; the best overall response is
the best response recorded until progression; a CR or PR is confirmed by a repeat assessment at
least 4 weeks on. mRECIST for HCC (Lencioni & Llovet, Semin Liver Dis 2010;30:52-60) measures only
viable tumour, the part that enhances in the arterial phase, so a target lesion must also enhance;
here that is assumed (`criteria.MRECIST_ASSUMPTION`), as the report assumes it.
"""

from decimal import Decimal

import pandas as pd

from . import case, criteria, fmt, response
from .reading import day

#: Resources the exercise reads.
INPUTS = [*response.INPUTS]

#: Smallest longest diameter of a measurable (target) lesion on CT or MRI, mm (RECIST 1.1; mRECIST alike).
MIN_TARGET_MM = Decimal(10)
#: A lesion too small to be a target: the measurability question offers it as a third baseline lesion.
PROBE_MM = Decimal(5)
#: Hypothetical diameters (cm, long and short) of the two target lesions at two made-up follow-ups, for
#: practising the arithmetic the recorded scans never need (every follow-up lesion is gone): the first
#: is a decrease of exactly the PR threshold, the second a rise that is PD against the nadir but not
#: against the baseline.
PRACTICE = (
    (
        "practice-1",
        {"L1": (Decimal("2.0"), Decimal("1.6")), "L2": (Decimal("1.5"), Decimal("1.2"))},
    ),
    (
        "practice-2",
        {"L1": (Decimal("2.6"), Decimal("2.0")), "L2": (Decimal("1.6"), Decimal("1.3"))},
    ),
)
#: Answer tokens for values that cannot be given: the data cannot give it; a change in percent from
#: a nadir of 0 (a division by zero); a sum the paper does not report (mRECIST's baseline viable sum).
NOT_DEFINED = "not defined"
NOT_ASSESSABLE = criteria.NOT_ASSESSABLE
NOT_REPORTED = "not reported"
YES, NO = "yes", "no"
#: What a learner may type for the tokens (case-insensitive).
TOKENS = {
    NOT_ASSESSABLE: ("not assessable", "ne", "not evaluable", "na", "n/a"),
    NOT_DEFINED: ("not defined", "undefined", "nd", "-", "—"),
    NOT_REPORTED: (
        "not reported",
        "not reported (assumed enhancing)",
        "nr",
        "not given",
        "unknown",
    ),
}
#: The few words beside mRECIST's baseline viable sum (`criteria.MRECIST_ASSUMPTION` says why).
ASSUMED_ENHANCING = "assumed enhancing"
OVERALL_CHOICES = (criteria.CR, criteria.PR, criteria.SD, criteria.PD, NOT_ASSESSABLE)
NONTARGET_CHOICES = (criteria.CR, response.NON_CR_NON_PD, criteria.PD, NOT_ASSESSABLE)
#: How each non-target item and the new lesions read in words.
ITEM_NAMES = {
    "portal-mass": "portal mass",
    "other-intrahepatic": "other intrahepatic masses",
    "new-lesions": "new lesions",
}
STATUS_WORDS = {
    "present": "present",
    "absent": "absent",
    "not-evaluated": "not described",
    "unequivocal-progression": "progressing",
    "yes": "seen",
    "no": "none",
}
#: An item the paper names neither present nor absent, though a statement on the whole liver may
#: cover it (`READINGS`).
UNNAMED = "not named apart from the liver statement"
#: Items the paper does not describe that the authors' CR verdict makes absent.
IMPLIED = "absent as the CR implies, not described"
#: Findings-register ids of the paper's words the scans quote (analysis.marks).
QUOTE_VALUES = {"first-follow-up": "text-first-follow-up-cr", "author-verdict": "text-sustained-cr"}
#: The two readings of the paper's "no significant findings in the liver" (two CTs) that the
#: exercise accepts, each with the few words that name it: the portal mass left out (it might lie
#: outside the liver, a hilar node say) or covered. The report's verdicts use the first.
READINGS = (
    ("as-described", "if the liver statement leaves out the portal mass"),
    (
        response.check_nontarget_reading("whole-liver"),
        "if the liver statement covers the portal mass",
    ),
)


def _num(value) -> Decimal:
    return fmt.round_half_up(value, 1)


def scans(frames: dict, sorafenib_start: str = None) -> pd.DataFrame:
    """What the paper says at the baseline and every follow-up scan, as the report reads it.

    One row per study: study_id, label ("MRI 14 May 2009"), day of sorafenib, baseline (bool),
    target (the paper's words on the two measured lesions), target_value (the findings-register id
    of those words, "" if none), nontarget (the portal mass and the other intrahepatic masses, each
    with its status under the default reading and the words it rests on) and new_lesions (in words:
    `response.NEW_LESION_WORDS`).
    """
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    table = response.assess(frames, "RECIST1.1", sorafenib_start)
    basis = frames["case_lesion_basis"]
    first_follow = table.loc[table["category"] != criteria.BASELINE, "study_id"].iloc[0]
    rows = []
    for r in table.itertuples():
        b = basis[basis["study_id"] == r.study_id]
        quote = str(b["quote"].iloc[0]) if not b.empty else ""
        kind = str(b["basis"].iloc[0]) if not b.empty else ""
        value = ""
        if r.study_id == first_follow:
            value = QUOTE_VALUES["first-follow-up"]
        elif kind == "inferred-from-author-verdict":
            value = QUOTE_VALUES["author-verdict"]
        items = response.items_at(frames, r.study_id, READINGS[0][0])
        other = response.items_at(frames, r.study_id, READINGS[1][0]).set_index("item")["status"]
        said, implied = [], []
        for it in items.itertuples():
            if it.item == "new-lesions":
                continue
            # an item the readings disagree on is left to the learner: the paper does not name it
            two = other.get(it.item, it.status) != it.status
            words = UNNAMED if two else STATUS_WORDS.get(it.status, it.status)
            if it.basis == "author-verdict" and not two:
                implied.append(ITEM_NAMES.get(it.item, it.item))
                continue
            fresh = (
                isinstance(it.quote, str)
                and it.quote != quote
                and it.status != "not-evaluated"
                and not two
            )
            q = f" ('{it.quote}')" if fresh else ""
            said.append(f"{ITEM_NAMES.get(it.item, it.item)}: {words}{q}")
        if implied:  # not described: only the authors' CR verdict makes them absent
            said.append(f"{' and '.join(implied)}: {IMPLIED}")
        baseline = r.category == criteria.BASELINE
        nl = response.new_lesion_status(items)
        rows.append(
            {
                "study_id": r.study_id,
                "label": f"{r.modality} {day(r.date)}",
                "day": (r.date - start).days,
                "baseline": baseline,
                "target": quote,
                "target_value": value,
                "nontarget": "; ".join(said),
                "new_lesions": "" if baseline else response.new_lesion_words(nl),
            }
        )
    return pd.DataFrame(rows)


def _q(qid, section, label, kind, answer, why, **more) -> dict:
    """One question: id, section, label, kind ("number" or "choice"), answer (a Decimal or a
    string), why, and optionally study_id, unit, choices, value_id (findings-register id of the
    answer), note (a few words on why an answer is a token, not a number) and mistakes
    ([(value, feedback)]: wrong answers worth a specific word); `questions` fills also and reading
    where the paper's words bear two readings."""
    return {
        "id": qid,
        "section": section,
        "label": label,
        "kind": kind,
        "answer": answer,
        "why": why,
        "study_id": more.get("study_id", ""),
        "unit": more.get("unit", ""),
        "choices": tuple(more.get("choices", ())),
        "value_id": more.get("value_id", ""),
        "note": more.get("note", "") if answer in TOKENS else "",
        "mistakes": list(more.get("mistakes", ())),
        "also": [],
        "reading": "",
    }


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def _pct_answer(pct, reference, current, words: dict) -> tuple:
    """(answer, note) for a change in percent: a number, or a token and the few words of why.

    `words` names the reference ("ref": "baseline viable sum") and the missing sum ("sum": "viable
    sum"); `reference` 0 is a nadir of 0, from which no change in percent exists."""
    if pd.notna(pct):
        return _num(pct), ""
    if _missing(current):
        return NOT_ASSESSABLE, f"no {words['sum']} at this scan"
    if _missing(reference):
        return NOT_ASSESSABLE, words["ref"]
    return NOT_DEFINED, f"nadir 0 {words['unit']}"


def shown_answer(question: dict, unit: str = "") -> str:
    """A question's answer as the key shows it: `shown`, with the few words of why after a token
    ("not defined (nadir 0 mm)"), and the answer under the other reading after "or" when the
    paper's words bear two ("PR (if the liver statement leaves out …) or CR (if it covers …)")."""
    text = shown_value(question["answer"], unit)
    words = [question["note"]] if question.get("note") else []
    if question.get("also"):
        words.append(question["reading"])
    text = f"{text} ({'; '.join(words)})" if words else text
    for other, why in question.get("also", ()):
        text += f" or {shown_value(other, unit)} ({why})"
    return text


def shown_value(answer, unit: str = "") -> str:
    """`shown`, with the unit after a number (not after a token)."""
    return shown(answer) + (f" {unit}" if unit and isinstance(answer, Decimal) else "")


def questions(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> list:
    """The exercise's questions for `criterion`, in order, each with its answer (see `_q`).

    Sections: "baseline" (measurability, the baseline sum), "scan" (per follow-up: sum, change
    from baseline and from the nadir, target, non-target and overall category), "course" (nadir,
    first overall CR, its confirmation, best overall response, duration of CR) and "practice"
    (made-up measurements, `PRACTICE`, where baseline and nadir give different answers).

    The paper's "no significant findings in the liver" may or may not cover the portal mass
    (`READINGS`): where the two readings give different answers, the question's answer is the
    first reading's and `also` holds the second's, [(answer, words)]; both count as correct.
    """
    criteria.check_criterion(criterion)
    (first, first_words), (second, second_words) = READINGS
    out = _questions(frames, criterion, sorafenib_start, first)
    other = {q["id"]: q for q in _questions(frames, criterion, sorafenib_start, second)}
    for q in out:
        o = other.get(q["id"])
        if o is None or o["answer"] == q["answer"]:
            continue
        q["also"] = [(o["answer"], second_words)]
        q["reading"] = first_words
        q["note"] = ""  # the reading says why
        q["why"] = f"{q['why']}; {second_words}: {o['why']}" if o["why"] != q["why"] else q["why"]
        # an answer right under the other reading is not a mistake
        q["mistakes"] = [(v, w) for v, w in q["mistakes"] if v != o["answer"]]
    return out


def _questions(frames: dict, criterion: str, sorafenib_start, reading: str) -> list:
    """`questions` under one reading of the paper's non-target statements (`response.NONTARGET_READINGS`)."""
    table = response.assess(frames, criterion, sorafenib_start, reading)
    measure, unit = criteria.MEASURE[criterion]
    mrecist = criterion == "mRECIST"
    les = case.lesions(frames)
    base = table.iloc[0]
    at_base = les[les["study_id"] == base["study_id"]]
    out = []
    need = f"a longest diameter of at least {MIN_TARGET_MM} mm on CT or MRI" + (
        " and arterial enhancement (viable tumour)" if mrecist else ""
    )
    out.append(
        _q(
            "measurable",
            "baseline",
            f"A third liver lesion of {PROBE_MM} mm on the baseline {base['modality']}: can it be a target lesion?",
            "choice",
            NO if PROBE_MM < MIN_TARGET_MM else YES,
            f"a target lesion needs {need}; a smaller lesion is followed as non-target disease",
            choices=(YES, NO),
        )
    )
    base_sum = base["sum"]
    products = sum(
        Decimal(str(r.long_cm)) * Decimal(str(r.short_cm)) * 100 for r in at_base.itertuples()
    )
    longs = sum(Decimal(str(r.long_cm)) * 10 for r in at_base.itertuples())
    mistakes = [
        (
            _num(products),
            "that is the sum of products of the two diameters (WHO), not of the longest diameters",
        )
    ]
    mistakes.append((_num(longs / 10), "that is in cm: give the sum in mm"))
    if criterion == "WHO":
        mistakes = [
            (_num(longs), "that is the sum of longest diameters (RECIST); WHO sums the products")
        ]
    note = ""
    if pd.isna(base_sum):
        # mRECIST: the lesions are assumed to enhance, so they are targets; their viable part is not given
        why = f"mRECIST sums viable tumour only; {criteria.MRECIST_ASSUMPTION}"
        mistakes.append(
            (
                _num(longs),
                "that is the RECIST 1.1 sum of the whole lesions: mRECIST counts only the enhancing "
                "part, whose diameters the paper does not give",
            )
        )
        mistakes.append(
            (
                NOT_ASSESSABLE,
                "the baseline MRI is assessable, and the lesions are assumed to enhance; only their "
                f"viable diameters are not given: write “{NOT_REPORTED}”",
            )
        )
        answer, note = NOT_REPORTED, ASSUMED_ENHANCING
    else:
        answer = _num(base_sum)
        why = f"the {measure} of the {len(at_base)} target lesions at baseline"
    out.append(
        _q(
            "baseline-sum",
            "baseline",
            f"Baseline {measure} ({unit})",
            "number",
            answer,
            why,
            unit=unit,
            mistakes=mistakes,
            study_id=base["study_id"],
            note=note,
        )
    )
    follow = table[table["category"] != criteria.BASELINE]
    nadir = None if pd.isna(base_sum) else base_sum
    viable = "viable " if mrecist else ""
    for r in follow.itertuples():
        s, lab = r.study_id, f"{r.modality} {day(r.date)}"
        target_na = r.target_category == NOT_ASSESSABLE
        cur = None if target_na or pd.isna(r.sum) else r.sum
        lipiodol = mrecist and response.after_lipiodol(frames, r)
        missing = response.LIPIODOL_WHY if lipiodol else f"{viable}diameters not given"
        out.append(
            _q(
                f"{s}-sum",
                "scan",
                f"{lab}: {measure} ({unit})",
                "number",
                NOT_ASSESSABLE if cur is None else _num(cur),
                r.reason.split(";")[0],
                study_id=s,
                unit=unit,
                note=missing,
            )
        )
        words = {"sum": f"{viable}sum", "unit": unit}
        pb, pb_note = _pct_answer(
            r.change_baseline_pct,
            None if pd.isna(base_sum) else base_sum,
            cur,
            words | {"ref": f"baseline {viable}sum {NOT_REPORTED}"},
        )
        pn, pn_note = _pct_answer(
            r.change_nadir_pct, nadir, cur, words | {"ref": f"no earlier {viable}sum"}
        )
        swap_b = (
            [(pn, "that is the change from the nadir: PR is judged against the baseline")]
            if pn != pb
            else []
        )
        swap_n = (
            [
                (
                    pb,
                    "that is the change from the baseline: PD is judged against the nadir, the smallest sum so far",
                )
            ]
            if pn != pb
            else []
        )
        if pn == NOT_DEFINED:
            swap_n.append(
                (
                    Decimal(0),
                    f"the nadir is 0 {unit}: a change in percent from a nadir of 0 is not defined (it "
                    "would divide by zero); after a CR any lesion seen again is progression",
                )
            )
        out.append(
            _q(
                f"{s}-from-baseline",
                "scan",
                f"{lab}: change from baseline (%)",
                "number",
                pb,
                "this sum minus the baseline sum, divided by the baseline sum",
                study_id=s,
                unit="%",
                mistakes=swap_b,
                note=pb_note,
            )
        )
        out.append(
            _q(
                f"{s}-from-nadir",
                "scan",
                f"{lab}: change from nadir (%)",
                "number",
                pn,
                "this sum minus the nadir, divided by the nadir; the nadir is the smallest sum before this scan, the baseline included",
                study_id=s,
                unit="%",
                mistakes=swap_n,
                note=pn_note,
            )
        )
        out.append(
            _q(
                f"{s}-target",
                "scan",
                f"{lab}: target lesions",
                "choice",
                r.target_category,
                r.reason.split("; non-target")[0],
                study_id=s,
                choices=OVERALL_CHOICES,
                note=f"no {viable}sum at this scan",
            )
        )
        out.append(
            _q(
                f"{s}-nontarget",
                "scan",
                f"{lab}: non-target disease",
                "choice",
                r.nontarget_category,
                "the portal mass and the other intrahepatic masses: every item absent is CR, any present non-CR/non-PD, any not described not assessable",
                study_id=s,
                choices=NONTARGET_CHOICES,
                note=_not_described(frames, s),
            )
        )
        wrong = (
            [
                (
                    r.target_category,
                    "that is the target-lesion category alone: the overall response also needs non-target disease and new lesions",
                )
            ]
            if r.target_category != r.category
            else []
        )
        out.append(
            _q(
                f"{s}-overall",
                "scan",
                f"{lab}: overall response",
                "choice",
                r.category,
                r.reason.split("overall: ")[-1],
                study_id=s,
                choices=OVERALL_CHOICES,
                value_id=f"case-response-{s}",
                mistakes=wrong,
                note="target lesions not assessable",
            )
        )
        if cur is not None and (nadir is None or cur < nadir):
            nadir = cur
    out.extend(_course(table, criterion))
    out.extend(_practice(frames, criterion, base_sum, longs))
    return out


def _not_described(frames: dict, study_id: str) -> str:
    """The non-target items the paper does not describe at a study, in words ("portal mass not described")."""
    items = response.items_at(frames, study_id)
    silent = items[(items["item"] != "new-lesions") & (items["status"] == "not-evaluated")]
    names = [ITEM_NAMES.get(i, i) for i in silent["item"]]
    return f"{' and '.join(names)} {STATUS_WORDS['not-evaluated']}" if names else ""


def _label(table, study_id) -> str:
    r = table.set_index("study_id").loc[study_id]
    return f"{r['modality']} {day(r['date'])}"


def _course(table: pd.DataFrame, criterion: str) -> list:
    follow = table[table["category"] != criteria.BASELINE]
    labels = [_label(table, s) for s in follow["study_id"]]
    none = "none"
    # the nadir is the smallest sum recorded, the baseline's included (RECIST 1.1)
    sums = table["sum"].where(table["target_category"] != NOT_ASSESSABLE)
    out = []
    if sums.notna().any():
        out.append(
            _q(
                "nadir",
                "course",
                f"Nadir: the smallest {criteria.MEASURE[criterion][0]} recorded, baseline included ({criteria.MEASURE[criterion][1]})",
                "number",
                _num(sums.min()),
                "the smallest sum recorded; PD is measured from it",
                unit=criteria.MEASURE[criterion][1],
            )
        )
    cr = follow[follow["category"] == criteria.CR]
    first = cr.iloc[0] if not cr.empty else None
    first_target_cr = follow[follow["target_category"] == criteria.CR]
    wrong = []
    if not first_target_cr.empty and (
        first is None or first_target_cr.iloc[0]["study_id"] != first["study_id"]
    ):
        wrong = [
            (
                _label(table, first_target_cr.iloc[0]["study_id"]),
                "there the target lesions are CR, but non-target disease is not shown gone: overall PR or not assessable, not CR",
            )
        ]
    out.append(
        _q(
            "first-cr",
            "course",
            "First scan with an overall CR",
            "choice",
            none if first is None else _label(table, first["study_id"]),
            "overall CR needs target CR, non-target CR and no new lesion",
            choices=(*labels, none),
            value_id="case-first-cr",
            mistakes=wrong,
        )
    )
    conf = (
        none if first is None or not first["confirmed_by"] else _label(table, first["confirmed_by"])
    )
    days = (
        ""
        if first is None or pd.isna(first["confirmation_days"])
        else f" ({int(first['confirmation_days'])} days later)"
    )
    out.append(
        _q(
            "confirmed-by",
            "course",
            f"Which scan confirms that CR (at least {response.CONFIRM_DAYS} days later)?",
            "choice",
            conf,
            f"a CR is confirmed by a later CR at least {response.CONFIRM_DAYS} days on{days}",
            choices=(*labels, none),
            value_id="case-first-cr",
        )
    )
    best = response.best_overall(table)
    word = "confirmed" if best["confirmed"] else "not confirmed"
    out.append(
        _q(
            "best-overall",
            "course",
            "Best overall response",
            "choice",
            best["category"],
            f"the best response recorded until progression: {best['category']}, {word}",
            choices=OVERALL_CHOICES,
            value_id=f"case-response-{best['first']}" if best["first"] else "",
        )
    )
    dur = response.cr_duration(table)
    if dur["days"] is not None:
        still = follow["category"].iloc[-1] == criteria.CR
        out.append(
            _q(
                "cr-duration",
                "course",
                "Duration of CR so far (days, from the first overall CR to the last scan showing CR)",
                "number",
                Decimal(dur["days"]),
                "from the date CR is first met"
                + (
                    " to the last scan, where it still holds: at least this long"
                    if still
                    else " until progression"
                ),
                unit="days",
                value_id="case-cr-duration",
            )
        )
    return out


def _practice(frames: dict, criterion: str, base_sum, longs) -> list:
    """Questions on made-up target measurements (`PRACTICE`): RECIST 1.1 arithmetic on the longest
    diameters (mRECIST: the same on the viable diameters, assumed all enhancing), WHO on products."""
    who = criterion == "WHO"
    unit = criteria.MEASURE[criterion][1]
    classify = {"WHO": criteria.classify_who, "mRECIST": criteria.classify_mrecist}.get(
        criterion, criteria.classify_recist
    )
    ref = Decimal(str(base_sum)) if pd.notna(base_sum) else longs
    nadir, out = ref, []
    # mRECIST's baseline viable sum is not reported: the practice makes every lesion wholly viable
    whole = (
        f" (made up: every lesion wholly enhancing, so the baseline viable sum is {shown(ref)} {unit})"
        if criterion == "mRECIST"
        else ""
    )
    for i, (pid, sizes) in enumerate(PRACTICE, start=1):
        total = sum((a * b * 100 if who else a * 10) for a, b in sizes.values())
        other = sum((a * 10 if who else a * b * 100) for a, b in sizes.values())
        sizes_cm = ", ".join(f"{k} {a} × {b} cm" for k, (a, b) in sizes.items())
        lab = f"Practice scan {i}{whole if i == 1 else ''} ({sizes_cm})"
        pb = _num(criteria.change_pct(ref, total))
        pn = _num(criteria.change_pct(nadir, total))
        res = classify(ref, nadir, total)
        out.append(
            _q(
                f"{pid}-sum",
                "practice",
                f"{lab}: sum ({unit})",
                "number",
                _num(total),
                "sum of the products of the two diameters"
                if who
                else "sum of the longest diameters (the short diameters are not used)",
                unit=unit,
                mistakes=[
                    (
                        _num(other),
                        "that sums the other measure: "
                        + (
                            "WHO multiplies the two diameters"
                            if who
                            else "RECIST 1.1 adds the longest diameters, not products"
                        ),
                    )
                ],
            )
        )
        out.append(
            _q(
                f"{pid}-from-baseline",
                "practice",
                f"Practice scan {i}: change from baseline (%)",
                "number",
                pb,
                "this sum minus the baseline sum, divided by the baseline sum",
                unit="%",
                mistakes=[(pn, "that is the change from the nadir")] if pn != pb else [],
            )
        )
        if i > 1:
            out.append(
                _q(
                    f"{pid}-from-nadir",
                    "practice",
                    f"Practice scan {i}: change from nadir (%)",
                    "number",
                    pn,
                    "this sum minus the nadir, divided by the nadir, the nadir being the smallest sum so far",
                    unit="%",
                    mistakes=[
                        (pb, "that is the change from the baseline: PD is judged against the nadir")
                    ]
                    if pn != pb
                    else [],
                )
            )
        wrong = []
        if res.category == criteria.PD:
            wrong = [
                (
                    criteria.SD,
                    "judged against the baseline it looks stable, but PD is measured from the nadir",
                )
            ]
        out.append(
            _q(
                f"{pid}-target",
                "practice",
                f"Practice scan {i}: target-lesion category",
                "choice",
                res.category,
                res.reason,
                choices=OVERALL_CHOICES[:4],
                mistakes=wrong,
            )
        )
        nadir = min(nadir, total)
    out.append(
        _q(
            "after-pd",
            "practice",
            "A scan after practice scan 2 shows no lesion at all. Does the best overall response become CR?",
            "choice",
            NO,
            "no: the best overall response is the best response recorded until progression; scans after PD do not count",
            choices=(YES, NO),
        )
    )
    return out


def parse(text: str):
    """A learner's typed answer: a Decimal, one of the `TOKENS` keys, or None if empty/unreadable."""
    t = (
        str(text or "")
        .strip()
        .lower()
        .replace(",", ".")
        .replace("%", "")
        .replace("mm²", "")
        .replace("mm", "")
        .strip()
    )
    if not t:
        return None
    for token, spellings in TOKENS.items():
        if t in spellings:
            return token
    try:
        return Decimal(t.replace("−", "-").replace("+", ""))
    except ArithmeticError:
        return None


def check(question: dict, given) -> tuple:
    """(correct, words) for a learner's answer `given` (typed text or a choice) to `question`.

    Numbers count as correct within 0.1 of the answer (the answers are rounded to 0.1); an answer
    right under the other reading of the paper's words (`also`) is correct and says which reading;
    a known mistake gets its own words; an empty answer is not correct.
    """
    if question["kind"] == "number":
        value = parse(given)
        if value is None:
            return False, "no answer"
        for ans, words in [(question["answer"], ""), *question.get("also", ())]:
            if isinstance(ans, Decimal) and isinstance(value, Decimal):
                ok = abs(value - ans) <= Decimal("0.1")
            else:
                ok = value == ans
            if ok:
                return True, words
        for wrong, words in question["mistakes"]:
            if (
                isinstance(wrong, Decimal)
                and isinstance(value, Decimal)
                and abs(value - wrong) <= Decimal("0.1")
            ):
                return False, words
            if wrong == value:
                return False, words
        return False, ""
    if given in (None, ""):
        return False, "no answer"
    for ans, words in [(question["answer"], ""), *question.get("also", ())]:
        if given == ans:
            return True, words
    for wrong, words in question["mistakes"]:
        if wrong == given:
            return False, words
    return False, ""


def shown(answer) -> str:
    """An answer as people read it: numbers with at most one decimal, tokens as words."""
    if isinstance(answer, Decimal):
        return (
            str(answer.quantize(Decimal(1)))
            if answer == answer.to_integral_value()
            else str(answer)
        )
    return str(answer)


#: What a learner can say of a visible lesion's arterial enhancement (mRECIST). At baseline the report
#: assumes enhancement (`criteria.MRECIST_ASSUMPTION`): "enhancing (assumed)" is a target whose viable
#: diameter is not given; the first option of each tuple is the report's reading.
ENHANCING, NOT_ENHANCING, CANNOT_JUDGE = "enhancing", "not enhancing", "cannot judge"
ASSUMED = "enhancing (assumed)"
ENHANCEMENT = (CANNOT_JUDGE, ENHANCING, NOT_ENHANCING)
BASELINE_ENHANCEMENT = (ASSUMED, CANNOT_JUDGE, ENHANCING, NOT_ENHANCING)


def report_reading(study_id: str, baseline_id: str) -> str:
    """The report's reading of a lesion's enhancement at a study: assumed at baseline, else not judged."""
    return ASSUMED if study_id == baseline_id else CANNOT_JUDGE


def assess_viable(
    frames: dict, measured: pd.DataFrame, enhancement: dict, sorafenib_start: str = None
) -> pd.DataFrame:
    """mRECIST at every study on the learner's reading of arterial enhancement.

    A visible lesion read as enhancing contributes its longest diameter (the whole lesion taken as
    viable), one read as not enhancing 0, one assumed enhancing or that cannot be judged makes the sum
    unknown; a lesion not visible contributes 0. An unknown sum allows a CR (sum 0 later) but no PR,
    SD or PD. A baseline lesion whose enhancement cannot be judged cannot be an mRECIST target, so
    every follow-up is then not assessable; a CT after lipiodol TACE stays not assessable whatever
    the reading (`response.LIPIODOL_NE`). Non-target disease and new lesions are the report's
    (`response.assess`), combined by `response.overall`.

    Parameters
    ----------
    frames : dict of DataFrame
        `INPUTS`.
    measured : DataFrame
        study_id, lesion_id, long_cm (0: not visible), one row per lesion and study.
    enhancement : dict
        {(study_id, lesion_id): one of `BASELINE_ENHANCEMENT`}; a visible lesion not listed is read
        as the report reads it (`report_reading`).
    sorafenib_start : str, optional
        Reading of the sorafenib start date.

    Returns
    -------
    DataFrame
        `response.assess(frames, "mRECIST")` with sum, target_category, category and reason
        recomputed.
    """
    table = response.assess(frames, "mRECIST", sorafenib_start)
    imaging = frames["case_imaging"].set_index("study_id")
    base_id = table.iloc[0]["study_id"]
    base_sum = nadir = None
    unjudged = []  # baseline lesions whose enhancement cannot be judged: not mRECIST targets
    for i, row in table.iterrows():
        at = measured[measured["study_id"] == row["study_id"]]
        parts = []
        for r in at.itertuples():
            if not r.long_cm or pd.isna(r.long_cm):
                parts.append(Decimal(0))
                continue
            seen = enhancement.get((r.study_id, r.lesion_id), report_reading(r.study_id, base_id))
            if r.study_id == base_id and seen == CANNOT_JUDGE:
                unjudged.append(r.lesion_id)
            parts.append(
                fmt.to_decimal(r.long_cm) * 10
                if seen == ENHANCING
                else (Decimal(0) if seen == NOT_ENHANCING else None)
            )
        total = criteria.sum_measures(parts)
        table.loc[i, "sum"] = float(total) if total is not None else float("nan")
        if row["category"] == criteria.BASELINE:
            base_sum = nadir = total
            continue
        study = imaging.loc[row["study_id"]]
        after_lipiodol = response.after_lipiodol(frames, study)
        if after_lipiodol:
            target = criteria.Assessment(NOT_ASSESSABLE, response.LIPIODOL_NE)
        elif unjudged:
            target = criteria.Assessment(
                NOT_ASSESSABLE,
                f"whether {' and '.join(unjudged)} enhanced at baseline cannot be judged, and an "
                "mRECIST target must enhance in the arterial phase at baseline",
            )
        else:
            target = criteria.classify_mrecist(base_sum, nadir, total)
        result = response.overall(target.category, row["nontarget_category"], row["new_lesions"])
        table.loc[i, ["target_category", "category"]] = [target.category, result.category]
        table.loc[i, "reason"] = (
            f"target lesions {target.category}"
            + ("" if after_lipiodol else " on your reading of enhancement")
            + f": {target.reason}; "
            f"non-target {row['nontarget_category']}; new lesions {response.new_lesion_words(row['new_lesions'])}; "
            f"overall: {result.reason}"
        )
        if total is not None and not after_lipiodol and (nadir is None or total < nadir):
            nadir = total
    return table
