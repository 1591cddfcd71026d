"""Teaching exercise: the assessment of edited measurements at the criteria's boundaries, and the widgets' wiring."""

import pandas as pd
import pytest

from hccrebuild import data
from hccrebuild.analysis import criteria, response
from hccrebuild.analysis.response import CR, NOT_ASSESSABLE, PD, PR, SD
from hccrebuild.errors import ParameterError
from hccrebuild.html import teaching

BASE, FU1, FU2, FU3 = "mri-2009-05-14", "ct-2009-07-10", "ct-2009-08-22", "ct-2009-10-17"
# the first overall CR (the CTs are PR: non-target disease not described) and the last scan
FU4, FU5 = "mri-2009-12-18", "mri-2010-02-28"


@pytest.fixture(scope="module")
def frames():
    return data.load(teaching.INPUTS, validate=False)


def edit(frames, changes):
    """The recorded measurements with some lesions changed: {(lesion, study): (long_cm, short_cm)}."""
    m = teaching.measurements(frames)
    for (lid, study), (long_cm, short_cm) in changes.items():
        hit = (m["lesion_id"] == lid) & (m["study_id"] == study)
        assert hit.sum() == 1
        m.loc[hit, ["long_cm", "short_cm"]] = [long_cm, short_cm]
    return m


def category(table, study):
    return table.set_index("study_id").loc[study, "category"]


# The pure assessment ------------------------------------------------------------------------------------------


def test_measurements_are_the_recorded_diameters_with_zero_where_not_visible(frames):
    m = teaching.measurements(frames).set_index(["lesion_id", "study_id"])
    assert tuple(m.loc[("L1", BASE), ["long_cm", "short_cm"]]) == (3.0, 2.5)
    assert tuple(m.loc[("L2", BASE), ["long_cm", "short_cm"]]) == (2.0, 2.0)
    assert tuple(m.loc[("L1", FU1), ["long_cm", "short_cm"]]) == (0.0, 0.0)
    assert list(m.reset_index()["purpose"].unique()) == ["baseline", "follow_up"]


@pytest.mark.parametrize("criterion", criteria.CRITERIA)
def test_unedited_measurements_give_the_report_s_assessment(frames, criterion):
    mine = teaching.assess_measurements(frames, teaching.measurements(frames), criterion)
    theirs = response.assess(frames, criterion)
    assert list(mine["category"]) == list(theirs["category"])
    assert list(mine["reason"]) == list(theirs["reason"])
    assert not mine["new_lesion"].any()


def test_editing_does_not_change_the_loaded_data(frames):
    before = frames["case_lesions"].copy()
    teaching.assess_measurements(frames, edit(frames, {("L1", FU1): (2.0, 1.0)}))
    pd.testing.assert_frame_equal(frames["case_lesions"], before)


def test_recist_exactly_30_percent_below_baseline_is_pr_and_just_above_is_sd(frames):
    # baseline sum 30 + 20 = 50 mm; 35 mm is exactly 30 % below it
    pr = teaching.assess_measurements(
        frames, edit(frames, {("L1", FU1): (2.0, 1.0), ("L2", FU1): (1.5, 1.0)})
    )
    sd = teaching.assess_measurements(
        frames, edit(frames, {("L1", FU1): (2.0, 1.0), ("L2", FU1): (1.51, 1.0)})
    )
    assert category(pr, FU1) == PR and category(sd, FU1) == SD


def test_recist_20_percent_and_5_mm_over_the_nadir_is_pd_just_below_is_sd(frames):
    nadir = {("L1", FU1): (2.0, 1.0), ("L2", FU1): (1.5, 1.0)}  # 35 mm, PR
    pd_ = teaching.assess_measurements(
        frames, edit(frames, nadir | {("L1", FU2): (2.7, 1.0), ("L2", FU2): (1.5, 1.0)})
    )
    sd = teaching.assess_measurements(
        frames, edit(frames, nadir | {("L1", FU2): (2.69, 1.0), ("L2", FU2): (1.5, 1.0)})
    )
    assert category(pd_, FU2) == PD and category(sd, FU2) == SD


