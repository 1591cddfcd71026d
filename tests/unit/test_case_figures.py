"""The case in numbers and figures: date arithmetic, wording rules, and figure data without invented values."""

import json
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from hccrebuild import data, paths
from hccrebuild.analysis import (
    case,
    case_intervals,
    criteria,
    finding_facts,
    products,
    response,
    time_wording,
)
from hccrebuild.data import params
from hccrebuild.errors import DataError
from hccrebuild.figures import case_figures, plotting
from hccrebuild.html import case_numbers

START = {"as-printed": date(2009, 6, 6), "day-5-after-tace": date(2009, 6, 9)}
# Under the whole RECIST 1.1 rule the CT of 10 Jul 2009 is PR (target CR, non-target disease not
# described); so are the CTs of 22 Aug and 17 Oct ("no significant findings in the liver" does not
# cover the portal mass); the first overall CR is the MRI of 18 Dec 2009 (the authors' verdict).
FIRST_CT, FIRST_CR, LAST_MRI = date(2009, 7, 10), date(2009, 12, 18), date(2010, 2, 28)
MONTH = 365.25 / 12


@pytest.fixture(scope="module")
def frames():
    return data.load(case_figures.INPUTS, validate=False)


@pytest.fixture
def figures_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    return tmp_path


def ts(d):
    return pd.Timestamp(d)


# Date arithmetic --------------------------------------------------------------------------------------


def test_the_readings_are_the_dates_the_tests_assume(frames):
    for reading, d in START.items():
        assert case.event_date(frames, "sorafenib-start", reading) == ts(d)


@pytest.mark.parametrize("reading", sorted(START))
def test_days_from_sorafenib_start_to_first_cr(frames, reading):
    n = case_intervals.intervals(frames, "RECIST1.1", reading)
    assert n["first_cr"] == ts(FIRST_CR)
    assert n["days_to_first_cr"] == (FIRST_CR - START[reading]).days


def test_first_overall_cr_is_195_days_as_printed_and_192_days_on_day_5(frames):
    # 6 Jun -> 18 Dec: 24 + 31 + 31 + 30 + 31 + 30 + 18 = 195 days; from 9 Jun, 3 fewer
    assert case_intervals.intervals(frames, sorafenib_start="as-printed")["days_to_first_cr"] == 195
    assert (
        case_intervals.intervals(frames, sorafenib_start="day-5-after-tace")["days_to_first_cr"]
        == 192
    )


@pytest.mark.parametrize("reading", sorted(START))
def test_sustained_cr_and_follow_up_in_months(frames, reading):
    n = case_intervals.intervals(frames, "RECIST1.1", reading)
    assert n["sustained_from"] == ts(FIRST_CR)
    assert n["days_sustained_cr"] == (LAST_MRI - FIRST_CR).days
    assert float(n["months_sustained_cr"]) == pytest.approx(
        (LAST_MRI - FIRST_CR).days / MONTH, abs=1e-12
    )
    assert float(n["months_follow_up"]) == pytest.approx(
        (LAST_MRI - START[reading]).days / MONTH, abs=1e-12
    )


def test_month_length_matches_case_months():
    assert float(case_intervals.MONTH_DAYS) == case.DAYS_PER_MONTH


def test_calendar_months():
    assert case_intervals.calendar_months(ts("2009-06-06"), ts("2009-07-05")) == 0
    assert case_intervals.calendar_months(ts("2009-06-06"), ts("2009-07-06")) == 1
    assert case_intervals.calendar_months(ts("2009-06-06"), ts(LAST_MRI)) == 8
    assert case_intervals.calendar_months(ts("2009-01-31"), ts("2009-02-28")) == 1


# Wording rules ----------------------------------------------------------------------------------------


def test_within_means_at_most_n_calendar_months():
    assert case_intervals.agrees("within", 1, ts("2009-06-06"), ts("2009-07-06"))
    assert not case_intervals.agrees("within", 1, ts("2009-06-06"), ts("2009-07-07"))
    assert case_intervals.agrees("within", 1, ts("2009-01-31"), ts("2009-02-28"))
    assert not case_intervals.agrees("within", 1, ts("2009-01-31"), ts("2009-03-01"))


