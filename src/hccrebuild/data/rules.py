"""Domain rules: what a schema cannot say, as a clinician or a trial reader would check it.

Each rule takes the typed frames (the schema already holds) and returns `DataError`s naming the
file, row and field. `domain_errors` runs them all.
"""

import re

import pandas as pd

from .. import paths
from ..errors import DataError
from . import package


def _file(name: str) -> str:
    return paths.relative(package.resource_path(name))


def _populations(frames) -> pd.DataFrame:
    pops = frames["trial_populations"]
    return pops.set_index(["arm_id", "population"])["n"]


def trial_errors(frames: dict) -> list:
    """Rules a schema cannot say: counts within arm sizes, ranges ordered, one default reading."""
    errors = []
    sizes = _populations(frames)

    def size(arm, population):
        return sizes.get((arm, population))

    # Counts and percentages against arm sizes.
    base = frames["trial_baseline"]
    for i, r in base.iterrows():
        if r["statistic"] == "count" and pd.notna(r["value"]):
            n = size(r["arm_id"], "enrolled")
            if n is not None and r["value"] > n:
                errors.append(
                    DataError(
                        _file("trial_baseline"),
                        i + 1,
                        "value",
                        f"{r['value']:g} patients in {r['characteristic']} '{r['category']}' is more than the {n} enrolled in arm '{r['arm_id']}'",
                    )
                )
    counts = (
        base[base["statistic"] == "count"]
        .groupby(["arm_id", "characteristic"], sort=False)["value"]
        .sum(min_count=1)
    )
    for (arm, ch), total in counts.items():
        n = size(arm, "enrolled")
        if pd.notna(total) and n is not None and total > n:
            first = base.index[(base["arm_id"] == arm) & (base["characteristic"] == ch)][0]
            errors.append(
                DataError(
                    _file("trial_baseline"),
                    first + 1,
                    "value",
                    f"the categories of {ch} add up to {total:g}, more than the {n} enrolled in arm '{arm}'",
                )
            )

    resp = frames["trial_best_response"]
    for i, r in resp.iterrows():
        n = size(r["arm_id"], r["population"])
        if n is None:
            errors.append(
                DataError(
                    _file("trial_best_response"),
                    i + 1,
                    "population",
                    f"arm '{r['arm_id']}' has no '{r['population']}' population in {_file('trial_populations')}",
                )
            )
        elif pd.notna(r["count"]) and r["count"] > n:
            errors.append(
                DataError(
                    _file("trial_best_response"),
                    i + 1,
                    "count",
                    f"{r['count']} patients is more than the {n} in arm '{r['arm_id']}' ({r['population']})",
                )
            )
    for (arm, pop), total in (
        resp.groupby(["arm_id", "population"], sort=False)["count"].sum(min_count=1).items()
    ):
        n = size(arm, pop)
        if pd.notna(total) and n is not None and total > n:
            first = resp.index[resp["arm_id"] == arm][0]
            errors.append(
                DataError(
                    _file("trial_best_response"),
                    first + 1,
                    "count",
                    f"the response categories add up to {total}, more than the {n} in arm '{arm}'",
                )
            )

    ae = frames["trial_adverse_events"]
    for i, r in ae.iterrows():
        n = size(r["arm_id"], r["population"])
        if n is None:
            errors.append(
                DataError(
                    _file("trial_adverse_events"),
                    i + 1,
                    "population",
                    f"arm '{r['arm_id']}' has no '{r['population']}' population in {_file('trial_populations')}",
                )
            )
        elif pd.notna(r["value"]):
            if r["unit"] == "count" and (r["value"] > n or r["value"] != int(r["value"])):
                errors.append(
                    DataError(
                        _file("trial_adverse_events"),
                        i + 1,
                        "value",
                        f"a count of {r['value']:g} is not a whole number of at most {n} patients ('{r['arm_id']}', {r['population']})",
                    )
                )
            if r["unit"] == "percent" and r["value"] > 100:
                errors.append(
                    DataError(
                        _file("trial_adverse_events"),
                        i + 1,
                        "value",
                        f"{r['value']:g} percent is more than 100",
                    )
                )

    out = frames["trial_outcomes"]
    for i, r in out.iterrows():
        if r["unit"] == "percent" and pd.notna(r["value"]) and r["value"] > 100:
            errors.append(
                DataError(
                    _file("trial_outcomes"),
                    i + 1,
                    "value",
                    f"{r['value']:g} percent is more than 100",
                )
            )
        errors += _interval(out, "trial_outcomes", i, r, "value")
    hr = frames["trial_hazard_ratios"]
    for i, r in hr.iterrows():
        errors += _interval(hr, "trial_hazard_ratios", i, r, "hr")

    return errors


