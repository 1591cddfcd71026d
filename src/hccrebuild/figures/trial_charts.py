"""Charts of the sorafenib trials on one scale: adverse events, their differences, best response, efficacy."""

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..analysis import trials
from ..analysis.trials import NOT_ACCOUNTED, NOT_REPORTED
from . import plotting

#: Resources the charts read (the same as `trials.INPUTS`; the notebook loads these).
INPUTS = trials.INPUTS

FIG_IDS = ["fig-ae-frequency", "fig-ae-difference", "fig-best-response", "fig-efficacy"]

C = plotting.COLORS
#: Colour of each trial's sorafenib arm and of its placebo arm (placebo bars are also hatched,
#: so arms read apart in greyscale).
TRIAL_COLORS = {
    "abou-alfa": (C["green"], C["green"]),
    "sharp": (C["blue"], C["sky"]),
    "asia-pacific": (C["vermillion"], C["orange"]),
}
TRIAL_MARKERS = {"abou-alfa": "D", "sharp": "o", "asia-pacific": "s"}
PLACEBO_HATCH = "////"
#: Fill and hatch of each best-response segment: neighbours differ in lightness or hatch.
RESPONSE_STYLE = {
    "CR": (C["green"], ""),
    "PR": (C["sky"], "xx"),
    "SD": (C["yellow"], ""),
    "PD": (C["vermillion"], "\\\\\\\\"),
    "NE": (C["grey"], ""),
    NOT_ACCOUNTED: ("#ffffff", "////"),
}
PATIENT_MARKERS = {"index": ("D", C["black"]), "so-2008": ("^", C["purple"])}
GREY_TEXT = "#555555"
SMALL = 6.5


@dataclass
class Chart:
    """A figure with its stable id, caption, alt text and exactly the data drawn."""

    fig_id: str
    fig: object
    caption: str
    alt: str
    data: pd.DataFrame

    def save(self, preset: str) -> dict:
        """Write SVG, CSV and caption JSON (see `plotting.save_figure`) and close the figure.

        Parameters
        ----------
        preset : str
            Parameter set; decides the folder (`paths.figures_dir`).

        Returns
        -------
        dict
            Paths written, by kind.
        """
        out = plotting.save_figure(self.fig, self.fig_id, preset, self.caption, self.alt, self.data)
        plt.close(self.fig)
        return out


def check_parameters(ae_terms, sort_by: str) -> tuple:
    """The notebook's parameters, checked before any data are read.

    Parameters
    ----------
    ae_terms : list of str
        Adverse events to chart (trial_adverse_events.ae_term).
    sort_by : str
        One of `trials.SORT_ORDERS`.

    Returns
    -------
    tuple
        (ae_terms, sort_by).

    Raises
    ------
    ParameterError
        Listing the valid values.
    """
    return trials.check_ae_terms(ae_terms), trials.check_sort(sort_by)


def _float(value):
    return None if value is None or pd.isna(value) else float(value)


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


def _p(p_value: str) -> str:
    """A P value as published: 'P<0.001', 'P = 0.014'."""
    p_value = str(p_value).strip()
    return f"P{p_value}" if p_value[:1] in "<>" else f"P = {p_value}"


def _percent_note(table: pd.DataFrame) -> str:
    """The caption's warning about Table 1's 'n' label, for the trials that published percentages."""
    names = trials.percent_trials(table)
    if not names:
        return ""
    whose = "its values are" if len(names) == 1 else "their values are"
    return f"Table 1 labels every adverse-event row n, which is wrong for {' and '.join(names)}: {whose} percentages. "


def _sort_note(sort_by: str) -> str:
    return trials.SORT_ORDERS[sort_by]


def _single_note(singles: pd.DataFrame) -> str:
    parts = []
    for _patient, g in singles.groupby("patient", sort=False):
        events = ", ".join(
            f"{t} ({d})" if d != "main adverse reaction" else t
            for t, d in zip(g["term"], g["detail"])
        )
        what = (
            "main adverse reaction"
            if set(g["detail"]) == {"main adverse reaction"}
            else "sorafenib adverse events"
        )
        parts.append(f"{g['patient_label'].iloc[0]}'s {what}: {events}")
    return "; ".join(parts)


