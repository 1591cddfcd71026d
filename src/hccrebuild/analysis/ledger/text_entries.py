"""Ledger entries of the text: numeric claims about the trials (against Table 1 and the raw
data) and about the index case and So et al. (against their data, every reading of a date)."""

import re
from decimal import Decimal

import pandas as pd

from .. import case, case_intervals, criteria, fmt, matching, response, time_wording
from ..tables import (
    CANNOT_REFUTE,
    DISCREPANCY,
    NOT_RECOMPUTABLE,
    ONE_CONVENTION,
    REPRODUCED,
    records,
)
from .entries import claims as claims_of
from .entries import table1_values, text_adder

#: Claims of the Discussion that quote Table 1: claim id -> [(row_id, arm)] in printed order.
QUOTES_TABLE1 = {
    "abou-alfa-n": [("number", "abou-alfa-sorafenib")],
    "abou-alfa-ttp": [("ttp", "abou-alfa-sorafenib")],
    "abou-alfa-os": [("os", "abou-alfa-sorafenib")],
    "sharp-os": [("os", "sharp-sorafenib"), ("os", "sharp-placebo")],
    "sharp-ttp": [("ttp", "sharp-sorafenib"), ("ttp", "sharp-placebo")],
    "sharp-dcr": [("dcr", "sharp-sorafenib"), ("dcr", "sharp-placebo")],
    "ap-os": [("os", "ap-sorafenib"), ("os", "ap-placebo")],
    "ap-ttp": [("ttp", "ap-sorafenib"), ("ttp", "ap-placebo")],
}


#: P values quoted in the Discussion, by (trial, endpoint) of trial_hazard_ratios.
P_VALUE_CLAIMS = {
    ("sharp", "ttp"): "sharp-ttp-p",
    ("asia-pacific", "os"): "ap-os-p",
    ("asia-pacific", "ttp"): "ap-ttp-p",
}


#: Resources the case part of the text checks reads.
CASE_TEXT_INPUTS = [
    *case_intervals.INPUTS,
    "published_text_claims",
    "case_facts",
    "case_labs",
    "case_lesions",
    "case_imaging",
    "case_event_dates",
    "case_treatments",
    "case_adverse_events",
    "comparator_cases",
]


def trial_text_entries(frames: dict) -> list:
    """Numeric claims of the text about the trials: against Table 1 and against the raw data."""
    claims = claims_of(frames)
    out = []
    add = text_adder(claims, out)

    # Values quoted from Table 1: the medians (confidence intervals in brackets are checked below).
    t1 = table1_values(frames)
    for cid, cells in QUOTES_TABLE1.items():
        quoted = matching.parts(re.sub(r"\([^)]*\)", "", claims.loc[cid, "printed"]))
        table_vals = [matching.parts(t1[(r, a)])[0] for r, a in cells]
        ok = quoted == table_vals
        add(
            cid,
            "",
            " / ".join(str(v) for v in table_vals) + " in Table 1",
            ok,
            "each value equals Table 1's printed cell",
            "" if ok else "the text and Table 1 print different values",
        )
    # The Asia-Pacific TTP confidence intervals are printed in the text only: check them against the raw data.
    outcomes = {(r["arm_id"], r["measure"]): r for r in records(frames["trial_outcomes"])}
    ttp = [outcomes[("ap-sorafenib", "ttp")], outcomes[("ap-placebo", "ttp")]]
    values = [v for r in ttp for v in (r["value"], r["ci_low"], r["ci_high"])]
    shown = " / ".join(
        f"{fmt.number(r['value'], 1)} ({fmt.number(r['ci_low'], 2)}-{fmt.number(r['ci_high'], 2)})"
        for r in ttp
    )
    add(
        "ap-ttp",
        "-ci",
        shown,
        matching.matches(claims.loc["ap-ttp", "printed"], values),
        "every part matches",
        "the intervals appear only in this sentence: this checks the transcription",
    )
    # The PR-rate range against the recomputed rates.
    resp = frames["trial_best_response"]
    tp = frames["trial_populations"]
    pops = dict(zip(zip(tp["arm_id"], tp["population"]), tp["n"]))
    treatment = dict(zip(frames["trial_arms"]["arm_id"], frames["trial_arms"]["treatment"]))
    pr = resp[resp["category"] == "PR"]
    rates = {
        arm: Decimal(int(count)) * 100 / int(pops[(arm, population)])
        for arm, count, population in zip(pr["arm_id"], pr["count"], pr["population"])
    }
    sor = [v for a, v in rates.items() if treatment[a] == "sorafenib"]
    lo, hi = min(sor), max(sor)
    ok = matching.matches(claims.loc["pr-rate-range", "printed"], [lo, hi])
    add(
        "pr-rate-range",
        "",
        f"{fmt.round_half_up(lo, 1)}-{fmt.round_half_up(hi, 1)}% in the sorafenib arms "
        f"({fmt.round_half_up(min(rates.values()), 1)}-{fmt.round_half_up(max(rates.values()), 1)}% with the placebo arms)",
        ok,
        "range: both ends, PR count / arm size in the sorafenib arms",
        ""
        if ok
        else "the lower end, 1.3%, is the Asia-Pacific placebo arm; the sorafenib arms range from "
        f"{fmt.round_half_up(lo, 1)}% to {fmt.round_half_up(hi, 1)}%",
    )
    cr = resp[resp["category"] == "CR"]["count"]
    add(
        "cr-in-trials",
        "",
        f"{int(cr.sum())} CR in {len(cr)} arms",
        int(cr.sum()) == 0,
        "integer: equal",
    )
    treated = int(pops[("abou-alfa-sorafenib", "treated")])
    add(
        "abou-alfa-n",
        "-treated",
        f"{treated} treated",
        matching.matches(claims.loc["abou-alfa-n", "printed"], treated),
        "integer: equal",
        "the sentence says these patients were treated: the treated population of the raw data",
        source="abou-alfa-2006",
        confidence="medium",
    )
    return out


