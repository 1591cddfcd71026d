"""The verification ledger: every printed number beside its recomputation, a rule and a status.

Four kinds of entry:
- ``cell``: every cell of Tables 1 and 2, recomputed from the raw data;
- ``text``: numeric claims of the paper's text, recomputed from the data (every reading of an
  ambiguous date is checked);
- ``consistency``: checks on the printed values alone (GRIM-style): category counts against arm
  size, printed percentages against n/N, response categories against arm size, values quoted in
  the text against the same values in Table 1, stated days against dates;
- ``primary``: the paper against facts from the primary publications, with their confidence.

Every discrepancy must be explained in the errata register (data/errata.csv); `check` fails on
one it does not explain and on an explanation that no longer applies.
"""

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

import pandas as pd

from ..errors import LedgerError
from . import case, compare, fmt, table1, table2, timeline
from .tables import DISCREPANCY, NOT_RECOMPUTABLE, REPRODUCED, STATUSES

INPUTS = [
    *table1.INPUTS,
    *table2.INPUTS,
    *timeline.INPUTS,
    "trial_hazard_ratios",
    "primary_facts",
    "errata",
]

COLUMNS = [
    "id",
    "kind",
    "location",
    "published",
    "reproduced",
    "rule",
    "status",
    "note",
    "source",
    "confidence",
]
ARM_NAMES = {
    "abou-alfa-sorafenib": "Abou-Alfa, sorafenib",
    "sharp-sorafenib": "SHARP, sorafenib",
    "sharp-placebo": "SHARP, placebo",
    "ap-sorafenib": "Asia-Pacific, sorafenib",
    "ap-placebo": "Asia-Pacific, placebo",
}


@dataclass
class Entry:
    """One checked number: where it is printed, what it says, what the data say, and the verdict."""

    id: str
    kind: str
    location: str
    published: str
    reproduced: str
    rule: str
    status: str
    note: str = ""
    source: str = ""
    confidence: str = ""


def _status(ok: bool) -> str:
    return REPRODUCED if ok else DISCREPANCY


def _printed(frames, table: str) -> pd.DataFrame:
    return frames[f"published_{table}"]


_MEMO = {}


def _memo(fn, frames: dict, names) -> list:
    """`fn(frames)`, reused while the frames it reads are the very same objects (a mutation makes new ones)."""
    key = (fn.__name__, tuple(id(frames[n]) for n in names))
    if key not in _MEMO:
        if len(_MEMO) > 32:
            _MEMO.clear()
        _MEMO[key] = (
            fn(frames),
            [frames[n] for n in names],
        )  # holding the frames keeps their ids unique
    return _MEMO[key][0]


def _cells(number: int, table, basis=None) -> list:
    heads = {c: " ".join(p for p in (h, s) if p) for c, h, s in table.columns}
    out = []
    for c in table.cells:
        column = heads[c.column] + (f", {c.visit} visit" if c.visit else "")
        rule = compare.RULES[compare.rule_of(c.printed)]
        note = " ".join(p for p in (c.reason, c.annotation) if p)
        extra = (basis or {}).get(c.key, "")
        out.append(
            Entry(
                c.key,
                "cell",
                f"Table {number} · {c.label} · {column}",
                c.printed,
                c.rebuilt + extra,
                rule,
                c.status,
                note,
                "chen-case",
            )
        )
    return out


def table1_entries(frames: dict) -> list:
    """Every cell of Table 1 (all arms); a percentage carries its denominator."""
    ae, pops = (
        frames["trial_adverse_events"],
        frames["trial_populations"].set_index(["arm_id", "population"])["n"],
    )
    basis = {
        f"table1-ae-{r.ae_term}-{r.arm_id}": f" of {int(pops[(r.arm_id, r.population)])} {r.population}"
        for r in ae[ae["unit"] == "percent"].itertuples()
        if pd.notna(r.value)
    }
    return _cells(1, table1.build(frames), basis)


def table2_entries(frames: dict) -> list:
    """Every cell of Table 2 (the default reading of the sorafenib start)."""
    return _cells(2, table2.build(frames))


def cell_entries(frames: dict) -> list:
    """Every cell of Tables 1 and 2."""
    return table1_entries(frames) + _memo(table2_entries, frames, table2.INPUTS)


