"""`fig-best-response`: best response per trial arm as stacked % of the arm."""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from ..analysis import products, trial_data, trial_efficacy
from ..analysis.trial_data import NOT_ACCOUNTED, NOT_REPORTED
from . import plotting
from .plotting import Figure
from .trial_style import GREY_TEXT, RESPONSE_STYLE, SMALL, C


def best_response(frames: dict) -> Figure:
    """Best response per arm as stacked % of the arm, with the remainder not accounted for (`fig-best-response`).

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `trial_charts.INPUTS`.

    Returns
    -------
    Figure
    """
    resp = trial_efficacy.best_response(frames)
    arm_ids = list(dict.fromkeys(resp["arm_id"]))
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(7.0, 1.6 + 0.5 * len(arm_ids)), layout="constrained")
    rows, relabelled = [], []
    register = frames["findings"]
    for y, arm in enumerate(arm_ids):
        g = resp[resp["arm_id"] == arm]
        left = 0.0
        missing = []
        for _, r in g.iterrows():
            cat = r["category"]
            flag = "†" if r["label_primary"] is not None and pd.notna(r["label_primary"]) else ""
            if flag:
                relabelled.append(r)
            # a category of Table 1 is its response row's cell; the remainder is no printed value
            value_id = "" if cat == NOT_ACCOUNTED else f"table1-{cat.lower()}-{arm}"
            sign = plotting.sign(value_id, register)
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
                        "value_id": value_id,
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
                text = f"{r['percent_label']}{flag}{sign}"
                if flag and width >= 20:  # room for the primary publication's label
                    text += f"\n{r['label_primary']}"
                ax.text(
                    left + width / 2,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=SMALL - 1 if "\n" in text else SMALL,
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
                    "value_id": value_id,
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
    data = products.marked(data.drop(columns="value_id"), data["value_id"], register)
    rest = resp[resp["category"] == NOT_ACCOUNTED]
    gaps = "; ".join(
        f"{r['arm_label']} {r['count']} of {r['denominator']}"
        + (f" ({r['not_reported']} {NOT_REPORTED})" if r["not_reported"] else "")
        for _, r in rest.iterrows()
        if r["count"]
    )
    notes = []
    for r in relabelled:
        src = trial_data.source_short(frames, r["basis_source"]) if r["basis_source"] else ""
        conf = f"; confidence {r['basis_confidence']}" if r["basis_confidence"] else ""
        notes.append(f"'{r['label']}' ({r['category']}) is '{r['label_primary']}' [{src}{conf}]")
    arms_rel = ", ".join(dict.fromkeys(r["arm_label"] for r in relabelled))
    relabel = (
        f" † {arms_rel}: the paper's categories differ from the primary publication, where "
        f"{' and '.join(notes)}; the bars keep Table 1's categories, with the primary publication's "
        f"label written under the percentage where the bar has room."
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
        f"labels as Table 1 prints them. Percentages are exact and shown with {trial_data.DISPLAY_DECIMALS} decimal, "
        f"rounded half up. '{NOT_ACCOUNTED}' is the remainder where the categories do not add up to the arm: "
        f"{gaps or 'none'}.{zero_note}{relabel} Colours are safe for colour-blind readers and every category also has "
        f"its own fill lightness or hatch."
        + plotting.findings_caption(
            [
                f"{a} {c} {p}" + (" %" if pd.notna(x) else "")
                for a, c, p, x in zip(
                    data["arm_label"], data["category"], data["percent_label"], data["percent"]
                )
            ],
            data["finding"],
            products.titles(products.register_of(frames)),
        )
    )
    alt = (
        f"Stacked horizontal bars, one per trial arm ({', '.join(heads['arm_label'])}), divided into "
        f"{', '.join(cats)} as percentages of the arm. Remainders not accounted for: {gaps or 'none'}."
    )
    return Figure(fig_id="fig-best-response", fig=fig, caption=caption, alt=alt, data=data)
