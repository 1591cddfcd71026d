"""Table 1 rebuilt from the raw trial data: three sorafenib trials, five arms."""

import pandas as pd

from .. import paths
from ..errors import DataError, ParameterError
from . import fmt
from .tables import MISLABELLED, NOT_RECOMPUTABLE, BuiltTable, Cell, decide, records

TABLE_ID = "tbl-trials"

#: Resources this table reads (the Makefile lists the same files; a test keeps them equal).
INPUTS = [
    "sources",
    "trials",
    "trial_arms",
    "trial_populations",
    "trial_baseline",
    "trial_outcomes",
    "trial_best_response",
    "trial_adverse_events",
    "published_table1",
    "published_table_notes",
]

CATEGORICAL = {"sex", "child_pugh", "hepatitis", "tnm_stage", "bclc", "ecog"}
OUTCOMES = {"os", "ttsp", "ttp", "dcr"}
RESPONSES = {"cr": "CR", "pr": "PR", "sd": "SD", "pd": "PD", "ne": "NE"}


def _citation_key(frames, source_id: str) -> str:
    """Short human name of a source, e.g. 'SHARP 2008' for sharp-2008."""
    names = {
        "sharp-2008": "SHARP 2008 (Llovet et al.)",
        "ap-2009": "Asia-Pacific 2009 (Cheng et al.)",
        "abou-alfa-2006": "Abou-Alfa et al. 2006",
        "so-2008": "So et al. 2008",
        "chen-case": "this paper",
    }
    return names.get(source_id, source_id)


def _basis(frames, row) -> str:
    src, conf = row.get("basis_source"), row.get("basis_confidence")
    if pd.isna(src):
        return ""
    return (
        f" [{_citation_key(frames, src)}; confidence {conf}]"
        if pd.notna(conf)
        else f" [{_citation_key(frames, src)}]"
    )


def _groups(frame: pd.DataFrame, *keys) -> dict:
    """The rows of `frame` as dicts, grouped by the values of the `keys` columns, in row order."""
    out = {}
    for rec in records(frame):
        out.setdefault(tuple(rec[k] for k in keys), []).append(rec)
    return out


class _Lookup(dict):
    """The loaded frames, plus their rows grouped by key columns, computed once per `build`."""

    def rows(self, name, *keys) -> dict:
        key = ("_groups", name, keys)
        if key not in self:
            self[key] = _groups(self[name], *keys)
        return self[key]


def _rows(frames, name, *keys) -> dict:
    return frames.rows(name, *keys)


def _categorical(frames, arm, row_id, printed, n_enrolled):
    rows = _rows(frames, "trial_baseline", "arm_id", "characteristic")[(arm, row_id)]
    values = [r["value"] for r in rows]
    rebuilt = "/".join("NA" if pd.isna(v) else fmt.number(v, 0) for v in values)
    if all(pd.isna(v) for v in values):
        rebuilt = "NA"
    notes = list(
        dict.fromkeys(
            r["note"] for r in rows if pd.notna(r["note"]) and not r["note"].startswith("NA in")
        )
    )
    if rebuilt == "NA" and printed != "NA":
        return "—", NOT_RECOMPUTABLE, " ".join(notes), ""
    annotation = " ".join(notes)
    known = [v for v in values if pd.notna(v)]
    if len(known) == len(values) and sum(known) != n_enrolled:
        gap = n_enrolled - int(sum(known))
        annotation = (annotation + " " if annotation else "") + (
            f"The categories add up to {int(sum(known))} of the {n_enrolled} patients: "
            f"{gap} {'is' if gap == 1 else 'are'} not accounted for."
        )
    return rebuilt, "", "", annotation


def _response(frames, arm, category, printed, sizes):
    r = _rows(frames, "trial_best_response", "arm_id", "category")[(arm, category)][0]
    if pd.isna(r["count"]):
        return "NA", "", "", ""
    n = sizes[(arm, r["population"])]
    if "(" in printed:
        rebuilt = fmt.count_percent(r["count"], n, fmt.decimals_of(printed.split("(", 1)[1]))
    else:
        rebuilt = str(int(r["count"]))
    label, forced = "", ""
    if pd.notna(r["label_primary"]):
        label = f"The primary publication calls these patients '{r['label_primary']}'{_basis(frames, r)}. {r['note']}"
        forced = MISLABELLED
    reason = ""
    if "(" in printed and not fmt.same_printed(printed, rebuilt):
        printed_pct = printed.split("(", 1)[1].rstrip(") ")
        exact = fmt.to_decimal(int(r["count"])) * 100 / n
        reason = (
            f"{int(r['count'])} of {n} is {exact:.3f}%, which rounds to "
            f"{fmt.percent(r['count'], n, fmt.decimals_of(printed_pct))}, not {printed_pct}."
        )
    if reason:  # the percentage is wrong: a discrepancy, the label's problem noted beside it
        return rebuilt, "", reason, label
    return rebuilt, forced, label, ""


