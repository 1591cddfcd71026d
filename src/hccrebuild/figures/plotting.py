"""The one figure type and its one way to disk: SVG without dates or random ids, the data, the caption.

Every figure function returns a `Figure`; `save(figure, preset)` (or `figure.save(preset)`) writes
it with `save_figure` and closes it.
"""

import json
from dataclasses import dataclass

import matplotlib
import matplotlib.figure
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .. import paths  # noqa: E402
from ..analysis import marks, products  # noqa: E402
from ..files import write_atomic  # noqa: E402

#: The plot style file this module applies.
PACKAGE_FILES = ["report.mplstyle"]

#: Okabe-Ito palette (safe for colour-blind readers), by name.
COLORS = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "blue": "#0072B2",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#999999",
}


#: The sign drawn beside a value that a finding of the register marks; the caption names the finding.
FINDING_SIGN = "‡"


def sign(value_id: str, register) -> str:
    """The sign, after a space, for a drawn value that a finding of `register` marks; else empty."""
    return f" {FINDING_SIGN}" if marks.marks([value_id], register)[0] else ""


def as_printed(detail: str, marked: bool) -> str:
    """A value as drawn: with the sign when a finding marks it, and a grade the paper prints
    saying so ("grade 1 as printed ‡")."""
    if not marked:
        return detail
    return f"{detail}{' as printed' if detail.startswith('grade') else ''} {FINDING_SIGN}"


def findings_caption(labels, finding, titles: dict) -> str:
    """The caption's sentence on the drawn values that findings mark ("" if none).

    Parameters
    ----------
    labels : iterable of str
        How each drawn value is named to a reader.
    finding : iterable of str
        The findings that mark each value (`marks.marks`), "" where none.
    titles : dict
        Finding titles by id (`products.reader_titles`).
    """
    groups = {}
    for label, found in zip(labels, finding):
        if found:
            groups.setdefault(found, []).append(str(label))
    if not groups:
        return ""
    parts = [
        f"{', '.join(dict.fromkeys(labs))}: {products.note(found, titles)}"
        for found, labs in groups.items()
    ]
    return f" {FINDING_SIGN} Marked by the findings register: {'; '.join(parts)}."


def use_style() -> None:
    """Apply the project's plot style (src/hccrebuild/figures/report.mplstyle)."""
    plt.style.use(str(paths.MPLSTYLE))


@dataclass
class Figure:
    """A drawn figure: its stable id, the matplotlib figure, caption, alt text and exactly the data drawn."""

    fig_id: str
    fig: matplotlib.figure.Figure
    caption: str
    alt: str
    data: pd.DataFrame

    def __post_init__(self):
        if not set(products.MARK_COLUMNS) <= set(self.data.columns):
            self.data = self.data.assign(value_id="", finding="")  # no value of the register drawn

    def save(self, preset: str) -> dict:
        """Write this figure and close it: the same as `save(self, preset)`."""
        return save(self, preset)


def save(figure: Figure, preset: str) -> dict:
    """Write `figure` (SVG, CSV of the data drawn, caption and alt text) and close it.

    Parameters
    ----------
    figure : Figure
    preset : str
        Parameter set; decides the folder (`paths.figures_dir`).

    Returns
    -------
    dict
        Paths written, by kind (see `save_figure`).
    """
    out = save_figure(figure.fig, figure.fig_id, preset, figure.caption, figure.alt, figure.data)
    plt.close(figure.fig)
    return out


def save_figure(fig, fig_id: str, preset: str, caption: str, alt: str, data) -> dict:
    """Write `<fig_id>.svg`, `<fig_id>.csv` (the data drawn) and `<fig_id>.json` (caption, alt text).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    fig_id : str
        Stable label, e.g. "fig-lesion-size"; used for file names and anchors.
    preset : str
        Parameter set; decides the folder (`paths.figures_dir`).
    caption, alt : str
        Caption shown under the figure, and the text alternative for screen readers.
    data : pandas.DataFrame
        Exactly the values drawn.

    Returns
    -------
    dict
        Paths written, by kind.
    """
    import io

    if not set(products.MARK_COLUMNS) <= set(data.columns):
        data = data.assign(value_id="", finding="")  # no value of the register drawn
    folder = paths.figures_dir(preset)
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "hccrebuild", "svg.fonttype": "none"}):
        fig.savefig(
            buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
    out = {
        "svg": folder / f"{fig_id}.svg",
        "csv": folder / f"{fig_id}.csv",
        "json": folder / f"{fig_id}.json",
    }
    write_atomic(out["svg"], buf.getvalue())
    write_atomic(out["csv"], data.to_csv(index=False, lineterminator="\n"))
    write_atomic(
        out["json"],
        json.dumps({"id": fig_id, "caption": caption, "alt": alt}, indent=1, ensure_ascii=False)
        + "\n",
    )
    return out
