"""Trial results on one scale: adverse events as % of treated patients, best response as % of each arm.

The computations live in `trial_data` (resources, names, arms), `trial_ae` (adverse events) and
`trial_efficacy` (best response, medians, hazard ratios); this module is their one public face.
"""

from . import trial_data
from .trial_ae import (
    adverse_events,
    ae_percent,
    order_terms,
    percent_trials,
    reporting_basis,
    risk_differences,
    single_patient_aes,
    wide,
)
from .trial_data import (
    DISPLAY_DECIMALS,
    NOT_ACCOUNTED,
    NOT_REPORTED,
    RESPONSE_CATEGORIES,
    SORT_ORDERS,
    TRIAL_NAMES,
    UNITS,
    ae_terms,
    arms,
    check_ae_terms,
    check_sort,
    source_short,
)
from .trial_efficacy import (
    best_response,
    hazard_ratios,
    medians,
    response_shares,
)

#: Resources read here and by `trial_charts` (data.load(INPUTS) gives every frame they need).
INPUTS = trial_data.INPUTS

__all__ = [
    "DISPLAY_DECIMALS",
    "INPUTS",
    "NOT_ACCOUNTED",
    "NOT_REPORTED",
    "RESPONSE_CATEGORIES",
    "SORT_ORDERS",
    "TRIAL_NAMES",
    "UNITS",
    "adverse_events",
    "ae_percent",
    "ae_terms",
    "arms",
    "best_response",
    "check_ae_terms",
    "check_sort",
    "hazard_ratios",
    "medians",
    "order_terms",
    "percent_trials",
    "reporting_basis",
    "response_shares",
    "risk_differences",
    "single_patient_aes",
    "source_short",
    "wide",
]