def test_recist_20_percent_but_only_4_mm_over_the_nadir_is_not_pd(frames):
    # nadir 20 mm (L2 alone, a PR); L1 back at 4 mm with L2 unchanged: +20 % but +4 mm, and no CR before,
    # so the sum decides: still 52 % below the baseline
    changes = {("L2", FU1): (2.0, 2.0), ("L1", FU2): (0.4, 0.3), ("L2", FU2): (2.0, 2.0)}
    table = teaching.assess_measurements(frames, edit(frames, changes))
    assert category(table, FU1) == PR and category(table, FU2) == PR
    assert not table["new_lesion"].any()


def test_a_lesion_reappearing_after_a_cr_is_pd_under_recist(frames):
    # 3 mm is far below the 5 mm of a PD by the sum: the reappearance alone makes it PD
    table = teaching.assess_measurements(
        frames, edit(frames, {("L1", FU5): (0.3, 0.2)}), "RECIST1.1"
    )
    row = table.set_index("study_id").loc[FU5]
    assert row["category"] == PD and row["new_lesion"]
    # the first overall CR is the MRI of 18 Dec 2009 (the CTs are PR: non-target disease not described)
    assert "seen again after the CR of 18 Dec 2009" in row["reason"]
    assert category(table, FU3) == PR and category(table, FU4) == CR
    # before any overall CR a lesion seen again is not new: 3 mm against a 0 mm nadir is +3 mm, no PD
    before = teaching.assess_measurements(frames, edit(frames, {("L1", FU3): (0.3, 0.2)}))
    assert category(before, FU3) == PR and not before["new_lesion"].any()


def test_a_new_lesion_ticked_by_the_learner_is_pd(frames):
    table = teaching.assess_measurements(
        frames, teaching.measurements(frames), "WHO", new_lesions=[FU2]
    )
    assert category(table, FU1) == PR and category(table, FU2) == PD
    assert (
        table.set_index("study_id").loc[FU2, "reason"]
        == criteria.classify_who(1, 1, 0, True).reason
    )


def test_who_exactly_50_percent_smaller_product_is_pr(frames):
    # baseline 30×25 + 20×20 = 1150 mm²; half of it is 575 = 25×23
    pr = teaching.assess_measurements(frames, edit(frames, {("L1", FU1): (2.5, 2.3)}), "WHO")
    sd = teaching.assess_measurements(frames, edit(frames, {("L1", FU1): (2.5, 2.31)}), "WHO")
    assert category(pr, FU1) == PR and category(sd, FU1) == SD


def test_mrecist_cannot_assess_a_visible_lesion_without_enhancement_data(frames):
    table = teaching.assess_measurements(frames, edit(frames, {("L1", FU1): (1.0, 1.0)}), "mRECIST")
    # the CTs after lipiodol are not assessable by mRECIST anyway; the first MRI is CR
    assert category(table, FU1) == NOT_ASSESSABLE and category(table, FU2) == NOT_ASSESSABLE
    assert category(table, FU4) == CR


@pytest.mark.parametrize(
    "size, words",
    [
        ((-1.0, 1.0), "cannot be negative"),
        ((1.0, 0.0), "give both diameters"),
        ((1.0, 1.5), "exceeds the long one"),
    ],
)
def test_impossible_measurements_are_refused_with_where_and_why(frames, size, words):
    with pytest.raises(ParameterError, match=words) as info:
        teaching.assess_measurements(frames, edit(frames, {("L2", FU2): size}))
    assert "L2 on 22 Aug 2009" in str(info.value)


def test_a_baseline_without_lesions_cannot_be_assessed(frames):
    with pytest.raises(ValueError, match="baseline sum must be positive"):
        teaching.assess_measurements(
            frames, edit(frames, {("L1", BASE): (0, 0), ("L2", BASE): (0, 0)})
        )


def test_rules_state_the_thresholds_of_the_response_module():
    html = teaching.rules_html("RECIST1.1")
    assert f"at least {criteria.RECIST_PR} % below the baseline" in html
    assert f"at least {criteria.RECIST_PD} % and at least {criteria.RECIST_PD_MM} mm above" in html
    assert f"at least {criteria.WHO_PR} % below" in teaching.rules_html("WHO")
    # the mRECIST rules state the one assumption the verdicts rest on, and why the CTs cannot be read
    assert criteria.MRECIST_ASSUMPTION in teaching.rules_html("mRECIST")
    assert response.LIPIODOL_WHY in teaching.rules_html("mRECIST")
    assert criteria.MRECIST_ASSUMPTION not in html
    # the learner is told that the overall response needs more than the target lesions
    assert "non-target disease still present or not described is PR, not CR" in html
    assert f"at least {response.CONFIRM_DAYS} days on" in html


