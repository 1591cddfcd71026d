"""The values a notebook parameter may take, and a parameter set checked against them.

The keys and types of a parameter set come from the notebooks (`data.params`); the choices of the
parameters that have a closed set of them come from the analyses (response criteria, sort orders)
and the data (readings of the sorafenib start date, trial arms, adverse-event terms of the schema).
"""

from pathlib import Path

from ..data import params
from .criteria import CRITERIA
from .trial_data import SORT_ORDERS, ae_terms


def choices() -> dict:
    """Valid values of the parameters that have a closed set of them (None: cannot be known now).

    A list parameter's items must each be a choice.
    """
    try:
        terms = ae_terms()
    except Exception:  # a broken descriptor: validation names it
        terms = None
    return {
        "criterion": list(CRITERIA),
        "sorafenib_start": params.column_values(
            "case_event_dates", "reading", event_id="sorafenib-start"
        ),
        "sort_by": list(SORT_ORDERS),
        "arms": params.column_values("trial_arms", "arm_id"),
        "ae_terms": terms,
    }


def load(preset_file: Path) -> dict:
    """A parameter set, checked against the notebooks' parameters and `choices()`: each section's
    values by notebook (see `data.params.check`, which raises every problem at once)."""
    return params.check(preset_file, choices())
