"""The saved figures, as the notebooks read them back: which there are, in order, and one from disk.

Nothing here draws, so matplotlib is not imported: the report's notebook reads the figures the
figure notebooks saved (`plotting.save_figure`) without loading a plotting library.
"""

import json

from .. import paths

#: The case's figures (built by `case_figures`), in the order they are numbered.
CASE_FIGURE_IDS = ("fig-lesion-size", "fig-afp", "fig-afp-so", "fig-timeline")
#: The trials' charts (built by `trial_charts`), numbered after the case's figures.
TRIAL_FIGURE_IDS = ["fig-ae-frequency", "fig-ae-difference", "fig-best-response", "fig-efficacy"]


def figure_ids() -> list:
    """Figures of the report, in the order they are numbered: the case first, then the trials."""
    return [*CASE_FIGURE_IDS, *TRIAL_FIGURE_IDS]


def load_figure(fig_id: str, preset: str) -> dict:
    """A saved figure: its SVG text, caption and alt text (see `plotting.save_figure`)."""
    folder = paths.figures_dir(preset)
    meta = json.loads((folder / f"{fig_id}.json").read_text(encoding="utf-8"))
    meta["svg"] = (folder / f"{fig_id}.svg").read_text(encoding="utf-8")
    meta["csv"] = paths.relative(folder / f"{fig_id}.csv")
    return meta
