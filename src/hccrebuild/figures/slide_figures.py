"""Figures of the deck: drawn from the data for a 16:9 slide, with text large enough for a projector."""

import io

from .. import paths
from ..errors import UnknownName
from . import case_figures, trial_charts

#: Figures shown in the deck and the notebooks that save them.
FIGURES = {
    "fig-lesion-size": "case_figures",
    "fig-ae-frequency": "trial_charts",
    "fig-efficacy": "trial_charts",
}


#: The deck's figures are drawn for a 16:9 slide: this size (inches), every text of the figure scaled by
#: `SLIDE_TEXT_SCALE` (the figures set their sizes per text, for the page), so chart text reads from the
#: back of a room (at least 14 px on a 1280 x 720 projector).
SLIDE_FIGSIZE = (8.0, 4.5)
SLIDE_TEXT_SCALE = 1.2
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
    """Resize a drawn figure to `SLIDE_FIGSIZE` and scale each of its texts by `SLIDE_TEXT_SCALE`."""
    from matplotlib.text import Text

    fig.set_size_inches(*SLIDE_FIGSIZE)
    for t in fig.findobj(Text):
        t.set_fontsize(t.get_fontsize() * SLIDE_TEXT_SCALE)
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


def _draw(fig_id, frames, criterion, sorafenib_start) -> dict:
    import matplotlib.pyplot as plt

    with plt.rc_context(SLIDE_RC):
        if fig_id == "fig-lesion-size":
            built = case_figures.lesion_size(frames, criterion, sorafenib_start)
        elif fig_id == "fig-ae-frequency":
            built = trial_charts.ae_frequency(frames)
        elif fig_id == "fig-efficacy":
            built = trial_charts.efficacy(frames)
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
        "svg": buf.getvalue(),
        "caption": built.caption,
        "alt": built.alt,
        "origin": "drawn",
    }
