"""The trial charts: each saved CSV holds exactly what is drawn; captions carry the denominators."""

import json
from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from hccrebuild import data, paths
from hccrebuild.analysis import trial_data
from hccrebuild.errors import ParameterError
from hccrebuild.figures import plotting, trial_charts

PRESET = "test-trial-charts"


@pytest.fixture(scope="module")
def frames():
    return data.load(trial_charts.INPUTS, validate=False)


@pytest.fixture
def saved(monkeypatch, tmp_path):
    """Save a chart into a temporary figures folder; return its files read back."""
    monkeypatch.setattr(paths, "FIGURES", tmp_path)

    def save(chart):
        out = chart.save(PRESET)
        assert all(p.parent == tmp_path / PRESET for p in out.values())
        return {
            "csv": pd.read_csv(out["csv"], keep_default_na=False, na_values=[""]),
            "meta": json.loads(out["json"].read_text(encoding="utf-8")),
            "svg": out["svg"].read_text(encoding="utf-8"),
        }

    yield save
    plt.close("all")


def _artists(fig, prefix):
    """Drawn artists whose gid starts with `prefix`, by gid."""
    return {
        a.get_gid(): a
        for ax in fig.axes
        for a in ax.get_children()
        if (a.get_gid() or "").startswith(prefix)
    }


def test_ae_frequency_csv_is_exactly_the_bars_drawn(frames, saved):
    chart = trial_charts.ae_frequency(frames)
    bars = {g: p.get_width() for g, p in _artists(chart.fig, "bar-").items()}
    missing = _artists(chart.fig, "nr-")
    files = saved(chart)
    csv = files["csv"]
    arms = csv[csv["series"] == "trial arm"]
    drawn = arms[arms["mark"] == "bar"]
    assert {
        f"bar-{t}-{a}": p for t, a, p in zip(drawn["ae_term"], drawn["arm_id"], drawn["percent"])
    } == pytest.approx(bars)
    assert len(arms) == 10 * 5
    na = arms[arms["mark"] == "not reported"]
    assert set(missing) == {f"nr-{t}-{a}" for t, a in zip(na["ae_term"], na["arm_id"])}
    assert len(drawn) + len(na) == len(arms)
    assert files["meta"] == {"id": "fig-ae-frequency", "caption": chart.caption, "alt": chart.alt}
    assert 'id="bar-hand_foot_skin_reaction-sharp-sorafenib"' in files["svg"]


def test_ae_frequency_reads_the_acceptance_values(frames, saved):
    csv = saved(trial_charts.ae_frequency(frames))["csv"].set_index(["ae_term", "arm_id"])
    hfsr = csv.loc["hand_foot_skin_reaction"]
    assert hfsr.loc["sharp-sorafenib", "percent"] == 21.0
    assert hfsr.loc["sharp-placebo", "percent"] == 3.0
    assert hfsr.loc["ap-sorafenib", "percent"] == float(Decimal(67) * 100 / 149)
    assert hfsr.loc["ap-placebo", "percent"] == float(Decimal(2) * 100 / 75)
    assert [
        str(hfsr.loc[a, "percent_label"])
        for a in ("sharp-sorafenib", "sharp-placebo", "ap-sorafenib", "ap-placebo")
    ] == ["21", "3", "45.0", "2.7"]


def test_not_reported_is_marked_not_zero(frames, saved):
    chart = trial_charts.ae_frequency(frames)
    texts = [t.get_text() for t in _artists(chart.fig, "nr-").values()]
    csv = saved(chart)["csv"]
    na = csv[csv["mark"] == "not reported"]
    n_raw = int(data.read("trial_adverse_events")["value"].isna().sum())
    assert len(na) == len(texts) == n_raw == 6
    assert set(texts) == {"not reported"}
    assert na["percent"].isna().all()
    assert (na["percent_label"] == "not reported").all()
    assert not any(g.startswith("bar-bleeding-abou-alfa") for g in _artists(chart.fig, "bar-"))


