"""AFP of the index case over time (`fig-afp`) and beside So et al. (`fig-afp-so`)."""

import matplotlib.pyplot as plt
import pandas as pd

from ..analysis import case, case_intervals, fmt
from . import plotting
from .case_style import (
    C,
    date_axis,
    datenum,
    event_lines,
    iso_day,
    reading_of,
    reading_words,
    unit_label,
    value_text,
)
from .plotting import Figure


def afp(frames: dict, sorafenib_start: str = None) -> Figure:
    """`fig-afp`: the dated AFP values, the undated treatment-period range as a band, and the undated last value.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `case_figures.INPUTS`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    Figure
    """
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    tace = case.event_date(frames, "tace")
    reading = reading_of(frames, sorafenib_start)
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
        ax.plot(datenum(r.date), r.value, "o", color=C["black"], markersize=6, zorder=3)
        ax.annotate(
            f"{value_text(r.value)}",
            (datenum(r.date), r.value),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
        rows.append(
            {
                "series": "measurement",
                "lab_id": r.lab_id,
                "date": iso_day(r.date),
                "value": r.value,
                "value_high": None,
                "unit": r.unit,
                "span_from": "",
                "span_to": "",
                "drawn_as": "filled dot at its date",
            }
        )
    for r in ranges.itertuples():
        x = [datenum(start), datenum(last["date"])]
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
            f"{r.period}: {value_text(r.value)}–{value_text(r.value_high)}\n(dates not given)",
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
                "span_from": iso_day(start),
                "span_to": iso_day(last["date"]),
                "drawn_as": "hatched band over the sorafenib course (the span is the treatment period, not AFP dates)",
            }
        )
    for r in undated.itertuples():
        side.plot(0, r.value, "D", color=C["vermillion"], markersize=6, zorder=3)
        side.annotate(
            value_text(r.value),
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
    event_lines(ax, tace, start, label=True)
    for name, date in (("TACE", tace), ("sorafenib start", start)):
        rows.append(
            {
                "series": "event",
                "lab_id": name,
                "date": iso_day(date),
                "value": None,
                "value_high": None,
                "unit": "",
                "span_from": "",
                "span_to": "",
                "drawn_as": "vertical line",
            }
        )
    date_axis(ax)
    ax.set_xlim(
        datenum(meas["date"].min() - pd.Timedelta(days=12)),
        datenum(last["date"] + pd.Timedelta(days=12)),
    )
    ax.set_ylabel("AFP (µg/L = ng/mL)")
    m_text = "; ".join(
        f"{case_intervals.day(r.date)}: {value_text(r.value)} {unit_label(r.unit)}"
        for r in meas.itertuples()
    )
    caption = (
        f"Alpha-fetoprotein (AFP) of the index case. Dots: the {len(meas)} dated values before treatment ({m_text}). "
        f"Band: the range the paper gives {ranges['period'].iloc[0]} "
        f"({value_text(ranges['value'].iloc[0])}–{value_text(ranges['value_high'].iloc[0])} {unit_label(ranges['unit'].iloc[0])}) without "
        f"dates, spanned here over the sorafenib course from its start ({case_intervals.day(start)}, {reading_words(reading)}) "
        f"to the last scan ({case_intervals.day(last['date'])}); where in that period each value fell is not known. "
        f"Right: the {undated['period'].iloc[0].replace(' ', '-')} value ({value_text(undated['value'].iloc[0])} {unit_label(undated['unit'].iloc[0])}), "
        f"given only in Table 2 and without a date. 1 µg/L = 1 ng/mL. Vertical lines: TACE (dashed) and the "
        f"sorafenib start (dash-dot). No upper limit of normal is drawn: the data give none, and the paper only "
        f"calls the treatment-period values negative."
    )
    alt = (
        f"AFP over time: {m_text} before TACE on {case_intervals.day(tace)}; a band from "
        f"{value_text(ranges['value'].iloc[0])} to {value_text(ranges['value_high'].iloc[0])} across the treatment period "
        f"without dates; {value_text(undated['value'].iloc[0])} at the {undated['period'].iloc[0]}, drawn apart because "
        f"its date is not given. All values are between {value_text(labs['value'].min())} and "
        f"{value_text(max(labs['value'].max(), labs['value_high'].max()))}."
    )
    return Figure(fig_id="fig-afp", fig=fig, caption=caption, alt=alt, data=pd.DataFrame(rows))


def _index_afp(frames):
    """The index case's first- and last-visit AFP as Table 2 gives them: the last value before TACE, the last-visit value."""
    labs = frames["case_labs"]
    tace = case.event_date(frames, "tace")
    first = (
        labs[(labs["kind"] == "measurement") & (labs["date"] < tace)].sort_values("date").iloc[-1]
    )
    last = labs[labs["period"] == "last visit"].iloc[-1]
    return first, last


def afp_so(frames: dict) -> Figure:
    """`fig-afp-so`: AFP at the first and last visit, So et al. beside the index case, on a log scale.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `case_figures.INPUTS`.

    Returns
    -------
    Figure
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
                value_text(v),
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
        f"AFP at the first and last visit as Table 2 gives them, without dates: So et al. {value_text(sa)} → "
        f"{value_text(sb)} ng/mL (a {fmt.round_half_up(sa / sb, 0):,}-fold fall); the index case {value_text(ia)} (the last value "
        f"before TACE) → {value_text(ib)} ng/mL (1 µg/L = 1 ng/mL). Logarithmic scale so that both cases read on one "
        f"axis; the lines only pair the two visits of a case and have no time scale."
    )
    alt = (
        f"Two lines on a logarithmic AFP axis. So et al.: {value_text(sa)} at the first visit, {value_text(sb)} at the last. "
        f"Index case: {value_text(ia)} at the first visit, {value_text(ib)} at the last, "
        f"{'below' if max(ia, ib) < sb else 'near'} So et al.'s last value."
    )
    return Figure(fig_id="fig-afp-so", fig=fig, caption=caption, alt=alt, data=pd.DataFrame(rows))