def ae_frequency(frames: dict, ae_terms=None, sort_by: str = "table") -> Chart:
    """Adverse events as % of treated patients in every arm, on one axis (`fig-ae-frequency`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    ae_terms : list of str, optional
        Adverse events to show (default all, Table 1 order).
    sort_by : str
        'table', 'sorafenib' or 'difference' (see `trials.SORT_ORDERS`).

    Returns
    -------
    Chart
    """
    ae_terms, sort_by = check_parameters(ae_terms, sort_by)
    table = trials.adverse_events(frames, ae_terms)
    order = trials.order_terms(table, sort_by)
    arm_ids = list(dict.fromkeys(table["arm_id"]))
    singles = trials.single_patient_aes(frames)
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
    rows = []
    xmax = max([float(p) for p in table["percent"] if p is not None] + [10.0])
    for g, term in enumerate(order):
        block = table[table["ae_term"] == term]
        for j, arm in enumerate(arm_ids):
            r = block[block["arm_id"] == arm].iloc[0]
            y = g * slot + j
            if r["reported"]:
                width = float(r["percent"])
                ax.barh(
                    y,
                    width,
                    height=0.82,
                    gid=f"bar-{term}-{arm}",
                    **_arm_style(r["trial_id"], r["treatment"]),
                )
                ax.text(width + xmax * 0.01, y, r["percent_label"], va="center", fontsize=SMALL)
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
        side.text(
            x,
            centers[g] + 1.0,
            s["detail"].replace("main adverse reaction", "main AE"),
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
    side.set_xlim(-0.6, len(patients) - 0.4)
    side.set_xticks(
        range(len(patients)),
        [patient_labels[p].replace(" et al. ", " et al.\n") for p in patients],
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

    data = pd.DataFrame(rows)
    n_missing = int((~table["reported"]).sum())
    basis = "; ".join(trials.reporting_basis(frames, table))
    top = (
        table[table["reported"]]
        .sort_values("percent", ascending=False, key=lambda s: s.map(float), kind="stable")
        .iloc[0]
    )
    caption = (
        f"Adverse events of the paper's Table 1 as a percentage of the treated patients of each arm, "
        f"on one scale ({_sort_note(sort_by)}). What each trial reported: {basis}. "
        f"{_percent_note(table)}"
        f"Counts are converted exactly (100 × n / treated) and shown with {trials.DISPLAY_DECIMALS} decimal, "
        f"rounded half up; published percentages are shown as published. "
        f"'{NOT_REPORTED}' marks the {n_missing} values Table 1 prints as NA (no bar, not zero). "
        f"Right: single patients, not percentages; {_single_note(shown_singles) or 'none of the shown events'}."
    )
    alt = (
        f"Grouped horizontal bar chart: {len(order)} adverse events, each with one bar per trial arm "
        f"({', '.join(dict.fromkeys(table['arm_label']))}), length = percentage of treated patients. "
        f"Largest: {top['ae_label']} in {top['arm_label']}, {top['percent_label']} %. "
        f"{n_missing} values are labelled '{NOT_REPORTED}'. "
        f"A side column marks the events of single patients: {_single_note(shown_singles) or 'none'}."
    )
    return Chart("fig-ae-frequency", fig, caption, alt, data)


def ae_difference(frames: dict, ae_terms=None, sort_by: str = "table") -> Chart:
    """Sorafenib minus placebo per adverse event, percentage points, SHARP and Asia-Pacific (`fig-ae-difference`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    ae_terms : list of str, optional
        Adverse events to show (default all, Table 1 order).
    sort_by : str
        'table', 'sorafenib' or 'difference' (see `trials.SORT_ORDERS`).

    Returns
    -------
    Chart
    """
    ae_terms, sort_by = check_parameters(ae_terms, sort_by)
    table = trials.adverse_events(frames, ae_terms)
    order = trials.order_terms(table, sort_by)
    diff = trials.risk_differences(table)
    trial_ids = list(dict.fromkeys(diff["trial_id"]))
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(7.0, 1.2 + 0.42 * len(order)), layout="constrained")
    offsets = {t: (j - (len(trial_ids) - 1) / 2) * 0.3 for j, t in enumerate(trial_ids)}
    reported = [float(d) for d in diff["difference"] if d is not None]
    lo, hi = min(reported + [0.0]), max(reported + [10.0])
    pad = (hi - lo) * 0.08
    rows = []
    for g, term in enumerate(order):
        for t in trial_ids:
            r = diff[(diff["ae_term"] == term) & (diff["trial_id"] == t)].iloc[0]
            y = g + offsets[t]
            color = TRIAL_COLORS.get(t, (C["black"],))[0]
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
                    r["difference_label"],
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
                    "sorafenib_percent": _float(r["sorafenib_percent"]),
                    "placebo_percent": _float(r["placebo_percent"]),
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

    data = pd.DataFrame(rows)
    randomised = table[table["trial_id"].isin(trial_ids)]
    basis = "; ".join(trials.reporting_basis(frames, randomised))
    single = [n for n in dict.fromkeys(table["trial_name"]) if n not in set(diff["trial_name"])]
    n_missing = int((~diff["reported"]).sum())
    caption = (
        f"Risk difference, sorafenib minus placebo, in percentage points of treated patients, for the "
        f"randomised trials ({_sort_note(sort_by)}). What each trial reported: {basis}. "
        f"Differences are computed exactly from the percentages of fig-ae-frequency and shown at the precision "
        f"of the coarser arm, rounded half up. No confidence intervals are drawn"
        + (
            f": {' and '.join(trials.percent_trials(randomised))} published percentages, not counts. "
            if trials.percent_trials(randomised)
            else ". "
        )
        + f"'{NOT_REPORTED}': {n_missing} differences where an arm is NA in Table 1."
        + (f" {', '.join(single)} had no placebo arm." if single else "")
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
    return Chart("fig-ae-difference", fig, caption, alt, data)


def best_response(frames: dict) -> Chart:
    """Best response per arm as stacked % of the arm, with the remainder not accounted for (`fig-best-response`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    Chart
    """
    resp = trials.best_response(frames)
    arm_ids = list(dict.fromkeys(resp["arm_id"]))
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(7.0, 1.6 + 0.5 * len(arm_ids)), layout="constrained")
    rows, relabelled = [], []
    for y, arm in enumerate(arm_ids):
        g = resp[resp["arm_id"] == arm]
        left = 0.0
        missing = []
        for _, r in g.iterrows():
            cat = r["category"]
            flag = "†" if r["label_primary"] is not None and pd.notna(r["label_primary"]) else ""
            if flag:
                relabelled.append(r)
            if not r["reported"]:
                missing.append(cat)
                rows.append(
                    {
                        "arm_id": arm,
                        "arm_label": r["arm_label"],
                        "category": cat,
                        "label": r["label"],
                        "label_primary": r["label_primary"],
                        "count": None,
                        "population": r["population"],
                        "denominator": r["denominator"],
                        "left": None,
                        "percent": None,
                        "percent_label": NOT_REPORTED,
                        "mark": NOT_REPORTED,
                        "basis_confidence": r["basis_confidence"],
                    }
                )
                continue
            width = float(r["percent"])
            fill, hatch = RESPONSE_STYLE.get(cat, (C["grey"], ""))
            ax.barh(
                y,
                width,
                left=left,
                height=0.62,
                color=fill,
                hatch=hatch,
                edgecolor="#444444",
                linewidth=0.5,
                gid=f"seg-{arm}-{cat.replace(' ', '-')}",
            )
            if width >= 5:
                ax.text(
                    left + width / 2,
                    y,
                    f"{r['percent_label']}{flag}",
                    ha="center",
                    va="center",
                    fontsize=SMALL,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.6},
                )
            rows.append(
                {
                    "arm_id": arm,
                    "arm_label": r["arm_label"],
                    "category": cat,
                    "label": r["label"],
                    "label_primary": r["label_primary"],
                    "count": r["count"],
                    "population": r["population"],
                    "denominator": r["denominator"],
                    "left": left,
                    "percent": width,
                    "percent_label": r["percent_label"],
                    "mark": "segment",
                    "basis_confidence": r["basis_confidence"],
                }
            )
            left += width
        if missing:
            ax.text(
                101,
                y,
                f"{', '.join(missing)} {NOT_REPORTED}\n(within '{NOT_ACCOUNTED}')",
                va="center",
                fontsize=SMALL,
                style="italic",
                color=GREY_TEXT,
                clip_on=False,
                gid=f"nr-{arm}",
            )
    heads = resp.drop_duplicates("arm_id")
    ticks = [
        f"{lab}{'†' if any(x['arm_id'] == a for x in relabelled) else ''}\n({n} {pop})"
        for a, lab, n, pop in zip(
            heads["arm_id"], heads["arm_label"], heads["denominator"], heads["population"]
        )
    ]
    ax.set_yticks(range(len(arm_ids)), ticks)
    ax.set_ylim(len(arm_ids) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("% of the arm's patients")
    cats = list(dict.fromkeys(resp["category"]))
    names = dict(zip(resp["category"], resp["label"]))
    handles = [
        Patch(
            facecolor=RESPONSE_STYLE.get(c, (C["grey"], ""))[0],
            hatch=RESPONSE_STYLE.get(c, ("", ""))[1],
            edgecolor="#444444",
            linewidth=0.5,
            label=c if c == NOT_ACCOUNTED else f"{c}: {names[c]}",
        )
        for c in cats
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncol=3, handlelength=2.2, handleheight=1.2
    )

    data = pd.DataFrame(rows)
    rest = resp[resp["category"] == NOT_ACCOUNTED]
    gaps = "; ".join(
        f"{r['arm_label']} {r['count']} of {r['denominator']}"
        + (f" ({r['not_reported']} {NOT_REPORTED})" if r["not_reported"] else "")
        for _, r in rest.iterrows()
        if r["count"]
    )
    notes = []
    for r in relabelled:
        src = trials.source_short(frames, r["basis_source"]) if r["basis_source"] else ""
        conf = f"; confidence {r['basis_confidence']}" if r["basis_confidence"] else ""
        notes.append(f"'{r['label']}' ({r['category']}) is '{r['label_primary']}' [{src}{conf}]")
    arms_rel = ", ".join(dict.fromkeys(r["arm_label"] for r in relabelled))
    relabel = (
        f" † {arms_rel}: the paper's categories differ from the primary publication, where "
        f"{' and '.join(notes)}; the bars keep Table 1's labels."
        if relabelled
        else ""
    )
    pops = ", ".join(dict.fromkeys(resp["population"]))
    counted = resp[resp["reported"] & (resp["category"] != NOT_ACCOUNTED)]
    zero = [
        c
        for c, g in counted.groupby("category", sort=False)
        if all(int(n) == 0 for n in g["count"])
    ]
    zero_note = (
        f" {' and '.join(zero)}: 0 in every arm that reports {'it' if len(zero) == 1 else 'them'} (no segment)."
        if zero
        else ""
    )
    caption = (
        f"Best response in each arm as a percentage of its {pops} patients (the denominators Table 1 uses), "
        f"labels as Table 1 prints them. Percentages are exact and shown with {trials.DISPLAY_DECIMALS} decimal, "
        f"rounded half up. '{NOT_ACCOUNTED}' is the remainder where the categories do not add up to the arm: "
        f"{gaps or 'none'}.{zero_note}{relabel} Colours are safe for colour-blind readers and every category also has "
        f"its own fill lightness or hatch."
    )
    alt = (
        f"Stacked horizontal bars, one per trial arm ({', '.join(heads['arm_label'])}), divided into "
        f"{', '.join(cats)} as percentages of the arm. Remainders not accounted for: {gaps or 'none'}."
    )
    return Chart("fig-best-response", fig, caption, alt, data)


def efficacy(frames: dict) -> Chart:
    """Median OS and TTP per arm (dots) and hazard ratios with 95 % CIs (forest plot) (`fig-efficacy`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    Chart
    """
    med = trials.medians(frames, ("os", "ttp"))
    hr = trials.hazard_ratios(frames)
    names = {"os": "OS", "ttp": "TTP"}
    style = {"os": ("o", C["blue"]), "ttp": ("s", C["vermillion"])}
    plotting.use_style()
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(7.6, 3.2),
        layout="constrained",
        gridspec_kw={"width_ratios": [1.0, 1.0], "wspace": 0.08},
    )
    rows = []
    arm_ids = list(dict.fromkeys(med["arm_id"]))
    offsets = {"os": -0.14, "ttp": 0.14}
    for _, r in med.iterrows():
        y = arm_ids.index(r["arm_id"]) + offsets.get(r["measure"], 0)
        marker, color = style.get(r["measure"], ("o", C["black"]))
        if r["reported"]:
            if pd.notna(r["ci_low"]):
                left.plot([r["ci_low"], r["ci_high"]], [y, y], color=color, linewidth=1.0)
            left.plot(
                [r["value"]],
                [y],
                marker=marker,
                color=color,
                markersize=5,
                linestyle="none",
                gid=f"median-{r['arm_id']}-{r['measure']}",
            )
            end = max(float(r["value"]), _float(r["ci_high"]) or 0.0)
            left.text(end + 0.3, y, f"{r['value']:g}", va="center", fontsize=SMALL)
        else:
            left.text(
                0.2,
                y,
                f"{names.get(r['measure'], r['measure'])} {NOT_REPORTED}",
                va="center",
                fontsize=SMALL,
                style="italic",
                color=GREY_TEXT,
            )
        rows.append(
            {
                "panel": "medians",
                "row_label": r["arm_label"],
                "arm_id": r["arm_id"],
                "trial_id": "",
                "measure": r["measure"],
                "statistic": "median months",
                "value": _float(r["value"]),
                "ci_low": _float(r["ci_low"]),
                "ci_high": _float(r["ci_high"]),
                "p_value": "",
                "source": r["source"],
                "confidence": "",
                "mark": "point" if r["reported"] else NOT_REPORTED,
            }
        )
    heads = med.drop_duplicates("arm_id")
    left.set_yticks(range(len(arm_ids)), list(heads["arm_label"]))
    left.set_ylim(len(arm_ids) - 0.5, -0.5)
    left.set_xlim(0, max(float(v) for v in med["value"].dropna()) * 1.2)
    left.grid(axis="y", visible=False)
    left.tick_params(axis="y", length=0)
    left.set_xlabel("median, months")
    left.set_title("Medians", fontsize=9, loc="left")
    left.legend(
        handles=[
            Line2D([], [], marker=style[m][0], color=style[m][1], linestyle="none", label=names[m])
            for m in names
        ],
        loc="lower right",
        bbox_to_anchor=(1, 1.0),
        ncol=2,
        borderaxespad=0.2,
    )

    for y, (_, r) in enumerate(hr.iterrows()):
        medium = r["confidence"] != "high"
        right.plot([r["ci_low"], r["ci_high"]], [y, y], color=C["black"], linewidth=1.0)
        right.plot(
            [r["hr"]],
            [y],
            marker="s",
            markersize=6,
            linestyle="none",
            color=C["black"],
            markerfacecolor="white" if medium else C["black"],
            gid=f"hr-{r['trial_id']}-{r['endpoint']}",
        )
        rows.append(
            {
                "panel": "hazard ratios",
                "row_label": f"{r['trial_name']} {names.get(r['endpoint'], r['endpoint'])}",
                "arm_id": "",
                "trial_id": r["trial_id"],
                "measure": r["endpoint"],
                "statistic": "hazard ratio",
                "value": float(r["hr"]),
                "ci_low": float(r["ci_low"]),
                "ci_high": float(r["ci_high"]),
                "p_value": r["p_value"],
                "source": r["source"],
                "confidence": r["confidence"],
                "mark": "point",
            }
        )
    hr_rows = [x for x in rows if x["panel"] == "hazard ratios"]
    right.set_xscale("log")
    right.axvline(1, color=GREY_TEXT, linewidth=0.8, linestyle="--")
    lo = min(x["ci_low"] for x in hr_rows) * 0.8
    hi = max(1.25, max(x["ci_high"] for x in hr_rows) * 1.1)
    right.set_xlim(lo, hi)
    ticks = [t for t in (0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0) if lo <= t <= hi]
    right.set_xticks(ticks, [f"{t:g}" for t in ticks])
    right.minorticks_off()
    right.set_yticks(
        range(len(hr_rows)),
        [x["row_label"] + (" *" if x["confidence"] != "high" else "") for x in hr_rows],
    )
    right.set_ylim(len(hr_rows) - 0.5, -0.5)
    right.grid(axis="y", visible=False)
    right.tick_params(axis="y", length=0)
    for y, x in enumerate(hr_rows):
        right.text(
            1.02,
            y,
            f"{x['value']:.2f} ({x['ci_low']:.2f}–{x['ci_high']:.2f})\n{_p(x['p_value'])}",
            transform=right.get_yaxis_transform(),
            va="center",
            fontsize=SMALL,
        )
    right.set_xlabel(
        "hazard ratio, sorafenib vs placebo (log scale)\n← favours sorafenib", fontsize=8
    )
    right.set_title("Hazard ratios, 95% CI", fontsize=9, loc="left")

    data = pd.DataFrame(rows)
    ci_arms = ", ".join(
        f"{r['arm_label']} {names.get(r['measure'], r['measure'])}"
        for _, r in med.iterrows()
        if pd.notna(r["ci_low"])
    )
    ci_where = "; ".join(
        dict.fromkeys(loc.split("; ", 1)[1] for loc in med["location"] if "; " in loc)
    )
    src_medians = ", ".join(
        trials.source_short(frames, s) if s != "chen-case" else "the paper's Table 1"
        for s in dict.fromkeys(med["source"])
    )
    hr_text = "; ".join(
        f"{x['row_label']} {x['value']:.2f} ({x['ci_low']:.2f}–{x['ci_high']:.2f}), {_p(x['p_value'])} "
        f"[{trials.source_short(frames, x['source'])}; confidence {x['confidence']}]"
        for x in hr_rows
    )
    caption = (
        f"Left: median overall survival (OS) and time to progression (TTP) in months per arm, from {src_medians}"
        + (f"; lines: 95% CI where the paper gives one ({ci_arms}; {ci_where})" if ci_arms else "")
        + ". "
        f"Medians from different trials are not a head-to-head comparison. "
        f"Right: hazard ratios of sorafenib vs placebo with 95% confidence intervals, log scale, dashed line at 1 "
        f"(no difference): {hr_text}."
        + (
            " Open squares and * mark values whose confidence is below high."
            if any(x["confidence"] != "high" for x in hr_rows)
            else ""
        )
    )
    below = " all below 1" if all(x["value"] < 1 for x in hr_rows) else ""
    alt = (
        f"Two panels. Left: dot plot of median OS and TTP for {len(arm_ids)} trial arms "
        f"({', '.join(heads['arm_label'])}). Right: forest plot of {len(hr_rows)} hazard ratios,{below}: {hr_text}."
    )
    return Chart("fig-efficacy", fig, caption, alt, data)


def build_all(frames: dict, ae_terms=None, sort_by: str = "table") -> list:
    """The four charts, in `FIG_IDS` order.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    ae_terms : list of str, optional
        Adverse events for the two adverse-event charts.
    sort_by : str
        Their order (see `trials.SORT_ORDERS`).

    Returns
    -------
    list of Chart
    """
    return [
        ae_frequency(frames, ae_terms, sort_by),
        ae_difference(frames, ae_terms, sort_by),
        best_response(frames),
        efficacy(frames),
    ]
