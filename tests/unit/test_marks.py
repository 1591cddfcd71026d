"""Every product carries the findings register's verdict: a new finding marks its values."""

import fnmatch
import re
from html import escape as html_escape

import pandas as pd
import pytest
from markupsafe import escape

from hccrebuild import data
from hccrebuild.analysis import finding_facts, marks, products, table1
from hccrebuild.figures import case_figures, plotting, trial_charts
from hccrebuild.html import case_numbers, product_html, slides, teaching


@pytest.fixture(scope="module")
def register():
    return data.load(products.INPUTS, validate=False)["findings"]


def test_a_new_finding_marks_its_cell_in_the_saved_cells_file(register, tmp_path):
    new = pd.DataFrame(
        [
            {
                "finding_id": "new-age-finding",
                "title": "A new finding",
                "values": "table1-age-ap-placebo",
            }
        ]
    )
    copy = pd.concat([register, new], ignore_index=True)
    table = table1.build(data.load(table1.INPUTS, validate=False))
    products.save_table(table, tmp_path, copy)
    cells = pd.read_csv(tmp_path / "tbl-trials.cells.csv", dtype=str, keep_default_na=False)
    marked = cells[cells["finding"].str.split().map(lambda f: "new-age-finding" in f)]
    assert list(marked["value_id"]) == ["table1-age-ap-placebo"]
    back = products.load_table(tmp_path, "tbl-trials")
    assert back.findings["new-age-finding"] == "A new finding"
    html = product_html.table_html(back)
    assert 'data-value="table1-age-ap-placebo" data-finding="new-age-finding"' in html
    assert 'See finding <a href="#finding-new-age-finding">“A new finding”</a>' in html


def test_marks_read_space_separated_ids_and_wildcards(register):
    got = marks.marks(
        ["table1-ae-hypertension-sharp-sorafenib table1-ae-hypertension-sharp-placebo", "", "x"],
        register,
    )
    assert got == ["sharp-ae-percent-labelled-n", "", ""]


def test_every_figure_has_the_two_columns_and_marks_the_register_values():
    figs = case_figures.build_all(
        data.load(case_figures.INPUTS, validate=False)
    ) + trial_charts.build_all(data.load(trial_charts.INPUTS, validate=False))
    by_id = {f.fig_id: f for f in figs}
    for f in figs:
        plotting.plt.close(f.fig)
    timeline = by_id["fig-timeline"].data.set_index("value_id")
    assert timeline.loc["case-ae-hypertension", "finding"] == "hypertension-grade"
    assert "grade 1 as printed" in timeline.loc["case-ae-hypertension", "label"]
    assert "Hypertension 'grade 1' is not established" in by_id["fig-timeline"].caption
    best = by_id["fig-best-response"].data.set_index("value_id")
    assert "abou-alfa-response-rows" in best.loc["table1-pd-abou-alfa-sorafenib", "finding"]
    freq = by_id["fig-ae-frequency"].data.set_index("value_id")
    assert freq.loc["case-ae-hypertension", "finding"] == "hypertension-grade"
    lesion = by_id["fig-lesion-size"].data
    assert (
        lesion[lesion["value_id"].str.startswith("case-response-")]["finding"]
        .str.contains("first-cr-timing")
        .all()
    )


def test_case_numbers_carry_the_marks_in_words():
    frames = data.load(case_numbers.INPUTS, validate=False)
    html = case_numbers.summary_html(frames)
    assert 'data-value="case-first-cr" data-finding="first-cr-timing"' in html
    title = finding_facts.reader_titles(frames)["first-cr-timing"]
    assert "{" not in title and f"see finding “{escape(title)}”" in html


# The deck's discussion slides and the teaching page, from the register outwards ----------------------------

_ELEMENT = re.compile(r"<[a-z]+\b[^>]*\bdata-value=\"([^\"]*)\"[^>]*>")


def _unmarked(html: str, register) -> list:
    """(value id, finding id) of every element whose `data-value` a finding's pattern matches but
    whose `data-finding` does not name that finding."""
    pats = [
        (f, p)
        for f, vals in zip(register["finding_id"], register["values"])
        for p in str(vals).split()
    ]
    out = []
    for m in _ELEMENT.finditer(html):
        found = re.search(r'data-finding="([^"]*)"', m.group(0))
        found = found.group(1).split() if found else []
        for fid, pat in pats:
            if any(fnmatch.fnmatchcase(v, pat) for v in m.group(1).split()) and fid not in found:
                out.append((m.group(1), fid))
    return out


def _discussion(frames) -> str:
    return "".join(
        slides.prompt_html(k, frames, c, r) + slides.answer_html(k, frames, c, r)
        for k in slides.PROMPTS
        for c in ("RECIST1.1", "mRECIST")
        for r in (None, "day-5-after-tace")
    )


def _teaching(frames) -> str:
    ex = teaching.exercise(frames, "RECIST1.1", reveal=True)
    shown = [teaching.answer_key_html(frames, c, reveal=True) for c in ("RECIST1.1", "WHO")]
    return "".join([*shown, ex.result.value, *(w.value for w in ex.feedback.values())])


@pytest.fixture(scope="module")
def slide_frames():
    return data.load(slides.INPUTS, validate=False)


@pytest.fixture(scope="module")
def teaching_frames():
    return data.load(teaching.INPUTS, validate=False)