def reading_errors(frames: dict) -> list:
    """Exactly one default reading per event."""
    errors = []
    dates = frames["case_event_dates"]
    for event, group in dates.groupby("event_id", sort=False):
        if int(group["is_default"].sum()) != 1:
            errors.append(
                DataError(
                    _file("case_event_dates"),
                    int(group.index[0]) + 1,
                    "is_default",
                    f"event '{event}' needs exactly one default reading, has {int(group['is_default'].sum())}",
                )
            )
    return errors


def lab_errors(frames: dict) -> list:
    """A measurement has a date; a range has an upper end at least its lower end."""
    errors = []
    labs = frames["case_labs"]
    for i, r in labs.iterrows():
        if (r["kind"] == "measurement") != pd.notna(r["date"]):
            errors.append(
                DataError(
                    _file("case_labs"),
                    i + 1,
                    "date",
                    "a measurement needs a date, and only a measurement has one",
                )
            )
        if r["kind"] == "range" and not (
            pd.notna(r["value_high"]) and r["value_high"] >= r["value"]
        ):
            errors.append(
                DataError(
                    _file("case_labs"),
                    i + 1,
                    "value_high",
                    "a range needs an upper end at least its lower end",
                )
            )
        if r["kind"] != "range" and pd.notna(r["value_high"]):
            errors.append(
                DataError(_file("case_labs"), i + 1, "value_high", "only a range has an upper end")
            )
    return errors


def _interval(frame, name, i, r, field):
    lo, hi, v = r.get("ci_low"), r.get("ci_high"), r[field]
    if pd.isna(lo) and pd.isna(hi):
        return []
    if pd.isna(lo) or pd.isna(hi) or pd.isna(v) or not lo <= v <= hi:
        return [
            DataError(_file(name), i + 1, "ci_low", f"the interval {lo}-{hi} does not contain {v}")
        ]
    return []


def _enum(resource: str, field: str) -> list:
    for f in package.resource(resource)["schema"]["fields"]:
        if f["name"] == field:
            return list((f.get("constraints") or {}).get("enum") or [])
    return []


def event_errors(frames: dict) -> list:
    """Every event the schema allows, or a treatment or adverse event names, has a dated reading."""
    errors = []
    dates = frames["case_event_dates"]
    known = set(dates["event_id"].dropna())
    for event in _enum("case_event_dates", "event_id"):
        if event not in known:
            errors.append(
                DataError(
                    _file("case_event_dates"),
                    None,
                    "event_id",
                    f"event '{event}' has no reading (a row with its date is needed)",
                )
            )
    for name, field in (("case_treatments", "event_id"), ("case_adverse_events", "onset_event")):
        frame = frames[name]
        for i, value in frame[field].items():
            if pd.notna(value) and value not in known:
                valid = ", ".join(sorted(known)) or "none"
                errors.append(
                    DataError(
                        _file(name),
                        i + 1,
                        field,
                        f"'{value}' is not an event of {_file('case_event_dates')}; known: {valid}",
                    )
                )
    return errors


