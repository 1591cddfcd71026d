"""Figures of the deck: drawn from the data for a 16:9 slide, with text large enough for a projector."""

import io

from .. import paths
from ..analysis import trial_ae
from ..errors import UnknownName
from . import case_figures, trial_charts
from .case_style import NOT_VISIBLE

#: The adverse events of the trials' chart, a few per slide (Table 1's order), so that each bar and its
#: label reads from the back of a room: three slides, not one chart of 50 bars.
AE_SLIDES = ((0, 3), (3, 6), (6, 8), (8, 10))

#: Figures shown in the deck: the report's figure each is drawn from (the notebook that saves it).
#: "fig-ae-frequency-case" is the one the session shows (this patient's events and the trials' most
#: frequent); the parts a, b, ... give every event, for the backup slides.
FIGURES = {
    "fig-lesion-size": "case_figures",
    "fig-ae-frequency-case": "trial_charts",
    "fig-efficacy": "trial_charts",
    **{f"fig-ae-frequency-{chr(ord('a') + n)}": "trial_charts" for n in range(len(AE_SLIDES))},
}


#: The deck's figures are drawn for a 16:9 slide: this size (inches), every text of the figure scaled by
#: `SLIDE_TEXT_SCALE` (the figures set their sizes per text, for the page) and at least `SLIDE_MIN_PT`
#: points, so chart text reads from the back of a room: at least 18 px on a 1280 x 720 projector, where
#: the slide shows a figure at most 610 px high (slides.css), about 1.6 px a point.
SLIDE_FIGSIZE = (8.0, 4.5)
SLIDE_TEXT_SCALE = 1.5
SLIDE_MIN_PT = 12.5
SLIDE_RC = {
    "svg.hashsalt": "hccrebuild",
    "svg.fonttype": "none",
    "font.size": 7 * SLIDE_TEXT_SCALE,
    "lines.linewidth": 2.0,
    "lines.markersize": 8,
}


def figure(
    fig_id: str,
    frames: dict,
    preset: str = paths.DEFAULT_PRESET,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
) -> dict:
    """A figure of the deck, drawn from the data for a slide (16:9, large text; see `SLIDE_FIGSIZE`).

    The report's saved figures are sized for a page; the deck draws its own from the same data and
    the same figure code, so every number, and the criterion and reading, agree with the slide text.

    Parameters
    ----------
    fig_id : str
        One of `FIGURES`.
    frames : dict of DataFrame
        The resources named in `slides.INPUTS`.
    preset : str
        Parameter set of the deck (kept for the notebook's call; the figure depends on the data, the
        criterion and the reading only).
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    dict
        id, svg (text), caption, alt and origin ("drawn").
    """
    del preset
    return _draw(fig_id, frames, criterion, sorafenib_start)


def fit_to_slide(fig) -> None:
    """Resize a drawn figure to `SLIDE_FIGSIZE` and scale each of its texts by `SLIDE_TEXT_SCALE`, to at
    least `SLIDE_MIN_PT`."""
    from matplotlib.text import Text

    fig.set_size_inches(*SLIDE_FIGSIZE)
    for t in fig.findobj(Text):
        t.set_fontsize(max(t.get_fontsize() * SLIDE_TEXT_SCALE, SLIDE_MIN_PT))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.labelpad = axis.labelpad * SLIDE_TEXT_SCALE + 2
        legend = ax.get_legend()
        if legend is not None and ax.get_title(loc="left"):
            # a legend above the axes (the efficacy chart): its title goes above the legend
            ax.set_title(
                ax.get_title(loc="left"), loc="left", pad=legend_height_pt(fig, legend) + 6
            )
    _widen_name_columns(fig)
    _thin_tick_labels(fig)
    for ax in fig.axes:
        # a panel a third of the slide high: its axis label on three short lines, not two long ones
        label = ax.yaxis.label
        if "\n" in label.get_text() and ax.get_position().height < 0.3:
            label.set_text(label.get_text().replace(" ", "\n", 1))
    if fig.legends:
        # a legend under the axes (the lesion-size figure): room for it below the date labels
        fig.subplots_adjust(bottom=0.2)
        for legend in fig.legends:
            legend.set_bbox_to_anchor((0.5, 0.0), transform=fig.transFigure)


def legend_height_pt(fig, legend) -> float:
    """A legend's height in points, as drawn."""
    box = legend.get_window_extent(fig.canvas.get_renderer())
    return box.height * 72 / fig.dpi


def _widen_name_columns(fig) -> None:
    """A column of names over its axes (the adverse events' single patients) wide enough for its enlarged
    names side by side: its share of the figure's width grows with the number of names."""
    for ax in fig.axes:
        ticks = [t for t in ax.get_xticklabels() if t.get_text()]
        if ax.xaxis.get_ticks_position() != "top" or len(ticks) < 2:
            continue
        spec = ax.get_subplotspec()
        grid = spec.get_gridspec()
        ratios = list(grid.get_width_ratios())
        column = spec.colspan.start
        ratios[column] *= 0.8 * len(ticks)
        grid.set_width_ratios(ratios)
        fig.subplots_adjust()  # the axes take their places from the grid again


