"""`fig-ae-difference`: sorafenib minus placebo per adverse event, in percentage points."""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from ..analysis import products, trial_ae
from ..analysis.trial_data import NOT_REPORTED
from . import plotting
from .plotting import Figure
from .trial_style import (
    GREY_TEXT,
    SMALL,
    TRIAL_COLORS,
    TRIAL_MARKERS,
    C,
    as_float,
    check_parameters,
    sort_note,
)


def ae_difference(frames: dict, ae_terms=None, sort_by: str = "table") -> Figure:
    """Sorafenib minus placebo per adverse event, percentage points, SHARP and Asia-Pacific (`fig-ae-difference`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `trial_charts.INPUTS`.
    ae_terms : list of str, optional
        Adverse events to show (default all, Table 1 order).
    sort_by : str
        'table', 'sorafenib' or 'difference' (see `trial_data.SORT_ORDERS`).

    Returns
    -------
    Figure
    """
    ae_terms, sort_by = check_parameters(ae_terms, sort_by)
    table = trial_ae.adverse_events(frames, ae_terms)
    order = trial_ae.order_terms(table, sort_by)
    diff = trial_ae.risk_differences(table)
    trial_ids = list(dict.fromkeys(diff["trial_id"]))
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(7.0, 1.2 + 0.42 * len(order)), layout="constrained")
    offsets = {t: (j - (len(trial_ids) - 1) / 2) * 0.3 for j, t in enumerate(trial_ids)}
    reported = [float(d) for d in diff["difference"] if d is not None]
    lo, hi = min(reported + [0.0]), max(reported + [10.0])
    pad = (hi - lo) * 0.08
    rows, value_ids = [], []
    register = frames["findings"]
    # a difference shows both arms' values: its value ids are the Table 1 cells of both
    arms = {t: list(dict.fromkeys(g["arm_id"])) for t, g in table.groupby("trial_id", sort=False)}
    for g, term in enumerate(order):
        for t in trial_ids:
            r = diff[(diff["ae_term"] == term) & (diff["trial_id"] == t)].iloc[0]
            y = g + offsets[t]
            color = TRIAL_COLORS.get(t, (C["black"],))[0]
            value_ids.append(" ".join(f"table1-ae-{term}-{a}" for a in arms[t]))
            sign = plotting.sign(value_ids[-1], register)
            if r["reported"]:
                x = float(r["difference"])
                ax.plot([0, x], [y, y], color=color, linewidth=1.0)
                ax.plot(
                    [x],
                    [y],
                    marker=TRIAL_MARKERS.get(t, "o"),
                    color=color,
                    markersize=5,
                    linestyle="none",
                    gid=f"diff-{term}-{t}",
                )
                ax.text(
                    x + (pad * 0.25 if x >= 0 else -pad * 0.25),
                    y,
                    r["difference_label"] + sign,
                    va="center",
                    ha="left" if x >= 0 else "right",
                    fontsize=SMALL,
                )
                mark = "point"
            else:
                x = None
                ax.text(
                    pad * 0.25,
                    y,
                    f"{r['trial_name']}: {NOT_REPORTED}",
                    va="center",
                    fontsize=SMALL,
                    style="italic",
                    color=GREY_TEXT,
                    gid=f"nr-{term}-{t}",
                )
                mark = NOT_REPORTED
            rows.append(
                {
                    "trial_id": t,
                    "trial_name": r["trial_name"],
                    "ae_term": term,
                    "ae_label": r["ae_label"],
                    "sorafenib_percent": as_float(r["sorafenib_percent"]),
                    "placebo_percent": as_float(r["placebo_percent"]),
                    "difference": x,
                    "difference_label": r["difference_label"],
                    "mark": mark,
                }
            )
    ax.axvline(0, color=C["black"], linewidth=0.8)
    ax.set_yticks(
        range(len(order)), list(dict.fromkeys(table.set_index("ae_term").loc[order, "ae_label"]))
    )
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(min(lo - pad, -pad), hi + 2 * pad)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("sorafenib minus placebo, percentage points of treated patients")
    handles = [
        Line2D(
            [],
            [],
            marker=TRIAL_MARKERS.get(t, "o"),
            color=TRIAL_COLORS.get(t, (C["black"],))[0],
            linestyle="-",
            linewidth=1.0,
            markersize=5,
            label=diff.loc[diff["trial_id"] == t, "trial_name"].iloc[0],
        )
        for t in trial_ids
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncol=len(handles),
        borderaxespad=0,
    )

    data = products.marked(pd.DataFrame(rows), value_ids, register)
    randomised = table[table["trial_id"].isin(trial_ids)]
    basis = "; ".join(trial_ae.reporting_basis(frames, randomised))
    single = [n for n in dict.fromkeys(table["trial_name"]) if n not in set(diff["trial_name"])]
    n_missing = int((~diff["reported"]).sum())
    caption = (
        f"Risk difference, sorafenib minus placebo, in percentage points of treated patients, for the "
        f"randomised trials ({sort_note(sort_by)}). What each trial reported: {basis}. "
        f"Differences are computed exactly from the percentages of fig-ae-frequency and shown at the precision "
        f"of the coarser arm, rounded half up. No confidence intervals are drawn"
        + (
            f": {' and '.join(trial_ae.percent_trials(randomised))} published percentages, not counts. "
            if trial_ae.percent_trials(randomised)
            else ". "
        )
        + f"'{NOT_REPORTED}': {n_missing} differences where an arm is NA in Table 1."
        + (f" {', '.join(single)} had no placebo arm." if single else "")
        + plotting.findings_caption(
            [f"{n} {a}" for n, a in zip(data["trial_name"], data["ae_label"])],
            data["finding"],
            products.titles(products.register_of(frames)),
        )
    )
    top = (
        data[data["mark"] == "point"]
        .sort_values("difference", ascending=False, kind="stable")
        .iloc[0]
    )
    alt = (
        f"Dot plot of {len(order)} adverse events with one point per randomised trial "
        f"({', '.join(dict.fromkeys(diff['trial_name']))}) at the sorafenib-minus-placebo difference. "
        f"Largest: {top['ae_label']} in {top['trial_name']}, {top['difference_label']} percentage points. "
        f"{n_missing} differences are labelled '{NOT_REPORTED}'."
    )
    return Figure(fig_id="fig-ae-difference", fig=fig, caption=caption, alt=alt, data=data)