def test_after_and_about_count_whole_calendar_months_by_default():
    start = ts("2009-06-06")
    assert case_intervals.agrees("after", 2, start, ts("2009-08-06"))  # exactly 2 months
    assert case_intervals.agrees("after", 2, start, ts("2009-09-05"))  # 2 months and 30 days
    assert not case_intervals.agrees("after", 2, start, ts("2009-09-06"))  # 3 months
    assert not case_intervals.agrees("about", 8, start, ts("2010-02-05"))  # 7 months and 30 days
    assert case_intervals.agrees("about", 8, start, ts("2010-02-28"))


def test_mean_month_about_means_within_half_a_month():
    start = ts("2009-01-01")
    mm = case_intervals.MEAN_MONTH
    # 6 months = 182.625 days; half a month = 15.21875 days
    assert case_intervals.agrees("about", 6, start, start + pd.Timedelta(days=197), mm)
    assert not case_intervals.agrees("about", 6, start, start + pd.Timedelta(days=198), mm)
    assert case_intervals.agrees("about", 6, start, start + pd.Timedelta(days=168), mm)
    assert not case_intervals.agrees("about", 6, start, start + pd.Timedelta(days=167), mm)


def test_mean_month_after_rounds_half_up():
    start = ts("2009-01-01")
    mm = case_intervals.MEAN_MONTH
    # 2.5 mean months = 76.09375 days: 76 days round to 2, 77 days to 3
    assert case_intervals.agrees("after", 2, start, start + pd.Timedelta(days=76), mm)
    assert not case_intervals.agrees("after", 2, start, start + pd.Timedelta(days=77), mm)


def test_more_than_is_strict_under_both_conventions():
    start = ts("2009-01-01")
    # 16 mean months are exactly 487 days
    mm = case_intervals.MEAN_MONTH
    assert not case_intervals.agrees("more than", 16, start, start + pd.Timedelta(days=487), mm)
    assert case_intervals.agrees("more than", 16, start, start + pd.Timedelta(days=488), mm)
    assert not case_intervals.agrees("more than", 7, start, ts("2009-08-01"))
    assert case_intervals.agrees("more than", 7, start, ts("2009-08-02"))


def test_claim_status_across_conventions():
    start = ts("2009-06-06")
    assert case_intervals.claim_status("after", 1, start, ts("2009-07-10")) == case_intervals.HOLDS
    # 77 days: 2 calendar months, 2.53 mean months
    assert (
        case_intervals.claim_status("after", 2, start, ts("2009-08-22"))
        == case_intervals.ONE_CONVENTION
    )
    assert (
        case_intervals.claim_status("more than", 7, ts("2009-08-22"), LAST_MRI)
        == case_intervals.CONTRADICTED
    )
    # a "within" claim first documented later, with no assessment inside the window
    got = case_intervals.claim_status(
        "within", 1, start, ts("2009-08-22"), observed_before_end=False
    )
    assert got == case_intervals.CANNOT_REFUTE
    got = case_intervals.claim_status(
        "within", 1, start, ts("2009-08-22"), observed_before_end=True
    )
    assert got == case_intervals.CONTRADICTED


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="within, after, about, more than"):
        case_intervals.agrees("nearly", 1, ts("2009-01-01"), ts("2009-02-01"))