def _thin_tick_labels(fig) -> None:
    """On an axis whose tick labels, enlarged for the slide, come closer than half a character (a browser
    lays the text out a little wider than matplotlib measures it), label every other tick."""
    fig.canvas.draw()  # the layout of the enlarged text first: it moves the ticks closer
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        if ax.xaxis.get_ticks_position() == "top":
            continue  # a column of names (the adverse events' single patients): each names its column
        labels = [t for t in ax.get_xticklabels() if t.get_text() and t.get_visible()]
        boxes = [t.get_window_extent(renderer) for t in labels]
        gap = [t.get_fontsize() * fig.dpi / 72 / 2 for t in labels]
        if any(a.x1 + g > b.x0 for a, b, g in zip(boxes, boxes[1:], gap)):
            for t in labels[1::2]:
                t.set_visible(False)


def _room_for_labels(fig) -> None:
    """The lesion panels, a third of a slide high each: more room above the data for the enlarged value
    labels (clear of the panel's title), the names of the TACE and sorafenib-start lines clear of them, and
    "not visible" on two short lines, clear of its neighbours; the baseline's label clear of the y axis."""
    from matplotlib.text import Annotation

    # the baseline's value label, centred on its point near the left edge, clear of the y axis and its
    # tick labels: a margin of 6 % of the time axis on the left (the panels share their x axis)
    left, right = fig.axes[0].get_xlim()
    fig.axes[0].set_xlim(left - (right - left) * 0.06, right)
    for ax in fig.axes:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + (high - low) * 0.3)
        for t in ax.findobj(Annotation):
            if t.get_text() == NOT_VISIBLE:
                t.set_text(NOT_VISIBLE.replace(" ", "\n"))
            elif (
                t.xycoords is ax.get_xaxis_transform()
            ):  # an event line's name (case_style.event_lines)
                # TACE's (left of its line) low, under the baseline's label; the start's (right of its
                # line) high, over the follow-ups' labels on the zero line
                t.xy = (t.xy[0], 0.5 if t.get_horizontalalignment() == "right" else 0.9)


#: Events on the session's adverse-event chart: this patient's, then the trials' most frequent.
CASE_EVENTS = 3


def case_terms(frames) -> list:
    """The trials' adverse events the session shows: the ones this patient had on sorafenib, then the
    most frequent in the trials' sorafenib arms, `CASE_EVENTS` in all, in Table 1's order."""
    table = trial_charts.check_parameters(None, "table")[0]
    case_ae = frames["case_adverse_events"]
    had = {
        t.lower().replace("-", "_").replace(" ", "_")
        for t in case_ae.loc[case_ae["attributed_to"] == "sorafenib", "term"]
    }
    ae = trial_ae.adverse_events(frames, table)
    sorafenib = ae[(ae["treatment"] == "sorafenib") & ae["percent"].notna()]
    ranked = (
        sorafenib.assign(p=sorafenib["percent"].astype(float))
        .groupby("ae_term")["p"]
        .max()
        .sort_values(ascending=False, kind="stable")
        .index
    )
    shown = {t for t in table if t in had}
    for term in ranked:
        if len(shown) >= CASE_EVENTS:
            break
        shown.add(term)
    return [t for t in table if t in shown]


def _draw(fig_id, frames, criterion, sorafenib_start) -> dict:
    import matplotlib.pyplot as plt

    part = None
    with plt.rc_context(SLIDE_RC):
        if fig_id == "fig-lesion-size":
            built = case_figures.lesion_size(frames, criterion, sorafenib_start)
            _room_for_labels(built.fig)
        elif fig_id == "fig-ae-frequency-case":
            built = trial_charts.ae_frequency(frames, case_terms(frames))
        elif fig_id.startswith("fig-ae-frequency-") and fig_id in FIGURES:
            part = ord(fig_id[-1]) - ord("a")
            first, last = AE_SLIDES[part]
            terms = trial_charts.check_parameters(None, "table")[0][first:last]
            built = trial_charts.ae_frequency(frames, terms)
        elif fig_id == "fig-efficacy":
            built = trial_charts.efficacy(frames, confidence_marks=False)  # no star on a slide
        else:
            raise UnknownName(f"no figure '{fig_id}' in the deck; known: {', '.join(FIGURES)}")
        fit_to_slide(built.fig)
        buf = io.StringIO()
        built.fig.savefig(
            buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
    plt.close(built.fig)
    return {
        "id": fig_id,
        "part": (part + 1, len(AE_SLIDES)) if part is not None else None,
        "svg": buf.getvalue(),
        "caption": built.caption,
        "alt": built.alt,
        "origin": "drawn",
    }
