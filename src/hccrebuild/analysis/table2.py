"""Table 2 rebuilt: So et al.'s case from its transcribed items, the index case from its events."""

import math

import pandas as pd

from .. import paths
from ..errors import DataError
from . import case, fmt
from .tables import BuiltTable, Cell, decide

TABLE_ID = "tbl-cases"

#: Resources this table reads (the Makefile lists the same files; a test keeps them equal).
INPUTS = [
    "sources",
    "comparator_cases",
    "case_facts",
    "case_imaging",
    "case_lesions",
    "case_event_dates",
    "case_treatments",
    "case_adverse_events",
    "case_labs",
    "published_table2",
    "published_table_notes",
]

#: How Table 2 prints the data's vocabulary.
WORDS = {
    "yes": "Yes",
    "no": "Neg",
    "none": "Neg",
    "male": "Male",
    "female": "Female",
    "multiple": "Multiple",
    "lung": "Lung",
    "hand-foot skin reaction": "HFSR",
    "diarrhoea": "Diarrhea",
}

ONLY_IN_TABLE2 = "Stated only in Table 2: nothing else in the paper confirms it, so the cell checks the transcription, not the paper."


def word(value) -> str:
    """A vocabulary value as Table 2 prints it; missing is NA."""
    if value is None or pd.isna(value):
        return "NA"
    return WORDS.get(str(value), str(value))


def lesion_count(n) -> str:
    """Number of lesions as Table 2 prints it: Neg for none, Multiple for two or more."""
    if n in ("multiple",) or (str(n).isdigit() and int(n) >= 2):
        return "Multiple"
    return "Neg" if str(n) == "0" else str(n)


def dose_bid(mg) -> str:
    """A twice-daily dose as Table 2 prints it."""
    mg = fmt.to_decimal(mg)
    return "0" if mg == 0 else f"{fmt.number(mg, 0)} mg,bid"


def _so(frames, row_id, visit, printed):
    cc = frames["comparator_cases"]
    cc = cc[cc["case_id"] == "so-2008"]

    def item(name, v=visit):
        hit = cc[(cc["item"] == name) & (cc["visit"].fillna("") == v)]
        if hit.empty:
            raise DataError(
                paths.relative(paths.RAW / "comparator_cases.csv"),
                None,
                "item",
                f"no item '{name}' (visit '{v}') for so-2008",
            )
        return hit["value"].iloc[0]

    if row_id == "longest_diameter":
        if lesion_count(item("lesion_count")) == "Neg":
            return "Neg"
        return f"{fmt.number(item('diameter_1_cm'), 1)}×{fmt.number(item('diameter_2_cm'), 1)}"
    if row_id == "lesion_count":
        return lesion_count(item("lesion_count"))
    if row_id == "metastasis":
        return word(item("metastasis_site"))
    if row_id == "afp":
        return fmt.number(item("afp"), fmt.decimals_of(printed))
    if row_id == "dose":
        return dose_bid(item("sorafenib_dose_mg_bid"))
    name = {"age": "age_years", "treatment_months": "treatment_months"}.get(row_id, row_id)
    return word(item(name))


def _context(frames, sorafenib_reading) -> dict:
    """Dates and studies every index-case cell refers to, computed once per table."""
    return {
        "start": case.event_date(frames, "sorafenib-start", sorafenib_reading),
        "tace": case.event_date(frames, "tace"),
        "base": case.baseline_study(frames),
        "last": case.last_study(frames),
        "reading": sorafenib_reading,
    }


