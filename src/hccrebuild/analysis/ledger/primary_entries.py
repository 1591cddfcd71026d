"""Ledger entries against the primary publications: statistics, labels, units and P values the
paper takes from the trials, with the confidence of each fact."""

import pandas as pd

from .. import fmt
from ..tables import DISCREPANCY, NOT_RECOMPUTABLE, records
from .entries import ARM_NAMES, Entry, status_of, table1_values
from .text_entries import P_VALUE_CLAIMS


def primary_entries(frames: dict) -> list:
    """The paper against the primary publications (shared/reference/primary-sources.md)."""
    out = []
    values = table1_values(frames)
    base = frames["trial_baseline"]
    for r in records(base[base["statistic"] == "mean"]):
        out.append(
            Entry(
                f"primary-age-statistic-{r['arm_id']}",
                "primary",
                f"Table 1 · Median Age,years · {ARM_NAMES[r['arm_id']]}",
                f"median {values[('age', r['arm_id'])]}",
                f"mean {fmt.number(r['value'], 1)}",
                "the statistic the row label names",
                DISCREPANCY,
                r["note"],
                r["basis_source"],
                r["basis_confidence"],
            )
        )
    resp = frames["trial_best_response"]
    t1 = frames["published_table1"]
    t1_labels = dict(zip(zip(t1["row_id"], t1["column"]), t1["label"]))
    for r in records(resp[resp["label_primary"].notna()]):
        category = r["category"].lower()
        label = t1_labels[(category, r["arm_id"])]
        out.append(
            Entry(
                f"primary-response-label-{category}-{r['arm_id']}",
                "primary",
                f"Table 1 · {label} · {ARM_NAMES[r['arm_id']]}",
                f"{label.split(',')[0]}: {int(r['count'])}",
                f"{r['label_primary']}: {int(r['count'])}",
                "the category the row label names",
                DISCREPANCY,
                r["note"],
                r["basis_source"],
                r["basis_confidence"],
            )
        )
    ae = frames["trial_adverse_events"]
    by_arm = {}  # arm -> its rows in percent, arms in order of their first row
    for r in records(ae[ae["unit"] == "percent"]):
        by_arm.setdefault(r["arm_id"], []).append(r)
    for arm, rows in by_arm.items():
        r = rows[0]
        out.append(
            Entry(
                f"primary-ae-unit-{arm}",
                "primary",
                f"Table 1 · Adverse Events rows · {ARM_NAMES[arm]}",
                "n (number of patients)",
                "% of treated patients",
                "the unit the row labels name",
                DISCREPANCY,
                f"{len(rows)} rows",
                r["basis_source"],
                r["basis_confidence"],
            )
        )
    claims = {c["claim_id"]: c for c in records(frames["published_text_claims"])}
    for r in records(frames["primary_facts"]):
        c = claims[r["claim_id"]]
        out.append(
            Entry(
                f"primary-{r['fact_id']}",
                "primary",
                f"{c['section']}: “{c['quote']}”",
                c["printed"],
                r["statement"],
                "the primary publication says the same",
                status_of(bool(r["agrees"])),
                "" if pd.isna(r["note"]) else r["note"],
                r["source"],
                r["confidence"],
            )
        )
    hrs = {(h["trial_id"], h["endpoint"]): h for h in records(frames["trial_hazard_ratios"])}
    for (trial, endpoint), cid in P_VALUE_CLAIMS.items():
        c, h = claims[cid], hrs[(trial, endpoint)]
        p_value = h["p_value"] if h["p_value"][0] in "<>=" else "=" + h["p_value"]
        out.append(
            Entry(
                f"primary-{cid}",
                "primary",
                f"{c['section']}: “{c['quote']}”",
                c["printed"],
                f"P{p_value} (hazard ratio {fmt.number(h['hr'], 2)}, 95% CI {fmt.number(h['ci_low'], 2)}-{fmt.number(h['ci_high'], 2)})",
                "the P value equals the primary publication's",
                status_of(c["printed"].replace(" ", "") == f"P{p_value}"),
                "",
                h["source"],
                h["confidence"],
            )
        )
    out.append(
        Entry(
            "primary-sharp-dcr-p",
            "primary",
            f"{claims['sharp-dcr-p']['section']}: “{claims['sharp-dcr-p']['quote']}”",
            claims["sharp-dcr-p"]["printed"],
            "",
            "the P value equals the primary publication's",
            NOT_RECOMPUTABLE,
            "the reference notes give no P value for the disease control rate",
            "sharp-2008",
        )
    )
    return out


#: Words in an adverse event's recorded action that name its treatment.
_TREATMENT_WORDS = {"none": ("none",), "more-than-one-drug": ("drugs", "more than one")}


def _treatment_of(action: str, drugs) -> str:
    """How an adverse event was treated, in the vocabulary of `ctcae_grades.treatment`."""
    text = str(action).lower()
    named = [d for d in drugs if d.lower() in text]
    if not named or text.startswith("none"):
        return "none"
    return "one-drug" if len(named) == 1 else "more-than-one-drug"


def ctcae_entries(frames: dict) -> list:
    """Each graded adverse event of the case against the CTCAE versions in use in 2009.

    The lowest grade whose definition allows the treatment the event received is the least the
    event can be; a printed grade below it does not fit the description (CTCAE v3.0, v4.0).
    """
    rules = frames["ctcae_grades"]
    tr = frames["case_treatments"]
    drugs = [a.split()[0] for a in tr.loc[tr["route"] == "oral", "agent"] if a != "sorafenib"]
    rank = {"none": 0, "one-drug": 1, "more-than-one-drug": 2}
    out = []
    aes = frames["case_adverse_events"].dropna(subset=["ctcae_grade"])
    for ae in aes.itertuples():
        grades = rules[rules["term"] == ae.term]
        if grades.empty:
            continue
        treated = _treatment_of(ae.action, drugs)
        least = {
            v: int(g[g["treatment"].map(rank) >= rank[treated]]["grade"].min())
            for v, g in grades.groupby("version")
        }
        ok = all(int(ae.ctcae_grade) >= g for g in least.values())
        shown = "; ".join(f"CTCAE v{v}: at least grade {g}" for v, g in least.items())
        out.append(
            Entry(
                f"primary-ctcae-{ae.term.replace(' ', '-')}",
                "primary",
                f"{ae.location}: {ae.term} (grade {int(ae.ctcae_grade)})",
                f"grade {int(ae.ctcae_grade)}",
                f"treated with {treated.replace('-', ' ')} ({ae.action}): {shown}",
                "the printed grade allows the treatment given (CTCAE grade definitions)",
                status_of(ok),
                ""
                if ok
                else "a grade 1 event needs no intervention; one treated with a drug is at least "
                "grade 2 under both versions (grade 3 if the drug was added to existing "
                "antihypertensive therapy, which the paper does not say)",
                "ctcae-v3",
                "medium",
            )
        )
    return out
