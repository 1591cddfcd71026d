"""`fig-lesion-size`: each measured lesion and the total at every study, with the response."""

import re

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from ..analysis import case, case_intervals, criteria, finding_facts, fmt, products, response
from . import plotting
from .case_style import (
    LESION_STYLE,
    MARKER,
    NOT_VISIBLE,
    START_LINE,
    TACE_LINE,
    C,
    date_axis,
    datenum,
    days_axis,
    event_lines,
    iso_day,
    modality_counts,
    reading_of,
    reading_words,
)
from .plotting import Figure

#: Short axis names of each criterion's per-lesion measure and total.
SHORT = {
    "RECIST1.1": ("longest diameter", "sum of longest diameters"),
    "WHO": ("product of diameters", "sum of products of diameters"),
    "mRECIST": ("longest diameter", "sum of viable-tumour diameters"),
}


def _lesion_measure(long_cm, short_cm, criterion):
    """(value, what, unit) of one lesion as its panel draws it; value None where not visible."""
    if long_cm is None or pd.isna(long_cm):
        value = None
    elif criterion == "WHO":
        value = fmt.to_decimal(long_cm) * 10 * fmt.to_decimal(short_cm) * 10
    else:
        value = fmt.to_decimal(long_cm) * 10
    if criterion == "WHO":
        return value, "product of the two diameters", "mm²"
    if criterion == "mRECIST":
        return value, "longest diameter of the whole lesion (viable part not recorded)", "mm"
    return value, "longest diameter", "mm"


def _title(location: str, lesion_id: str) -> str:
    m = re.search(r";\s*(Figure \d+)\s*\(([^)]*)\)", location or "")
    return f"{lesion_id}: {m.group(2)} ({m.group(1)} of the paper)" if m else lesion_id


