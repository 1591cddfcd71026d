"""Trial results on one scale: adverse events as % of treated patients, best response as % of each arm."""

import numbers
import re
from decimal import Decimal

import pandas as pd

from .. import data, paths
from ..errors import DataError, ParameterError
from . import fmt

#: Resources read here and by `trial_charts` (data.load(INPUTS) gives every frame they need).
INPUTS = [
    "sources",
    "trials",
    "trial_arms",
    "trial_populations",
    "trial_adverse_events",
    "trial_best_response",
    "trial_outcomes",
    "trial_hazard_ratios",
    "case_adverse_events",
    "comparator_cases",
    "published_table1",
]

#: Decimal places of a percentage computed from a count (exact, then rounded half up for display).
#: A percentage the trial published is shown at its published precision instead.
DISPLAY_DECIMALS = 1

UNITS = ("count", "percent")
NOT_REPORTED = "not reported"
NOT_ACCOUNTED = "not accounted for"
RESPONSE_CATEGORIES = ["CR", "PR", "SD", "PD", "NE"]

#: Short names of the trials, as the paper's Discussion calls them.
TRIAL_NAMES = {"abou-alfa": "Abou-Alfa", "sharp": "SHARP", "asia-pacific": "Asia-Pacific"}

#: Orders of the adverse events in the charts.
SORT_ORDERS = {
    "table": "Table 1 order",
    "sorafenib": "descending mean percentage over the sorafenib arms",
    "difference": "descending mean sorafenib-minus-placebo difference",
}

_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
_PRINTED_UNIT = re.compile(r",\s*n(\s*\(%\))?\s*$")


def _file(name: str) -> str:
    return paths.relative(data.resource_path(name))


def _row(index) -> int:
    """Data row of a frame's index label (1 = first row after the header), as `validate` counts."""
    return int(index) + 1 if isinstance(index, numbers.Integral) else None


def _published_decimals(value: Decimal) -> int:
    """Decimal places a published number carries (21 -> 0, 35.3 -> 1)."""
    return max(0, -value.normalize().as_tuple().exponent)


def ae_terms() -> list:
    """Every adverse-event id the data may hold, in Table 1 order (the schema's enum).

    Returns
    -------
    list of str
        The enum of trial_adverse_events.ae_term in data/datapackage.json; readable without loading data.
    """
    for f in data.resource("trial_adverse_events")["schema"]["fields"]:
        if f["name"] == "ae_term":
            return list(f["constraints"]["enum"])
    raise DataError(
        paths.relative(paths.DATAPACKAGE),
        None,
        "ae_term",
        "trial_adverse_events has no ae_term enum",
    )


def check_ae_terms(terms) -> list:
    """The chosen adverse events, checked against `ae_terms()`.

    Parameters
    ----------
    terms : list of str
        Adverse-event ids (trial_adverse_events.ae_term); None means all.

    Returns
    -------
    list of str

    Raises
    ------
    ParameterError
        On an empty list, a repeated or an unknown id; the message lists the valid ones.
    """
    valid = ae_terms()
    if terms is None:
        return valid
    if isinstance(terms, str) or not isinstance(terms, (list, tuple)):
        raise ParameterError(
            f"ae_terms must be a list of adverse-event ids, not {terms!r}; valid: {', '.join(valid)}"
        )
    terms = list(terms)
    unknown = [t for t in terms if t not in valid]
    if unknown or not terms:
        raise ParameterError(
            f"unknown adverse event(s) {unknown or terms}; valid: {', '.join(valid)}"
        )
    repeated = sorted({t for t in terms if terms.count(t) > 1})
    if repeated:
        raise ParameterError(f"adverse event(s) listed twice: {', '.join(repeated)}")
    return terms


def check_sort(sort_by: str) -> str:
    """An adverse-event order, checked.

    Parameters
    ----------
    sort_by : str
        One of `SORT_ORDERS`.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        For any other value; the message lists the valid ones.
    """
    if sort_by not in SORT_ORDERS:
        valid = "; ".join(f"'{k}' ({v})" for k, v in SORT_ORDERS.items())
        raise ParameterError(f"unknown sort order {sort_by!r}; valid: {valid}")
    return sort_by


def source_short(frames: dict, source_id: str) -> str:
    """A source as 'first author year', read from its citation.

    Parameters
    ----------
    frames : dict of DataFrame
        Needs 'sources'.
    source_id : str
        sources.source_id.

    Returns
    -------
    str
        e.g. 'Llovet 2008'; the id itself when the source is unknown.
    """
    src = frames["sources"].set_index("source_id")
    if source_id not in src.index:
        return source_id
    citation = src.loc[source_id, "citation"]
    year = re.search(r"\b(?:19|20)\d{2}\b", citation)
    author = citation.split()[0].rstrip(",")
    return f"{author} {year.group()}" if year else author