def test_wording_status_under_each_reading(frames):
    """Each time claim's status over both conventions, by reading; hand arithmetic in
    tests/unit/fixtures/claim-conventions-by-hand.csv."""
    check = time_wording.wording(frames, "RECIST1.1")
    flagged = {
        (r.reading, r.claim_id, r.n, r.from_key, r.status)
        for r in check.itertuples()
        if r.status != case_intervals.HOLDS
    }
    one, cannot, no = (
        case_intervals.ONE_CONVENTION,
        case_intervals.CANNOT_REFUTE,
        case_intervals.CONTRADICTED,
    )
    assert flagged == {
        # first overall CR 18 Dec (195 / 192 days); the earlier scans could not show a CR
        # (non-target disease not evaluated), and none was inside the first month
        ("as-printed", "cr-within-1-month", 1, "sorafenib-start", cannot),
        ("day-5-after-tace", "cr-within-1-month", 1, "sorafenib-start", cannot),
        # 77 days = 2 calendar months + 16 days, 2.53 mean months
        ("as-printed", "ct-2-and-4-months", 2, "sorafenib-start", one),
        # 267 / 264 days = 8 calendar months + 22 / 19 days, 8.77 / 8.67 mean months
        ("as-printed", "mri-6-and-8-months", 8, "sorafenib-start", one),
        ("day-5-after-tace", "mri-6-and-8-months", 8, "sorafenib-start", one),
        # CR documented from 18 Dec 2009 to 28 Feb 2010 (72 days); an earlier CR went
        # undocumented, so the Discussion's "lasted more than 7 months" is neither shown nor
        # refuted. The Background counts "after the initiation of the therapy": it holds.
        ("as-printed", "cr-more-than-7-months-discussion", 7, "sustained-cr", cannot),
        ("day-5-after-tace", "cr-more-than-7-months-discussion", 7, "sustained-cr", cannot),
    }
    assert no not in {f[-1] for f in flagged}


def test_wording_agrees_with_the_hand_worked_conventions(frames):
    by_hand = pd.read_csv(
        Path(__file__).parent / "fixtures" / "claim-conventions-by-hand.csv", dtype=str
    ).fillna("")
    check = time_wording.wording(frames, "RECIST1.1")
    compared = 0
    for r in check.itertuples():
        rows = by_hand[
            (by_hand["claim_id"] == r.claim_id)
            & (by_hand["n"] == str(r.n))
            & (by_hand["anchor_reading"] == r.reading)
            & (by_hand["days"] == str(r.days))
        ]
        for h in rows.itertuples():
            compared += 1
            assert h.status == r.status, (r.claim_id, r.n)
    assert compared >= 8


def test_wording_days_are_the_dates_subtracted(frames):
    check = time_wording.wording(frames, "RECIST1.1")
    assert len(check) == 2 * len(time_wording.CLAIMS)
    for r in check.itertuples():
        assert r.days == (r.to_date - r.from_date).days


def test_wording_explanation_text(frames):
    check = time_wording.wording(frames, "RECIST1.1").set_index(["reading", "claim_id", "n"])
    assert check.loc[("day-5-after-tace", "cr-within-1-month", 1), "explanation"] == (
        "1 calendar month after 9 Jun 2009 is 9 Jul 2009; 18 Dec 2009 is 162 days after it; "
        "192 days = 6.31 mean months"
    )
    assert check.loc[("as-printed", "ct-2-and-4-months", 2), "explanation"] == (
        "77 days = 2 whole calendar months and 16 days; = 2.53 mean months, 0.53 month more "
        "than 2 (rounds to 3)"
    )
    assert check.loc[("as-printed", "mri-6-and-8-months", 8), "explanation"].endswith(
        "0.77 month more than 8 (more than half a month off)"
    )


def test_a_claim_checked_against_a_number_its_text_does_not_state_is_a_data_error(frames):
    changed = dict(frames)
    claims = frames["published_text_claims"].copy()
    claims.loc[claims["claim_id"] == "ct-1-month", "printed"] = "July 10 2009; two months"
    changed["published_text_claims"] = claims
    with pytest.raises(DataError, match="ct-1-month"):
        time_wording.wording(changed)


# The case in numbers ----------------------------------------------------------------------------------


def test_summary_html_numbers_and_escaping(frames):
    html = case_numbers.summary_html(frames, "RECIST1.1", "as-printed")
    assert html.startswith('<div class="case-numbers">')
    assert f"{(FIRST_CR - START['as-printed']).days} days" in html
    assert "reading &#x27;as-printed&#x27;" in html
    assert "'" not in html  # every text is escaped, apostrophes included