def test_the_answer_key_is_hidden_unless_revealed(frames):
    assert "reveal=True" in teaching.answer_key_html(frames)
    shown = teaching.answer_key_html(frames, reveal=True)
    assert shown.count("<tr") == 1 + len(teaching.answer_key(frames)) and "CT 10 Jul 2009" in shown


def test_feedback_wording():
    assert teaching.feedback_text(CR, CR, "why") == "Correct: CR. Why: why."
    assert (
        teaching.feedback_text(PR, CR, "why")
        == "Not quite: you said PR; the computed category is CR. Why: why."
    )
    assert (
        teaching.feedback_text(teaching.NO_GUESS, SD, "why")
        == "No guess; the computed category is SD. Why: why."
    )


# The widgets, driven through their handlers ----------------------------------------------------------------


@pytest.fixture
def exercise(frames):
    return teaching.exercise(frames, "RECIST1.1")


def test_nothing_is_given_away_before_the_reveal(exercise):
    exercise.guesses[FU1].value = PR
    exercise.diameters[(FU1, "L1", "long_cm")].value = 2.0
    exercise.diameters[(FU1, "L1", "short_cm")].value = 1.0
    assert set(exercise.feedback_texts().values()) == {""} and exercise.result.value == ""


def test_guess_then_reveal_click_gives_feedback_on_every_scan(exercise):
    exercise.guesses[FU1].value = PR
    exercise.guesses[FU2].value = PR
    exercise.reveal_button.click()
    text = exercise.feedback_texts()
    assert text[FU1].startswith("Correct: PR. Why: target lesions CR: every target lesion has")
    assert "non-target disease not evaluated: PR, not CR" in text[FU1]
    assert text[FU2].startswith("Correct: PR.")
    assert text[FU3].startswith("No guess; the computed category is PR.")
    assert text[FU4].startswith("No guess; the computed category is CR.")
    assert "CT 10 Jul 2009" in exercise.result.value


def test_after_the_reveal_an_edited_diameter_changes_the_category(exercise):
    # the last scan, after the first overall CR: a lesion seen again there is new
    exercise.guesses[FU5].value = CR
    exercise.reveal_button.click()
    exercise.diameters[(FU5, "L1", "long_cm")].value = 0.3
    assert "give both diameters" in exercise.status.value  # half-typed: one diameter only
    exercise.diameters[(FU5, "L1", "short_cm")].value = 0.2
    assert exercise.status.value == ""
    # edited measurements are the learner's: the category follows them, unscored
    assert exercise.feedback_texts()[FU5].startswith(
        "Your measurements or criterion: the computed category is PD (not scored)."
    )
    exercise.reset_button.click()
    assert exercise.diameters[(FU5, "L1", "long_cm")].value == 0.0
    assert exercise.feedback_texts()[FU5].startswith("Correct: CR.")


def test_the_new_lesion_box_and_the_criterion_are_wired(exercise):
    exercise.reveal_button.click()
    exercise.new_lesion[FU2].value = True
    assert "computed category is PD" in exercise.feedback_texts()[FU2]
    exercise.criterion.value = "WHO"
    assert "mm²" in exercise.feedback_texts()[FU1]


def test_reveal_parameter_shows_the_answers_at_once(frames):
    ex = teaching.exercise(frames, "mRECIST", "day-5-after-tace", reveal=True)
    texts = ex.feedback_texts()
    # mRECIST cannot be read on the CTs after lipiodol; both MRIs are CR
    for study in (FU1, FU2, FU3):
        assert texts[study].startswith(f"No guess; the computed category is {NOT_ASSESSABLE}.")
    assert texts[FU4].startswith("No guess; the computed category is CR.")
    assert texts[FU5].startswith("No guess; the computed category is CR.")
    assert ex.criterion.value == "mRECIST"


def test_unknown_parameters_fail_before_any_widget(frames):
    with pytest.raises(ParameterError, match="unknown response criterion"):
        teaching.exercise(frames, "RECIST")
    with pytest.raises(ParameterError, match="unknown reading"):
        teaching.exercise(frames, "RECIST1.1", "june-7")


