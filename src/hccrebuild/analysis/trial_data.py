"""The trials as data: resources, names, arms, parameter choices and the helpers the trial computations share."""

import numbers
import re
from decimal import Decimal

import pandas as pd

from .. import data, paths
from ..errors import DataError, ParameterError

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
