"""Validation before anything runs: the Table Schema (via frictionless), then the domain rules.

Every problem is reported with its file, row and field; `check` raises them all at once.
"""

import sys

import pandas as pd

from .. import paths
from ..errors import DataError, DataErrors
from . import package


def structure_errors() -> list:
    """Missing files, and headers that differ from the schema's field names.

    Checked before frictionless, which matches columns by position and would report one
    deleted column as a cascade of mislabelled ones.
    """
    import csv

    errors = []
    for res in package.descriptor()["resources"]:
        path = paths.DATA / res["path"]
        file = paths.relative(path)
        if not path.is_file():
            errors.append(DataError(file, None, None, "file is missing"))
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
        expected = [f["name"] for f in res["schema"]["fields"]]
        for name in expected:
            if name not in header:
                errors.append(DataError(file, None, name, "column is missing"))
        for name in header:
            if name not in expected:
                errors.append(DataError(file, None, name, "column is not in the schema"))
        if not errors and header != expected:
            errors.append(
                DataError(
                    file, None, None, f"columns are out of order; expected {', '.join(expected)}"
                )
            )
    return errors


def schema_errors() -> list:
    """Problems frictionless finds against data/datapackage.json (types, required, enums, keys)."""
    from frictionless import Package, system

    errors = []
    with system.use_context(trusted=False):
        descriptor = Package(str(paths.DATAPACKAGE))
        report = descriptor.validate()
    for task in report.tasks:
        file = paths.relative(paths.DATA / task.place) if task.place else task.name
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None) or ", ".join(
                getattr(err, "field_names", None) or []
            )
            errors.append(DataError(file, row - 1 if row else None, field or None, _message(err)))
    for err in report.errors:
        errors.append(DataError(paths.relative(paths.DATAPACKAGE), None, None, err.message))
    return errors


def _message(err) -> str:
    """A frictionless error in one line, without repeating the row and field it names."""
    note = (err.note or "").strip()
    title = err.title.lower() if getattr(err, "title", None) else err.type
    if err.type == "foreign-key":
        ref = err.reference_name
        return (
            f"{', '.join(map(repr, err.field_cells))} is not a known "
            f"{'/'.join(err.reference_field_names)} of {_file(ref) if ref else 'this file'}"
        )
    cell = getattr(err, "cell", None)
    shown = f" (value '{cell}')" if cell not in (None, "") else ""
    return f"{title}{shown}: {note}" if note else f"{title}{shown}"


def _file(name: str) -> str:
    return paths.relative(package.resource_path(name))


def _populations(frames) -> pd.DataFrame:
    pops = frames["trial_populations"]
    return pops.set_index(["arm_id", "population"])["n"]


def domain_errors(frames: dict) -> list:
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

    # The index case.
    les = frames["case_lesions"]
    for i, r in les.iterrows():
        has = pd.notna(r["long_cm"]) and pd.notna(r["short_cm"])
        if r["visible"] and not has:
            field = "long_cm" if pd.isna(r["long_cm"]) else "short_cm"
            errors.append(
                DataError(
                    _file("case_lesions"), i + 1, field, "a visible lesion needs both diameters"
                )
            )
        if not r["visible"] and (pd.notna(r["long_cm"]) or pd.notna(r["short_cm"])):
            errors.append(
                DataError(
                    _file("case_lesions"),
                    i + 1,
                    "long_cm",
                    "a lesion that is not visible has no diameters",
                )
            )
        if has and r["short_cm"] > r["long_cm"]:
            errors.append(
                DataError(
                    _file("case_lesions"),
                    i + 1,
                    "short_cm",
                    "the second diameter is longer than the longest",
                )
            )
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


def check(names=None) -> None:
    """Validate the whole data package; raise `DataErrors` listing every problem.

    Domain rules run only once the schema holds, so they can trust types and keys.
    `names` is accepted for symmetry with `data.load` (every resource is always checked,
    since foreign keys cross files).
    """
    errors = structure_errors() or schema_errors()
    if not errors:
        frames = {
            res["name"]: package.read(res["name"]) for res in package.descriptor()["resources"]
        }
        errors = domain_errors(frames)
    if errors:
        raise DataErrors(errors)
    marker = package.validated_marker()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def main() -> int:
    """Command line: validate, print a clear message, exit 1 on any problem."""
    try:
        check()
    except DataErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    n = len(package.descriptor()["resources"])
    print(f"data valid: {n} files in {paths.relative(paths.DATAPACKAGE)}")
    return 0