def test_every_value_on_the_discussion_slides_carries_its_findings(slide_frames):
    html = _discussion(slide_frames)
    assert _unmarked(html, slide_frames["findings"]) == []
    # the values the register names are shown, marked, with the finding's words
    titles = finding_facts.reader_titles(slide_frames)
    for value, fid in [
        ("text-cr-within-1-month", "first-cr-timing"),
        ("case-first-cr", "first-cr-timing"),
        ("case-response-ct-2009-07-10", "first-cr-timing"),
        ("case-ae-hypertension", "hypertension-grade"),
        ("case-sorafenib-start", "day-5-date"),
        ("text-pr-rate-range", "pr-rate-range-includes-placebo"),
        ("table1-ae-hand_foot_skin_reaction-sharp-sorafenib", "sharp-ae-percent-labelled-n"),
    ]:
        assert re.search(f'data-value="{value}" data-finding="[^"]*{fid}', html), value
        assert f"“{html_escape(titles[fid])}”" in _named(html)
    assert "{" not in titles["first-cr-timing"]
    # each answer gives a finding's words once, however many of its values it marks, in a line
    # that reads aloud (no "see finding" per value)
    for answer in re.findall(r'<div class="answer".*?</div>', html, flags=re.S):
        notes = _named(answer)
        assert len(notes) == len(set(notes)), answer
        assert "see finding" not in answer


def _named(html: str) -> list:
    """The findings' titles named by the lines "What the rebuild found: …"."""
    lines = re.findall(r"What the rebuild found: (.*?)\.(?:<|$)", html, flags=re.S)
    return [t for line in lines for t in re.findall(r"“[^”]*”", line)]


def test_every_verdict_on_the_teaching_page_carries_its_findings(teaching_frames):
    html = _teaching(teaching_frames)
    assert _unmarked(html, teaching_frames["findings"]) == []
    for value in ("case-response-ct-2009-07-10", "case-response-mri-2009-12-18", "case-first-cr"):
        assert re.search(f'data-value="{value}" data-finding="[^"]*first-cr-timing', html), value
    title = finding_facts.reader_titles(teaching_frames)["first-cr-timing"]
    assert f"see finding “{escape(title)}”" in html


def test_an_edited_verdict_on_the_teaching_page_is_the_learner_s_and_unmarked(teaching_frames):
    ex = teaching.exercise(teaching_frames, "RECIST1.1", reveal=True)
    ex.diameters[("mri-2010-02-28", "L1", "long_cm")].value = 0.3
    ex.diameters[("mri-2010-02-28", "L1", "short_cm")].value = 0.2
    assert "data-value" not in ex.result.value
    assert "data-value" not in ex.feedback["mri-2010-02-28"].value
    ex.reset_button.click()
    assert 'data-value="case-response-mri-2010-02-28"' in ex.feedback["mri-2010-02-28"].value


def _with_finding(frames, values: str) -> dict:
    new = pd.DataFrame([{"finding_id": "new-finding", "title": "A new finding", "values": values}])
    return {**frames, "findings": pd.concat([frames["findings"], new], ignore_index=True)}


@pytest.mark.parametrize(
    "value, show",
    [
        ("table2-age-so-2008", lambda f: slides.answer_html("rare-cr", f)),
        ("table1-pr-ap-sorafenib", lambda f: slides.answer_html("rare-cr", f)),
        ("case-ae-hfsr", lambda f: slides.answer_html("adverse-events", f)),
        ("table2-main_adverse_reaction-so-2008", lambda f: slides.answer_html("adverse-events", f)),
        ("case-response-mri-2010-02-28", lambda f: teaching.answer_key_html(f, reveal=True)),
        (
            "case-response-mri-2010-02-28",
            lambda f: teaching.exercise(f, reveal=True).feedback["mri-2010-02-28"].value,
        ),
    ],
)
def test_a_new_finding_marks_a_value_of_the_discussion_slides_and_the_teaching_page(
    slide_frames, value, show
):
    """In an answer, with the finding's words; a question shows the sign instead (next test)."""
    assert 'data-finding="new-finding"' not in show(slide_frames)
    html = show(_with_finding(slide_frames, value))
    assert re.search(f'data-value="{value}" data-finding="([^"]* )?new-finding"', html)
    # a deck answer names it in its closing line, the teaching page beside the value
    assert "“A new finding”" in _named(html) or "see finding “A new finding”" in html


def test_a_question_marks_a_value_with_a_sign_and_says_the_answer_discusses_it(slide_frames):
    """A finding's words beside a value on a question slide would give the answer away: the value
    is marked with a sign and the question says the answer discusses it; the answer names it."""
    frames = _with_finding(slide_frames, "case-ae-hfsr")
    prompt = slides.prompt_html("adverse-events", frames)
    assert re.search(r'data-value="case-ae-hfsr" data-finding="([^"]* )?new-finding"', prompt)
    assert (
        "A new finding" not in prompt and "‡" in prompt and "answer discusses this value" in prompt
    )
    assert "“A new finding”" in _named(slides.answer_html("adverse-events", frames))
    plain = slides.prompt_html("adverse-events", slide_frames)
    assert (
        "answer discusses this value" in plain
    )  # the hypertension grade's finding, already in the register