def test_single_patients_are_marked_beside_their_events(frames, saved):
    chart = trial_charts.ae_frequency(frames)
    marks = set(_artists(chart.fig, "patient-"))
    csv = saved(chart)["csv"]
    single = csv[csv["series"] == "single patient"]
    assert marks == {f"patient-{p}-{t}" for p, t in zip(single["arm_id"], single["ae_term"])}
    assert marks == {
        "patient-index-hand_foot_skin_reaction",
        "patient-index-hypertension",
        "patient-so-2008-diarrhoea",
    }
    assert single["percent"].isna().all()
    assert (
        "not percentages" in chart.caption
        and "grade 1" in chart.caption
        and "diarrhoea" in chart.caption
    )


def test_ae_parameters_choose_and_order_the_events(frames, saved):
    chart = trial_charts.ae_frequency(
        frames, ["hand_foot_skin_reaction", "diarrhoea", "nausea"], "sorafenib"
    )
    csv = saved(chart)["csv"]
    assert list(dict.fromkeys(csv.loc[csv["series"] == "trial arm", "ae_term"])) == [
        "diarrhoea",
        "hand_foot_skin_reaction",
        "nausea",
    ]
    assert set(_artists(chart.fig, "patient-")) == {
        "patient-index-hand_foot_skin_reaction",
        "patient-so-2008-diarrhoea",
    }
    assert [t.get_text() for t in chart.fig.axes[0].get_yticklabels()] == [
        "Diarrhea",
        "Hand-foot skin reaction",
        "Nausea",
    ]


@pytest.mark.parametrize("chart", [trial_charts.ae_frequency, trial_charts.ae_difference])
def test_unknown_event_or_sort_order_lists_valid_values(frames, chart):
    with pytest.raises(ParameterError) as err:
        chart(frames, ["hand_foot_skin_reaction", "rash"])
    assert "rash" in str(err.value) and all(t in str(err.value) for t in trial_data.ae_terms())
    with pytest.raises(ParameterError) as err:
        chart(frames, None, "alphabetical")
    assert all(k in str(err.value) for k in trial_data.SORT_ORDERS)


def test_captions_say_what_each_trial_reported(frames):
    charts = {c.fig_id: c for c in trial_charts.build_all(frames)}
    assert list(charts) == trial_charts.FIGURE_IDS
    freq = charts["fig-ae-frequency"].caption
    for phrase in (
        "published percentages of 297 (sorafenib) and 302 (placebo) treated",
        "counts out of 149 (sorafenib) and 75 (placebo) treated",
        "counts out of 137 treated",
        "confidence medium",
        "rounded half up",
    ):
        assert phrase in freq
    diff = charts["fig-ae-difference"].caption
    assert all(n in diff for n in ("297", "302", "149", "75")) and "137" not in diff
    best = charts["fig-best-response"].caption
    assert (
        "48 of 137" in best
        and "minor response" in best
        and "stable disease for at least 16 weeks" in best
    )
    assert "confidence medium" in best
    eff = charts["fig-efficacy"].caption
    assert "SHARP OS 0.69 (0.55–0.87), P<0.001 [Llovet 2008; confidence high]" in eff
    assert "SHARP TTP 0.58 (0.45–0.74), P<0.001 [Llovet 2008; confidence medium]" in eff
    assert "Asia-Pacific OS 0.68 (0.50–0.93), P = 0.014 [Cheng 2009; confidence high]" in eff
    plt.close("all")


def test_every_chart_is_a_figure_saved_and_closed_by_plotting(frames, saved):
    charts = trial_charts.build_all(frames)
    assert [c.fig_id for c in charts] == trial_charts.FIGURE_IDS
    assert all(isinstance(c, plotting.Figure) for c in charts)
    for chart in charts:
        files = saved(chart)
        assert not plt.fignum_exists(chart.fig.number)  # saving closes the figure
        assert files["meta"] == {"id": chart.fig_id, "caption": chart.caption, "alt": chart.alt}
        assert len(files["csv"]) == len(chart.data)