def _adverse_event(frames, arm, term, sizes):
    r = _rows(frames, "trial_adverse_events", "arm_id", "ae_term")[(arm, term)][0]
    if pd.isna(r["value"]):
        return "NA", "", "", ""
    n = sizes[(arm, r["population"])]
    if r["unit"] == "percent":
        reason = (
            f"The row is labelled n, but this arm's values are percentages of its {n} "
            f"{r['population']} patients{_basis(frames, r)}."
        )
        return f"{fmt.number(r['value'], 0)}%", MISLABELLED, reason, ""
    return fmt.number(r["value"], 0), "", "", ""


def build(frames: dict, arms=None) -> BuiltTable:
    """Rebuild Table 1 from the loaded data (see `data.load(INPUTS)`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    arms : list of str, optional
        Arms to show, in order (trial_arms.arm_id); default all, in the paper's order.

    Returns
    -------
    BuiltTable
    """
    frames = _Lookup(frames)
    published = sorted(records(frames["published_table1"]), key=lambda p: p["row"])
    trials = frames["trials"]
    trial_label = dict(zip(trials["trial_id"], trials["label"]))
    heads = {  # arm -> (trial head, arm sub-head), arms of known trials in the data's order
        a["arm_id"]: (trial_label[a["trial_id"]], a["label"])
        for a in records(frames["trial_arms"])
        if a["trial_id"] in trial_label
    }
    all_arms = list(heads)
    arms = list(arms) if arms is not None else all_arms
    unknown = [a for a in arms if a not in all_arms]
    if unknown or not arms:
        raise ParameterError(f"unknown arm(s) {unknown or arms}; valid: {', '.join(all_arms)}")
    pops = frames["trial_populations"]
    sizes = {(a, p): int(n) for a, p, n in zip(pops["arm_id"], pops["population"], pops["n"])}
    tn = frames["published_table_notes"]
    notes = dict(zip(zip(tn["table"], tn["kind"]), tn["printed"]))
    table = BuiltTable(
        TABLE_ID,
        notes[("table1", "caption")],
        [(a, *heads[a]) for a in arms],
        footnote=notes[("table1", "footnote")],
    )
    by_key = {(p["row_id"], p["column"]): p for p in published}
    for row_id in dict.fromkeys(p["row_id"] for p in published):
        for arm in arms:
            if (row_id, arm) not in by_key:
                raise DataError(
                    paths.relative(paths.PUBLISHED / "table1.csv"),
                    None,
                    "column",
                    f"no printed cell for row '{row_id}' and arm '{arm}'",
                )
            p = by_key[(row_id, arm)]
            printed = p["printed"]
            forced = reason = annotation = ""
            n_enrolled = sizes[(arm, "enrolled")]
            if row_id == "number":
                rebuilt = str(n_enrolled)
            elif row_id == "age":
                r = _rows(frames, "trial_baseline", "arm_id", "characteristic")[(arm, "age")][0]
                rebuilt = (
                    "NA"
                    if pd.isna(r["value"])
                    else fmt.number(r["value"], fmt.decimals_of(printed))
                )
                if r["statistic"] != "median":
                    reason = f"{r['note']}{_basis(frames, r)}"
                    forced = MISLABELLED
            elif row_id in CATEGORICAL:
                rebuilt, forced, reason, annotation = _categorical(
                    frames, arm, row_id, printed, n_enrolled
                )
            elif row_id in OUTCOMES:
                r = _rows(frames, "trial_outcomes", "arm_id", "measure")[(arm, row_id)][0]
                rebuilt = (
                    "NA"
                    if pd.isna(r["value"])
                    else fmt.number(r["value"], fmt.decimals_of(printed))
                )
            elif row_id in RESPONSES:
                rebuilt, forced, reason, annotation = _response(
                    frames, arm, RESPONSES[row_id], printed, sizes
                )
            elif row_id.startswith("ae-"):
                rebuilt, forced, reason, annotation = _adverse_event(frames, arm, row_id[3:], sizes)
            else:
                raise DataError(
                    paths.relative(paths.PUBLISHED / "table1.csv"),
                    int(p["row"]),
                    "row_id",
                    f"unknown row '{row_id}'",
                )
            status, reason = decide(printed, rebuilt, reason, forced)
            table.cells.append(
                Cell(
                    "table1",
                    int(p["row"]),
                    row_id,
                    p["section"],
                    p["label"],
                    arm,
                    "",
                    printed,
                    rebuilt,
                    status,
                    reason,
                    annotation.strip(),
                )
            )
    return table