def test_no_number_is_typed_into_the_exercise_prose():
    """Every text of prose/teaching.yaml is a template: numbers come from placeholders."""
    import re

    import yaml

    from hccrebuild import paths

    def digits(x):
        if isinstance(x, dict):
            return [d for v in x.values() for d in digits(v)]
        return [x] if re.search(r"\d", re.sub(r"</?[a-zA-Z][^>]*>?", "", str(x))) else []

    prose = yaml.safe_load((paths.TEMPLATES.parent / "prose" / "teaching.yaml").read_text())
    assert digits(prose) == []
    assert digits({"a": "sum 0"}) != []


def test_guesses_are_scored_once_at_the_reveal_and_kept(exercise):
    exercise.guesses[FU1].value = CR  # the common mistake: target CR, overall PR
    exercise.guesses[FU4].value = CR
    exercise.reveal_button.click()
    assert "Score: 1 of 5" in exercise.result.value
    assert all(box.disabled for box in exercise.guesses.values())
    # a guess changed after the reveal (through code; the box is disabled) neither re-scores nor shows "Correct"
    exercise.guesses[FU1].value = PR
    assert exercise.feedback_texts()[FU1].startswith(
        "Not quite: you said CR; the computed category is PR."
    )
    assert "Score: 1 of 5" in exercise.result.value
    exercise.reveal_button.click()
    assert "Score: 1 of 5" in exercise.result.value


def test_a_baseline_target_under_10_mm_is_refused_with_the_reason(frames):
    with pytest.raises(ParameterError, match="5.0 mm cannot make a target lesion") as info:
        teaching.assess_measurements(frames, edit(frames, {("L2", BASE): (0.5, 0.4)}))
    assert "at least 10 mm" in str(info.value) and "L2 on 14 May 2009" in str(info.value)
    # 10 mm exactly is measurable
    teaching.assess_measurements(frames, edit(frames, {("L2", BASE): (1.0, 0.8)}))


def test_scans_after_a_pd_say_they_do_not_count(frames):
    table = teaching.assess_measurements(frames, teaching.measurements(frames), new_lesions=[FU3])
    rows = table.set_index("study_id")
    assert rows.loc[FU3, "category"] == PD and rows.loc[FU4, "category"] == CR
    assert (
        "after the PD of 17 Oct 2009 this scan does not change the best overall response"
        in rows.loc[FU4, "reason"]
    )
    assert "after the PD" not in rows.loc[FU3, "reason"]


# The response questions, interactive and printed ---------------------------------------------------------------


@pytest.fixture
def questions(frames):
    return teaching.questions(frames, "RECIST1.1")


def test_nothing_of_the_questions_is_given_away_before_the_check(questions):
    questions.inputs["baseline-sum"].value = "50"
    assert set(questions.feedback_texts().values()) == {""} and questions.summary.value == ""


def test_the_questions_are_scored_once_with_specific_feedback(questions):
    q = questions.inputs
    q["baseline-sum"].value = "1150"  # products, not diameters
    q[f"{FU1}-overall"].value = CR  # target CR only
    q["practice-2-from-nadir"].value = "-16"  # against the baseline
    q["practice-2-target"].value = SD
    q["measurable"].value = "no"
    questions.check_button.click()
    text = questions.feedback_texts()
    assert "sum of products" in text["baseline-sum"] and "Answer: 50 mm" in text["baseline-sum"]
    assert (
        "target-lesion category alone" in text[f"{FU1}-overall"]
        and "Answer: PR" in text[f"{FU1}-overall"]
    )
    assert (
        "change from the baseline: PD is judged against the nadir" in text["practice-2-from-nadir"]
    )
    assert "PD is measured from the nadir" in text["practice-2-target"]
    assert text["measurable"].startswith("Correct")
    assert "Score: 1 of" in questions.summary.value and questions.check_button.disabled
    # a correction after the check: not re-scored, never "Correct"
    q["baseline-sum"].value = "50"
    text = questions.feedback_texts()["baseline-sum"]
    assert not text.startswith("Correct") and "Changed after the check: not scored" in text
    assert "Score: 1 of" in questions.summary.value