def lesion_size(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> Figure:
    """`fig-lesion-size`: each lesion and the total under `criterion` at every study, with the response.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `case_figures.INPUTS`.
    criterion : str
        One of `criteria.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    Figure
    """
    table = response.assess(frames, criterion, sorafenib_start)
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    tace = case.event_date(frames, "tace")
    reading = reading_of(frames, sorafenib_start)
    les = case.lesions(frames)
    les = les[les["study_id"].isin(table["study_id"])]
    ids = sorted(les["lesion_id"].unique())
    measure, unit = criteria.MEASURE[criterion]
    plotting.use_style()
    fig, axes = plt.subplots(
        len(ids) + 1, 1, sharex=True, figsize=(7.0, 1.9 * (len(ids) + 1) + 0.7)
    )
    rows, whole = [], []
    for ax, lid, color in zip(axes, ids, LESION_STYLE):
        part = les[les["lesion_id"] == lid]
        values = [_lesion_measure(r.long_cm, r.short_cm, criterion) for r in part.itertuples()]
        what, lunit = values[0][1], values[0][2]
        top = max([float(v) for v, _, _ in values if v is not None] or [1.0]) * 1.3
        whole.append(top)
        ax.set_ylim(-0.08 * top, top)
        for r, (v, _, _) in zip(part.itertuples(), values):
            x = datenum(r.date)
            seen = bool(r.visible) and v is not None
            if seen:
                ax.plot(x, float(v), MARKER[r.modality], color=color, markersize=7, zorder=3)
                ax.annotate(
                    f"{v.normalize():f} {lunit}",
                    (x, float(v)),
                    xytext=(0, 7),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
            else:
                ax.plot(
                    x,
                    0,
                    MARKER[r.modality],
                    markerfacecolor="white",
                    markeredgecolor=color,
                    markeredgewidth=1.4,
                    markersize=7,
                    zorder=3,
                    clip_on=False,
                )
                ax.annotate(
                    NOT_VISIBLE,
                    (x, 0),
                    xytext=(0, 7),
                    textcoords="offset points",
                    ha="center",
                    fontsize=6.5,
                )
            rows.append(
                {
                    "panel": lid,
                    "study_id": r.study_id,
                    "date": iso_day(r.date),
                    "modality": r.modality,
                    "days_since_start": (r.date - start).days,
                    "visible": bool(r.visible),
                    "measure": what,
                    "value": float(v) if seen else None,
                    "unit": lunit,
                    "category": "",
                    "drawn_as": "filled marker"
                    if seen
                    else "open marker on the zero line, labelled 'not visible'",
                }
            )
        note = " — whole lesion; viable part not recorded" if criterion == "mRECIST" else ""
        ax.set_title(
            _title(part["location"].iloc[0], lid) + note,
            loc="left",
            fontsize=9,
            pad=34 if ax is axes[0] else 6,
        )
        ax.set_ylabel(f"{SHORT[criterion][0]}\n({lunit})", fontsize=8)
        event_lines(ax, tace, start, label=ax is axes[0], where="middle")
    ax = axes[-1]
    known = table["sum"].dropna()
    # without a known total (mRECIST baseline) keep the scale of the lesions so zero reads as zero
    top = float(known.max()) * 1.3 if not known.empty and known.max() > 0 else sum(whole)
    ax.set_ylim(-0.08 * top, top)
    for r in table.itertuples():
        x = datenum(r.date)
        # a total with no lesion measured at this study is read from the paper's words: open
        measured = r.lesions_visible > 0 or r.category == criteria.BASELINE
        if pd.notna(r.sum):
            ax.plot(
                x,
                r.sum,
                MARKER[r.modality],
                color=C["black"],
                markerfacecolor=C["black"] if measured else "white",
                markersize=7,
                zorder=3,
                clip_on=False,
            )
        else:
            ax.annotate(
                "not recorded",
                (x, 0),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=6.5,
            )
        if r.category != criteria.BASELINE:
            ax.annotate(
                r.category + plotting.sign(f"case-response-{r.study_id}", frames["findings"]),
                (x, 0 if pd.isna(r.sum) else r.sum),
                xytext=(0, 16),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                fontweight="bold",
                bbox={
                    "boxstyle": "round,pad=0.2",
                    "facecolor": "white",
                    "edgecolor": C["grey"],
                    "linewidth": 0.6,
                },
            )
        elif pd.notna(r.sum):
            ax.annotate(
                f"{fmt.number(r.sum, 0)} {unit}",
                (x, r.sum),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=7,
            )
        rows.append(
            {
                "panel": "total",
                "study_id": r.study_id,
                "date": iso_day(r.date),
                "modality": r.modality,
                "days_since_start": r.days_since_start,
                "visible": None,
                "measure": measure,
                "value": None if pd.isna(r.sum) else r.sum,
                "unit": unit,
                "category": r.category,
                "drawn_as": "no marker, labelled 'not recorded'"
                if pd.isna(r.sum)
                else "filled black marker"
                if r.lesions_visible > 0 or r.category == criteria.BASELINE
                else "open black marker (a total read from the paper's words, not measured)",
            }
        )
    ax.set_title(
        f"total: {SHORT[criterion][1]} ({criterion}); boxed label = response",
        loc="left",
        fontsize=9,
    )
    ax.set_ylabel(f"sum ({unit})", fontsize=8)
    event_lines(ax, tace, start, label=False)
    for name, date in (("TACE", tace), ("sorafenib start", start)):
        rows.append(
            {
                "panel": "all",
                "study_id": "",
                "date": iso_day(date),
                "modality": "",
                "days_since_start": (date - start).days,
                "visible": None,
                "measure": name,
                "value": None,
                "unit": "",
                "category": "",
                "drawn_as": "dashed vertical line" if name == "TACE" else "dash-dot vertical line",
            }
        )
    date_axis(ax)
    span = table["date"]
    ax.set_xlim(
        datenum(span.min() - pd.Timedelta(days=15)), datenum(span.max() + pd.Timedelta(days=20))
    )
    days_axis(axes[0], start, [0] + list(table["days_since_start"]), reading)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=C["grey"], label="MRI"),
        Line2D([], [], marker="s", linestyle="", color=C["grey"], label="CT"),
        # open markers of either modality (MRI circle, CT square): the lesion was not visible
        tuple(
            Line2D(
                [],
                [],
                marker=m,
                linestyle="",
                markerfacecolor="white",
                markeredgecolor=C["grey"],
                label=NOT_VISIBLE,
            )
            for m in ("o", "s")
        ),
        Line2D([], [], **TACE_LINE, label=f"TACE ({case_intervals.day(tace)})"),
        Line2D([], [], **START_LINE, label=f"sorafenib start ({case_intervals.day(start)})"),
    ]
    fig.legend(
        handles=handles,
        labels=[h[0].get_label() if isinstance(h, tuple) else h.get_label() for h in handles],
        handler_map={tuple: HandlerTuple(ndivide=None)},
        loc="lower center",
        ncol=5,
        bbox_to_anchor=(0.5, -0.01),
    )
    fig.subplots_adjust(bottom=0.1, hspace=0.45)
    data = pd.DataFrame(rows)
    # the response (boxed label) is the value a finding may mark: one per study, on the total row
    verdict = (data["panel"] == "total") & (data["category"] != criteria.BASELINE)
    value_ids = [
        f"case-response-{s}" if v else ("case-sorafenib-start" if m == "sorafenib start" else "")
        for s, v, m in zip(data["study_id"], verdict, data["measure"])
    ]
    data = products.marked(data, value_ids, frames["findings"])
    caption, alt = _lesion_text(frames, table, les, criterion, start, tace, reading)
    caption += plotting.findings_caption(
        [f"{c} ({d})" for c, d in zip(data["category"], data["date"])],
        data["finding"],
        finding_facts.reader_titles(frames),
    )
    return Figure(fig_id="fig-lesion-size", fig=fig, caption=caption, alt=alt, data=data)


