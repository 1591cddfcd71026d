"""`fig-efficacy`: median OS and TTP per arm, and hazard ratios with 95 % CIs."""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from ..analysis import products, trial_data, trial_efficacy
from ..analysis.trial_data import NOT_REPORTED
from . import plotting
from .plotting import Figure
from .trial_style import GREY_TEXT, SMALL, C, as_float


def _p(p_value: str) -> str:
    """A P value as published: 'P<0.001', 'P = 0.014'."""
    p_value = str(p_value).strip()
    return f"P{p_value}" if p_value[:1] in "<>" else f"P = {p_value}"


def efficacy(frames: dict, confidence_marks: bool = True) -> Figure:
    """Median OS and TTP per arm (dots) and hazard ratios with 95 % CIs (forest plot) (`fig-efficacy`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `trial_charts.INPUTS`.
    confidence_marks : bool
        True: a hazard ratio whose source confidence is below high is an open square and its label
        ends in " *" (the caption says so). False (the deck, where a star reads as significance):
        every hazard ratio drawn alike; the confidence stays in the data and the caption.

    Returns
    -------
    Figure
    """
    med = trial_efficacy.medians(frames, ("os", "ttp"))
    hr = trial_efficacy.hazard_ratios(frames)
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
            end = max(float(r["value"]), as_float(r["ci_high"]) or 0.0)
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
                "value": as_float(r["value"]),
                "ci_low": as_float(r["ci_low"]),
                "ci_high": as_float(r["ci_high"]),
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
        medium = confidence_marks and r["confidence"] != "high"
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
        [
            x["row_label"] + (" *" if confidence_marks and x["confidence"] != "high" else "")
            for x in hr_rows
        ],
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
    # a median is Table 1's cell of its measure and arm; the hazard ratios are not in Table 1
    value_ids = [
        f"table1-{m}-{a}" if p == "medians" else ""
        for p, m, a in zip(data["panel"], data["measure"], data["arm_id"])
    ]
    data = products.marked(data, value_ids, frames["findings"])
    ci_arms = ", ".join(
        f"{r['arm_label']} {names.get(r['measure'], r['measure'])}"
        for _, r in med.iterrows()
        if pd.notna(r["ci_low"])
    )
    ci_where = "; ".join(
        dict.fromkeys(loc.split("; ", 1)[1] for loc in med["location"] if "; " in loc)
    )
    src_medians = ", ".join(
        trial_data.source_short(frames, s) if s != "chen-case" else "the paper's Table 1"
        for s in dict.fromkeys(med["source"])
    )
    hr_text = "; ".join(
        f"{x['row_label']} {x['value']:.2f} ({x['ci_low']:.2f}–{x['ci_high']:.2f}), {_p(x['p_value'])} "
        f"[{trial_data.source_short(frames, x['source'])}; confidence {x['confidence']}]"
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
            if confidence_marks and any(x["confidence"] != "high" for x in hr_rows)
            else ""
        )
        + plotting.findings_caption(
            [f"{r} {names.get(m, m)}" for r, m in zip(data["row_label"], data["measure"])],
            data["finding"],
            products.titles(products.register_of(frames)),
        )
    )
    below = " all below 1" if all(x["value"] < 1 for x in hr_rows) else ""
    alt = (
        f"Two panels. Left: dot plot of median OS and TTP for {len(arm_ids)} trial arms "
        f"({', '.join(heads['arm_label'])}). Right: forest plot of {len(hr_rows)} hazard ratios,{below}: {hr_text}."
    )
    return Figure(fig_id="fig-efficacy", fig=fig, caption=caption, alt=alt, data=data)
