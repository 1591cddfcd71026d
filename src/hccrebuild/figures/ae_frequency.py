"""`fig-ae-frequency`: adverse events as % of the treated patients of every trial arm, on one axis."""

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from ..analysis import marks, products, trial_ae, trial_data
from ..analysis.trial_data import NOT_REPORTED
from . import plotting
from .plotting import Figure
from .trial_style import (
    GREY_TEXT,
    PATIENT_MARKERS,
    PLACEBO_HATCH,
    SMALL,
    TRIAL_COLORS,
    C,
    check_parameters,
    sort_note,
)

#: Characters a line of a single patient's label holds ("So et al." above "2008"): the column is narrow.
PATIENT_LABEL_WIDTH = 9


def _arm_style(trial_id: str, treatment: str) -> dict:
    sorafenib, placebo = TRIAL_COLORS.get(trial_id, (C["black"], C["grey"]))
    if treatment == "placebo":
        return {
            "facecolor": placebo,
            "hatch": PLACEBO_HATCH,
            "edgecolor": sorafenib,
            "linewidth": 0.4,
        }
    return {"facecolor": sorafenib, "edgecolor": sorafenib, "linewidth": 0.4}


def _unit_note(rows: pd.DataFrame) -> str:
    """Legend note of one arm: what its values were and out of how many."""
    r = rows.iloc[0]
    units = set(rows["unit"])
    kind = "published %" if units == {"percent"} else "n" if units == {"count"} else "n or %"
    return f"{kind} of {r['denominator']} {r['population']}"


def _percent_note(table: pd.DataFrame) -> str:
    """The caption's warning about Table 1's 'n' label, for the trials that published percentages."""
    names = trial_ae.percent_trials(table)
    if not names:
        return ""
    whose = "its values are" if len(names) == 1 else "their values are"
    return f"Table 1 labels every adverse-event row n, which is wrong for {' and '.join(names)}: {whose} percentages. "


def _single_note(singles: pd.DataFrame, register: pd.DataFrame) -> str:
    parts = []
    for _patient, g in singles.groupby("patient", sort=False):
        marked = marks.marks(g["value_id"], register)
        events = ", ".join(
            f"{t} ({plotting.as_printed(d, bool(m))})" if d != "main adverse reaction" else t
            for t, d, m in zip(g["term"], g["detail"], marked)
        )
        what = (
            "main adverse reaction"
            if set(g["detail"]) == {"main adverse reaction"}
            else "sorafenib adverse events"
        )
        parts.append(f"{g['patient_label'].iloc[0]}'s {what}: {events}")
    return "; ".join(parts)


