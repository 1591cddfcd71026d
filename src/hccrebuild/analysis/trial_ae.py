"""Adverse events on one scale: % of treated patients, sorafenib minus placebo, reporting basis."""

import re
from decimal import Decimal

import pandas as pd

from ..errors import DataError
from . import fmt
from .trial_data import (
    _CONFIDENCE_RANK,
    DISPLAY_DECIMALS,
    NOT_REPORTED,
    UNITS,
    _file,
    _published_decimals,
    _row,
    _sizes,
    _table1_labels,
    _table1_order,
    ae_terms,
    arms,
    check_ae_terms,
    check_sort,
    source_short,
)


def ae_percent(ae: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """Every adverse-event value as a percentage of its arm's denominator population.

    A count becomes 100 * n / N exactly (Decimal), shown with `DISPLAY_DECIMALS` places rounded
    half up; a published percentage is kept as it is and shown at its published precision.
    A missing value stays missing and reads `NOT_REPORTED`, never 0.

    Parameters
    ----------
    ae : DataFrame
        Rows of trial_adverse_events (arm_id, ae_term, value, unit, population, ...); its index
        labels are taken as positions in the file, as `data.read` gives them.
    populations : DataFrame
        trial_populations (arm_id, population, n).

    Returns
    -------
    DataFrame
        `ae` with `denominator` (int), `percent` (Decimal or None), `decimals` (display places or
        None), `percent_label` (str) and `reported` (bool) added.

    Raises
    ------
    DataError
        For a unit that is missing or not one of `UNITS` (field 'unit'), a denominator population
        the arm does not have (field 'population'), or a result above 100 % (field 'value').
    """
    file = _file("trial_adverse_events")
    n_of = _sizes(populations)
    out = []
    for i, r in ae.iterrows():
        unit = r["unit"]
        if pd.isna(unit) or unit not in UNITS:
            shown = "missing" if pd.isna(unit) else f"'{unit}'"
            raise DataError(
                file,
                _row(i),
                "unit",
                f"unit is {shown}; it must be one of {', '.join(UNITS)} "
                "to put the value on a common scale",
            )
        n = n_of.get((r["arm_id"], r["population"]))
        if n is None:
            raise DataError(
                file,
                _row(i),
                "population",
                f"arm '{r['arm_id']}' has no '{r['population']}' population in {_file('trial_populations')}",
            )
        if pd.isna(r["value"]):
            percent, decimals, label = None, None, NOT_REPORTED
        else:
            value = fmt.to_decimal(r["value"])
            if unit == "count":
                percent, decimals = value * 100 / n, DISPLAY_DECIMALS
            else:
                percent, decimals = value, _published_decimals(value)
            if percent > 100:
                raise DataError(
                    file,
                    _row(i),
                    "value",
                    f"{value} {unit} is {percent:.1f} % of {n} patients, more than 100 %",
                )
            label = fmt.number(percent, decimals)
        out.append(
            {
                "denominator": n,
                "percent": percent,
                "decimals": decimals,
                "percent_label": label,
                "reported": percent is not None,
            }
        )
    # Built column by column so that Decimals, ints and None stay as they are (no float NaN).
    cols = ["denominator", "percent", "decimals", "percent_label", "reported"]
    added = pd.DataFrame(
        {c: pd.Series([o[c] for o in out], index=ae.index, dtype=object) for c in cols}
    )
    added = added.astype({"denominator": "int64", "percent_label": "string", "reported": bool})
    return pd.concat([ae, added], axis=1)


def adverse_events(frames: dict, terms=None) -> pd.DataFrame:
    """Adverse events of Table 1 as % of treated patients, one row per (event, arm), Table 1 order.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    terms : list of str, optional
        Adverse-event ids to keep (shown in Table 1 order); default all (see `check_ae_terms`).

    Returns
    -------
    DataFrame
        Columns ae_term, ae_label, arm_id, arm_label, trial_id, trial_name, treatment, value, unit,
        population, denominator, percent, decimals, percent_label, reported, basis_source,
        basis_confidence.
    """
    terms = check_ae_terms(terms)
    labels = _table1_labels(frames)
    missing = [t for t in terms if f"ae-{t}" not in labels]
    if missing:
        raise DataError(
            _file("published_table1"),
            None,
            "row_id",
            f"no Table 1 row for adverse event(s) {', '.join(missing)}",
        )
    conv = ae_percent(frames["trial_adverse_events"], frames["trial_populations"])
    conv = conv[conv["ae_term"].isin(terms)]
    a = arms(frames)
    out = conv.merge(
        a[["arm_id", "arm_label", "trial_id", "trial_name", "treatment"]], on="arm_id", how="left"
    )
    out["ae_label"] = [labels[f"ae-{t}"] for t in out["ae_term"]]
    out["_t"] = out["ae_term"].map({t: k for k, t in enumerate(_table1_order(frames))})
    out["_a"] = out["arm_id"].map({arm: k for k, arm in enumerate(a["arm_id"])})
    out = out.sort_values(["_t", "_a"], kind="stable").reset_index(drop=True)
    return out[
        [
            "ae_term",
            "ae_label",
            "arm_id",
            "arm_label",
            "trial_id",
            "trial_name",
            "treatment",
            "value",
            "unit",
            "population",
            "denominator",
            "percent",
            "decimals",
            "percent_label",
            "reported",
            "basis_source",
            "basis_confidence",
        ]
    ]


def risk_differences(table: pd.DataFrame) -> pd.DataFrame:
    """Sorafenib minus placebo, in percentage points, per adverse event in each randomised trial.

    Parameters
    ----------
    table : DataFrame
        As returned by `adverse_events`. A trial counts as randomised when it has exactly one
        sorafenib and one placebo arm.

    Returns
    -------
    DataFrame
        One row per (trial, event): trial_id, trial_name, ae_term, ae_label, sorafenib_percent,
        placebo_percent, difference (Decimal or None when either arm is not reported),
        difference_label (shown at the coarser precision of the two arms), reported.
    """
    rows = []
    for trial_id, t in table.groupby("trial_id", sort=False):
        arms_of = t.drop_duplicates("arm_id")
        if sorted(arms_of["treatment"]) != ["placebo", "sorafenib"]:
            continue
        for term, g in t.groupby("ae_term", sort=False):
            s = g[g["treatment"] == "sorafenib"].iloc[0]
            p = g[g["treatment"] == "placebo"].iloc[0]
            if s["reported"] and p["reported"]:
                diff = s["percent"] - p["percent"]
                label = fmt.number(diff, min(s["decimals"], p["decimals"]))
            else:
                diff, label = None, NOT_REPORTED
            rows.append(
                {
                    "trial_id": trial_id,
                    "trial_name": s["trial_name"],
                    "ae_term": term,
                    "ae_label": s["ae_label"],
                    "sorafenib_arm": s["arm_id"],
                    "placebo_arm": p["arm_id"],
                    "sorafenib_percent": s["percent"],
                    "placebo_percent": p["percent"],
                    "difference": diff,
                    "difference_label": label,
                    "reported": diff is not None,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "trial_id",
            "trial_name",
            "ae_term",
            "ae_label",
            "sorafenib_arm",
            "placebo_arm",
            "sorafenib_percent",
            "placebo_percent",
            "difference",
            "difference_label",
            "reported",
        ],
    )


def wide(
    frame: pd.DataFrame,
    index: str = "ae_label",
    columns: str = "arm_label",
    values: str = "percent_label",
) -> pd.DataFrame:
    """A long result (`adverse_events`, `risk_differences`) as a wide table, keeping its row and column order.

    Parameters
    ----------
    frame : DataFrame
    index, columns, values : str
        Column names of `frame` for the rows, the columns and the cells.

    Returns
    -------
    DataFrame
        Cells as in `values` (for the label columns, missing values read `NOT_REPORTED`).
    """
    out = frame.pivot(index=index, columns=columns, values=values)
    out = out.loc[list(dict.fromkeys(frame[index])), list(dict.fromkeys(frame[columns]))]
    out.columns.name = None
    return out


def _mean(values) -> Decimal:
    values = [v for v in values if v is not None and not pd.isna(v)]
    return sum(values, Decimal(0)) / len(values) if values else None


def order_terms(table: pd.DataFrame, sort_by: str = "table") -> list:
    """Adverse-event ids of `table` in the order `sort_by` names (see `SORT_ORDERS`).

    Parameters
    ----------
    table : DataFrame
        As returned by `adverse_events`.
    sort_by : str
        'table', 'sorafenib' or 'difference'. Ties, and events with nothing to sort by, keep
        Table 1 order (the latter last).

    Returns
    -------
    list of str
    """
    check_sort(sort_by)
    terms = list(dict.fromkeys(table["ae_term"]))
    if sort_by == "table":
        return terms
    if sort_by == "sorafenib":
        sor = table[table["treatment"] == "sorafenib"]
        key = {t: _mean(sor.loc[sor["ae_term"] == t, "percent"]) for t in terms}
    else:
        diff = risk_differences(table)
        key = {t: _mean(diff.loc[diff["ae_term"] == t, "difference"]) for t in terms}
    return sorted(terms, key=lambda t: (key[t] is None, -(key[t] or 0)))


def _ae_id(text: str) -> str:
    """An adverse event named in prose as an ae_term id ('hand-foot skin reaction' -> hand_foot_skin_reaction)."""
    return re.sub(r"[^a-z]+", "_", str(text).lower()).strip("_")


def single_patient_aes(frames: dict) -> pd.DataFrame:
    """Sorafenib adverse events of the index patient and of So et al.'s patient, matched to Table 1's events.

    Returns
    -------
    DataFrame
        patient ('index' or the comparator case_id), patient_label, ae_term (None when the event is
        not one of Table 1's), term as recorded, detail (grade, or the paper's description), source,
        value_id (the value's id in the findings register: `case-<ae_id>`, or the Table 2 cell).
    """
    known = set(ae_terms())
    rows = []
    case = frames["case_adverse_events"]
    for _, r in case[case["attributed_to"] == "sorafenib"].iterrows():
        grade = f"grade {int(r['ctcae_grade'])}" if pd.notna(r["ctcae_grade"]) else "no grade given"
        term = _ae_id(r["term"])
        rows.append(
            {
                "patient": "index",
                "patient_label": "this patient",
                "ae_term": term if term in known else None,
                "term": r["term"],
                "detail": grade,
                "source": r["source"],
                "value_id": f"case-{r['ae_id']}",
            }
        )
    comp = frames["comparator_cases"]
    for _, r in comp[comp["item"] == "main_adverse_reaction"].dropna(subset=["value"]).iterrows():
        term = _ae_id(r["value"])
        rows.append(
            {
                "patient": r["case_id"],
                "patient_label": source_short(frames, r["case_id"]).replace(" ", " et al. ", 1),
                "ae_term": term if term in known else None,
                "term": r["value"],
                "detail": "main adverse reaction",
                "source": r["source"],
                "value_id": f"table2-main_adverse_reaction-{r['case_id']}",
            }
        )
    return pd.DataFrame(
        rows,
        columns=["patient", "patient_label", "ae_term", "term", "detail", "source", "value_id"],
    )


def percent_trials(table: pd.DataFrame) -> list:
    """Trials whose adverse-event values are published percentages rather than counts.

    Parameters
    ----------
    table : DataFrame
        As returned by `adverse_events`.

    Returns
    -------
    list of str
        Trial names, in `table`'s order.
    """
    return list(dict.fromkeys(table.loc[table["unit"] == "percent", "trial_name"]))


def _lowest_confidence(values) -> str:
    """The weakest of several confidence levels ('high' < 'medium' < 'low'); None if none given."""
    known = [v for v in values if v is not None and not pd.isna(v)]
    return max(known, key=lambda v: _CONFIDENCE_RANK.get(v, 3)) if known else None


def reporting_basis(frames: dict, table: pd.DataFrame) -> list:
    """What each trial reported for its adverse events, one sentence each, from the data.

    Parameters
    ----------
    frames : dict of DataFrame
    table : DataFrame
        As returned by `adverse_events` (only its trials are described).

    Returns
    -------
    list of str
        e.g. "SHARP published percentages of 297 (sorafenib) and 302 (placebo) treated patients
        [Llovet 2008]".
    """
    phrases = []
    for _trial_id, t in table.groupby("trial_id", sort=False):
        units = list(dict.fromkeys(t["unit"]))
        kind = {"percent": "published percentages of", "count": "reported counts out of"}
        what = " and ".join(kind[u] for u in units)
        arm_n = t.drop_duplicates("arm_id")
        dens = (
            " and ".join(f"{n} ({tr})" for n, tr in zip(arm_n["denominator"], arm_n["treatment"]))
            if len(arm_n) > 1
            else str(arm_n["denominator"].iloc[0])
        )
        pops = " / ".join(dict.fromkeys(t["population"]))
        srcs = "; ".join(source_short(frames, s) for s in dict.fromkeys(t["basis_source"].dropna()))
        conf = _lowest_confidence(t["basis_confidence"])
        tag = f"{srcs}; confidence {conf}" if conf and conf != "high" else srcs
        phrases.append(
            f"{t['trial_name'].iloc[0]} {what} {dens} {pops} patients"
            + (f" [{tag}]" if tag else "")
        )
    return phrases