def test_ae_difference_csv_is_exactly_the_points_drawn(frames, saved):
    chart = trial_charts.ae_difference(frames)
    points = {g: float(line.get_xdata()[0]) for g, line in _artists(chart.fig, "diff-").items()}
    csv = saved(chart)["csv"]
    drawn = csv[csv["mark"] == "point"]
    assert {
        f"diff-{t}-{tr}": d
        for t, tr, d in zip(drawn["ae_term"], drawn["trial_id"], drawn["difference"])
    } == pytest.approx(points)
    assert points["diff-hand_foot_skin_reaction-sharp"] == 18.0
    assert points["diff-hand_foot_skin_reaction-asia-pacific"] == pytest.approx(
        float(Decimal(6700) / 149 - Decimal(200) / 75)
    )
    na = csv[csv["mark"] == "not reported"]
    assert set(zip(na["ae_term"], na["trial_id"])) == {
        ("vomiting", "asia-pacific"),
        ("bleeding", "asia-pacific"),
    }
    assert na["difference"].isna().all()


def test_best_response_segments_are_exactly_the_csv(frames, saved):
    chart = trial_charts.best_response(frames)
    segs = {g: (p.get_x(), p.get_width()) for g, p in _artists(chart.fig, "seg-").items()}
    csv = saved(chart)["csv"]
    drawn = csv[csv["mark"] == "segment"]
    expected = {
        f"seg-{a}-{c.replace(' ', '-')}": (x, w)
        for a, c, x, w in zip(drawn["arm_id"], drawn["category"], drawn["left"], drawn["percent"])
    }
    assert expected.keys() == segs.keys()
    for key, (x, w) in expected.items():
        assert segs[key] == pytest.approx((x, w)), key
    for arm, g in drawn.groupby("arm_id"):
        assert g["percent"].sum() == pytest.approx(100), arm
    rest = drawn[drawn["category"] == "not accounted for"].set_index("arm_id")
    assert rest.loc["abou-alfa-sorafenib", "count"] == 48
    assert rest.loc["sharp-sorafenib", "count"] == 27
    ne = csv[(csv["arm_id"] == "sharp-sorafenib") & (csv["category"] == "NE")].iloc[0]
    assert ne["mark"] == "not reported" and pd.isna(ne["percent"])


def test_best_response_categories_read_apart_in_greyscale(frames):
    chart = trial_charts.best_response(frames)
    style = {}
    for gid, patch in _artists(chart.fig, "seg-abou-alfa-sorafenib-").items():
        r, g, b, _ = patch.get_facecolor()
        style[gid.rsplit("sorafenib-", 1)[1]] = (
            0.299 * r + 0.587 * g + 0.114 * b,
            patch.get_hatch() or "",
        )
    assert len(style) == 6
    assert style["not-accounted-for"][1]  # the remainder is hatched
    for a in style:
        for b in style:
            if a < b:
                same_grey = abs(style[a][0] - style[b][0]) < 0.1
                assert not (same_grey and style[a][1] == style[b][1]), (a, b)
    plt.close("all")


def test_efficacy_draws_hazard_ratios_on_a_log_axis(frames, saved):
    chart = trial_charts.efficacy(frames)
    right = chart.fig.axes[1]
    assert right.get_xscale() == "log"
    assert any(list(line.get_xdata()) == [1, 1] for line in right.get_lines())
    points = {g: float(line.get_xdata()[0]) for g, line in _artists(chart.fig, "hr-").items()}
    medians = {g: float(line.get_xdata()[0]) for g, line in _artists(chart.fig, "median-").items()}
    csv = saved(chart)["csv"]
    hr = csv[csv["panel"] == "hazard ratios"]
    assert points == {
        f"hr-{t}-{m}": v for t, m, v in zip(hr["trial_id"], hr["measure"], hr["value"])
    }
    raw = data.read("trial_hazard_ratios")
    assert sorted(points.values()) == sorted(float(v) for v in raw["hr"])
    med = csv[csv["panel"] == "medians"]
    assert medians == {
        f"median-{a}-{m}": v for a, m, v in zip(med["arm_id"], med["measure"], med["value"])
    }
    assert medians["median-sharp-sorafenib-os"] == 10.7