def test_summary_html_states_the_mrecist_baseline_rule(frames):
    from hccrebuild.analysis import criteria

    html = case_numbers.summary_html(frames, "mRECIST")
    assert f"not reported; {criteria.MRECIST_ASSUMPTION}" in html
    assert criteria.MRECIST_ASSUMPTION not in case_numbers.summary_html(frames, "RECIST1.1")


def test_summary_html_escapes_the_quotes_it_shows(frames):
    changed = dict(frames)
    claims = frames["published_text_claims"].copy()
    claims.loc[claims["claim_id"] == "ct-1-month", "quote"] = "one month <b>after</b> & more"
    changed["published_text_claims"] = claims
    html = case_numbers.summary_html(changed)
    assert "one month &lt;b&gt;after&lt;/b&gt; &amp; more" in html
    assert "<b>after</b>" not in html


def test_save_summary(frames, figures_dir):
    out = products.save_case_numbers("<div>x</div>", time_wording.wording(frames), "default")
    assert out["html"] == figures_dir / "case-numbers.html"
    assert products.load_case_numbers("default") == "<div>x</div>\n"
    assert (figures_dir / "tbl-wording.csv").is_file()


# Figures ----------------------------------------------------------------------------------------------


def _known_dates(frames, reading):
    """Every date the data give (ISO), under one reading of the sorafenib start."""
    known = {f"{d:%Y-%m-%d}" for d in frames["case_imaging"]["date"].dropna()}
    known |= {f"{d:%Y-%m-%d}" for d in frames["case_labs"]["date"].dropna()}
    known |= {
        f"{case.event_date(frames, 'tace'):%Y-%m-%d}",
        f"{case.event_date(frames, 'sorafenib-start', reading):%Y-%m-%d}",
    }
    known |= set(frames["case_facts"]["date"].dropna())
    return known


@pytest.fixture(scope="module")
def saved(frames, tmp_path_factory):
    """Every figure saved once per reading into a temporary folder: {reading: folder}."""
    out = {}
    mp = pytest.MonkeyPatch()
    for reading in START:
        folder = tmp_path_factory.mktemp(reading)
        mp.setattr(paths, "FIGURES", folder)
        for built in case_figures.build_all(frames, "RECIST1.1", reading):
            case_figures.save(built, "default")
            plt.close(built.fig)
        out[reading] = folder
    mp.undo()
    return out


def _csv(folder, fig_id):
    return pd.read_csv(folder / f"{fig_id}.csv", dtype=str, keep_default_na=False)


