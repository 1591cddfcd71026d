"""The case in figures: lesion size with response, AFP, AFP beside So et al., and a treatment timeline."""

import re
from collections import namedtuple

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from ..analysis import case, fmt, response, timeline
from . import plotting

#: Resources the figures read (timeline.INPUTS, which holds response.INPUTS, plus the rest).
INPUTS = timeline.INPUTS + ["case_treatments", "case_adverse_events", "comparator_cases"]

FIGURE_IDS = ("fig-lesion-size", "fig-afp", "fig-afp-so", "fig-timeline")

#: A figure ready to save: the matplotlib figure, exactly the data drawn, caption and alt text.
Built = namedtuple("Built", "fig_id fig data caption alt")

C = plotting.COLORS
MARKER = {"MRI": "o", "CT": "s", "US": "^"}
LESION_STYLE = [C["blue"], C["orange"], C["purple"], C["sky"]]
TACE_LINE = {"color": C["vermillion"], "linestyle": (0, (4, 2)), "linewidth": 1.2}
START_LINE = {"color": C["green"], "linestyle": (0, (6, 2, 1, 2)), "linewidth": 1.2}
NOT_VISIBLE = "not visible"

#: Short axis names of each criterion's per-lesion measure and total.
SHORT = {
    "RECIST1.1": ("longest diameter", "sum of longest diameters"),
    "WHO": ("product of diameters", "sum of products of diameters"),
    "mRECIST": ("longest diameter", "sum of viable-tumour diameters"),
}


def _num(date) -> float:
    return mdates.date2num(pd.Timestamp(date).to_pydatetime())


def _iso(date) -> str:
    return "" if date is None or pd.isna(date) else f"{pd.Timestamp(date):%Y-%m-%d}"


def _value(v) -> str:
    """A recorded value as printed in the data, with thousands separators ("13,599", "2.22")."""
    return f"{fmt.to_decimal(v):,}"


def _unit(unit: str) -> str:
    return {"ug/L": "µg/L"}.get(unit, unit)


def _modalities(studies) -> str:
    counts = studies["modality"].value_counts().sort_index()
    return ", ".join(f"{n} {m}" for m, n in counts.items())


def _date_axis(ax) -> None:
    loc = mdates.MonthLocator()
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc, show_offset=False))


def _days_axis(ax, start, ticks, reading) -> None:
    """Secondary top axis: days since the sorafenib start, ticked at `ticks` (days)."""
    s = _num(start)
    top = ax.secondary_xaxis("top", functions=(lambda x: x - s, lambda d: d + s))
    top.set_xticks(sorted(set(int(t) for t in ticks)))
    top.tick_params(labelsize=7)
    top.set_xlabel(
        f"days since the sorafenib start ({timeline.day(start)}, reading '{reading}')", fontsize=8
    )


def _events(ax, tace, start, label: bool) -> None:
    ax.axvline(_num(tace), **TACE_LINE, zorder=1)
    ax.axvline(_num(start), **START_LINE, zorder=1)
    if label:
        y = ax.get_ylim()[1]
        ax.text(_num(tace), y, "TACE ", ha="right", va="top", fontsize=7, color=TACE_LINE["color"])
        ax.text(
            _num(start),
            y,
            " sorafenib start",
            ha="left",
            va="top",
            fontsize=7,
            color=START_LINE["color"],
        )


def _reading(frames, sorafenib_start) -> str:
    return sorafenib_start or case.readings(frames, "sorafenib-start")[0]


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


