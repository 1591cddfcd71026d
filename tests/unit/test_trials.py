"""Trial results on one scale: adverse events as % of treated, risk differences, best-response remainders."""

from decimal import Decimal

import pandas as pd
import pytest

from hccrebuild import data
from hccrebuild.analysis import trial_ae, trial_data, trial_efficacy
from hccrebuild.errors import DataError, ParameterError

AE_FILE = "data/raw/trial_adverse_events.csv"
TINY = Decimal("1e-20")


@pytest.fixture(scope="module")
def frames():
    return data.load(trial_data.INPUTS, validate=False)


@pytest.fixture(scope="module")
def table(frames):
    return trial_ae.adverse_events(frames)


def _pick(table, term, arm):
    hit = table[(table["ae_term"] == term) & (table["arm_id"] == arm)]
    assert len(hit) == 1
    return hit.iloc[0]


def _ae(rows):
    """A small trial_adverse_events frame: (arm_id, value, unit, population) per row."""
    frame = pd.DataFrame(rows, columns=["arm_id", "value", "unit", "population"])
    frame.insert(1, "ae_term", "fatigue")
    frame["value"] = frame["value"].astype("Float64")
    frame["unit"] = frame["unit"].astype("string")
    return frame


POPS = pd.DataFrame(
    {
        "arm_id": ["a", "a", "b"],
        "population": ["enrolled", "treated", "treated"],
        "n": [100, 80, 400],
    }
)


def test_inputs_are_resources_of_the_data_package():
    names = {r["name"] for r in data.descriptor()["resources"]}
    assert set(trial_data.INPUTS) <= names
    assert len(trial_data.INPUTS) == len(set(trial_data.INPUTS))


def test_sharp_percentages_stay_percentages_of_treated(table):
    sor = _pick(table, "hand_foot_skin_reaction", "sharp-sorafenib")
    pla = _pick(table, "hand_foot_skin_reaction", "sharp-placebo")
    assert (sor["percent"], sor["percent_label"], sor["denominator"]) == (Decimal(21), "21", 297)
    assert (pla["percent"], pla["percent_label"], pla["denominator"]) == (Decimal(3), "3", 302)


def test_asia_pacific_counts_divide_by_treated_not_randomised(table):
    sor = _pick(table, "hand_foot_skin_reaction", "ap-sorafenib")
    pla = _pick(table, "hand_foot_skin_reaction", "ap-placebo")
    assert sor["percent"] == Decimal(67) * 100 / 149
    assert pla["percent"] == Decimal(2) * 100 / 75
    assert (sor["percent_label"], pla["percent_label"]) == ("45.0", "2.7")
    assert (sor["denominator"], pla["denominator"]) == (149, 75)


def test_abou_alfa_counts_divide_by_137(table):
    r = _pick(table, "diarrhoea", "abou-alfa-sorafenib")
    assert r["percent"] == Decimal(59) * 100 / 137
    assert r["percent_label"] == "43.1"


def test_count_uses_the_rows_own_denominator_population():
    out = trial_ae.ae_percent(
        _ae([("a", 8, "count", "treated"), ("a", 8, "count", "enrolled")]), POPS
    )
    assert list(out["percent"]) == [Decimal(10), Decimal(8)]
    assert list(out["denominator"]) == [80, 100]


def test_percent_unit_is_kept_at_its_published_precision():
    out = trial_ae.ae_percent(
        _ae([("a", 12.5, "percent", "treated"), ("a", 7, "percent", "treated")]), POPS
    )
    assert list(out["percent_label"]) == ["12.5", "7"]


def test_missing_value_stays_missing_never_zero(table):
    out = trial_ae.ae_percent(_ae([("a", None, "count", "treated")]), POPS)
    assert out["percent"].iloc[0] is None
    assert out["percent_label"].iloc[0] == trial_data.NOT_REPORTED
    assert not out["reported"].iloc[0]
    na = table[~table["reported"]]
    assert len(na) == int(data.read("trial_adverse_events")["value"].isna().sum())
    assert set(na["percent_label"]) == {"not reported"}


def test_display_rounds_half_up_not_to_even():
    # 1 of 400 is exactly 0.25 %: half up gives 0.3 (binary floats and banker's rounding give 0.2).
    out = trial_ae.ae_percent(_ae([("b", 1, "count", "treated")]), POPS)
    assert out["percent"].iloc[0] == Decimal("0.25")
    assert out["percent_label"].iloc[0] == "0.3"


@pytest.mark.parametrize("unit", ["per cent", "", None])
def test_missing_or_unknown_unit_stops_naming_file_row_and_field(unit):
    frame = _ae([("a", 3, "count", "treated"), ("a", 3, unit, "treated")])
    if unit == "":
        frame.loc[1, "unit"] = pd.NA
    with pytest.raises(DataError) as err:
        trial_ae.ae_percent(frame, POPS)
    e = err.value
    assert (e.file, e.row, e.field) == (AE_FILE, 2, "unit")
    assert AE_FILE in str(e) and "row 2" in str(e) and "'unit'" in str(e)


def test_unknown_denominator_population_stops():
    with pytest.raises(DataError) as err:
        trial_ae.ae_percent(_ae([("b", 3, "count", "enrolled")]), POPS)
    assert (err.value.row, err.value.field) == (1, "population")


def test_percentage_above_100_stops():
    with pytest.raises(DataError) as err:
        trial_ae.ae_percent(_ae([("a", 81, "count", "treated")]), POPS)
    assert err.value.field == "value"