def test_the_worksheet_key_is_the_exercise_s_key_and_the_report_s_verdicts(frames):
    import re

    from hccrebuild.analysis import response_exercise as rx
    from hccrebuild.html import worksheet

    for criterion in ("RECIST1.1", "mRECIST"):
        key = str(worksheet.worksheet_html(frames, criterion, answers=True))
        # the table's answers, scan by scan, as the interactive exercise expects them
        live = teaching.questions(frames, criterion, reveal=True)
        texts = live.feedback_texts()
        follow = [s for s in live.scans.itertuples() if not s.baseline]
        expected = []
        for s in follow:
            for part in worksheet.SCAN_PARTS:
                qn = next(q for q in live.questions if q["id"] == f"{s.study_id}-{part}")
                shown = rx.shown_answer(qn)  # a token with its reason in a few words
                assert f"Answer: {shown}" in texts[qn["id"]]
                if qn["also"]:  # two readings: "PR / CR" in the cell, the readings under the table
                    both = " / ".join(
                        rx.shown(a) for a in [qn["answer"], *(a for a, _ in qn["also"])]
                    )
                    shown = f"{both} ({qn['note']})" if qn["note"] else both
                    assert "both are right" in key
                expected.append(shown)
        got = [
            re.sub(r"<sup[^>]*>.*?</sup>", "", c)
            for c in re.findall(r'<td class="answer">(.*?)</td>', key, re.S)
        ]
        got = [re.sub(r" (?:mm|%)$", "", re.sub(r"<[^>]+>", "", c).strip()) for c in got]
        assert got == expected
        # the overall column is response.assess's verdict at each scan
        verdicts = list(response.assess(frames, criterion)["category"][1:])
        overall = got[len(worksheet.SCAN_PARTS) - 1 :: len(worksheet.SCAN_PARTS)]
        assert [c.split(" (")[0].split(" / ")[0] for c in overall] == verdicts
        # no cell is a bare token: each says why in a few words
        tokens = set(rx.TOKENS)
        assert [c for c in got if c in tokens] == [], criterion
        # every register value the key shows carries its finding
        for tag in re.findall(r"<[a-z]+\b[^>]*data-value=[^>]*>", key):
            if "case-response-" in tag or "case-first-cr" in tag:
                assert "data-finding=" in tag, tag


def test_the_learner_worksheet_holds_no_answer(frames):
    import re

    from hccrebuild.analysis import response_exercise as rx
    from hccrebuild.html import worksheet

    for criterion in ("RECIST1.1", "mRECIST"):
        sheet = str(worksheet.worksheet_html(frames, criterion, answers=False))
        assert "<script" not in sheet
        assert set(re.findall(r'<td class="answer">(.*?)</td>', sheet, re.S)) == {""}
        assert 'class="why"' not in sheet
        # no verdict of the case (the start date the days count from is shown, with its mark)
        for verdict in ("case-response-", "case-first-cr", "case-cr-duration"):
            assert f'data-value="{verdict}' not in sheet
        for q in rx.questions(frames, criterion):
            assert q["why"] not in sheet, q["id"]
        # blanks for every question outside the table
        outside = [q for q in rx.questions(frames, criterion) if q["section"] != "scan"]
        assert sheet.count('class="blank"') == len(outside)
        # no pointer to the findings register: a finding flags the very values the learner works out
        words = re.sub(r"<[^>]+>", " ", sheet)
        assert "see finding" not in words and 'class="ref"' not in sheet
        for fid in frames["findings"]["finding_id"]:
            assert fid not in words, fid
        # the instruction names what is undefined: a change in percent from a nadir of 0
        assert "percentage of zero" not in words and "from a nadir of 0" in words
        key = str(worksheet.worksheet_html(frames, criterion, answers=True))
        assert 'class="why"' in key and 'data-value="case-first-cr"' in key
        assert "see finding" in key  # the key names the findings, by their titles
    # under mRECIST the sheet and its key state the one rule, and the key's baseline sum follows it
    for answers in (False, True):
        sheet = str(worksheet.worksheet_html(frames, "mRECIST", answers=answers))
        assert criteria.MRECIST_ASSUMPTION in sheet
    key = re.sub(r"<[^>]+>", "", str(worksheet.worksheet_html(frames, "mRECIST", answers=True)))
    assert "not reported (assumed enhancing)" in key
    assert criteria.MRECIST_ASSUMPTION not in str(worksheet.worksheet_html(frames, "RECIST1.1"))


def test_the_worksheet_labels_the_first_scan_s_words_as_the_target_lesions_own(frames):
    import re

    from hccrebuild.html import worksheet

    words = re.sub(r"<[^>]+>", "", str(worksheet.worksheet_html(frames)))
    row = words.split("CT 10 Jul 2009")[1].split("CT 22 Aug 2009")[0]
    assert "target lesions: “demonstrated CR for both lesions”" in row
    assert "other intrahepatic masses: not described" in row
    assert "new lesions: none reported (assumed none)" in row and "not-evaluated" not in words


