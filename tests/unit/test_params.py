"""Parameter sets: sections per notebook, a common section, and clear errors."""

import pytest

from hccrebuild import paths
from hccrebuild.analysis import parameter_choices
from hccrebuild.data import params
from hccrebuild.errors import ParameterError, ParameterErrors


def write(tmp_path, text):
    p = tmp_path / "set.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_every_preset_in_params_is_valid():
    presets = sorted(paths.PARAMS.glob("*.yaml"))
    assert paths.preset_file("default") in presets
    for preset in presets:
        parameter_choices.load(preset)
        first = preset.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 10, (
            f"{preset.name} needs a one-line description"
        )


def test_common_keys_go_to_every_notebook_that_has_them(tmp_path):
    got = parameter_choices.load(
        write(tmp_path, "common:\n  sorafenib_start: day-5-after-tace\ntable2: {}\n")
    )
    having = [
        s
        for s, nb in params.notebooks().items()
        if "sorafenib_start" in params.notebook_parameters(paths.NOTEBOOKS / nb)
    ]
    assert len(having) >= 2
    for section, values in got.items():
        assert (values.get("sorafenib_start") == "day-5-after-tace") == (section in having), section


def test_a_section_overrides_common(tmp_path):
    got = parameter_choices.load(
        write(
            tmp_path,
            "common:\n  sorafenib_start: day-5-after-tace\ntable2:\n  sorafenib_start: as-printed\n",
        )
    )
    assert got["table2"]["sorafenib_start"] == "as-printed"


@pytest.mark.parametrize(
    "text, message",
    [
        ("tabel1: {}\n", "key 'tabel1': unknown section; valid: common, "),
        (
            "table1:\n  arm: []\n",
            "key 'table1.arm': not a parameter of notebooks/table1.ipynb; valid: arms",
        ),
        ("common:\n  colour: red\n", "key 'common.colour': a parameter of no notebook"),
        ("table1:\n  preset: x\n", "key 'table1.preset': not a parameter"),
        ("- a\n- b\n", "expected one mapping per notebook"),
    ],
)
def test_mistakes_are_named(tmp_path, text, message):
    with pytest.raises((ParameterError, ParameterErrors), match=message.replace("(", r"\(")):
        parameter_choices.load(write(tmp_path, text))


def test_unchecked_sections_are_what_the_check_gives():
    """The build reads each notebook's parameters unchecked (`sections`, no data read) to decide
    what is stale, and checks them in a step of their own (`load`): for every preset, the same."""
    for preset in sorted(paths.PARAMS.glob("*.yaml")):
        assert params.sections(preset) == parameter_choices.load(preset), preset.name


def test_every_preset_s_table_and_chart_parameters_give_its_table_and_charts(monkeypatch, tmp_path):
    """The code of the notebooks whose parameters a preset may change on their own (Table 1: the
    arms; the trial charts: the adverse events and their order), run here with every preset's
    parameters and saved: Table 1 has the preset's arms as its columns, and the adverse-event
    charts draw the preset's events in the order it asks for. (test_case_figures.py runs the
    case figures' code under every preset's criterion and start date; the integration tests
    build the `who` preset whole with `make presets`.)"""
    import matplotlib.pyplot as plt

    from hccrebuild import data
    from hccrebuild.analysis import table1, trial_ae
    from hccrebuild.figures import trial_charts

    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    tables = data.load(table1.INPUTS, validate=False)
    trials = data.load(trial_charts.INPUTS, validate=False)
    default = parameter_choices.load(paths.preset_file("default"))  # every parameter, given
    arm_lists, chart_choices = {}, {}  # each distinct choice once, with a preset that makes it
    for preset in sorted(paths.PARAMS.glob("*.yaml")):
        given = parameter_choices.load(preset)
        table, charts = ({**default[s], **given.get(s, {})} for s in ("table1", "trial_charts"))
        arm_lists.setdefault(tuple(table["arms"]), preset.stem)
        chart_choices.setdefault((tuple(charts["ae_terms"]), charts["sort_by"]), preset.stem)
    assert len(arm_lists) > 1 and len(chart_choices) > 1  # the presets do change them
    for arms in arm_lists:
        assert [c for c, _, _ in table1.build(tables, arms=list(arms)).columns] == list(arms)
    for (terms, sort_by), preset in chart_choices.items():
        terms, sort_by = trial_charts.check_parameters(list(terms), sort_by)
        order = trial_ae.order_terms(trial_ae.adverse_events(trials, terms), sort_by)
        assert sorted(order) == sorted(terms), preset
        for chart in trial_charts.build_all(trials, ae_terms=terms, sort_by=sort_by)[:2]:
            drawn = chart.data.drop_duplicates("ae_term")["ae_term"].tolist()
            assert drawn == order, (preset, chart.fig_id, drawn)
            chart.save(preset)
        plt.close("all")