def test_risk_differences_of_the_randomised_trials(table):
    diff = trial_ae.risk_differences(table)
    assert set(diff["trial_id"]) == {"sharp", "asia-pacific"}
    hfsr = diff[diff["ae_term"] == "hand_foot_skin_reaction"].set_index("trial_id")
    assert hfsr.loc["sharp", "difference"] == Decimal(21) - Decimal(3)
    assert hfsr.loc["sharp", "difference_label"] == "18"
    assert hfsr.loc["asia-pacific", "difference"] == Decimal(67) * 100 / 149 - Decimal(2) * 100 / 75
    assert hfsr.loc["asia-pacific", "difference_label"] == "42.3"
    vom = diff[(diff["ae_term"] == "vomiting") & (diff["trial_id"] == "asia-pacific")].iloc[0]
    assert vom["difference"] is None and vom["difference_label"] == "not reported"


def test_best_response_remainder_not_accounted_for(frames):
    resp = trial_efficacy.best_response(frames)
    rest = resp[resp["category"] == trial_data.NOT_ACCOUNTED].set_index("arm_id")
    assert rest.loc["abou-alfa-sorafenib", "count"] == 137 - (0 + 3 + 8 + 46 + 32)
    assert rest.loc["sharp-sorafenib", "count"] == 299 - (0 + 7 + 211 + 54)
    assert rest.loc["sharp-sorafenib", "not_reported"] == "NE"
    assert rest.loc["ap-sorafenib", "count"] == 0
    assert rest.loc["abou-alfa-sorafenib", "percent"] == Decimal(48) * 100 / 137
    for arm, g in resp[resp["reported"]].groupby("arm_id"):
        assert abs(sum(g["percent"]) - 100) < TINY, arm


def test_best_response_keeps_table1_labels_and_notes_the_primary_ones(frames):
    resp = trial_efficacy.best_response(frames)
    aa = resp[resp["arm_id"] == "abou-alfa-sorafenib"].set_index("category")
    assert aa.loc["SD", "label"] == "Stable disease"
    assert aa.loc["SD", "label_primary"] == "minor response"
    assert aa.loc["PD", "label_primary"] == "stable disease for at least 16 weeks"
    assert aa.loc["PD", "basis_confidence"] == "medium"
    assert aa.loc["PR", "percent_label"] == "2.2"
    ne = resp[(resp["arm_id"] == "sharp-sorafenib") & (resp["category"] == "NE")].iloc[0]
    assert ne["count"] is None and ne["percent_label"] == "not reported"


def test_response_shares_stop_when_categories_exceed_the_arm():
    resp = pd.DataFrame(
        {
            "arm_id": ["a", "a"],
            "category": ["PR", "SD"],
            "count": pd.array([60, 50], dtype="Int64"),
            "population": ["enrolled", "enrolled"],
        }
    )
    with pytest.raises(DataError) as err:
        trial_efficacy.response_shares(resp, POPS)
    assert (err.value.file, err.value.field) == ("data/raw/trial_best_response.csv", "count")


def test_sort_orders(table):
    assert trial_ae.order_terms(table, "table") == trial_data.ae_terms()
    by_sorafenib = trial_ae.order_terms(table, "sorafenib")
    assert by_sorafenib[0] == "diarrhoea"  # (59/137 + 39 % + 38/149) / 3 = 35.9 %, the highest
    assert (
        trial_ae.order_terms(table, "difference")[0] == "hand_foot_skin_reaction"
    )  # (18 + 42.3) / 2
    assert sorted(by_sorafenib) == sorted(trial_data.ae_terms())


def test_subset_of_events_keeps_table1_order(frames):
    sub = trial_ae.adverse_events(frames, ["hypertension", "diarrhoea"])
    assert list(dict.fromkeys(sub["ae_term"])) == ["diarrhoea", "hypertension"]
    assert len(sub) == 2 * 5


@pytest.mark.parametrize("terms", [["hfsr"], [], ["diarrhoea", "diarrhoea"], "diarrhoea"])
def test_bad_ae_terms_are_parameter_errors_listing_valid_ones(terms):
    with pytest.raises(ParameterError) as err:
        trial_data.check_ae_terms(terms)
    if terms != ["diarrhoea", "diarrhoea"]:
        assert all(t in str(err.value) for t in trial_data.ae_terms())


def test_unknown_sort_order_lists_valid_ones():
    with pytest.raises(ParameterError) as err:
        trial_data.check_sort("alphabetical")
    assert all(f"'{k}'" in str(err.value) for k in ("table", "sorafenib", "difference"))


def test_single_patient_events(frames):
    s = trial_ae.single_patient_aes(frames)
    index = s[s["patient"] == "index"].set_index("ae_term")["detail"].to_dict()
    assert index == {
        "hypertension": "grade 1",
        "hand_foot_skin_reaction": "grade 1",
    }  # TACE nausea left out
    so = s[s["patient"] == "so-2008"]
    assert list(so["ae_term"]) == ["diarrhoea"]


def test_reporting_basis_names_every_denominator(frames, table):
    text = " ".join(trial_ae.reporting_basis(frames, table))
    for n in ("297", "302", "149", "75", "137"):
        assert n in text
    assert "SHARP published percentages" in text
    assert "confidence medium" in text  # Abou-Alfa's denominator
    assert trial_data.source_short(frames, "sharp-2008") == "Llovet 2008"


def test_wide_table_keeps_order(table):
    w = trial_ae.wide(table)
    assert list(w.index) == list(dict.fromkeys(table["ae_label"]))
    assert w.loc["Hand-foot skin reaction", "Asia-Pacific placebo"] == "2.7"
    assert w.loc["Bleeding", "Abou-Alfa sorafenib"] == "not reported"
