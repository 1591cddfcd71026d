"""The index case as data: event dates under a chosen reading, lesions per study, intervals."""

import pandas as pd

from ..errors import ParameterError

DAYS_PER_MONTH = 365.25 / 12


def readings(frames: dict, event: str) -> list:
    """Names of the readings of an event's date, the default first."""
    d = frames["case_event_dates"]
    d = d[d["event_id"] == event].sort_values("is_default", ascending=False, kind="stable")
    return list(d["reading"])


def event_date(frames: dict, event: str, reading: str = None) -> pd.Timestamp:
    """Date of a treatment event under `reading` (None: the data's default reading).

    Raises
    ------
    ParameterError
        If `reading` is not one the data record for this event; the message lists the valid ones.
    """
    d = frames["case_event_dates"]
    d = d[d["event_id"] == event]
    if reading is None:
        return d.loc[d["is_default"].astype(bool), "date"].iloc[0]
    hit = d[d["reading"] == reading]
    if hit.empty:
        valid = ", ".join(f"'{r}' ({t:%Y-%m-%d})" for r, t in zip(d["reading"], d["date"]))
        raise ParameterError(f"unknown reading '{reading}' for {event}; valid: {valid}")
    return hit["date"].iloc[0]


def lesions(frames: dict) -> pd.DataFrame:
    """Every lesion at every imaging study, with the study's date and modality, in date order."""
    les = frames["case_lesions"].merge(
        frames["case_imaging"], on="study_id", suffixes=("", "_study")
    )
    return les.sort_values(["date", "lesion_id"], kind="stable").reset_index(drop=True)


def baseline_study(frames: dict) -> pd.Series:
    """The measured pre-treatment imaging study."""
    img = frames["case_imaging"]
    return img[img["purpose"] == "baseline"].sort_values("date").iloc[-1]


def last_study(frames: dict) -> pd.Series:
    """The latest dated imaging study."""
    img = frames["case_imaging"].dropna(subset=["date"])
    return img.sort_values("date").iloc[-1]


def visible_at(frames: dict, study_id: str) -> pd.DataFrame:
    """Lesions seen at one study."""
    les = frames["case_lesions"]
    return les[(les["study_id"] == study_id) & les["visible"].astype(bool)]


def months(start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Months between two dates, as days divided by the mean month (30.44 days)."""
    return (end - start).days / DAYS_PER_MONTH


def fact(frames: dict, item: str, timepoint: str = None):
    """Value of a case fact; with `timepoint`, the fact at that time point. None if absent."""
    f = frames["case_facts"]
    f = f[f["item"] == item]
    if timepoint is not None:
        f = f[f["timepoint"] == timepoint]
    return None if f.empty else f["value"].iloc[-1]


def fact_row(frames: dict, item: str, timepoint: str = None) -> pd.Series:
    """The row of a case fact (for its source and location)."""
    f = frames["case_facts"]
    f = f[f["item"] == item]
    if timepoint is not None:
        f = f[f["timepoint"] == timepoint]
    return f.iloc[-1]
