"""Ledger entries against the primary publications: statistics, labels, units and P values the
paper takes from the trials, with the confidence of each fact."""

import pandas as pd

from .. import fmt
from ..tables import CANNOT_REFUTE, DISCREPANCY, REPRODUCED, records
from .entries import Entry, status_of
from .text_entries import P_VALUE_CLAIMS


def primary_entries(frames: dict) -> list:
    """The paper against the primary publications (shared/reference/primary-sources.md)."""
    out = []
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

    Under each version the event's treatment sets the least grade whose definition allows it,
    and a "transient" course fits the grade whose definition says transient (CTCAE v3.0 grade 1:
    under 24 h). A printed grade that fits both under every version is reproduced; one that the
    treatment excludes under every version is a discrepancy; where the versions or the two
    criteria disagree (and the paper names no version), the grade can be neither confirmed nor
    refuted.
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
        printed = int(ae.ctcae_grade)
        treated = _treatment_of(ae.action, drugs)
        fits, words = [], []
        for v, g in grades.groupby("version"):
            least = int(g[g["treatment"].map(rank) >= rank[treated]]["grade"].min())
            by_course = (
                g[g["definition"].str.contains("transient", case=False)]["grade"]
                .astype(int)
                .tolist()
                if str(ae.course).lower() == "transient"
                else []
            )
            shown = f"CTCAE v{v}: the treatment needs at least grade {least}"
            more = g[g["definition"].str.contains("more intensive therapy than previously")]
            if not more.empty:
                shown += (
                    f" (grade {int(more['grade'].iloc[0])} if it added to earlier antihypertensive "
                    "treatment, which the paper does not state)"
                )
            if by_course:
                shown += f", the transient course fits grade {', '.join(map(str, by_course))}"
            # every grade the course and the treatment leave open under this version
            top = int(more["grade"].iloc[0]) if not more.empty else least
            open_grades = sorted(set(by_course) | set(range(least, top + 1)))
            shown += f", so grade {_either(open_grades)}"
            words.append(shown)
            fits.append(
                "yes"
                if printed >= least and (not by_course or printed in by_course)
                else ("undetermined" if printed in by_course else "no")
            )
        status = (
            REPRODUCED
            if all(f == "yes" for f in fits)
            else (DISCREPANCY if all(f == "no" for f in fits) else CANNOT_REFUTE)
        )
        note = {
            REPRODUCED: "",
            DISCREPANCY: f"the treatment excludes grade {printed} under every version",
            CANNOT_REFUTE: f"grade {printed} is neither shown nor excluded: the versions, or the "
            "course and the treatment, point to different grades, and the paper names no version "
            "and gives no blood-pressure values or duration in hours",
        }[status]
        out.append(
            Entry(
                f"primary-ctcae-{ae.term.replace(' ', '-')}",
                "primary",
                f"{ae.location}: {ae.term} (grade {printed})",
                f"grade {printed}",
                f"{ae.course}; treated with {treated.replace('-', ' ')} ({ae.action}): "
                + "; ".join(words),
                "the printed grade fits the course and the treatment (CTCAE grade definitions)",
                status,
                note,
                "ctcae-v3",
            )
        )
    return out


def _either(grades: list) -> str:
    """Grades as words: "2", "2 or 3", "1, 2 or 3"."""
    g = [str(x) for x in grades]
    return g[0] if len(g) == 1 else f"{', '.join(g[:-1])} or {g[-1]}"