def ae_frequency(frames: dict, ae_terms=None, sort_by: str = "table") -> Figure:
    """Adverse events as % of treated patients in every arm, on one axis (`fig-ae-frequency`).

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
    arm_ids = list(dict.fromkeys(table["arm_id"]))
    singles = trial_ae.single_patient_aes(frames)
    shown_singles = singles[singles["ae_term"].isin(order)]
    k = len(arm_ids)
    slot = k + 1.2
    plotting.use_style()
    fig, (ax, side) = plt.subplots(
        1,
        2,
        sharey=True,
        figsize=(7.0, 1.6 + 0.13 * k * len(order)),
        layout="constrained",
        gridspec_kw={"width_ratios": [5.0, 1.2], "wspace": 0.01},
    )
    rows, value_ids = [], []
    register = frames["findings"]

    xmax = max([float(p) for p in table["percent"] if p is not None] + [10.0])
    for g, term in enumerate(order):
        block = table[table["ae_term"] == term]
        for j, arm in enumerate(arm_ids):
            r = block[block["arm_id"] == arm].iloc[0]
            y = g * slot + j
            value_ids.append(f"table1-ae-{term}-{arm}")
            if r["reported"]:
                width = float(r["percent"])
                ax.barh(
                    y,
                    width,
                    height=0.82,
                    gid=f"bar-{term}-{arm}",
                    **_arm_style(r["trial_id"], r["treatment"]),
                )
                ax.text(
                    width + xmax * 0.01,
                    y,
                    r["percent_label"] + plotting.sign(value_ids[-1], register),
                    va="center",
                    fontsize=SMALL,
                )
                mark = "bar"
            else:
                width = None
                ax.text(
                    xmax * 0.01,
                    y,
                    NOT_REPORTED,
                    va="center",
                    fontsize=SMALL,
                    style="italic",
                    color=GREY_TEXT,
                    gid=f"nr-{term}-{arm}",
                )
                mark = NOT_REPORTED
            rows.append(
                {
                    "series": "trial arm",
                    "ae_term": term,
                    "ae_label": r["ae_label"],
                    "arm_id": arm,
                    "arm_label": r["arm_label"],
                    "value": r["value"],
                    "unit": r["unit"],
                    "population": r["population"],
                    "denominator": r["denominator"],
                    "percent": width,
                    "percent_label": r["percent_label"],
                    "mark": mark,
                    "detail": "",
                    "basis_source": r["basis_source"],
                    "basis_confidence": r["basis_confidence"],
                }
            )
        if g:
            ax.axhline(g * slot - (slot - k + 1) / 2 - 0.0, color="#bbbbbb", linewidth=0.5)
            side.axhline(g * slot - (slot - k + 1) / 2 - 0.0, color="#bbbbbb", linewidth=0.5)
    centers = [g * slot + (k - 1) / 2 for g in range(len(order))]
    labels = list(dict.fromkeys(table.set_index("ae_term").loc[order, "ae_label"]))
    ax.set_yticks(centers, labels)
    ax.set_ylim(len(order) * slot - slot + k - 0.4, -0.6)
    ax.set_xlim(0, xmax * 1.12)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("% of treated patients in the arm")

    patients = list(dict.fromkeys(singles["patient"]))
    patient_labels = dict(zip(singles["patient"], singles["patient_label"]))
    for _, s in shown_singles.iterrows():
        g = order.index(s["ae_term"])
        x = patients.index(s["patient"])
        marker, color = PATIENT_MARKERS.get(s["patient"], ("o", C["black"]))
        side.plot(
            [x],
            [centers[g] - 0.6],
            marker=marker,
            color=color,
            markersize=6,
            linestyle="none",
            gid=f"patient-{s['patient']}-{s['ae_term']}",
        )
        marked = bool(plotting.sign(s["value_id"], register))
        detail = s["detail"].replace("main adverse reaction", "main AE")
        side.text(
            x,
            centers[g] + 1.0,
            plotting.as_printed(detail, marked),
            ha="center",
            va="center",
            fontsize=SMALL - 0.5,
            color=GREY_TEXT,
        )
        rows.append(
            {
                "series": "single patient",
                "ae_term": s["ae_term"],
                "ae_label": labels[order.index(s["ae_term"])],
                "arm_id": s["patient"],
                "arm_label": s["patient_label"],
                "value": None,
                "unit": "",
                "population": "",
                "denominator": 1,
                "percent": None,
                "percent_label": "",
                "mark": "single patient",
                "detail": s["detail"],
                "basis_source": s["source"],
                "basis_confidence": "",
            }
        )
        value_ids.append(s["value_id"])
    side.set_xlim(-0.6, len(patients) - 0.4)
    side.set_xticks(
        range(len(patients)),
        [textwrap.fill(patient_labels[p], PATIENT_LABEL_WIDTH) for p in patients],
        fontsize=SMALL,
    )
    side.xaxis.tick_top()
    side.set_title("single patients (not %)", fontsize=SMALL + 1, pad=4)
    side.grid(False)
    side.tick_params(axis="y", left=False, labelleft=False)
    side.tick_params(axis="x", length=0)
    for spine in side.spines.values():
        spine.set_visible(False)

    handles = []
    for arm in arm_ids:
        a = table[table["arm_id"] == arm]
        r = a.iloc[0]
        handles.append(
            Patch(
                label=f"{r['arm_label']} ({_unit_note(a)})",
                **_arm_style(r["trial_id"], r["treatment"]),
            )
        )
    fig.legend(
        handles=handles, loc="outside upper center", ncol=2, fontsize=SMALL + 0.5, handlelength=1.6
    )

    data = products.marked(pd.DataFrame(rows), value_ids, register)
    n_missing = int((~table["reported"]).sum())
    basis = "; ".join(trial_ae.reporting_basis(frames, table))
    top = (
        table[table["reported"]]
        .sort_values("percent", ascending=False, key=lambda s: s.map(float), kind="stable")
        .iloc[0]
    )
    caption = (
        f"Adverse events of the paper's Table 1 as a percentage of the treated patients of each arm, "
        f"on one scale ({sort_note(sort_by)}). What each trial reported: {basis}. "
        f"{_percent_note(table)}"
        f"Counts are converted exactly (100 × n / treated) and shown with {trial_data.DISPLAY_DECIMALS} decimal, "
        f"rounded half up; published percentages are shown as published. "
        f"'{NOT_REPORTED}' marks the {n_missing} values Table 1 prints as NA (no bar, not zero). "
        f"Right: single patients, not percentages; {_single_note(shown_singles, frames['findings']) or 'none of the shown events'}."
    ) + plotting.findings_caption(
        [f"{a} {e}" for a, e in zip(data["arm_label"], data["ae_label"])],
        data["finding"],
        products.titles(products.register_of(frames)),
    )
    alt = (
        f"Grouped horizontal bar chart: {len(order)} adverse events, each with one bar per trial arm "
        f"({', '.join(dict.fromkeys(table['arm_label']))}), length = percentage of treated patients. "
        f"Largest: {top['ae_label']} in {top['arm_label']}, {top['percent_label']} %. "
        f"{n_missing} values are labelled '{NOT_REPORTED}'. "
        f"A side column marks the events of single patients: {_single_note(shown_singles, frames['findings']) or 'none'}."
    )
    return Figure(fig_id="fig-ae-frequency", fig=fig, caption=caption, alt=alt, data=data)
