"""Tables 1 and 2 rebuilt: layout kept, recomputation checked against independent arithmetic."""

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest

from hccrebuild import data, paths
from hccrebuild.analysis import products, table1, table2
from hccrebuild.analysis.tables import DISCREPANCY, MISLABELLED, NOT_RECOMPUTABLE, REPRODUCED
from hccrebuild.errors import ParameterError


def printed(name):
    with (paths.PUBLISHED / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def t1():
    return table1.build(data.load(table1.INPUTS, validate=False))


@pytest.fixture(scope="module")
def t2():
    return table2.build(data.load(table2.INPUTS, validate=False))


def test_table1_keeps_the_printed_layout(t1):
    rows = printed("table1.csv")
    assert [(c.row, c.label, c.column, c.printed) for c in t1.cells] == [
        (int(r["row"]), r["label"], r["column"], r["printed"]) for r in rows
    ]


def test_every_cell_has_a_status_and_noted_cells_say_why(t1, t2):
    for cell in t1.cells + t2.cells:
        assert cell.status in (REPRODUCED, MISLABELLED, DISCREPANCY, NOT_RECOMPUTABLE)
        if cell.status != REPRODUCED:
            assert cell.reason, cell.key


def test_response_percentages_follow_independent_arithmetic(t1):
    """Each "n (%)" cell: reproduced exactly when the printed % equals n/N rounded half up."""
    sizes = {
        r["arm_id"]: int(r["n"])
        for r in csv.DictReader((paths.RAW / "trial_populations.csv").open())
        if r["population"] == "enrolled"
    }
    checked = 0
    for cell in t1.cells:
        if "(" not in cell.printed:
            continue
        n, pct = cell.printed.replace(" ", "").rstrip(")").split("(")
        expected = (Decimal(int(n)) * 100 / sizes[cell.column]).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        assert cell.rebuilt == f"{int(n)} ({expected})"
        assert (cell.status in (REPRODUCED, MISLABELLED)) == (Decimal(pct) == expected), cell.key
        checked += 1
    assert checked == 18  # PR, SD, PD in five arms; NE in three


def test_table1_flags_what_the_paper_gets_wrong(t1):
    by_key = {c.key: c for c in t1.cells}
    pd_sharp = by_key["table1-pd-sharp-sorafenib"]
    assert (pd_sharp.printed, pd_sharp.rebuilt, pd_sharp.status) == (
        "54 (18.6)",
        "54 (18.1)",
        DISCREPANCY,
    )
    sex = by_key["table1-sex-ap-placebo"]
    assert sex.status == NOT_RECOMPUTABLE and "324" in sex.reason and "76" in sex.reason
    hfsr = by_key["table1-ae-hand_foot_skin_reaction-sharp-sorafenib"]
    # the value is reproduced (SHARP's 21 %); the 'n' label is what is wrong
    assert hfsr.rebuilt == "21%" and hfsr.status == MISLABELLED and "297" in hfsr.reason
    assert hfsr.printed == "21"
    assert by_key["table1-ae-hand_foot_skin_reaction-ap-sorafenib"].status == REPRODUCED
    # a label error is the same status wherever it occurs: reproduced, mislabelled, and why
    age = by_key["table1-age-sharp-sorafenib"]
    assert age.status == MISLABELLED and "mean" in age.reason
    sd = by_key["table1-sd-abou-alfa-sorafenib"]
    assert sd.status == MISLABELLED and "minor response" in sd.reason


def test_category_gaps_are_annotated(t1):
    cp = next(c for c in t1.cells if c.key == "table1-child_pugh-sharp-sorafenib")
    assert cp.status == REPRODUCED and "298 of the 299" in cp.annotation


def test_table1_arms_parameter(t1):
    frames = data.load(table1.INPUTS, validate=False)
    two = table1.build(frames, arms=["ap-placebo", "sharp-sorafenib"])
    assert [c for c, _, _ in two.columns] == ["ap-placebo", "sharp-sorafenib"]
    assert {c.column for c in two.cells} == {"ap-placebo", "sharp-sorafenib"}
    with pytest.raises(ParameterError, match="valid: abou-alfa-sorafenib"):
        table1.build(frames, arms=["sharp"])


def test_table2_keeps_the_printed_layout(t2):
    rows = printed("table2.csv")
    assert [(c.row, c.column, c.visit, c.printed) for c in t2.cells] == [
        (int(r["row"]), r["column"], r["visit"], r["printed"]) for r in rows
    ]


def test_table2_index_case_is_derived_from_events(t2):
    by_key = {c.key: c for c in t2.cells}
    assert by_key["table2-longest_diameter-index-first"].rebuilt == "3.0×2.5"
    assert by_key["table2-longest_diameter-index-last"].rebuilt == "Neg"
    assert by_key["table2-afp-index-first"].rebuilt == "2.22"
    assert "20 May 2009" in by_key["table2-afp-index-first"].annotation
    assert by_key["table2-outcome-index"].rebuilt == "CR"
    assert "Table 2" in by_key["table2-child_pugh_class-index-last"].annotation


@pytest.mark.parametrize(
    "reading, start", [("as-printed", "2009-06-06"), ("day-5-after-tace", "2009-06-09")]
)
def test_table2_treatment_time_under_each_reading(reading, start):
    from datetime import date

    t = table2.build(data.load(table2.INPUTS, validate=False), sorafenib_start=reading)
    cell = next(c for c in t.cells if c.key == "table2-treatment_months-index")
    days = (date(2010, 2, 28) - date.fromisoformat(start)).days
    assert cell.rebuilt == ">8" and f"{days} days" in cell.annotation


def test_table2_unknown_reading_lists_the_valid_ones():
    with pytest.raises(
        ParameterError,
        match=r"valid: 'as-printed' \(2009-06-06\), 'day-5-after-tace' \(2009-06-09\)",
    ):
        table2.build(data.load(table2.INPUTS, validate=False), sorafenib_start="june-7")


def test_saved_table_reads_back_identically(t1, tmp_path):
    products.save_table(t1, tmp_path)
    back = products.load_table(tmp_path, t1.table_id)
    assert back.cells == t1.cells and back.columns == [tuple(c) for c in t1.columns]
    wide = (tmp_path / f"{t1.table_id}.csv").read_text(encoding="utf-8").splitlines()
    assert wide[0].split(",")[:2] == ["section", "label"] and len(wide) == 1 + len(
        {c.row for c in t1.cells}
    )


def test_no_cell_whose_value_equals_the_printed_one_is_marked_as_differing(t1, t2):
    """≠ means the value differs: a cell reproduced under a wrong label is not a discrepancy."""
    from hccrebuild.analysis import fmt

    marked = [c for c in [*t1.cells, *t2.cells] if c.status == DISCREPANCY]
    assert marked, "Table 1 has discrepancies (e.g. SHARP sorafenib PD 18.6)"
    for c in marked:
        assert not fmt.same_printed(c.printed, c.rebuilt), c.key
    mislabelled = [c for c in t1.cells if c.status == MISLABELLED]
    # 20 SHARP adverse-event cells (percentages under 'n'), 2 SHARP ages (means under 'Median'),
    # 2 Abou-Alfa response rows (minor response and stable disease under SD and PD)
    assert len(mislabelled) == 24
    assert all(fmt.same_printed(c.printed, c.rebuilt.rstrip("%")) for c in mislabelled)
