"""Validation: each kind of bad input stops with a message naming file, row and field."""

import csv

import pytest

from hccrebuild.analysis.ledger import errata
from hccrebuild.data import validate
from hccrebuild.errors import DataErrors


def rewrite(path, edit):
    """Apply `edit(rows)` to a CSV file (list of dicts, header kept unless edit changes keys)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = edit(rows) or rows
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def problems(capsys=None):
    with pytest.raises(DataErrors) as info:
        validate.check()
    return [str(e) for e in info.value.errors]


def test_the_committed_data_and_errata_register_are_valid():
    errata.check()


def test_missing_file(scratch_data):
    (scratch_data / "raw" / "case_labs.csv").unlink()
    assert problems() == ["data/raw/case_labs.csv: file is missing"]


@pytest.mark.parametrize(
    "file, column",
    [
        ("raw/trial_arms.csv", "treatment"),
        ("raw/case_lesions.csv", "long_cm"),
        ("published/table1.csv", "printed"),
    ],
)
def test_missing_column(scratch_data, file, column):
    rewrite(
        scratch_data / file,
        lambda rows: [{k: v for k, v in r.items() if k != column} for r in rows],
    )
    assert problems() == [f"data/{file}, field '{column}': column is missing"]


def test_wrong_type(scratch_data):
    def edit(rows):
        rows[7]["value"] = "26x"

    rewrite(scratch_data / "raw" / "trial_baseline.csv", edit)
    (msg,) = problems()
    assert msg.startswith("data/raw/trial_baseline.csv, row 8 (line 9), field 'value': type error")
    assert "26x" in msg


def test_count_above_arm_size(scratch_data):
    def edit(rows):
        r = next(r for r in rows if r["arm_id"] == "ap-placebo" and r["category"] == "PD")
        r["count"] = "77"

    rewrite(scratch_data / "raw" / "trial_best_response.csv", edit)
    msgs = problems()
    assert any(
        m.startswith("data/raw/trial_best_response.csv, row ")
        and "field 'count'" in m
        and "more than the 76" in m
        for m in msgs
    ), msgs


def test_categories_adding_up_above_arm_size(scratch_data):
    def edit(rows):
        r = next(
            r
            for r in rows
            if r["arm_id"] == "sharp-placebo"
            and r["characteristic"] == "sex"
            and r["category"] == "female"
        )
        r["value"] = "40"  # 264 + 40 = 304 > 303

    rewrite(scratch_data / "raw" / "trial_baseline.csv", edit)
    (msg,) = problems()
    assert (
        "data/raw/trial_baseline.csv" in msg
        and "field 'value'" in msg
        and "304" in msg
        and "303" in msg
    )


def test_unknown_arm(scratch_data):
    def edit(rows):
        rows[-1]["arm_id"] = "ap-placeb0"

    rewrite(scratch_data / "raw" / "trial_adverse_events.csv", edit)
    (msg,) = problems()
    assert msg.startswith("data/raw/trial_adverse_events.csv, row 50 (line 51), field 'arm_id'")
    assert "'ap-placeb0' is not a known arm_id of data/raw/trial_arms.csv" in msg


def test_unknown_lesion(scratch_data):
    def edit(rows):
        rows[1]["lesion_id"] = "L3"

    rewrite(scratch_data / "raw" / "case_lesions.csv", edit)
    (msg,) = problems()
    assert msg.startswith("data/raw/case_lesions.csv, row 2 (line 3), field 'lesion_id'")


def test_malformed_date(scratch_data):
    def edit(rows):
        rows[2]["date"] = "2009-07-32"

    rewrite(scratch_data / "raw" / "case_imaging.csv", edit)
    (msg,) = problems()
    assert msg.startswith("data/raw/case_imaging.csv, row 3 (line 4), field 'date': type error")


def test_visible_lesion_without_size(scratch_data):
    def edit(rows):
        rows[1]["visible"] = "true"

    rewrite(scratch_data / "raw" / "case_lesions.csv", edit)
    (msg,) = problems()
    assert (
        msg
        == "data/raw/case_lesions.csv, row 2 (line 3), field 'long_cm': a visible lesion needs both diameters"
    )


def test_two_default_readings(scratch_data):
    def edit(rows):
        for r in rows:
            r["is_default"] = "true"

    rewrite(scratch_data / "raw" / "case_event_dates.csv", edit)
    (msg,) = problems()
    assert (
        "data/raw/case_event_dates.csv" in msg
        and "field 'is_default'" in msg
        and "sorafenib-start" in msg
    )


def test_every_problem_is_reported_at_once(scratch_data):
    def edit(rows):
        rows[0]["date"] = "May 14"
        rows[1]["modality"] = "PET"

    rewrite(scratch_data / "raw" / "case_imaging.csv", edit)
    msgs = problems()
    assert len(msgs) == 2 and "field 'date'" in msgs[0] and "field 'modality'" in msgs[1]


def test_main_exits_2_with_the_message(scratch_data, capsys):
    from hccrebuild.pipeline import cli

    (scratch_data / "raw" / "trials.csv").unlink()
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "data/raw/trials.csv: file is missing" in err
    assert "Traceback" not in err