def _sizes(populations: pd.DataFrame) -> dict:
    """Patients per (arm_id, population), from trial_populations."""
    return {
        (a, p): int(n)
        for a, p, n in zip(populations["arm_id"], populations["population"], populations["n"])
    }


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


def _table1_labels(frames: dict) -> dict:
    """Row labels of the paper's Table 1 by row_id, without the printed unit (',n', ', n (%)')."""
    pub = frames["published_table1"].drop_duplicates("row_id")
    return {
        rid: _PRINTED_UNIT.sub("", label).strip() for rid, label in zip(pub["row_id"], pub["label"])
    }


def _table1_order(frames: dict) -> list:
    """Adverse-event ids in the order of the paper's Table 1 rows."""
    pub = frames["published_table1"].sort_values("row", kind="stable").drop_duplicates("row_id")
    return [rid[3:] for rid in pub["row_id"] if rid.startswith("ae-")]


def arms(frames: dict) -> pd.DataFrame:
    """The trial arms in the paper's order, with trial name, a display label and their populations.

    Parameters
    ----------
    frames : dict of DataFrame
        Needs 'trials', 'trial_arms' and 'trial_populations'.

    Returns
    -------
    DataFrame
        arm_id, trial_id, trial_name, treatment, arm_label, primary_source, n_enrolled, n_treated.
    """
    a = frames["trial_arms"].merge(
        frames["trials"][["trial_id", "label", "primary_source"]],
        on="trial_id",
        suffixes=("", "_trial"),
    )
    a["trial_name"] = [TRIAL_NAMES.get(t, lab) for t, lab in zip(a["trial_id"], a["label_trial"])]
    a["arm_label"] = a["trial_name"] + " " + a["treatment"]
    n = _sizes(frames["trial_populations"])
    a["n_enrolled"] = [n.get((arm, "enrolled")) for arm in a["arm_id"]]
    a["n_treated"] = [n.get((arm, "treated")) for arm in a["arm_id"]]
    return a[
        [
            "arm_id",
            "trial_id",
            "trial_name",
            "treatment",
            "arm_label",
            "primary_source",
            "n_enrolled",
            "n_treated",
        ]
    ]


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
        not one of Table 1's), term as recorded, detail (grade, or the paper's description), source.
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
            }
        )
    return pd.DataFrame(
        rows, columns=["patient", "patient_label", "ae_term", "term", "detail", "source"]
    )