def _table1_value(frames, row_id, arm) -> str:
    t = _printed(frames, "table1")
    return dict(zip(zip(t["row_id"], t["column"]), t["printed"]))[(row_id, arm)]


def consistency_entries(frames: dict) -> list:
    """Checks that use the printed values alone: they catch errors no transcription can hide."""
    t = _printed(frames, "table1")
    arms = list(dict.fromkeys(t["column"]))
    n_printed = {a: int(_table1_value(frames, "number", a)) for a in arms}
    out = []
    for row_id in ("sex", "child_pugh", "hepatitis", "tnm_stage", "bclc", "ecog"):
        for arm in arms:
            text = _table1_value(frames, row_id, arm)
            parts = compare.parts(text)
            label = t.loc[t["row_id"] == row_id, "label"].iloc[0]
            where = f"Table 1 · {label} · {ARM_NAMES[arm]}"
            if parts == [None]:
                continue  # printed NA: nothing to add up
            if any(p is None for p in parts):
                out.append(
                    Entry(
                        f"sum-{row_id}-{arm}",
                        "consistency",
                        where,
                        text,
                        "",
                        "categories add up to the printed Number",
                        NOT_RECOMPUTABLE,
                        "a category is printed NA, so the sum cannot be checked",
                        "chen-case",
                    )
                )
                continue
            total = int(sum(parts))
            out.append(
                Entry(
                    f"sum-{row_id}-{arm}",
                    "consistency",
                    where,
                    text,
                    f"sum {total} of {n_printed[arm]}",
                    "categories add up to the printed Number",
                    _status(total == n_printed[arm]),
                    ""
                    if total == n_printed[arm]
                    else f"the categories add up to {total}, the arm has {n_printed[arm]}",
                    "chen-case",
                )
            )
    for _, r in t[t["printed"].str.contains(r"\(", regex=True)].iterrows():
        n, pct = compare.parts(r["printed"])
        exact = Decimal(int(n)) * 100 / n_printed[r["column"]]
        shown = fmt.round_half_up(exact, max(0, -pct.as_tuple().exponent))
        out.append(
            Entry(
                f"grim-{r['row_id']}-{r['column']}",
                "consistency",
                f"Table 1 · {r['label']} · {ARM_NAMES[r['column']]}",
                r["printed"],
                f"{int(n)}/{n_printed[r['column']]} = {exact:.3f}% → {shown}",
                "printed % equals n / Number, rounded half up",
                _status(shown == pct),
                ""
                if shown == pct
                else f"{int(n)} of {n_printed[r['column']]} is {shown}%, not {pct}%",
                "chen-case",
            )
        )
    for arm in arms:
        cats = [
            compare.parts(_table1_value(frames, rid, arm))[0]
            for rid in ("cr", "pr", "sd", "pd", "ne")
        ]
        known = int(sum(c for c in cats if c is not None))
        gap = n_printed[arm] - known
        note = (
            ""
            if gap == 0
            else (
                f"{gap} of {n_printed[arm]} patients are in no response category"
                + (" (the not-assessable row is NA)" if cats[-1] is None else "")
            )
        )
        out.append(
            Entry(
                f"response-sum-{arm}",
                "consistency",
                f"Table 1 · best response rows · {ARM_NAMES[arm]}",
                "/".join("NA" if c is None else str(int(c)) for c in cats),
                f"sum {known} of {n_printed[arm]}",
                "CR + PR + SD + PD + not assessable = Number",
                _status(gap == 0),
                note,
                "chen-case",
            )
        )
    return out


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


def _claims(frames) -> pd.DataFrame:
    return frames["published_text_claims"].set_index("claim_id")


