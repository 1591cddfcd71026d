"""Response criteria: every boundary of RECIST 1.1, WHO and mRECIST, and the index case assessed."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from hccrebuild import data
from hccrebuild.analysis import criteria, products, response
from hccrebuild.analysis.criteria import MRECIST_ASSUMPTION, NO_ENHANCEMENT
from hccrebuild.analysis.response import (
    CR,
    NOT_ASSESSABLE,
    PD,
    PR,
    SD,
    classify_mrecist,
    classify_recist,
    classify_who,
)
from hccrebuild.errors import ParameterError


@pytest.fixture(scope="module")
def frames():
    return data.load(response.INPUTS, validate=False)


def _with_lesions(frames, changes):
    """A copy of the data with some lesion rows changed: {(lesion, study): (long_cm, short_cm) or None}."""
    out = dict(frames)
    les = frames["case_lesions"].copy()
    for (lid, study), size in changes.items():
        hit = (les["lesion_id"] == lid) & (les["study_id"] == study)
        assert hit.sum() == 1
        les.loc[hit, "visible"] = size is not None
        les.loc[hit, ["long_cm", "short_cm"]] = [pd.NA, pd.NA] if size is None else list(size)
    out["case_lesions"] = les
    return out


# RECIST 1.1 -------------------------------------------------------------------------------------------


def test_recist_exactly_30_percent_decrease_is_pr():
    assert classify_recist(100, 100, 70).category == PR


def test_recist_29_9_percent_decrease_is_sd():
    assert classify_recist(100, 100, 70.1).category == SD


def test_recist_30_percent_that_floats_would_miss_is_pr():
    # (23 - 16.1) / 23 * 100 is 29.999999999999993 in binary floats
    assert classify_recist(23, 23, 16.1).category == PR


def test_recist_exactly_20_percent_and_5_mm_over_nadir_is_pd():
    assert classify_recist(100, 25, 30).category == PD


def test_recist_20_percent_that_floats_would_miss_is_pd():
    # (36 - 30) / 30 * 100 is 19.999999999999996 in binary floats
    assert classify_recist(100, 30, 36).category == PD


def test_recist_20_percent_but_4_mm_is_not_pd():
    assert classify_recist(20, 20, 24).category == SD


def test_recist_5_mm_but_19_9_percent_is_not_pd():
    assert classify_recist(100, 50, 59.95).category == PR


def test_recist_increase_is_measured_from_the_nadir_not_the_baseline():
    # 40 % below the baseline, but 20 % and 10 mm above the nadir: progression wins
    result = classify_recist(100, 50, 60)
    assert result.category == PD
    assert (
        result.reason
        == "sum 60 mm is 20.0 % (10 mm) above the nadir (50 mm): PD needs at least 20 % and 5 mm"
    )


def test_recist_new_lesion_is_pd_even_with_no_target_left():
    assert classify_recist(50, 50, 0, new_lesion=True).category == PD


def test_recist_all_lesions_gone_is_cr():
    assert classify_recist(50, 50, 0) == (CR, "every target lesion has disappeared (sum 0 mm)")


def test_recist_reason_of_pr():
    assert classify_recist(100, 100, 70).reason == (
        "sum 70 mm is 30.0 % below the baseline (100 mm): PR needs a decrease of at least 30 %"
    )


def test_recist_reason_shows_enough_decimals_not_to_round_across_a_threshold():
    assert "29.95 % below" in classify_recist(100, 100, 70.05).reason


def test_recist_rejects_a_nadir_above_the_baseline():
    with pytest.raises(ValueError, match="nadir"):
        classify_recist(50, 60, 40)


# WHO --------------------------------------------------------------------------------------------------


def test_who_exactly_50_percent_decrease_is_pr():
    assert classify_who(1000, 1000, 500).category == PR


def test_who_49_99_percent_decrease_is_sd():
    assert classify_who(1000, 1000, 500.1).category == SD


def test_who_exactly_25_percent_over_nadir_is_pd():
    assert classify_who(1000, 400, 500).category == PD


def test_who_just_under_25_percent_over_nadir_is_not_pd():
    assert classify_who(1000, 800, 999).category == SD


def test_who_has_no_absolute_minimum_increase():
    assert classify_who(8, 4, 5).category == PD


def test_who_new_lesion_is_pd_and_all_gone_is_cr():
    assert classify_who(1150, 1150, 0, new_lesion=True).category == PD
    assert classify_who(1150, 1150, 0).category == CR


# mRECIST ----------------------------------------------------------------------------------------------


def test_mrecist_without_enhancement_data_is_not_assessable():
    assert classify_mrecist(None, None, None) == (NOT_ASSESSABLE, NO_ENHANCEMENT)
    assert NO_ENHANCEMENT == "the data do not say whether tumour enhances in the arterial phase"


def test_mrecist_visible_tumour_without_a_baseline_viable_sum_is_not_assessable():
    result = classify_mrecist(None, None, 12)
    assert result.category == NOT_ASSESSABLE
    assert NO_ENHANCEMENT in result.reason


def test_mrecist_no_viable_tumour_is_cr_even_without_a_baseline():
    assert classify_mrecist(None, None, 0).category == CR


def test_mrecist_thresholds_when_the_sums_are_known():
    assert classify_mrecist(50, 50, 35).category == PR
    assert classify_mrecist(50, 50, 35.05).category == SD
    assert classify_mrecist(50, 10, 12).category == PD  # no 5 mm minimum in mRECIST


def test_mrecist_new_lesion_is_pd_even_when_not_assessable():
    assert classify_mrecist(None, None, None, new_lesion=True).category == PD


# Criterion names --------------------------------------------------------------------------------------


def test_unknown_criterion_lists_the_valid_names():
    with pytest.raises(ParameterError) as err:
        criteria.check_criterion("RECIST")
    assert str(err.value) == "unknown response criterion 'RECIST'; valid: RECIST1.1, WHO, mRECIST"


def test_assess_rejects_an_unknown_criterion_before_reading_data():
    with pytest.raises(ParameterError, match="RECIST1.1, WHO, mRECIST"):
        response.assess({}, "recist")


def test_shown_pct():
    assert criteria.shown_pct(Decimal("30"), [30]) == "30.0"
    assert criteria.shown_pct(Decimal("-29.95"), [30]) == "29.95"
    assert criteria.shown_pct(Decimal("29.96"), [50]) == "30.0"


# The index case ---------------------------------------------------------------------------------------


def test_index_case_baseline_sums_from_the_recorded_diameters(frames):
    les = frames["case_lesions"]
    base = les[les["study_id"] == "mri-2009-05-14"]
    mm = [
        (Decimal(str(a)) * 10, Decimal(str(b)) * 10)
        for a, b in zip(base["long_cm"], base["short_cm"])
    ]
    recist = response.assess(frames, "RECIST1.1")
    who = response.assess(frames, "WHO")
    assert recist["sum"].iloc[0] == pytest.approx(float(sum(a for a, _ in mm)))
    assert who["sum"].iloc[0] == pytest.approx(float(sum(a * b for a, b in mm)))
    assert list(recist.columns) == response.COLUMNS


@pytest.mark.parametrize("criterion", criteria.CRITERIA)
def test_first_follow_up_is_not_cr_under_the_whole_rule(frames, criterion):
    """10 Jul 2009: both measured lesions gone (target CR), but the portal mass and the other
    intrahepatic masses are not described (non-target not evaluated): overall PR, not CR
    (RECIST 1.1 Table 1; mRECIST and WHO alike)."""
    table = response.assess(frames, criterion).set_index("study_id")
    first = table.loc["ct-2009-07-10"]
    assert first["nontarget_category"] == NOT_ASSESSABLE
    if criterion == "mRECIST":  # a CT after lipiodol TACE cannot show enhancement: not evaluable
        assert first["target_category"] == first["category"] == NOT_ASSESSABLE
        assert "lipiodol" in first["reason"]
        return
    assert first["target_category"] == CR
    assert first["category"] == PR
    assert "not evaluated: PR, not CR" in first["reason"]


@pytest.mark.parametrize("criterion", ["RECIST1.1", "WHO"])
def test_index_case_overall_response_at_every_follow_up(frames, criterion):
    table = response.assess(frames, criterion)
    assert table["category"].iloc[0] == criteria.BASELINE
    assert list(table["target_category"].iloc[1:]) == [CR] * 5
    # "no significant findings in the liver" does not cover the portal mass (as-described):
    # the first overall CR is the MRI of 18 Dec 2009, the authors' patient-level verdict
    assert list(table["category"].iloc[1:]) == [PR, PR, PR, CR, CR]
    assert list(table["change_baseline_pct"].iloc[1:]) == [-100.0] * 5


def test_a_whole_liver_statement_covers_the_portal_mass_only_in_its_own_reading(frames):
    table = response.assess(frames, "RECIST1.1", nontarget_reading="whole-liver")
    assert list(table["category"].iloc[1:]) == [PR, CR, CR, CR, CR]


def test_strict_reading_does_not_take_the_authors_verdict_as_evidence(frames):
    table = response.assess(frames, "RECIST1.1", nontarget_reading="no-verdict")
    assert list(table["category"].iloc[1:]) == [PR, PR, PR, PR, PR]


def test_cr_is_confirmed_four_weeks_later(frames):
    table = response.assess(frames).set_index("study_id")
    # PR of 10 Jul confirmed by the PR of 22 Aug (43 days); CR of 18 Dec by 28 Feb (72 days)
    assert table.loc["ct-2009-07-10", "confirmed_by"] == "ct-2009-08-22"
    assert table.loc["ct-2009-07-10", "confirmation_days"] == 43
    assert table.loc["mri-2009-12-18", "confirmed_by"] == "mri-2010-02-28"
    assert table.loc["mri-2009-12-18", "confirmation_days"] == 72
    best = response.best_overall(table.reset_index())
    assert best == {
        "category": CR,
        "confirmed": True,
        "first": "mri-2009-12-18",
        "confirmed_by": "mri-2010-02-28",
        "days": 72,
    }
    assert response.cr_duration(table.reset_index())["days"] == 72  # 18 Dec 2009 - 28 Feb 2010


def test_a_cr_with_no_later_scan_at_4_weeks_is_unconfirmed(frames):
    imaging = frames["case_imaging"].copy()
    keep = ~imaging["study_id"].isin(["ct-2009-10-17", "mri-2009-12-18", "mri-2010-02-28"])
    changed = {**frames, "case_imaging": imaging[keep]}
    table = response.assess(changed, nontarget_reading="whole-liver").set_index("study_id")
    assert table.loc["ct-2009-08-22", "category"] == CR
    assert table.loc["ct-2009-08-22", "confirmed_by"] == ""
    assert "unconfirmed" in table.loc["ct-2009-08-22", "caveat_ids"].split(",")
    # the unconfirmed CR does not count; the PR of 10 Jul, confirmed by it, is the best response
    best = response.best_overall(table.reset_index())
    assert (best["category"], best["confirmed"], best["first"]) == (PR, True, "ct-2009-07-10")


def test_caveats_stated_with_each_verdict(frames):
    table = response.assess(frames).set_index("study_id")
    ids = {s: set(table.loc[s, "caveat_ids"].split(",")) for s in table.index[1:]}
    # CT after an MRI baseline, after lipiodol TACE
    assert {"modality", "lipiodol"} <= ids["ct-2009-07-10"] & ids["ct-2009-10-17"]
    assert not {"modality", "lipiodol"} & ids["mri-2009-12-18"]
    # every follow-up size is inferred from the text, and TACE preceded sorafenib
    assert all({"inferred-sizes", "tace"} <= v for v in ids.values())
    assert "portal mass" in table.loc["ct-2009-07-10", "caveats"]


@pytest.mark.parametrize(
    "target, nontarget, new, expected",
    [
        (CR, CR, "no", CR),
        (CR, response.NON_CR_NON_PD, "no", PR),
        (CR, NOT_ASSESSABLE, "no", PR),
        (CR, NOT_ASSESSABLE, "not-evaluated", PR),
        (PR, NOT_ASSESSABLE, "no", PR),
        (SD, response.NON_CR_NON_PD, "no", SD),
        (PD, CR, "no", PD),
        (CR, PD, "no", PD),
        (CR, CR, "yes", PD),
        (NOT_ASSESSABLE, response.NON_CR_NON_PD, "no", NOT_ASSESSABLE),
    ],
)
def test_overall_response_follows_the_recist_table(target, nontarget, new, expected):
    """RECIST 1.1 (Eisenhauer 2009) Table 1, patients with target disease, row by row."""
    assert response.overall(target, nontarget, new).category == expected


def test_a_progressing_portal_mass_is_pd(frames):
    nt = frames["case_nontarget"].copy()
    hit = (nt["study_id"] == "ct-2009-08-22") & (nt["item"] == "portal-mass")
    nt.loc[hit, "status"] = "unequivocal-progression"
    table = response.assess({**frames, "case_nontarget": nt}, nontarget_reading="whole-liver")
    table = table.set_index("study_id")
    assert table.loc["ct-2009-08-22", "nontarget_category"] == PD
    assert table.loc["ct-2009-08-22", "category"] == PD


def test_index_case_days_since_start_follow_the_reading(frames):
    table = response.assess(frames, "RECIST1.1", "day-5-after-tace")
    expected = [
        (date(*map(int, d.split("-"))) - date(2009, 6, 9)).days
        for d in [
            "2009-05-14",
            "2009-07-10",
            "2009-08-22",
            "2009-10-17",
            "2009-12-18",
            "2010-02-28",
        ]
    ]
    assert list(table["days_since_start"]) == expected


def test_index_case_mrecist_states_cr_only_where_nothing_is_visible(frames):
    table = response.assess(frames, "mRECIST")
    assert pd.isna(table["sum"].iloc[0])
    # the baseline viable sum is not reported, its lesions assumed to enhance: the rule in full
    assert "is not reported" in table["reason"].iloc[0]
    assert MRECIST_ASSUMPTION in table["reason"].iloc[0]
    # CTs after lipiodol cannot show enhancement; the MRIs show no lesion at all
    na = NOT_ASSESSABLE
    assert list(table["target_category"].iloc[1:]) == [na, na, na, CR, CR]
    assert list(table["category"].iloc[1:]) == [na, na, na, CR, CR]
    assert all(response.LIPIODOL_WHY in r for r in table["reason"].iloc[1:4])
    # each CR says what it rests on: nothing visible, and the assumed baseline enhancement
    assumed = MRECIST_ASSUMPTION.split(";")[0]
    assert all("no lesion is visible at all" in r for r in table["reason"].iloc[4:])
    assert all(assumed in r for r in table["reason"].iloc[4:])
    # RECIST 1.1 rests on no such assumption
    assert not any(assumed in r for r in response.assess(frames)["reason"])


def test_mrecist_with_a_visible_lesion_is_not_assessable_where_recist_gives_pr(frames):
    studies = ["ct-2009-07-10", "ct-2009-08-22", "ct-2009-10-17", "mri-2009-12-18"]
    changed = _with_lesions(frames, {("L1", s): (2.0, 1.5) for s in studies})
    m = response.assess(changed, "mRECIST").set_index("study_id")
    r = response.assess(changed, "RECIST1.1").set_index("study_id")
    assert m.loc["mri-2009-12-18", "category"] == NOT_ASSESSABLE
    assert NO_ENHANCEMENT in m.loc["mri-2009-12-18", "reason"]
    assert r.loc["mri-2009-12-18", "category"] == PR  # 20 mm of 50 mm: 60 % smaller
    assert r.loc["mri-2009-12-18", "change_baseline_pct"] == pytest.approx(-60.0)


def test_assess_measures_progression_from_the_nadir(frames):
    changed = _with_lesions(
        frames, {("L1", "ct-2009-07-10"): (1.0, 1.0), ("L1", "ct-2009-08-22"): (1.5, 1.0)}
    )
    table = response.assess(changed, "RECIST1.1").set_index("study_id")
    assert table.loc["ct-2009-07-10", "category"] == PR
    assert (
        table.loc["ct-2009-08-22", "category"] == PD
    )  # 15 mm is 70 % below baseline but 50 % above the nadir
    assert table.loc["ct-2009-08-22", "change_nadir_pct"] == pytest.approx(50.0)
    assert table.loc["ct-2009-10-17", "category"] == PR  # targets gone, portal mass not described


def test_first_sustained_cr(frames):
    changed = _with_lesions(frames, {("L1", "ct-2009-08-22"): (1.0, 1.0)})
    row = response.first_sustained(response.assess(changed, "RECIST1.1", None, "whole-liver"))
    assert row["study_id"] == "ct-2009-10-17"
    assert response.first_sustained(response.assess(frames))["study_id"] == "mri-2009-12-18"


def test_save_writes_tbl_response_csv(frames, tmp_path, monkeypatch):
    from hccrebuild import paths

    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    out = products.save_response(response.assess(frames), "default")
    assert out == tmp_path / "tbl-response.csv"
    saved = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(saved["date"]) == [
        "2009-05-14",
        "2009-07-10",
        "2009-08-22",
        "2009-10-17",
        "2009-12-18",
        "2010-02-28",
    ]


def test_inputs_are_resources_of_the_data_package():
    names = {r["name"] for r in data.descriptor()["resources"]}
    assert set(response.INPUTS) <= names