def response_shares(resp: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """Best response per arm as % of the arm, with a `NOT_ACCOUNTED` remainder where categories fall short.

    Parameters
    ----------
    resp : DataFrame
        Rows of trial_best_response (arm_id, category, count, population, label_primary, ...).
    populations : DataFrame
        trial_populations (arm_id, population, n).

    Returns
    -------
    DataFrame
        Per arm, its categories in `RESPONSE_CATEGORIES` order then one `NOT_ACCOUNTED` row
        (count = arm size minus the reported counts, possibly 0): arm_id, category, count (None when
        not reported), denominator, percent (Decimal or None), percent_label, reported,
        label_primary, basis_source, basis_confidence, not_reported (categories missing, for the
        remainder row).

    Raises
    ------
    DataError
        For a population the arm does not have, or categories adding up to more than the arm.
    """
    file = _file("trial_best_response")
    n_of = _sizes(populations)
    order = {c: k for k, c in enumerate(RESPONSE_CATEGORIES)}
    rows = []
    for arm, g in resp.groupby("arm_id", sort=False):
        g = g.iloc[
            sorted(range(len(g)), key=lambda k: order.get(g["category"].iloc[k], len(order)))
        ]
        pops = set(g["population"])
        if len(pops) != 1:
            raise DataError(
                file,
                _row(g.index[0]),
                "population",
                f"arm '{arm}' mixes denominators {sorted(pops)}",
            )
        pop = pops.pop()
        n = n_of.get((arm, pop))
        if n is None:
            raise DataError(
                file,
                _row(g.index[0]),
                "population",
                f"arm '{arm}' has no '{pop}' population in {_file('trial_populations')}",
            )
        total, missing = 0, []
        for _i, r in g.iterrows():
            reported = pd.notna(r["count"])
            if reported:
                total += int(r["count"])
            else:
                missing.append(r["category"])
            pct = fmt.to_decimal(int(r["count"])) * 100 / n if reported else None
            rows.append(
                {
                    "arm_id": arm,
                    "category": r["category"],
                    "count": int(r["count"]) if reported else None,
                    "population": pop,
                    "denominator": n,
                    "percent": pct,
                    "percent_label": fmt.number(pct, DISPLAY_DECIMALS)
                    if reported
                    else NOT_REPORTED,
                    "reported": reported,
                    "label_primary": r.get("label_primary"),
                    "basis_source": r.get("basis_source"),
                    "basis_confidence": r.get("basis_confidence"),
                    "not_reported": "",
                }
            )
        rest = n - total
        if rest < 0:
            raise DataError(
                file,
                _row(g.index[0]),
                "count",
                f"the categories of arm '{arm}' add up to {total}, more than its {n} patients",
            )
        pct = fmt.to_decimal(rest) * 100 / n
        rows.append(
            {
                "arm_id": arm,
                "category": NOT_ACCOUNTED,
                "count": rest,
                "population": pop,
                "denominator": n,
                "percent": pct,
                "percent_label": fmt.number(pct, DISPLAY_DECIMALS),
                "reported": True,
                "label_primary": None,
                "basis_source": None,
                "basis_confidence": None,
                "not_reported": ", ".join(missing),
            }
        )
    # Python objects kept (Decimal, int or None), so a missing count never turns into a float NaN.
    out = pd.DataFrame(rows, dtype=object)
    for col in ("label_primary", "basis_source", "basis_confidence"):
        out[col] = [None if pd.isna(v) else v for v in out[col]]
    return out.astype(
        {
            "arm_id": "string",
            "category": "string",
            "population": "string",
            "denominator": "int64",
            "percent_label": "string",
            "reported": bool,
            "not_reported": "string",
        }
    )


def best_response(frames: dict) -> pd.DataFrame:
    """Best response of every arm as % of the arm, labelled as Table 1 prints it (see `response_shares`).

    Returns
    -------
    DataFrame
        `response_shares` with arm_label, trial_name and `label` (Table 1's row label; the
        remainder's is `NOT_ACCOUNTED`), arms in the paper's order.
    """
    shares = response_shares(frames["trial_best_response"], frames["trial_populations"])
    labels = _table1_labels(frames)
    shares["label"] = [
        labels.get(c.lower(), c) if c != NOT_ACCOUNTED else NOT_ACCOUNTED
        for c in shares["category"]
    ]
    a = arms(frames)
    out = shares.merge(
        a[["arm_id", "arm_label", "trial_name", "treatment"]], on="arm_id", how="left"
    )
    out["_a"] = out["arm_id"].map({arm: k for k, arm in enumerate(a["arm_id"])})
    return out.sort_values("_a", kind="stable").drop(columns="_a").reset_index(drop=True)


def medians(frames: dict, measures=("os", "ttp")) -> pd.DataFrame:
    """Median times per arm (trial_outcomes), with their 95 % CI where printed, arms in the paper's order.

    Parameters
    ----------
    frames : dict of DataFrame
    measures : sequence of str
        trial_outcomes.measure values with unit months.

    Returns
    -------
    DataFrame
        arm_id, arm_label, measure, value, ci_low, ci_high, reported, source, location.
    """
    out = frames["trial_outcomes"]
    out = out[out["measure"].isin(measures) & (out["unit"] == "months")]
    a = arms(frames)
    m = out.merge(a[["arm_id", "arm_label"]], on="arm_id", how="left")
    m["reported"] = m["value"].notna()
    m["_a"] = m["arm_id"].map({arm: k for k, arm in enumerate(a["arm_id"])})
    m["_m"] = m["measure"].map({x: k for k, x in enumerate(measures)})
    m = m.sort_values(["_a", "_m"], kind="stable").reset_index(drop=True)
    return m[
        [
            "arm_id",
            "arm_label",
            "measure",
            "value",
            "ci_low",
            "ci_high",
            "reported",
            "source",
            "location",
        ]
    ]


def hazard_ratios(frames: dict) -> pd.DataFrame:
    """Hazard ratios of sorafenib vs placebo with 95 % CIs, as trial_hazard_ratios records them.

    Parameters
    ----------
    frames : dict of DataFrame
        Needs 'trial_hazard_ratios' and 'sources'.

    Returns
    -------
    DataFrame
        trial_hazard_ratios with trial_name and source_short ('Llovet 2008') added.
    """
    hr = frames["trial_hazard_ratios"].copy()
    hr["trial_name"] = [TRIAL_NAMES.get(t, t) for t in hr["trial_id"]]
    hr["source_short"] = [source_short(frames, s) for s in hr["source"]]
    return hr.reset_index(drop=True)


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