def test_every_figure_is_saved_with_svg_csv_and_caption(saved):
    for folder in saved.values():
        for fig_id in case_figures.FIGURE_IDS:
            assert (
                (folder / f"{fig_id}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
            )
            meta = json.loads((folder / f"{fig_id}.json").read_text(encoding="utf-8"))
            assert meta["id"] == fig_id and meta["caption"] and meta["alt"]
            assert "nan" not in meta["caption"].lower().split() and "None" not in meta["caption"]


@pytest.mark.parametrize("fig_id", ["fig-lesion-size", "fig-afp", "fig-timeline"])
@pytest.mark.parametrize("reading", sorted(START))
def test_figure_csvs_hold_no_invented_dates(frames, saved, fig_id, reading):
    known = _known_dates(frames, reading)
    table = _csv(saved[reading], fig_id)
    for col in [c for c in table.columns if c in ("date", "date_end", "span_from", "span_to")]:
        assert set(table[col]) - {""} <= known, col


def test_afp_range_and_last_visit_rows_have_no_date(saved):
    afp = _csv(saved["as-printed"], "fig-afp").set_index("lab_id")
    assert afp.loc["afp-treatment-range", "date"] == ""
    assert afp.loc["afp-last-visit", "date"] == ""
    assert afp.loc["afp-treatment-range", ["value", "value_high"]].tolist() == ["2.02", "3.6"]
    assert afp.loc["afp-2009-05-08", "date"] == "2009-05-08"


@pytest.mark.parametrize("reading", sorted(START))
def test_afp_band_spans_the_sorafenib_course(saved, reading):
    row = _csv(saved[reading], "fig-afp").set_index("lab_id").loc["afp-treatment-range"]
    assert (row["span_from"], row["span_to"]) == (
        f"{START[reading]:%Y-%m-%d}",
        f"{LAST_MRI:%Y-%m-%d}",
    )


def test_afp_caption_draws_no_upper_limit_of_normal(saved):
    caption = json.loads((saved["as-printed"] / "fig-afp.json").read_text(encoding="utf-8"))[
        "caption"
    ]
    assert "No upper limit of normal is drawn" in caption
    assert "dates" in caption and "last scan (28 Feb 2010)" in caption


def test_not_visible_lesion_rows_have_no_size(frames, saved):
    sizes = _csv(saved["as-printed"], "fig-lesion-size")
    lesions = sizes[sizes["panel"].isin(["L1", "L2"])]
    hidden = lesions[lesions["visible"] == "False"]
    assert len(hidden) == int((~frames["case_lesions"]["visible"].astype(bool)).sum())
    assert set(hidden["value"]) == {""}
    shown = lesions[lesions["visible"] == "True"].set_index("panel")
    assert shown.loc["L1", "value"] == "30.0" and shown.loc["L2", "value"] == "20.0"


def test_lesion_figure_labels_every_follow_up_with_its_category(saved):
    total = _csv(saved["as-printed"], "fig-lesion-size")
    total = total[total["panel"] == "total"]
    # overall response by the whole RECIST 1.1 rule: PR at the three CTs, CR from 18 Dec 2009
    assert list(total["category"]) == ["baseline", "PR", "PR", "PR", "CR", "CR"]
    assert list(total["days_since_start"]) == [
        str((date.fromisoformat(d) - START["as-printed"]).days) for d in total["date"]
    ]


def test_afp_so_has_first_and_last_visit_and_no_dates(saved):
    so = _csv(saved["as-printed"], "fig-afp-so")
    assert "date" not in so.columns
    assert list(zip(so["case"], so["visit"], so["value"])) == [
        ("So et al.", "first", "13599.0"),
        ("So et al.", "last", "3.8"),
        ("index case", "first", "2.22"),
        ("index case", "last", "2.67"),
    ]


def test_timeline_draws_undated_things_without_a_date(saved):
    tl = _csv(saved["as-printed"], "fig-timeline")
    hfsr = tl[tl["lane"] == "AE: hand-foot skin reaction"].iloc[0]
    assert hfsr["date"] == "" and hfsr["precision"] == "not given"
    admission = tl[tl["lane"] == "admission"].iloc[0]
    assert (admission["date"], admission["precision"]) == ("2009-05", "month")
    us = tl[tl["label"].str.startswith("US")].iloc[0]
    assert (us["date"], us["drawn_as"]) == ("", "not drawn")


@pytest.mark.parametrize("criterion", criteria.CRITERIA)
def test_captions_name_the_criterion(frames, criterion):
    built = case_figures.lesion_size(frames, criterion)
    plt.close(built.fig)
    assert criterion in built.caption
    if criterion == "mRECIST":
        assert "not record which part of a lesion enhances" in built.caption


def test_build_all_checks_the_criterion_first():
    with pytest.raises(Exception, match="valid: RECIST1.1, WHO, mRECIST"):
        case_figures.build_all({}, "who")


def test_svg_is_deterministic(frames, figures_dir):
    texts = []
    for _ in range(2):
        built = case_figures.afp_so(frames)
        case_figures.save(built, "default")
        plt.close(built.fig)
        texts.append((figures_dir / "fig-afp-so.svg").read_text(encoding="utf-8"))
    assert texts[0] == texts[1]


def test_every_figure_is_one_type_saved_one_way(frames, figures_dir):
    figures = case_figures.build_all(frames, "RECIST1.1")
    assert [f.fig_id for f in figures] == list(case_figures.FIGURE_IDS)
    assert all(isinstance(f, plotting.Figure) for f in figures)
    assert case_figures.save is plotting.save
    for f in figures:
        out = case_figures.save(f, "default")
        assert not plt.fignum_exists(f.fig.number)  # saving closes the figure
        meta = json.loads(out["json"].read_text(encoding="utf-8"))
        assert meta == {"id": f.fig_id, "caption": f.caption, "alt": f.alt}
        csv = pd.read_csv(out["csv"], dtype=str, keep_default_na=False)
        assert list(csv.columns) == list(f.data.columns) and len(csv) == len(f.data)


# Module inputs and the notebook -----------------------------------------------------------------------


def test_each_module_runs_on_its_own_inputs():
    names = {r["name"] for r in data.descriptor()["resources"]}
    for module in (response, case_intervals, case_figures):
        assert set(module.INPUTS) <= names
    assert set(response.INPUTS) <= set(case_intervals.INPUTS) <= set(case_figures.INPUTS)
    assert len(case_figures.INPUTS) == len(set(case_figures.INPUTS))
    assert set(finding_facts.INPUTS) <= set(case_numbers.INPUTS) <= set(case_figures.INPUTS)
    case_numbers.summary_html(data.load(case_numbers.INPUTS, validate=False))


def test_notebook_parameters_and_no_outputs():
    nb_path = paths.NOTEBOOKS / "case_figures.ipynb"
    assert params.notebook_parameters(nb_path) == ["preset", "criterion", "sorafenib_start"]
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "hccrebuild"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            assert "def " not in "".join(cell["source"])


def test_every_preset_s_reading_runs_the_case_figures_notebook_s_code(frames, figures_dir):
    """The case-figures notebook's calls, run here with each criterion and start-date reading a
    preset of params/ asks for besides the default's: the response table, the wording check and
    summary saved, every figure saved and read back, captioned with that criterion; a later start
    changes the numbers the summary gives. (The integration tests build the default with `make
    report` and the `who` preset whole with `make presets`.)"""
    from hccrebuild.analysis import parameter_choices
    from hccrebuild.figures import saved
    from hccrebuild.html import product_html

    default = parameter_choices.load(paths.preset_file("default"))["case_figures"]
    usual = (default["criterion"], default["sorafenib_start"])
    asked = {}  # (criterion, reading) -> a preset that asks for it: each once
    for preset in sorted(paths.PARAMS.glob("*.yaml")):
        given = {**default, **parameter_choices.load(preset).get("case_figures", {})}
        asked.setdefault((given["criterion"], given["sorafenib_start"]), preset.stem)
    asked.pop(usual)
    assert {c for c, _ in asked} >= {"mRECIST"} and {r for _, r in asked} > {usual[1]}, asked
    usual_summary = case_numbers.summary_html(frames, *usual)
    for (criterion, reading), preset in asked.items():
        case.event_date(frames, "sorafenib-start", reading)
        table = response.assess(frames, criterion, reading)
        assert len(table) and table["criterion"].eq(criterion).all(), criterion
        products.save_response(response.assess_all(frames, reading), preset, frames["findings"])
        check = time_wording.wording(frames, criterion)
        summary = case_numbers.summary_html(frames, criterion, reading)
        products.save_case_numbers(summary, check, preset, frames["findings"])
        if reading != usual[1]:
            assert summary != usual_summary, reading
        for number, built in enumerate(case_figures.build_all(frames, criterion, reading), 1):
            built.save(preset)
            shown = product_html.figure_html(saved.load_figure(built.fig_id, preset), number)
            assert built.fig_id in shown, (preset, built.fig_id)
        lesion = saved.load_figure("fig-lesion-size", preset)
        assert criterion in lesion["caption"], (preset, lesion["caption"])
