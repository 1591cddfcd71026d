"""What the trial charts share: colours per trial and arm, text sizes, the parameter check."""

import pandas as pd

from ..analysis import trial_data
from ..analysis.trial_data import NOT_ACCOUNTED
from . import plotting

C = plotting.COLORS
#: Colour of each trial's sorafenib arm and of its placebo arm (placebo bars are also hatched,
#: so arms read apart in greyscale).
TRIAL_COLORS = {
    "abou-alfa": (C["green"], C["green"]),
    "sharp": (C["blue"], C["sky"]),
    "asia-pacific": (C["vermillion"], C["orange"]),
}
TRIAL_MARKERS = {"abou-alfa": "D", "sharp": "o", "asia-pacific": "s"}
PLACEBO_HATCH = "////"
#: Fill and hatch of each best-response segment: neighbours differ in lightness or hatch.
RESPONSE_STYLE = {
    "CR": (C["green"], ""),
    "PR": (C["sky"], "xx"),
    "SD": (C["yellow"], ""),
    "PD": (C["vermillion"], "\\\\\\\\"),
    "NE": (C["grey"], ""),
    NOT_ACCOUNTED: ("#ffffff", "////"),
}
PATIENT_MARKERS = {"index": ("D", C["black"]), "so-2008": ("^", C["purple"])}
GREY_TEXT = "#555555"
SMALL = 6.5


def check_parameters(ae_terms, sort_by: str) -> tuple:
    """The notebook's parameters, checked before any data are read.

    Parameters
    ----------
    ae_terms : list of str
        Adverse events to chart (trial_adverse_events.ae_term).
    sort_by : str
        One of `trial_data.SORT_ORDERS`.

    Returns
    -------
    tuple
        (ae_terms, sort_by).

    Raises
    ------
    ParameterError
        Listing the valid values.
    """
    return trial_data.check_ae_terms(ae_terms), trial_data.check_sort(sort_by)


def as_float(value):
    return None if value is None or pd.isna(value) else float(value)


def sort_note(sort_by: str) -> str:
    return trial_data.SORT_ORDERS[sort_by]
