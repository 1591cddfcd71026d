"""What the case figures share: colours, markers, event lines, date axes and value formatting."""

import matplotlib.dates as mdates
import pandas as pd

from ..analysis import case, case_intervals, fmt
from . import plotting

C = plotting.COLORS
MARKER = {"MRI": "o", "CT": "s", "US": "^"}
LESION_STYLE = [C["blue"], C["orange"], C["purple"], C["sky"]]
TACE_LINE = {"color": C["vermillion"], "linestyle": (0, (4, 2)), "linewidth": 1.2}
START_LINE = {"color": C["green"], "linestyle": (0, (6, 2, 1, 2)), "linewidth": 1.2}
NOT_VISIBLE = "not visible"


def datenum(date) -> float:
    return mdates.date2num(pd.Timestamp(date).to_pydatetime())


def iso_day(date) -> str:
    return "" if date is None or pd.isna(date) else f"{pd.Timestamp(date):%Y-%m-%d}"


def value_text(v) -> str:
    """A recorded value as printed in the data, with thousands separators ("13,599", "2.22")."""
    return f"{fmt.to_decimal(v):,}"


def unit_label(unit: str) -> str:
    return {"ug/L": "µg/L"}.get(unit, unit)


def modality_counts(studies) -> str:
    counts = studies["modality"].value_counts().sort_index()
    return ", ".join(f"{n} {m}" for m, n in counts.items())


def date_axis(ax) -> None:
    loc = mdates.MonthLocator()
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc, show_offset=False))


def days_axis(ax, start, ticks, reading) -> None:
    """Secondary top axis: days since the sorafenib start, ticked at `ticks` (days)."""
    s = datenum(start)
    top = ax.secondary_xaxis("top", functions=(lambda x: x - s, lambda d: d + s))
    top.set_xticks(sorted(set(int(t) for t in ticks)))
    top.tick_params(labelsize=7)
    top.set_xlabel(
        f"days since the sorafenib start ({case_intervals.day(start)}, {reading_words(reading)})",
        fontsize=8,
    )


def event_lines(ax, tace, start, label: bool, where: str = "top") -> None:
    """TACE and sorafenib-start lines; with `label`, their names at the `where` ("top" or "middle") of
    the axes, one each side of the pair of lines and one line of text apart, so they never run
    together however close the dates are."""
    ax.axvline(datenum(tace), **TACE_LINE, zorder=1)
    ax.axvline(datenum(start), **START_LINE, zorder=1)
    if label:
        size = 7
        y, sign, va = (1, -1, "top") if where == "top" else (0.6, -1, "center")
        for x, text, ha, dx, dy, style in (
            (tace, "TACE", "right", -3, sign * (2 + 1.5 * size), TACE_LINE),
            (start, "sorafenib start", "left", 3, sign * 2, START_LINE),
        ):
            ax.annotate(
                text,
                xy=(datenum(x), y),
                xycoords=ax.get_xaxis_transform(),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=size,
                color=style["color"],
            )


def reading_of(frames, sorafenib_start) -> str:
    return sorafenib_start or case.readings(frames, "sorafenib-start")[0]


def reading_words(reading: str) -> str:
    """A reading id in words, for captions and axis labels ("day-5-after-tace": "day 5 after TACE")."""
    return reading.replace("-", " ").replace("tace", "TACE")