def _lesion_text(frames, table, les, criterion, start, tace, reading):
    measure, unit = criteria.MEASURE[criterion]
    base, follow = table.iloc[0], table.iloc[1:]
    cats = ", ".join(f"{n} {c}" for c, n in follow["category"].value_counts().items())
    caption = (
        f"Size of the {les['lesion_id'].nunique()} measured liver lesions at the baseline {base['modality']} "
        f"({case_intervals.day(base['date'])}) and at {len(follow)} follow-up studies ({modality_counts(follow)}), and the "
        f"total tumour burden as the {measure} under {criterion}. Circles: MRI; squares: CT. Filled markers are "
        f"measured sizes; an open marker on the zero line means the lesion was not visible: no size is recorded "
        f"and none is drawn; an open total is read from the paper's words, not measured. Markers are not joined, since nothing was measured between studies. Vertical lines: "
        f"TACE ({case_intervals.day(tace)}, dashed) and the sorafenib start ({case_intervals.day(start)}, {reading_words(reading)}, "
        f"dash-dot). Top axis: days since the sorafenib start at each study. Boxed label: the {criterion} "
        f"response at each follow-up ({cats})."
    )
    if criterion == "mRECIST":
        caption += (
            " The data do not record which part of a lesion enhances in the arterial phase, so the lesion panels "
            "show whole-lesion diameters and the baseline viable total is not drawn; CR is inferred where no "
            "lesion is visible at all."
        )
    parts = []
    for lid, part in les.groupby("lesion_id", sort=True):
        seen = part[part["visible"].astype(bool)]
        gone = part[~part["visible"].astype(bool)]
        sizes = "; ".join(
            f"{case_intervals.day(r.date)} {fmt.number(r.long_cm, 1)}×{fmt.number(r.short_cm, 1)} cm"
            for r in seen.itertuples()
        )
        parts.append(
            f"{lid} measured {sizes}"
            + (f", not visible at the {len(gone)} later studies" if len(gone) else "")
        )
    sums = ", ".join(
        f"{case_intervals.day(r.date)} {'not recorded' if pd.isna(r.sum) else fmt.number(r.sum, 0) + ' ' + unit}"
        f"{'' if r.category == criteria.BASELINE else ' (' + r.category + ')'}"
        for r in table.itertuples()
    )
    alt = (
        f"{les['lesion_id'].nunique() + 1} stacked panels on a date axis from {case_intervals.day(table['date'].min())} to "
        f"{case_intervals.day(table['date'].max())}. "
        + ". ".join(parts)
        + f". Total ({measure}): {sums}."
    )
    return caption, alt
