"""Figures of the deck: as saved by their notebook for a parameter set, else drawn from the data."""

import io

from .. import paths
from ..errors import UnknownName
from ..figures import case_figures, plotting, trial_charts
from . import deck

#: Figures shown in the deck and the notebooks that save them.
FIGURES = {
    "fig-lesion-size": "case_figures",
    "fig-ae-frequency": "trial_charts",
    "fig-efficacy": "trial_charts",
}


def figure(
    fig_id: str,
    frames: dict,
    preset: str,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
) -> dict:
    """A figure of the deck: as saved for `preset` by its notebook, else drawn here from the data.

    A saved lesion-size figure drawn under another criterion or reading is not used: the deck
    draws its own, so figure and text always agree.

    Parameters
    ----------
    fig_id : str
        One of `FIGURES`.
    frames : dict of DataFrame
        The resources named in `slides.INPUTS`.
    preset : str
        Parameter set whose saved figures are read (`paths.figures_dir`).
    criterion : str
        Response criterion.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    dict
        id, svg (text), caption, alt and origin ("saved" or "drawn").
    """
    folder = paths.figures_dir(preset)
    if (folder / f"{fig_id}.svg").is_file() and (folder / f"{fig_id}.json").is_file():
        meta = plotting.load_figure(fig_id, preset)
        if _fits(meta, fig_id, criterion, deck.reading(frames, sorafenib_start)):
            return meta | {"origin": "saved"}
    return _draw(fig_id, frames, criterion, sorafenib_start)


def _fits(meta: dict, fig_id: str, criterion: str, reading: str) -> bool:
    if fig_id != "fig-lesion-size":
        return True
    return f"under {criterion}." in meta["caption"] and f"reading '{reading}'" in meta["caption"]


def _draw(fig_id, frames, criterion, sorafenib_start) -> dict:
    import matplotlib.pyplot as plt

    if fig_id == "fig-lesion-size":
        built = case_figures.lesion_size(frames, criterion, sorafenib_start)
    elif fig_id == "fig-ae-frequency":
        built = trial_charts.ae_frequency(frames)
    elif fig_id == "fig-efficacy":
        built = trial_charts.efficacy(frames)
    else:
        raise UnknownName(f"no figure '{fig_id}' in the deck; known: {', '.join(FIGURES)}")
    buf = io.StringIO()
    # the same settings as plotting.save_figure, so a drawn figure equals a saved one
    with plt.rc_context({"svg.hashsalt": "hccrebuild", "svg.fonttype": "none"}):
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