def case_text_entries(frames: dict) -> list:
    """Numeric claims of the text about the index case and So et al., against their data."""
    claims = claims_of(frames)
    out = []
    add = text_adder(claims, out)

    facts = frames["case_facts"]
    labs = frames["case_labs"].set_index("lab_id")
    les = frames["case_lesions"]
    base = case.baseline_study(frames)
    seen = les[(les["study_id"] == base["study_id"]) & les["visible"].astype(bool)].sort_values(
        "long_cm", ascending=False
    )
    add(
        "age",
        "",
        case.fact(frames, "age_years"),
        matching.matches(claims.loc["age", "printed"], case.fact(frames, "age_years")),
        "integer: equal",
        "transcribed from this sentence",
    )
    add(
        "lesion-count",
        "",
        str(len(seen)),
        len(seen) == int(claims.loc["lesion-count", "printed"]),
        "integer: equal",
        "lesions measured at the baseline MRI",
    )
    sizes = "; ".join(
        f"{fmt.number(r.long_cm, 1)}×{fmt.number(r.short_cm, 1)} cm" for r in seen.itertuples()
    )
    add(
        "lesion-sizes",
        "",
        sizes,
        matching.matches(claims.loc["lesion-sizes", "printed"], sizes),
        "every part matches",
    )
    for cid, lab in (("afp-2009-05-08", "afp-2009-05-08"), ("afp-2009-05-20", "afp-2009-05-20")):
        v = labs.loc[lab]
        add(
            cid,
            "",
            f"{fmt.number(v['value'], 2)} {v['unit']} on {v['date']:%d %b %Y}",
            matching.matches(claims.loc[cid, "printed"].split()[0], v["value"]),
            "decimal: rounds to the printed value",
        )
    rng = labs.loc["afp-treatment-range"]
    pre = frames["case_labs"][frames["case_labs"]["kind"] == "measurement"]["value"]
    add(
        "afp-during-treatment",
        "",
        f"{fmt.number(rng['value'], 2)}-{fmt.number(rng['value_high'], 1)} {rng['unit']}",
        matching.matches(
            claims.loc["afp-during-treatment", "printed"].split()[0],
            [rng["value"], rng["value_high"]],
        ),
        "range: both ends",
        "no dated value during treatment is given; the upper end equals the pre-treatment value of "
        f"{fmt.number(pre.max(), 1)} on 8 May 2009"
        if fmt.round_half_up(rng["value_high"], 1) == fmt.round_half_up(pre.max(), 1)
        else "",
    )
    ecog = facts[facts["item"] == "ecog"].set_index("timepoint")["value"]
    add(
        "ecog-diagnosis",
        "",
        ecog["diagnosis"],
        ecog["diagnosis"] == claims.loc["ecog-diagnosis", "printed"],
        "integer: equal",
    )
    add(
        "ecog-follow-up",
        "",
        ecog["follow_up"],
        ecog["follow_up"] == claims.loc["ecog-follow-up", "printed"],
        "integer: equal",
    )
    img = frames["case_imaging"].set_index("study_id")
    day = img.loc[base["study_id"], "date"]
    shown = f"{day:%B} {day.day} {day.year}"
    add(
        "mri-baseline-date",
        "",
        f"{shown} ({img.loc[base['study_id'], 'modality']})",
        matching.matches(claims.loc["mri-baseline-date", "printed"], shown),
        "date: same day",
    )
    tace = case.event_date(frames, "tace")
    shown = f"{tace:%B} {tace.day} {tace.year}"
    add(
        "tace-date",
        "",
        shown,
        matching.matches(claims.loc["tace-date", "printed"], shown),
        "date: same day",
    )
    tr = frames["case_treatments"].set_index("treatment_id")
    doses = " / ".join(
        f"{fmt.number(tr.loc[t, 'dose'], 0)} {tr.loc[t, 'dose_unit']}"
        for t in ("tace-l-ohp", "tace-thp", "tace-lipiodol")
    )
    add(
        "tace-doses",
        "",
        doses,
        matching.matches(claims.loc["tace-doses", "printed"], doses),
        "every part matches",
    )
    sor = tr.loc["sorafenib"]
    add(
        "sorafenib-dose",
        "",
        f"{fmt.number(sor['dose'], 0)} mg {sor['frequency']}",
        matching.matches(
            claims.loc["sorafenib-dose", "printed"],
            f"{fmt.number(sor['dose'], 0)} mg {sor['frequency']}",
        ),
        "every part matches",
    )
    nif = tr.loc["nifedipine"]
    add(
        "nifedipine-dose",
        "",
        f"{fmt.number(nif['dose'], 0)} {nif['dose_unit']}",
        matching.matches(
            claims.loc["nifedipine-dose", "printed"],
            f"{fmt.number(nif['dose'], 0)} {nif['dose_unit']}",
        ),
        "every part matches",
    )
    grades = frames["case_adverse_events"]
    g = " / ".join(
        f"grade {int(x)}" for x in grades[grades["attributed_to"] == "sorafenib"]["ctcae_grade"]
    )
    add(
        "ae-grades",
        "",
        g,
        matching.matches(claims.loc["ae-grades", "printed"], g),
        "every part matches",
    )
    # "Day 5 after the treatment on June 6": both day-counting conventions (treatment day = Day 0,
    # or = Day 1, the usual clinical count) against the printed date.
    dates = frames["case_event_dates"]
    start_rows = dates[dates["event_id"] == "sorafenib-start"]
    printed_day = start_rows.loc[start_rows["reading"] == "as-printed", "date"].iloc[0]
    day5 = {first: tace + pd.Timedelta(days=5 - first) for first in (0, 1)}
    votes = [d == printed_day for d in day5.values()]
    add(
        "symptoms-day-5",
        "",
        f"TACE {tace:%d %b}: Day 5 is {day5[0]:%d %b %Y} counting TACE as Day 0, "
        f"{day5[1]:%d %b %Y} counting it as Day 1; printed {printed_day:%d %b %Y}",
        all(votes),
        "date: Day 5 after TACE is the printed date (TACE as Day 0, and as Day 1)",
        "the printed date fits neither count; both readings of the sorafenib start are kept in the data"
        if not any(votes)
        else "",
        status=REPRODUCED if all(votes) else (ONE_CONVENTION if any(votes) else DISCREPANCY),
    )
    # Intervals stated in words, under every reading of the start date and both month counts.
    seen = set()
    for r in time_wording.wording(frames).itertuples():
        if r.from_key != "sorafenib-start":
            # The same dates under every reading of the start: one check, not one per reading.
            if (r.claim_id, r.n, r.from_key) in seen:
                continue
            seen.add((r.claim_id, r.n, r.from_key))
        status = {
            case_intervals.HOLDS: REPRODUCED,
            case_intervals.ONE_CONVENTION: ONE_CONVENTION,
            case_intervals.CANNOT_REFUTE: CANNOT_REFUTE,
            case_intervals.CONTRADICTED: DISCREPANCY,
        }[r.status]
        if r.days is None or pd.isna(r.days):
            reproduced = ""
        elif status == CANNOT_REFUTE:
            reproduced = (
                f"{r.days} days, {r.from_date:%d %b %Y} to {r.to_date:%d %b %Y}: "
                f"{r.calendar_months} whole calendar months, {r.months:.2f} mean months; not shown "
                "and not refuted: no earlier scan could document the CR"
            )
        else:
            reproduced = (
                f"{r.days} days, {r.from_date:%d %b %Y} to {r.to_date:%d %b %Y}: "
                f"{r.calendar_months} whole calendar months ({r.verdict}); "
                f"{r.months:.2f} mean months ({r.verdict_mean_month})"
            )
        independent = r.from_key != "sorafenib-start"
        add(
            r.claim_id,
            f"-{r.n}m-from-{r.from_key}" + ("" if independent else f"-{r.reading}"),
            reproduced,
            True,
            f"{r.rule}: {case_intervals.RULES[r.rule]}",
            (
                "the same under every reading of the sorafenib start"
                if independent
                else f"reading '{r.reading}' of the sorafenib start"
            )
            + f"; {r.reading_of_text}. {r.explanation}",
            status=status,
        )
    # The paper's response verdicts, against the overall response by each criterion's whole rule.
    table = response.assess(frames)
    at = table.set_index("study_id")
    first = table[table["category"] != criteria.BASELINE].iloc[0]
    others = {
        c: response.assess(frames, c).set_index("study_id").loc[first["study_id"], "category"]
        for c in criteria.CRITERIA
        if c != "RECIST1.1"
    }
    ok = first["category"] == criteria.CR and all(v == criteria.CR for v in others.values())
    add(
        "first-follow-up-cr",
        "",
        f"RECIST 1.1 overall {first['category']} at the {first['modality']} of "
        f"{first['date']:%d %b %Y} (target lesions {first['target_category']}, non-target "
        f"{first['nontarget_category']}, new lesions {response.new_lesion_words(first['new_lesions'])}); "
        + "; ".join(f"{c} {v}" for c, v in others.items()),
        ok,
        "overall time-point response by the whole rule of RECIST 1.1 (Table 1), WHO and mRECIST",
        ""
        if ok
        else "the CT shows the two measured lesions gone (target CR), but says nothing of the "
        "portal mass and the other intrahepatic masses, so CR of the patient is not documented",
    )
    verdict = [s for s in ("mri-2009-12-18", "mri-2010-02-28") if s in at.index]
    ok = all(at.loc[s, "category"] == criteria.CR for s in verdict)
    add(
        "sustained-cr",
        "",
        "; ".join(f"{at.loc[s, 'category']} on {at.loc[s, 'date']:%d %b %Y}" for s in verdict)
        + " (RECIST 1.1 overall, non-target disease from the authors' verdict)",
        ok,
        "overall time-point response, RECIST 1.1 Table 1",
        "these studies' non-target status rests on this very verdict: the check shows only that "
        "the verdict is consistent with the measured lesions",
    )
    start = case.event_date(frames, "sorafenib-start")
    between = table[(table["date"] > tace) & (table["date"] < start)]
    add(
        "sorafenib-induced",
        "",
        f"TACE {tace:%d %b %Y}, sorafenib {start:%d %b %Y}, first follow-up "
        f"{first['date']:%d %b %Y}; {len(between)} scans between TACE and sorafenib",
        False,
        "one treatment is the cause only if a scan separates the treatments",
        "both treatments precede every follow-up scan, so the data cannot tell which caused the "
        "response; nor can they refute that sorafenib did",
        status=CANNOT_REFUTE,
    )
    # Items of So et al. quoted in the text.
    cc = frames["comparator_cases"].set_index("item")
    add(
        "so-age",
        "",
        cc.loc["age_years", "value"],
        cc.loc["age_years", "value"] == claims.loc["so-age", "printed"],
        "integer: equal",
    )
    add(
        "so-duration",
        "",
        f"{cc.loc['treatment_months', 'value']} months",
        matching.matches(
            claims.loc["so-duration", "printed"], f"{cc.loc['treatment_months', 'value']} months"
        ),
        "integer: equal",
    )
    rf = cc.loc["recurrence_free_after_stop_months"]
    add(
        "so-recurrence-free",
        "",
        f"{rf['value']} months",
        matching.matches(claims.loc["so-recurrence-free", "printed"], f"{rf['value']} months"),
        "integer: equal",
        "So et al. 2008",
        source=rf["source"],
        confidence=rf["confidence"],
    )
    for cid, why in (
        ("fever-days", "the history before admission is not part of the structured data"),
    ):
        add(cid, "", "", False, "not recomputable", why, status=NOT_RECOMPUTABLE)
    return out
