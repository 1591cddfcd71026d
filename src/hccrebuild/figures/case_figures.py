"""The case in figures: lesion size with response, AFP, AFP beside So et al., and a treatment timeline.

One module per figure (`lesion_size`, `afp`, `treatment_timeline`); this module names them, lists the
resources they read and builds them all. Each returns a `plotting.Figure`; `save` writes one.
"""

from ..analysis import case_intervals, criteria, products
from .afp import afp, afp_so
from .lesion_size import lesion_size
from .plotting import save
from .saved import CASE_FIGURE_IDS as FIGURE_IDS
from .treatment_timeline import treatment_timeline

#: Resources the figures read (case_intervals.INPUTS, which holds response.INPUTS with the treatments,
#: plus the rest, and the findings register that marks the values drawn).
INPUTS = [*case_intervals.INPUTS, "case_adverse_events", "comparator_cases", *products.INPUTS]

__all__ = [
    "FIGURE_IDS",
    "INPUTS",
    "afp",
    "afp_so",
    "build_all",
    "lesion_size",
    "save",
    "treatment_timeline",
]


def build_all(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> list:
    """Every figure of the case, in `FIGURE_IDS` order.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion (`criteria.CRITERIA`).
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    list of plotting.Figure
    """
    criteria.check_criterion(criterion)
    return [
        lesion_size(frames, criterion, sorafenib_start),
        afp(frames, sorafenib_start),
        afp_so(frames),
        treatment_timeline(frames, criterion, sorafenib_start),
    ]