def _baseline(frames: dict):
    """Row label and date of the one dated baseline scan, or (None, None)."""
    img = frames["case_imaging"]
    base = img[(img["purpose"] == "baseline") & img["date"].notna()]
    if len(base) != 1:
        return None, None
    return base.index[0], base["date"].iloc[0]


def chronology_errors(frames: dict) -> list:
    """One baseline scan; follow-up scans after it, diagnosis not after it; treatment after diagnosis."""
    errors = []
    img = frames["case_imaging"]
    file = _file("case_imaging")
    base = img[img["purpose"] == "baseline"]
    if len(base) != 1 or base["date"].isna().any():
        errors.append(
            DataError(
                file,
                int(base.index[0]) + 1 if len(base) else None,
                "purpose",
                f"exactly one dated baseline scan is needed, found {len(base)}"
                + (" (without a date)" if len(base) == 1 else ""),
            )
        )
        return errors
    label, day = _baseline(frames)
    for i, r in img.iterrows():
        if pd.isna(r["date"]):
            continue
        if r["purpose"] == "follow_up" and r["date"] <= day:
            errors.append(
                DataError(
                    file,
                    i + 1,
                    "date",
                    f"follow-up scan '{r['study_id']}' on {r['date']:%Y-%m-%d} is not after the "
                    f"baseline scan of {day:%Y-%m-%d} (row {label + 1})",
                )
            )
        if r["purpose"] == "diagnosis" and r["date"] > day:
            errors.append(
                DataError(
                    file,
                    i + 1,
                    "date",
                    f"diagnostic scan '{r['study_id']}' on {r['date']:%Y-%m-%d} is after the "
                    f"baseline scan of {day:%Y-%m-%d}",
                )
            )
    dates = frames["case_event_dates"]
    for i, r in dates.iterrows():
        if pd.notna(r["date"]) and r["date"] < day:
            errors.append(
                DataError(
                    _file("case_event_dates"),
                    i + 1,
                    "date",
                    f"treatment '{r['event_id']}' ({r['reading']}) on {r['date']:%Y-%m-%d} is before "
                    f"the diagnostic baseline scan of {day:%Y-%m-%d}",
                )
            )
    tace = dates[(dates["event_id"] == "tace") & dates["is_default"].fillna(False).astype(bool)]
    if len(tace) == 1:
        start = tace["date"].iloc[0]
        for i, r in dates[dates["event_id"] == "sorafenib-start"].iterrows():
            if pd.notna(r["date"]) and r["date"] < start:
                errors.append(
                    DataError(
                        _file("case_event_dates"),
                        i + 1,
                        "date",
                        f"sorafenib start ({r['reading']}) on {r['date']:%Y-%m-%d} is before "
                        f"TACE on {start:%Y-%m-%d}",
                    )
                )
    return errors


_PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def partial_date_errors(frames: dict) -> list:
    """Dates written as text (YYYY-MM or YYYY-MM-DD) are real calendar dates."""
    errors = []
    facts = frames["case_facts"]
    for i, value in facts["date"].items():
        if pd.isna(value):
            continue
        m = _PARTIAL_DATE.match(value)
        text = value if m and m.group(3) else f"{value}-01"
        try:
            ok = bool(m) and pd.Timestamp(text).strftime("%Y-%m-%d") == text
        except ValueError:
            ok = False
        if not ok:
            errors.append(
                DataError(
                    _file("case_facts"),
                    i + 1,
                    "date",
                    f"not a calendar date or month (value '{value}'); write YYYY-MM or YYYY-MM-DD",
                )
            )
    return errors


from .rules_lesions import basis_errors, lesion_errors  # noqa: E402

RULES = (
    trial_errors,
    lesion_errors,
    basis_errors,
    reading_errors,
    lab_errors,
    event_errors,
    chronology_errors,
    partial_date_errors,
)


def domain_errors(frames: dict) -> list:
    """Every domain rule's problems, in the order of `RULES`."""
    return [e for rule in RULES for e in rule(frames)]
