"""`fig-timeline`: the case on one date axis (admission, imaging, TACE, sorafenib, adverse events, response)."""

import matplotlib.pyplot as plt
import pandas as pd

from ..analysis import case, case_intervals, criteria, finding_facts, fmt, marks, products, response
from . import plotting
from .case_style import (
    MARKER,
    START_LINE,
    TACE_LINE,
    C,
    date_axis,
    datenum,
    days_axis,
    iso_day,
    modality_counts,
    reading_of,
    reading_words,
)
from .plotting import Figure


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
) -> Figure:
    """`fig-timeline`: admission, imaging, TACE, the sorafenib course, adverse events and responses on one date axis.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `case_figures.INPUTS`.
    criterion : str
        Response criterion of the response lane.
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
    register = frames["findings"]

    def sign(value_id):
        return plotting.sign(value_id, register)

    def row(lane, label, date, date_end, precision, drawn_as, note="", value_id=""):
        rows.append(
            {
                "lane": lane,
                "label": label,
                "date": date,
                "date_end": date_end,
                "precision": precision,
                "drawn_as": drawn_as,
                "note": note,
                "value_id": value_id,
            }
        )

    month = pd.Period(admission["date"], freq="M") if len(str(admission["date"])) == 7 else None
    if month is not None:
        a, b = datenum(month.start_time), datenum(month.end_time.normalize() + pd.Timedelta(days=1))
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
            datenum(r.date),
            y["imaging"],
            MARKER[r.modality],
            color=C["black"],
            markersize=7,
            markerfacecolor=C["black"] if filled else "white",
            zorder=3,
        )
        ax.annotate(
            f"{r.modality}\n{r.date.day} {r.date:%b}",
            (datenum(r.date), y["imaging"]),
            xytext=(0, -9),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=6.5,
        )
        row(
            "imaging",
            f"{r.modality} ({r.purpose.replace('_', '-')})",
            iso_day(r.date),
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
    ax.plot(datenum(tace), y["TACE"], "v", color=C["vermillion"], markersize=8, zorder=3)
    names = ", ".join(tace_agents["agent"])
    ax.text(datenum(tace) + 4, y["TACE"], f"TACE ({names})", va="center", fontsize=7)
    row("TACE", f"TACE ({names})", iso_day(tace), "", "day", "downward triangle")
    a, b = datenum(start), datenum(last["date"])
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
        f"sorafenib {dose}{sign('case-sorafenib-start')}",
        ha="center",
        va="center",
        fontsize=7,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )
    row(
        "sorafenib",
        f"sorafenib {dose}",
        iso_day(start),
        iso_day(last["date"]),
        "day",
        "hatched bar from the start to the last scan, dashed arrow beyond it",
        f"{reading_words(reading)}; still taken at the last visit, end not given ({sor['note']})",
        "case-sorafenib-start",
    )
    for r in aes.itertuples():
        lane = f"AE: {r.term}"
        date, note = onsets[r.ae_id]
        value_id = f"case-{r.ae_id}"
        grade = f"grade {r.ctcae_grade}" if pd.notna(r.ctcae_grade) else "no grade given"
        if pd.notna(r.ctcae_grade) and sign(value_id):
            grade += " as printed"
        label = f"{r.term}, {grade}; {r.onset_note}, {r.course}"
        drawn = label + sign(value_id)
        if date is None:
            ax.plot([a, b], [y[lane]] * 2, linestyle=(0, (1, 2)), color=C["purple"], linewidth=1.6)
            ax.text((a + b) / 2, y[lane] + 0.18, drawn, ha="center", va="bottom", fontsize=6.5)
            row(
                lane,
                label,
                "",
                "",
                "not given",
                "dotted line over the sorafenib course (onset somewhere on it)",
                str(r.action),
                value_id,
            )
        else:
            ax.plot(datenum(date), y[lane], "P", color=C["purple"], markersize=7, zorder=3)
            ax.text(datenum(date) + 4, y[lane], drawn, va="center", fontsize=6.5)
            row(
                lane,
                label,
                iso_day(date),
                "",
                "day",
                "plus marker at the onset event",
                str(r.action),
                value_id,
            )
    lane = f"response ({criterion})"
    for r in table.itertuples():
        baseline = r.category == criteria.BASELINE
        text = "baseline" if baseline else r.category
        value_id = "" if baseline else f"case-response-{r.study_id}"
        ax.text(
            datenum(r.date),
            y[lane],
            text + (sign(value_id) if value_id else ""),
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
        row(lane, text, iso_day(r.date), "", "day", "boxed label", r.reason, value_id)
    ax.axvline(datenum(tace), **TACE_LINE, alpha=0.5, zorder=1)
    ax.axvline(datenum(start), **START_LINE, alpha=0.5, zorder=1)
    ax.set_yticks(list(y.values()), list(y.keys()), fontsize=7.5)
    ax.set_ylim(0.3, len(lanes) + 0.7)
    ax.grid(axis="y", visible=False)
    first = month.start_time if month is not None else dated["date"].min()
    ax.set_xlim(
        datenum(first - pd.Timedelta(days=8)), datenum(last["date"] + pd.Timedelta(days=30))
    )
    date_axis(ax)
    days_axis(ax, start, [0] + list(table["days_since_start"]), reading)
    marked_aes = marks.marks([f"case-{i}" for i in aes["ae_id"]], frames["findings"])
    ae_text = "; ".join(
        f"{t}: {plotting.as_printed(f'grade {g}' if pd.notna(g) else 'no grade given', bool(m))}, {o}"
        for t, g, o, m in zip(aes["term"], aes["ctcae_grade"], aes["onset_note"], marked_aes)
    )
    undated_names = [
        f"the {m} ({p})" for m, p in zip(undated_img["modality"], undated_img["purpose"])
    ]
    caption = (
        f"Timeline of the index case on one date axis (CARE style): admission ({month.start_time:%B %Y}; the day "
        f"is not given, so the whole month is shaded), the {len(dated)} dated imaging studies ({modality_counts(dated)}; "
        f"filled: baseline), TACE ({case_intervals.day(tace)}), sorafenib {dose} from {case_intervals.day(start)} (reading "
        f"'{reading}') to the last scan ({case_intervals.day(last['date'])}) and beyond (still taken at the last visit; "
        f"end not given), the {len(aes)} adverse events ({ae_text}), and the {criterion} response at each "
        f"follow-up. An adverse event whose onset date is not given is a dotted line over the course. "
        + (f"Not drawn, being undated: {', '.join(undated_names)}. " if undated_names else "")
        + "Top axis: days since the sorafenib start."
    )
    data = pd.DataFrame(rows)
    data = products.marked(data.drop(columns="value_id"), data["value_id"], register)
    caption += plotting.findings_caption(
        [f"{lb} ({d})" if d else lb for lb, d in zip(data["label"], data["date"])],
        data["finding"],
        finding_facts.reader_titles(frames),
    )
    alt = (
        f"Timeline from {month.start_time:%B %Y} to {case_intervals.day(last['date'])}: admission in {month.start_time:%B %Y}; "
        f"imaging on "
        + ", ".join(f"{case_intervals.day(r.date)} ({r.modality})" for r in dated.itertuples())
        + f"; TACE on {case_intervals.day(tace)}; sorafenib from {case_intervals.day(start)} onwards; adverse events: {ae_text}; "
        f"{criterion} response: "
        + ", ".join(
            f"{case_intervals.day(r.date)} {r.category}" for r in table.iloc[1:].itertuples()
        )
        + "."
    )
    return Figure(fig_id="fig-timeline", fig=fig, caption=caption, alt=alt, data=data)
