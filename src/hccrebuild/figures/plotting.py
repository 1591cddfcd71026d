"""Saving figures reproducibly: SVG without dates or random ids, the data behind it, its caption."""

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .. import paths  # noqa: E402
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


def use_style() -> None:
    """Apply the project's plot style (src/hccrebuild/figures/report.mplstyle)."""
    plt.style.use(str(paths.MPLSTYLE))


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


def load_figure(fig_id: str, preset: str) -> dict:
    """A saved figure: its SVG text, caption and alt text (see `save_figure`)."""
    folder = paths.figures_dir(preset)
    meta = json.loads((folder / f"{fig_id}.json").read_text(encoding="utf-8"))
    meta["svg"] = (folder / f"{fig_id}.svg").read_text(encoding="utf-8")
    meta["csv"] = paths.relative(folder / f"{fig_id}.csv")
    return meta