def lesion_size(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> Built:
    """`fig-lesion-size`: each lesion and the total under `criterion` at every study, with the response.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        One of `response.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    Built
    """
    table = response.assess(frames, criterion, sorafenib_start)
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    tace = case.event_date(frames, "tace")
    reading = _reading(frames, sorafenib_start)
    les = case.lesions(frames)
    les = les[les["study_id"].isin(table["study_id"])]
    ids = sorted(les["lesion_id"].unique())
    measure, unit = response.MEASURE[criterion]
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
            x = _num(r.date)
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
                    "date": _iso(r.date),
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
        _events(ax, tace, start, label=ax is axes[0])
    ax = axes[-1]
    known = table["sum"].dropna()
    # without a known total (mRECIST baseline) keep the scale of the lesions so zero reads as zero
    top = float(known.max()) * 1.3 if not known.empty and known.max() > 0 else sum(whole)
    ax.set_ylim(-0.08 * top, top)
    for r in table.itertuples():
        x = _num(r.date)
        if pd.notna(r.sum):
            ax.plot(
                x,
                r.sum,
                MARKER[r.modality],
                color=C["black"],
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
        if r.category != response.BASELINE:
            ax.annotate(
                r.category,
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
                "date": _iso(r.date),
                "modality": r.modality,
                "days_since_start": r.days_since_start,
                "visible": None,
                "measure": measure,
                "value": None if pd.isna(r.sum) else r.sum,
                "unit": unit,
                "category": r.category,
                "drawn_as": "filled black marker"
                if pd.notna(r.sum)
                else "no marker, labelled 'not recorded'",
            }
        )
    ax.set_title(
        f"total: {SHORT[criterion][1]} ({criterion}); boxed label = response",
        loc="left",
        fontsize=9,
    )
    ax.set_ylabel(f"sum ({unit})", fontsize=8)
    _events(ax, tace, start, label=False)
    for name, date in (("TACE", tace), ("sorafenib start", start)):
        rows.append(
            {
                "panel": "all",
                "study_id": "",
                "date": _iso(date),
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
    _date_axis(ax)
    span = table["date"]
    ax.set_xlim(_num(span.min() - pd.Timedelta(days=15)), _num(span.max() + pd.Timedelta(days=20)))
    _days_axis(axes[0], start, [0] + list(table["days_since_start"]), reading)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=C["grey"], label="MRI"),
        Line2D([], [], marker="s", linestyle="", color=C["grey"], label="CT"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=C["grey"],
            label=NOT_VISIBLE,
        ),
        Line2D([], [], **TACE_LINE, label=f"TACE ({timeline.day(tace)})"),
        Line2D([], [], **START_LINE, label=f"sorafenib start ({timeline.day(start)})"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=5, bbox_to_anchor=(0.5, -0.01))
    fig.subplots_adjust(bottom=0.1, hspace=0.45)
    data = pd.DataFrame(rows)
    caption, alt = _lesion_text(frames, table, les, criterion, start, tace, reading)
    return Built("fig-lesion-size", fig, data, caption, alt)


def _lesion_text(frames, table, les, criterion, start, tace, reading):
    measure, unit = response.MEASURE[criterion]
    base, follow = table.iloc[0], table.iloc[1:]
    cats = ", ".join(f"{n} {c}" for c, n in follow["category"].value_counts().items())
    caption = (
        f"Size of the {les['lesion_id'].nunique()} measured liver lesions at the baseline {base['modality']} "
        f"({timeline.day(base['date'])}) and at {len(follow)} follow-up studies ({_modalities(follow)}), and the "
        f"total tumour burden as the {measure} under {criterion}. Circles: MRI; squares: CT. Filled markers are "
        f"measured sizes; an open marker on the zero line means the lesion was not visible: no size is recorded "
        f"and none is drawn. Markers are not joined, since nothing was measured between studies. Vertical lines: "
        f"TACE ({timeline.day(tace)}, dashed) and the sorafenib start ({timeline.day(start)}, reading '{reading}', "
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
            f"{timeline.day(r.date)} {fmt.number(r.long_cm, 1)}×{fmt.number(r.short_cm, 1)} cm"
            for r in seen.itertuples()
        )
        parts.append(
            f"{lid} measured {sizes}"
            + (f", not visible at the {len(gone)} later studies" if len(gone) else "")
        )
    sums = ", ".join(
        f"{timeline.day(r.date)} {'not recorded' if pd.isna(r.sum) else fmt.number(r.sum, 0) + ' ' + unit}"
        f"{'' if r.category == response.BASELINE else ' (' + r.category + ')'}"
        for r in table.itertuples()
    )
    alt = (
        f"{les['lesion_id'].nunique() + 1} stacked panels on a date axis from {timeline.day(table['date'].min())} to "
        f"{timeline.day(table['date'].max())}. "
        + ". ".join(parts)
        + f". Total ({measure}): {sums}."
    )
    return caption, alt


def afp(frames: dict, sorafenib_start: str = None) -> Built:
    """`fig-afp`: the dated AFP values, the undated treatment-period range as a band, and the undated last value.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    Built
    """
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    tace = case.event_date(frames, "tace")
    reading = _reading(frames, sorafenib_start)
    last = case.last_study(frames)
    labs = frames["case_labs"]
    labs = labs[labs["analyte"] == "AFP"]
    meas = labs[labs["kind"] == "measurement"].sort_values("date")
    ranges, undated = labs[labs["kind"] == "range"], labs[labs["kind"] == "undated"]
    plotting.use_style()
    fig, (ax, side) = plt.subplots(
        1, 2, sharey=True, figsize=(7.0, 3.2), gridspec_kw={"width_ratios": [7, 1], "wspace": 0.05}
    )
    top = max(float(labs["value"].max()), float(labs["value_high"].max(skipna=True) or 0)) * 1.35
    ax.set_ylim(0, top)
    rows = []
    for r in meas.itertuples():
        ax.plot(_num(r.date), r.value, "o", color=C["black"], markersize=6, zorder=3)
        ax.annotate(
            f"{_value(r.value)}",
            (_num(r.date), r.value),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
        rows.append(
            {
                "series": "measurement",
                "lab_id": r.lab_id,
                "date": _iso(r.date),
                "value": r.value,
                "value_high": None,
                "unit": r.unit,
                "span_from": "",
                "span_to": "",
                "drawn_as": "filled dot at its date",
            }
        )
    for r in ranges.itertuples():
        x = [_num(start), _num(last["date"])]
        ax.fill_between(
            x,
            r.value,
            r.value_high,
            facecolor=C["sky"],
            alpha=0.35,
            edgecolor=C["blue"],
            hatch="///",
            linewidth=0.8,
            zorder=2,
        )
        ax.text(
            sum(x) / 2,
            r.value_high,
            f"{r.period}: {_value(r.value)}–{_value(r.value_high)}\n(dates not given)",
            ha="center",
            va="bottom",
            fontsize=7,
        )
        rows.append(
            {
                "series": "range",
                "lab_id": r.lab_id,
                "date": "",
                "value": r.value,
                "value_high": r.value_high,
                "unit": r.unit,
                "span_from": _iso(start),
                "span_to": _iso(last["date"]),
                "drawn_as": "hatched band over the sorafenib course (the span is the treatment period, not AFP dates)",
            }
        )
    for r in undated.itertuples():
        side.plot(0, r.value, "D", color=C["vermillion"], markersize=6, zorder=3)
        side.annotate(
            _value(r.value),
            (0, r.value),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
        rows.append(
            {
                "series": "undated",
                "lab_id": r.lab_id,
                "date": "",
                "value": r.value,
                "value_high": None,
                "unit": r.unit,
                "span_from": "",
                "span_to": "",
                "drawn_as": "diamond in a separate panel, no date",
            }
        )
    side.set_xlim(-1, 1)
    side.set_xticks(
        [0],
        [f"{undated['period'].iloc[0]},\ndate not\ngiven"] if not undated.empty else [""],
        fontsize=7,
    )
    side.grid(False)
    side.spines["left"].set_visible(False)
    side.tick_params(axis="y", left=False)
    _events(ax, tace, start, label=True)
    for name, date in (("TACE", tace), ("sorafenib start", start)):
        rows.append(
            {
                "series": "event",
                "lab_id": name,
                "date": _iso(date),
                "value": None,
                "value_high": None,
                "unit": "",
                "span_from": "",
                "span_to": "",
                "drawn_as": "vertical line",
            }
        )
    _date_axis(ax)
    ax.set_xlim(
        _num(meas["date"].min() - pd.Timedelta(days=12)), _num(last["date"] + pd.Timedelta(days=12))
    )
    ax.set_ylabel("AFP (µg/L = ng/mL)")
    m_text = "; ".join(
        f"{timeline.day(r.date)}: {_value(r.value)} {_unit(r.unit)}" for r in meas.itertuples()
    )
    caption = (
        f"Alpha-fetoprotein (AFP) of the index case. Dots: the {len(meas)} dated values before treatment ({m_text}). "
        f"Band: the range the paper gives {ranges['period'].iloc[0]} "
        f"({_value(ranges['value'].iloc[0])}–{_value(ranges['value_high'].iloc[0])} {_unit(ranges['unit'].iloc[0])}) without "
        f"dates, spanned here over the sorafenib course from its start ({timeline.day(start)}, reading '{reading}') "
        f"to the last scan ({timeline.day(last['date'])}); where in that period each value fell is not known. "
        f"Right: the {undated['period'].iloc[0].replace(' ', '-')} value ({_value(undated['value'].iloc[0])} {_unit(undated['unit'].iloc[0])}), "
        f"given only in Table 2 and without a date. 1 µg/L = 1 ng/mL. Vertical lines: TACE (dashed) and the "
        f"sorafenib start (dash-dot). No upper limit of normal is drawn: the data give none, and the paper only "
        f"calls the treatment-period values negative."
    )
    alt = (
        f"AFP over time: {m_text} before TACE on {timeline.day(tace)}; a band from "
        f"{_value(ranges['value'].iloc[0])} to {_value(ranges['value_high'].iloc[0])} across the treatment period "
        f"without dates; {_value(undated['value'].iloc[0])} at the {undated['period'].iloc[0]}, drawn apart because "
        f"its date is not given. All values are between {_value(labs['value'].min())} and "
        f"{_value(max(labs['value'].max(), labs['value_high'].max()))}."
    )
    return Built("fig-afp", fig, pd.DataFrame(rows), caption, alt)


def _index_afp(frames):
    """The index case's first- and last-visit AFP as Table 2 gives them: the last value before TACE, the last-visit value."""
    labs = frames["case_labs"]
    tace = case.event_date(frames, "tace")
    first = (
        labs[(labs["kind"] == "measurement") & (labs["date"] < tace)].sort_values("date").iloc[-1]
    )
    last = labs[labs["period"] == "last visit"].iloc[-1]
    return first, last


def afp_so(frames: dict) -> Built:
    """`fig-afp-so`: AFP at the first and last visit, So et al. beside the index case, on a log scale.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.

    Returns
    -------
    Built
    """
    cc = frames["comparator_cases"]
    so = cc[(cc["case_id"] == "so-2008") & (cc["item"] == "afp")].set_index("visit")
    first, last = _index_afp(frames)
    cases = [
        (
            "So et al.",
            [so.loc["first", "value"], so.loc["last", "value"]],
            so.loc["first", "unit"],
            {"color": C["vermillion"], "marker": "^", "linestyle": (0, (4, 2))},
            [
                f"comparator_cases so-2008 afp {v} ({so.loc[v, 'location']})"
                for v in ("first", "last")
            ],
            5,
        ),
        (
            "index case",
            [fmt.to_decimal(first["value"]), fmt.to_decimal(last["value"])],
            last["unit"],
            {"color": C["blue"], "marker": "o", "linestyle": "-"},
            [
                f"case_labs {first['lab_id']} (the last value before TACE)",
                f"case_labs {last['lab_id']} ({last['location']})",
            ],
            -5,
        ),
    ]
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(4.6, 3.4))
    rows = []
    values = []
    for label, (a, b), unit, style, sources, dy in cases:
        a, b = fmt.to_decimal(a), fmt.to_decimal(b)
        values += [a, b]
        ax.plot([0, 1], [float(a), float(b)], **style, markersize=7, linewidth=1.3, label=label)
        for x, v in ((0, a), (1, b)):
            ax.annotate(
                _value(v),
                (x, float(v)),
                xytext=(-8 if x == 0 else 8, dy if x == 1 else 0),
                textcoords="offset points",
                ha="right" if x == 0 else "left",
                va="center",
                fontsize=8,
            )
            rows.append(
                {
                    "case": label,
                    "visit": "first" if x == 0 else "last",
                    "value": float(v),
                    "unit": unit,
                    "source": sources[x],
                }
            )
    ax.set_yscale("log")
    lo, hi = min(values), max(values)
    ax.set_ylim(
        10.0 ** lo.adjusted(), 10.0 ** (hi.adjusted() + 1)
    )  # whole decades around the values
    ax.set_xlim(-0.6, 1.6)
    ax.set_xticks([0, 1], ["first visit", "last visit"])
    ax.set_ylabel("AFP (ng/mL, log scale)")
    ax.legend(loc="upper right")
    (sa, sb), (ia, ib) = [c[1] for c in cases]
    sa, sb, ia, ib = (fmt.to_decimal(v) for v in (sa, sb, ia, ib))
    caption = (
        f"AFP at the first and last visit as Table 2 gives them, without dates: So et al. {_value(sa)} → "
        f"{_value(sb)} ng/mL (a {fmt.round_half_up(sa / sb, 0):,}-fold fall); the index case {_value(ia)} (the last value "
        f"before TACE) → {_value(ib)} ng/mL (1 µg/L = 1 ng/mL). Logarithmic scale so that both cases read on one "
        f"axis; the lines only pair the two visits of a case and have no time scale."
    )
    alt = (
        f"Two lines on a logarithmic AFP axis. So et al.: {_value(sa)} at the first visit, {_value(sb)} at the last. "
        f"Index case: {_value(ia)} at the first visit, {_value(ib)} at the last, "
        f"{'below' if max(ia, ib) < sb else 'near'} So et al.'s last value."
    )
    return Built("fig-afp-so", fig, pd.DataFrame(rows), caption, alt)


def _ae_dates(frames, reading):
    """Onset of each adverse event: (date or None, note). An onset note saying 'not given' leaves it undated."""
    out = {}
    for r in frames["case_adverse_events"].itertuples():
        if "not given" in r.onset_note:
            out[r.ae_id] = (None, r.onset_note)
        else:
            out[r.ae_id] = (
                case.event_date(
                    frames, r.onset_event, reading if r.onset_event == "sorafenib-start" else None
                ),
                r.onset_note,
            )
    return out


def treatment_timeline(
    frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None
) -> Built:
    """`fig-timeline`: admission, imaging, TACE, the sorafenib course, adverse events and responses on one date axis.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion of the response lane.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    Built
    """
    table = response.assess(frames, criterion, sorafenib_start)
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    tace = case.event_date(frames, "tace")
    reading = _reading(frames, sorafenib_start)
    last = case.last_study(frames)
    img = frames["case_imaging"]
    dated, undated_img = img.dropna(subset=["date"]).sort_values("date"), img[img["date"].isna()]
    tr = frames["case_treatments"]
    sor = tr[tr["agent"] == "sorafenib"].iloc[0]
    tace_agents = tr[tr["kind"] == "TACE"]
    aes = frames["case_adverse_events"]
    onsets = _ae_dates(frames, sorafenib_start)
    facts = frames["case_facts"]
    admission = facts[facts["item"] == "admission"].iloc[0]
    lanes = (
        ["admission", "imaging", "TACE", "sorafenib"]
        + [f"AE: {t}" for t in aes["term"]]
        + [f"response ({criterion})"]
    )
    y = {lane: len(lanes) - i for i, lane in enumerate(lanes)}
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(lanes) + 1.4))
    rows = []

    def row(lane, label, date, date_end, precision, drawn_as, note=""):
        rows.append(
            {
                "lane": lane,
                "label": label,
                "date": date,
                "date_end": date_end,
                "precision": precision,
                "drawn_as": drawn_as,
                "note": note,
            }
        )

    month = pd.Period(admission["date"], freq="M") if len(str(admission["date"])) == 7 else None
    if month is not None:
        a, b = _num(month.start_time), _num(month.end_time.normalize() + pd.Timedelta(days=1))
        ax.barh(
            y["admission"],
            b - a,
            left=a,
            height=0.5,
            facecolor=C["grey"],
            alpha=0.35,
            hatch="--",
            edgecolor=C["black"],
            linewidth=0.6,
        )
        ax.text(
            b + 6,
            y["admission"],
            f"admission, {month.start_time:%B %Y} (day not given)",
            va="center",
            fontsize=7,
        )
        row(
            "admission",
            str(admission["value"]),
            str(admission["date"]),
            "",
            "month",
            "hatched bar over the whole month",
            str(admission["note"]),
        )
    for r in dated.itertuples():
        filled = r.purpose == "baseline"
        ax.plot(
            _num(r.date),
            y["imaging"],
            MARKER[r.modality],
            color=C["black"],
            markersize=7,
            markerfacecolor=C["black"] if filled else "white",
            zorder=3,
        )
        ax.annotate(
            f"{r.modality}\n{r.date.day} {r.date:%b}",
            (_num(r.date), y["imaging"]),
            xytext=(0, -9),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=6.5,
        )
        row(
            "imaging",
            f"{r.modality} ({r.purpose.replace('_', '-')})",
            _iso(r.date),
            "",
            "day",
            "filled marker (baseline)" if filled else "open marker (follow-up)",
        )
    for r in undated_img.itertuples():
        row(
            "imaging",
            f"{r.modality} ({r.purpose.replace('_', '-')})",
            "",
            "",
            "not given",
            "not drawn",
            str(r.note),
        )
    ax.plot(_num(tace), y["TACE"], "v", color=C["vermillion"], markersize=8, zorder=3)
    names = ", ".join(tace_agents["agent"])
    ax.text(_num(tace) + 4, y["TACE"], f"TACE ({names})", va="center", fontsize=7)
    row("TACE", f"TACE ({names})", _iso(tace), "", "day", "downward triangle")
    a, b = _num(start), _num(last["date"])
    ax.barh(
        y["sorafenib"],
        b - a,
        left=a,
        height=0.45,
        facecolor=C["green"],
        alpha=0.5,
        hatch="//",
        edgecolor=C["green"],
    )
    ax.annotate(
        "",
        (b + 12, y["sorafenib"]),
        (b, y["sorafenib"]),
        arrowprops={"arrowstyle": "->", "color": C["green"], "linestyle": (0, (2, 2))},
    )
    dose = f"{fmt.number(sor['dose'], 0)} {sor['dose_unit']} {sor['frequency']}"
    ax.text(
        (a + b) / 2,
        y["sorafenib"],
        f"sorafenib {dose}",
        ha="center",
        va="center",
        fontsize=7,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )
    row(
        "sorafenib",
        f"sorafenib {dose}",
        _iso(start),
        _iso(last["date"]),
        "day",
        "hatched bar from the start to the last scan, dashed arrow beyond it",
        f"reading '{reading}'; still taken at the last visit, end not given ({sor['note']})",
    )
    for r in aes.itertuples():
        lane = f"AE: {r.term}"
        date, note = onsets[r.ae_id]
        grade = f"grade {r.ctcae_grade}" if pd.notna(r.ctcae_grade) else "no grade given"
        label = f"{r.term}, {grade}; {r.onset_note}, {r.course}"
        if date is None:
            ax.plot([a, b], [y[lane]] * 2, linestyle=(0, (1, 2)), color=C["purple"], linewidth=1.6)
            ax.text((a + b) / 2, y[lane] + 0.18, label, ha="center", va="bottom", fontsize=6.5)
            row(
                lane,
                label,
                "",
                "",
                "not given",
                "dotted line over the sorafenib course (onset somewhere on it)",
                str(r.action),
            )
        else:
            ax.plot(_num(date), y[lane], "P", color=C["purple"], markersize=7, zorder=3)
            ax.text(_num(date) + 4, y[lane], label, va="center", fontsize=6.5)
            row(lane, label, _iso(date), "", "day", "plus marker at the onset event", str(r.action))
    lane = f"response ({criterion})"
    for r in table.itertuples():
        text = "baseline" if r.category == response.BASELINE else r.category
        ax.text(
            _num(r.date),
            y[lane],
            text,
            ha="center",
            va="center",
            fontsize=7 if text == "baseline" else 8,
            fontweight="normal" if text == "baseline" else "bold",
            bbox={
                "boxstyle": "round,pad=0.2",
                "facecolor": "white",
                "edgecolor": C["grey"],
                "linewidth": 0.6,
            },
        )
        row(lane, text, _iso(r.date), "", "day", "boxed label", r.reason)
    ax.axvline(_num(tace), **TACE_LINE, alpha=0.5, zorder=1)
    ax.axvline(_num(start), **START_LINE, alpha=0.5, zorder=1)
    ax.set_yticks(list(y.values()), list(y.keys()), fontsize=7.5)
    ax.set_ylim(0.3, len(lanes) + 0.7)
    ax.grid(axis="y", visible=False)
    first = month.start_time if month is not None else dated["date"].min()
    ax.set_xlim(_num(first - pd.Timedelta(days=8)), _num(last["date"] + pd.Timedelta(days=30)))
    _date_axis(ax)
    _days_axis(ax, start, [0] + list(table["days_since_start"]), reading)
    ae_text = "; ".join(
        f"{t}: {'grade ' + str(g) if pd.notna(g) else 'no grade given'}, {o}"
        for t, g, o in zip(aes["term"], aes["ctcae_grade"], aes["onset_note"])
    )
    undated_names = [
        f"the {m} ({p})" for m, p in zip(undated_img["modality"], undated_img["purpose"])
    ]
    caption = (
        f"Timeline of the index case on one date axis (CARE style): admission ({month.start_time:%B %Y}; the day "
        f"is not given, so the whole month is shaded), the {len(dated)} dated imaging studies ({_modalities(dated)}; "
        f"filled: baseline), TACE ({timeline.day(tace)}), sorafenib {dose} from {timeline.day(start)} (reading "
        f"'{reading}') to the last scan ({timeline.day(last['date'])}) and beyond (still taken at the last visit; "
        f"end not given), the {len(aes)} adverse events ({ae_text}), and the {criterion} response at each "
        f"follow-up. An adverse event whose onset date is not given is a dotted line over the course. "
        + (f"Not drawn, being undated: {', '.join(undated_names)}. " if undated_names else "")
        + "Top axis: days since the sorafenib start."
    )
    alt = (
        f"Timeline from {month.start_time:%B %Y} to {timeline.day(last['date'])}: admission in {month.start_time:%B %Y}; "
        f"imaging on "
        + ", ".join(f"{timeline.day(r.date)} ({r.modality})" for r in dated.itertuples())
        + f"; TACE on {timeline.day(tace)}; sorafenib from {timeline.day(start)} onwards; adverse events: {ae_text}; "
        f"{criterion} response: "
        + ", ".join(f"{timeline.day(r.date)} {r.category}" for r in table.iloc[1:].itertuples())
        + "."
    )
    return Built("fig-timeline", fig, pd.DataFrame(rows), caption, alt)


def build_all(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> list:
    """Every figure of the case, in `FIGURE_IDS` order.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion (`response.CRITERIA`).
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    list of Built
    """
    response.check_criterion(criterion)
    return [
        lesion_size(frames, criterion, sorafenib_start),
        afp(frames, sorafenib_start),
        afp_so(frames),
        treatment_timeline(frames, criterion, sorafenib_start),
    ]


def save(built: Built, preset: str) -> dict:
    """Save one figure with `plotting.save_figure` (SVG, CSV of the data drawn, caption and alt text).

    Parameters
    ----------
    built : Built
    preset : str
        Parameter set; decides the folder.

    Returns
    -------
    dict
        Paths written, by kind.
    """
    return plotting.save_figure(
        built.fig, built.fig_id, preset, built.caption, built.alt, built.data
    )