#: Resources the case part of the text checks reads.
CASE_TEXT_INPUTS = [
    *timeline.INPUTS,
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


def _text_adder(claims: pd.DataFrame, out: list):
    """A function appending the entry of one text claim (`text-<claim id><suffix>`) to `out`."""

    def add(
        cid, suffix, reproduced, ok, rule, note="", status=None, source="chen-case", confidence=""
    ):
        c = claims.loc[cid]
        out.append(
            Entry(
                f"text-{cid}{suffix}",
                "text",
                f"{c['section']}: “{c['quote']}”",
                c["printed"],
                reproduced,
                rule,
                status or _status(ok),
                note,
                source,
                confidence,
            )
        )

    return add


def text_entries(frames: dict) -> list:
    """Numeric claims of the text: the trials', then the case's (see `case_text_entries`)."""
    return trial_text_entries(frames) + _memo(case_text_entries, frames, CASE_TEXT_INPUTS)


def trial_text_entries(frames: dict) -> list:
    """Numeric claims of the text about the trials: against Table 1 and against the raw data."""
    claims = _claims(frames)
    out = []
    add = _text_adder(claims, out)

    # Values quoted from Table 1: the medians (confidence intervals in brackets are checked below).
    for cid, cells in QUOTES_TABLE1.items():
        quoted = compare.parts(re.sub(r"\([^)]*\)", "", claims.loc[cid, "printed"]))
        table_vals = [compare.parts(_table1_value(frames, r, a))[0] for r, a in cells]
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
    ttp = (
        frames["trial_outcomes"]
        .set_index(["arm_id", "measure"])
        .loc[[("ap-sorafenib", "ttp"), ("ap-placebo", "ttp")]]
    )
    values = [v for r in ttp.itertuples() for v in (r.value, r.ci_low, r.ci_high)]
    shown = " / ".join(
        f"{fmt.number(r.value, 1)} ({fmt.number(r.ci_low, 2)}-{fmt.number(r.ci_high, 2)})"
        for r in ttp.itertuples()
    )
    add(
        "ap-ttp",
        "-ci",
        shown,
        compare.matches(claims.loc["ap-ttp", "printed"], values),
        "every part matches",
        "the intervals appear only in this sentence: this checks the transcription",
    )
    # The PR-rate range against the recomputed rates.
    resp = frames["trial_best_response"]
    pops = frames["trial_populations"].set_index(["arm_id", "population"])["n"]
    arms_t = frames["trial_arms"].set_index("arm_id")
    rates = {
        r.arm_id: Decimal(int(r.count)) * 100 / int(pops[(r.arm_id, r.population)])
        for r in resp[resp["category"] == "PR"].itertuples()
    }
    sor = [v for a, v in rates.items() if arms_t.loc[a, "treatment"] == "sorafenib"]
    lo, hi = min(sor), max(sor)
    ok = compare.matches(claims.loc["pr-rate-range", "printed"], [lo, hi])
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
        compare.matches(claims.loc["abou-alfa-n", "printed"], treated),
        "integer: equal",
        "the sentence says these patients were treated: the treated population of the raw data",
        source="abou-alfa-2006",
        confidence="medium",
    )
    return out


