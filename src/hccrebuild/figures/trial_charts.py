"""Charts of the sorafenib trials on one scale: adverse events, their differences, best response, efficacy.

One module per chart (`ae_frequency`, `ae_difference`, `best_response`, `efficacy`); this module
names them, lists the resources they read and builds them all. Each returns a `plotting.Figure`.
"""

from ..analysis import products, trial_data
from .ae_difference import ae_difference
from .ae_frequency import ae_frequency
from .best_response import best_response
from .efficacy import efficacy
from .saved import TRIAL_FIGURE_IDS as FIGURE_IDS
from .trial_style import check_parameters

#: Resources the charts read (`trial_data.INPUTS` and the findings register that marks the values
#: drawn; the notebook loads these).
INPUTS = trial_data.INPUTS + products.INPUTS

__all__ = [
    "FIGURE_IDS",
    "INPUTS",
    "ae_difference",
    "ae_frequency",
    "best_response",
    "build_all",
    "check_parameters",
    "efficacy",
]


def build_all(frames: dict, ae_terms=None, sort_by: str = "table") -> list:
    """The four charts, in `FIGURE_IDS` order.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    ae_terms : list of str, optional
        Adverse events for the two adverse-event charts.
    sort_by : str
        Their order (see `trial_data.SORT_ORDERS`).

    Returns
    -------
    list of plotting.Figure
    """
    return [
        ae_frequency(frames, ae_terms, sort_by),
        ae_difference(frames, ae_terms, sort_by),
        best_response(frames),
        efficacy(frames),
    ]