def test_mrecist_follows_the_learner_s_reading_of_enhancement(frames):
    both = {(BASE, "L1"): "enhancing", (BASE, "L2"): "enhancing"}
    table = teaching.assess_measurements(
        frames, teaching.measurements(frames), "mRECIST", enhancement=both
    )
    assert table.iloc[0]["sum"] == 50.0  # the whole of both lesions taken as viable
    # the CTs after lipiodol stay not assessable whatever the reading; the MRIs are CR
    assert category(table, FU1) == NOT_ASSESSABLE and category(table, FU4) == CR
    # a lesion still enhancing at the MRI: 10 mm of 50 is PR (non-target CR: overall PR)
    m = edit(frames, {("L1", FU4): (1.0, 1.0)})
    table = teaching.assess_measurements(
        frames, m, "mRECIST", enhancement=both | {(FU4, "L1"): "enhancing"}
    )
    assert category(table, FU4) == PR
    # the same lesion read as not enhancing (necrotic): no viable tumour, CR
    table = teaching.assess_measurements(
        frames, m, "mRECIST", enhancement=both | {(FU4, "L1"): "not enhancing"}
    )
    assert category(table, FU4) == CR
    # cannot judge it: not assessable
    table = teaching.assess_measurements(frames, m, "mRECIST", enhancement=both)
    assert category(table, FU4) == NOT_ASSESSABLE


def test_the_baseline_starts_as_the_report_s_assumption_and_says_so(frames):
    from hccrebuild.analysis import response_exercise as rx

    ex = teaching.exercise(frames, "mRECIST", reveal=True)
    for (study, _), box in ex.enhancement.items():
        if study == BASE:
            assert box.value == rx.ASSUMED and box.tooltip == criteria.MRECIST_ASSUMPTION
        else:
            assert box.value == rx.CANNOT_JUDGE
    assert criteria.MRECIST_ASSUMPTION in ex.widget.children[1].value
    # the assumption is the report's reading: the verdicts are the case's, scored and marked
    assert ex.recorded_values()
    assert ex.feedback_texts()[FU4].startswith("No guess; the computed category is CR.")
    # without it no CR can be scored
    ex.enhancement[(BASE, "L1")].value = rx.CANNOT_JUDGE
    assert "computed category is not assessable" in ex.feedback_texts()[FU4]
    ex.reset_button.click()
    assert ex.enhancement[(BASE, "L1")].value == rx.ASSUMED and ex.recorded_values()


def test_learner_texts_say_new_lesions_in_words(frames):
    ex = teaching.exercise(frames, "RECIST1.1", reveal=True)
    assert "new lesions none reported (assumed none)" in ex.feedback_texts()[FU1]
    assert "not-evaluated" not in ex.result.value
    ex.diameters[(FU1, "L1", "long_cm")].value = 1.0
    ex.diameters[(FU1, "L1", "short_cm")].value = 1.0
    assert "not-evaluated" not in ex.feedback_texts()[FU1]


def test_the_enhancement_boxes_show_under_mrecist_only_and_are_wired(frames):
    ex = teaching.exercise(frames, "RECIST1.1")
    assert all(b.layout.display == "none" for b in ex.enhancement.values())
    ex.criterion.value = "mRECIST"
    assert all(b.layout.display == "" for b in ex.enhancement.values())
    ex.reveal_button.click()
    ex.enhancement[(BASE, "L1")].value = "enhancing"
    ex.enhancement[(BASE, "L2")].value = "enhancing"
    assert "on your reading of enhancement" in ex.feedback_texts()[FU4]
    assert "(not scored)" in ex.feedback_texts()[FU4]


def test_the_questions_show_no_finding_and_state_the_mrecist_rule(frames):
    import re

    from hccrebuild.analysis import response_exercise as rx

    live = teaching.questions(frames, "mRECIST")
    shown = " ".join(re.sub(r"<[^>]+>", " ", getattr(c, "value", "")) for c in live.widget.children)
    assert "see finding" not in shown and "first-cr-timing" not in shown
    assert criteria.MRECIST_ASSUMPTION in shown and "percentage of zero" not in shown
    live.check_button.click()
    assert "Answer: not reported (assumed enhancing)" in live.feedback_texts()["baseline-sum"]
    assert rx.NOT_REPORTED in str(live.widget.children[0].value)
