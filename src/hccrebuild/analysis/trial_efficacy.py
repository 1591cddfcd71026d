"""Efficacy on one scale: best response as % of each arm, medians and hazard ratios."""

import pandas as pd

from ..errors import DataError
from . import fmt
from .trial_data import (
    DISPLAY_DECIMALS,
    NOT_ACCOUNTED,
    NOT_REPORTED,
    RESPONSE_CATEGORIES,
    TRIAL_NAMES,
    _file,
    _row,
    _sizes,
    _table1_labels,
    arms,
    source_short,
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