def _index(frames, row_id, visit, printed, ctx):
    """Rebuilt text and annotation of an index-case cell."""
    start, tace, base, last, sorafenib_reading = (
        ctx["start"],
        ctx["tace"],
        ctx["base"],
        ctx["last"],
        ctx["reading"],
    )
    study = base if visit == "first" else last
    note = ""
    simple = {
        "age": "age_years",
        "sex": "sex",
        "hepatitis": "hepatitis",
        "hypertension": "hypertension",
        "diabetes": "diabetes",
        "cirrhosis": "cirrhosis",
        "surgical_resection": "surgical_resection",
        "liver_transplantation": "liver_transplantation",
        "pathology": "pathology",
        "bclc_stage": "bclc_stage",
    }
    if row_id in simple:
        row = case.fact_row(frames, simple[row_id])
        if str(row["location"]).startswith("Table 2"):
            note = ONLY_IN_TABLE2
        return word(row["value"]), note
    if row_id == "locoregional_therapy":
        tr = frames["case_treatments"]
        kinds = sorted(set(tr.loc[(tr["kind"] == "TACE"), "kind"])) if tace < start else []
        note = (
            (
                f"TACE on {tace:%d %b %Y}, {(start - tace).days} days before sorafenib started "
                f"({start:%d %b %Y}): part of the same course of treatment, not an earlier one."
            )
            if kinds
            else ""
        )
        return ("/".join(kinds) or "Neg"), note
    if row_id == "lesion_count":
        return lesion_count(len(case.visible_at(frames, study["study_id"]))), ""
    if row_id == "longest_diameter":
        seen = case.visible_at(frames, study["study_id"]).sort_values("long_cm", ascending=False)
        if seen.empty:
            return "Neg", ""
        big = seen.iloc[0]
        return f"{fmt.number(big['long_cm'], 1)}×{fmt.number(big['short_cm'], 1)}", ""
    if row_id == "metastasis":
        return word(case.fact(frames, "distant_metastasis")), ""
    if row_id == "child_pugh_class":
        tp = "diagnosis" if visit == "first" else "last_visit"
        row = case.fact_row(frames, "child_pugh_class", tp)
        return word(row["value"]), ONLY_IN_TABLE2 if str(row["location"]).startswith(
            "Table 2"
        ) else ""
    if row_id == "afp":
        labs = frames["case_labs"]
        if visit == "first":
            before = labs[(labs["kind"] == "measurement") & (labs["date"] < tace)].sort_values(
                "date"
            )
            r = before.iloc[-1]
            return fmt.number(
                r["value"], fmt.decimals_of(printed)
            ), f"The last AFP before TACE ({r['date']:%d %b %Y}); 1 µg/L = 1 ng/mL."
        r = labs[labs["period"] == "last visit"].iloc[-1]
        return fmt.number(r["value"], fmt.decimals_of(printed)), ONLY_IN_TABLE2
    if row_id == "ecog":
        facts = frames["case_facts"]
        ecog = facts[facts["item"] == "ecog"]
        if visit == "first":
            return str(case.fact(frames, "ecog", "diagnosis")), ""
        r = ecog.dropna(subset=["date"]).sort_values("date").iloc[-1]
        return (
            str(r["value"]),
            f"The latest ECOG in the data is from {r['date']} (the first follow-up CT); none is given for the last visit.",
        )
    if row_id == "dose":
        tr = frames["case_treatments"]
        sor = tr[tr["agent"] == "sorafenib"].iloc[0]
        changed = (frames["case_adverse_events"]["dose_change"] != "none") & (
            frames["case_adverse_events"]["attributed_to"] == "sorafenib"
        )
        if visit == "last" and changed.any():
            raise DataError(
                paths.relative(paths.RAW / "case_adverse_events.csv"),
                int(changed.idxmax()) + 1,
                "dose_change",
                "a dose change is recorded but its new dose is not",
            )
        return dose_bid(sor["dose"]), ""
    if row_id == "main_adverse_reaction":
        ae = frames["case_adverse_events"]
        ae = ae[ae["attributed_to"] == "sorafenib"]
        main = ae[ae["course"] != "transient"]
        others = ae[ae["course"] == "transient"]
        note = "; ".join(
            f"{t} (grade {g} as printed, {c}) also occurred"
            for t, g, c in zip(others["term"], others["ctcae_grade"], others["course"])
        )
        return ", ".join(word(t) for t in main["term"]), (
            note[:1].upper() + note[1:] + "."
        ) if note else ""
    if row_id == "treatment_months":
        m = case.months(start, last["date"])
        days = (last["date"] - start).days
        text = str(int(m)) if m == int(m) else f">{math.floor(m)}"
        return text, (
            f"{days} days ({m:.1f} months) from the sorafenib start ({start:%d %b %Y}, reading "
            f"'{sorafenib_reading or case.readings(frames, 'sorafenib-start')[0]}') to the last imaging study ({last['date']:%d %b %Y})."
        )
    if row_id == "outcome":
        les = case.lesions(frames)
        seen = les[les["date"] > start].groupby("date")["visible"].any()
        if seen.empty or seen.iloc[-1]:
            return "not CR", "A measured lesion is still visible at the last imaging study."
        first = seen[~seen].index[0]
        return (
            "CR",
            f"No measured lesion is visible at any study from {first:%d %b %Y} on."
            if not seen[seen.index >= first].any()
            else "",
        )
    raise DataError(
        paths.relative(paths.PUBLISHED / "table2.csv"), None, "row_id", f"unknown row '{row_id}'"
    )


def build(frames: dict, sorafenib_start: str = None) -> BuiltTable:
    """Rebuild Table 2 from the loaded data (see `data.load(INPUTS)`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date (case_event_dates.reading); default: the data's default.

    Returns
    -------
    BuiltTable
    """
    ctx = _context(frames, sorafenib_start)  # fails early on an unknown reading
    published = frames["published_table2"].sort_values(["row"], kind="stable")
    notes = frames["published_table_notes"].set_index(["table", "kind"])["printed"]
    heads = [h.strip() for h in notes[("table2", "column")].split("|")]
    table = BuiltTable(
        TABLE_ID,
        notes[("table2", "caption")],
        [("so-2008", heads[0], ""), ("index", heads[1], "")],
        footnote=notes[("table2", "footnote")],
        visits=("first", "last"),
    )
    for p in published.to_dict("records"):
        visit = "" if pd.isna(p["visit"]) else p["visit"]
        annotation = ""
        if p["column"] == "so-2008":
            rebuilt = _so(frames, p["row_id"], visit, p["printed"])
        else:
            rebuilt, annotation = _index(frames, p["row_id"], visit, p["printed"], ctx)
        status, reason = decide(p["printed"], rebuilt)
        section = "" if pd.isna(p["section"]) else p["section"]
        table.cells.append(
            Cell(
                "table2",
                int(p["row"]),
                p["row_id"],
                section,
                p["label"],
                p["column"],
                visit,
                p["printed"],
                rebuilt,
                status,
                reason,
                annotation,
            )
        )
    return table