def case_text_entries(frames: dict) -> list:
    """Numeric claims of the text about the index case and So et al., against their data."""
    claims = _claims(frames)
    out = []
    add = _text_adder(claims, out)

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
        compare.matches(claims.loc["age", "printed"], case.fact(frames, "age_years")),
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
        compare.matches(claims.loc["lesion-sizes", "printed"], sizes),
        "every part matches",
    )
    for cid, lab in (("afp-2009-05-08", "afp-2009-05-08"), ("afp-2009-05-20", "afp-2009-05-20")):
        v = labs.loc[lab]
        add(
            cid,
            "",
            f"{fmt.number(v['value'], 2)} {v['unit']} on {v['date']:%d %b %Y}",
            compare.matches(claims.loc[cid, "printed"].split()[0], v["value"]),
            "decimal: rounds to the printed value",
        )
    rng = labs.loc["afp-treatment-range"]
    pre = frames["case_labs"][frames["case_labs"]["kind"] == "measurement"]["value"]
    add(
        "afp-during-treatment",
        "",
        f"{fmt.number(rng['value'], 2)}-{fmt.number(rng['value_high'], 1)} {rng['unit']}",
        compare.matches(
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
        compare.matches(claims.loc["mri-baseline-date", "printed"], shown),
        "date: same day",
    )
    tace = case.event_date(frames, "tace")
    shown = f"{tace:%B} {tace.day} {tace.year}"
    add(
        "tace-date",
        "",
        shown,
        compare.matches(claims.loc["tace-date", "printed"], shown),
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
        compare.matches(claims.loc["tace-doses", "printed"], doses),
        "every part matches",
    )
    sor = tr.loc["sorafenib"]
    add(
        "sorafenib-dose",
        "",
        f"{fmt.number(sor['dose'], 0)} mg {sor['frequency']}",
        compare.matches(
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
        compare.matches(
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
        compare.matches(claims.loc["ae-grades", "printed"], g),
        "every part matches",
    )
    # "Day 5 after the treatment on June 6": the two readings of the sorafenib start date.
    dates = frames["case_event_dates"]
    start_rows = dates[dates["event_id"] == "sorafenib-start"]
    day5 = tace + pd.Timedelta(days=5)
    printed_day = start_rows.loc[start_rows["reading"] == "as-printed", "date"].iloc[0]
    add(
        "symptoms-day-5",
        "",
        f"TACE {tace:%d %b} + 5 days = {day5:%d %b %Y}; printed {printed_day:%d %b %Y}",
        day5 == printed_day,
        "date: Day 5 after TACE is the printed date",
        "the sentence's two dates disagree; both readings of the sorafenib start are kept in the data",
    )
    # Intervals stated in words, under every reading of the start date.
    for r in timeline.wording(frames).itertuples():
        status = {timeline.AGREES: REPRODUCED, timeline.DISAGREES: DISCREPANCY}.get(
            r.verdict, NOT_RECOMPUTABLE
        )
        reproduced = (
            ""
            if r.days is None or pd.isna(r.days)
            else f"{r.days} days ({r.months:.2f} months), {r.from_date:%d %b %Y} to {r.to_date:%d %b %Y}"
        )
        add(
            r.claim_id,
            f"-{r.n}m-from-{r.from_key}-{r.reading}",
            reproduced,
            True,
            f"{r.rule}: {timeline.RULES[r.rule]}",
            f"reading '{r.reading}' of the sorafenib start; {r.reading_of_text}. {r.explanation}",
            status=status,
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
        compare.matches(
            claims.loc["so-duration", "printed"], f"{cc.loc['treatment_months', 'value']} months"
        ),
        "integer: equal",
    )
    rf = cc.loc["recurrence_free_after_stop_months"]
    add(
        "so-recurrence-free",
        "",
        f"{rf['value']} months",
        compare.matches(claims.loc["so-recurrence-free", "printed"], f"{rf['value']} months"),
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


def primary_entries(frames: dict) -> list:
    """The paper against the primary publications (shared/reference/primary-sources.md)."""
    out = []
    base = frames["trial_baseline"]
    for r in base[base["statistic"] == "mean"].itertuples():
        out.append(
            Entry(
                f"primary-age-statistic-{r.arm_id}",
                "primary",
                f"Table 1 · Median Age,years · {ARM_NAMES[r.arm_id]}",
                f"median {_table1_value(frames, 'age', r.arm_id)}",
                f"mean {fmt.number(r.value, 1)}",
                "the statistic the row label names",
                DISCREPANCY,
                r.note,
                r.basis_source,
                r.basis_confidence,
            )
        )
    resp = frames["trial_best_response"]
    for r in resp[resp["label_primary"].notna()].itertuples():
        label = (
            frames["published_table1"]
            .set_index(["row_id", "column"])
            .loc[(r.category.lower(), r.arm_id), "label"]
        )
        out.append(
            Entry(
                f"primary-response-label-{r.category.lower()}-{r.arm_id}",
                "primary",
                f"Table 1 · {label} · {ARM_NAMES[r.arm_id]}",
                f"{label.split(',')[0]}: {int(r.count)}",
                f"{r.label_primary}: {int(r.count)}",
                "the category the row label names",
                DISCREPANCY,
                r.note,
                r.basis_source,
                r.basis_confidence,
            )
        )
    ae = frames["trial_adverse_events"]
    for arm, g in ae[ae["unit"] == "percent"].groupby("arm_id", sort=False):
        r = g.iloc[0]
        out.append(
            Entry(
                f"primary-ae-unit-{arm}",
                "primary",
                f"Table 1 · Adverse Events rows · {ARM_NAMES[arm]}",
                "n (number of patients)",
                "% of treated patients",
                "the unit the row labels name",
                DISCREPANCY,
                f"{len(g)} rows",
                r["basis_source"],
                r["basis_confidence"],
            )
        )
    claims = _claims(frames)
    for r in frames["primary_facts"].itertuples():
        c = claims.loc[r.claim_id]
        out.append(
            Entry(
                f"primary-{r.fact_id}",
                "primary",
                f"{c['section']}: “{c['quote']}”",
                c["printed"],
                r.statement,
                "the primary publication says the same",
                _status(bool(r.agrees)),
                "" if pd.isna(r.note) else r.note,
                r.source,
                r.confidence,
            )
        )
    hrs = frames["trial_hazard_ratios"].set_index(["trial_id", "endpoint"])
    for (trial, endpoint), cid in P_VALUE_CLAIMS.items():
        c, h = claims.loc[cid], hrs.loc[(trial, endpoint)]
        p_value = h["p_value"] if h["p_value"][0] in "<>=" else "=" + h["p_value"]
        out.append(
            Entry(
                f"primary-{cid}",
                "primary",
                f"{c['section']}: “{c['quote']}”",
                c["printed"],
                f"P{p_value} (hazard ratio {fmt.number(h['hr'], 2)}, 95% CI {fmt.number(h['ci_low'], 2)}-{fmt.number(h['ci_high'], 2)})",
                "the P value equals the primary publication's",
                _status(c["printed"].replace(" ", "") == f"P{p_value}"),
                "",
                h["source"],
                h["confidence"],
            )
        )
    out.append(
        Entry(
            "primary-sharp-dcr-p",
            "primary",
            f"{claims.loc['sharp-dcr-p', 'section']}: “{claims.loc['sharp-dcr-p', 'quote']}”",
            claims.loc["sharp-dcr-p", "printed"],
            "",
            "the P value equals the primary publication's",
            NOT_RECOMPUTABLE,
            "the reference notes give no P value for the disease control rate",
            "sharp-2008",
        )
    )
    return out


def build(frames: dict) -> pd.DataFrame:
    """The whole ledger, one row per entry (`COLUMNS`), ids unique."""
    entries = (
        cell_entries(frames)
        + consistency_entries(frames)
        + text_entries(frames)
        + primary_entries(frames)
    )
    frame = pd.DataFrame([asdict(e) for e in entries], columns=COLUMNS).fillna("")
    dup = frame["id"][frame["id"].duplicated()]
    if len(dup):
        raise LedgerError(f"duplicate ledger ids: {', '.join(dup)}")
    ids = list(frame["id"])
    covered = {
        cid
        for cid in _claims(frames).index
        if any(i == f"text-{cid}" or i.startswith(f"text-{cid}-") for i in ids)
    }
    covered |= {i.removeprefix("primary-") for i in ids if i.startswith("primary-")}
    unchecked = set(_claims(frames).index) - covered - set(frames["primary_facts"]["claim_id"])
    if unchecked:
        raise LedgerError(f"text claims with no ledger entry: {', '.join(sorted(unchecked))}")
    return frame


def counts(ledger: pd.DataFrame) -> dict:
    """Entries per status, and per kind and status."""
    return {s: int((ledger["status"] == s).sum()) for s in STATUSES}


def check(ledger: pd.DataFrame, errata: pd.DataFrame) -> None:
    """Fail unless the discrepancies are exactly the errata register, values included.

    Raises
    ------
    LedgerError
        Listing discrepancies the register does not explain (or explains with other values),
        and register entries that no longer occur.
    """
    found = ledger[ledger["status"] == DISCREPANCY].set_index("id")
    register = errata.set_index("entry_id")
    problems = []
    for eid, row in found.iterrows():
        if eid not in register.index:
            problems.append(
                f"unexplained discrepancy {eid}: printed '{row['published']}', recomputed '{row['reproduced']}' ({row['location']})"
            )
        elif (register.loc[eid, "published"], register.loc[eid, "reproduced"]) != (
            row["published"],
            row["reproduced"],
        ):
            problems.append(
                f"discrepancy {eid} changed: the register explains printed '{register.loc[eid, 'published']}' vs "
                f"'{register.loc[eid, 'reproduced']}', the ledger now has '{row['published']}' vs '{row['reproduced']}'"
            )
    for eid in register.index.difference(found.index):
        now = ledger.loc[ledger["id"] == eid, "status"]
        state = f"is now {now.iloc[0]}" if len(now) else "is not in the ledger"
        problems.append(f"errata entry {eid} no longer occurs: the entry {state}")
    if problems:
        raise LedgerError(
            "the verification ledger and data/errata.csv disagree:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def summary(ledger: pd.DataFrame) -> pd.DataFrame:
    """Entries by kind (rows) and status (columns), with totals."""
    table = pd.crosstab(ledger["kind"], ledger["status"], margins=True, margins_name="all")
    return table.reindex(columns=[*STATUSES, "all"], fill_value=0)
