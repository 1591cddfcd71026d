"""The verification ledger: coverage, the errata register, and mutation tests that must all be caught."""

import re

import pandas as pd
import pytest

from hccrebuild import data
from hccrebuild.analysis import ledger
from hccrebuild.analysis.ledger import register
from hccrebuild.analysis.tables import (
    CANNOT_REFUTE,
    DISCREPANCY,
    FLAGGED,
    MISLABELLED,
    ONE_CONVENTION,
    REPRODUCED,
    STATUSES,
)
from hccrebuild.errors import LedgerError


@pytest.fixture(scope="module")
def frames():
    return data.load(ledger.INPUTS, validate=False)


@pytest.fixture(scope="module")
def entries(frames):
    return ledger.build(frames)


def test_the_committed_errata_explain_exactly_the_discrepancies(entries, frames):
    ledger.check(entries, frames["errata"], frames["findings"])


def test_every_numeric_cell_of_both_tables_is_in_the_ledger(entries, frames):
    cells = entries[entries["kind"] == "cell"]
    for table in ("table1", "table2"):
        printed = frames[f"published_{table}"]
        numeric = printed[printed["printed"].str.contains(r"\d")]
        assert len(numeric) > 0
        for r in numeric.itertuples():
            visit = getattr(r, "visit", None)
            key = "-".join(
                p for p in (table, r.row_id, r.column, visit) if isinstance(p, str) and p
            )
            assert key in set(cells["id"]), key


def test_text_claims_are_all_covered_and_at_least_fifteen(entries, frames):
    text = entries[
        entries["kind"].isin(["text", "primary"]) & entries["location"].str.contains("“")
    ]
    assert text["published"].str.contains(r"\d").sum() >= 15
    claim_ids = set(frames["published_text_claims"]["claim_id"])
    ids = set(entries["id"])
    for cid in claim_ids:
        assert any(
            i == f"text-{cid}"
            or i.startswith(f"text-{cid}-")
            or i.startswith("primary-")
            and cid in i
            for i in ids
        ) or cid in set(frames["primary_facts"]["claim_id"]), cid


def test_nothing_is_silently_skipped(entries):
    assert set(entries["status"]) <= set(STATUSES)
    for e in entries[entries["status"] != REPRODUCED].itertuples():
        assert e.note or e.status == DISCREPANCY, f"{e.id} says not why"
    assert entries["id"].is_unique


def test_known_errors_of_the_paper_are_found(entries):
    status = entries.set_index("id")["status"]
    for eid in (
        "table1-pd-sharp-sorafenib",
        "table1-pd-ap-placebo",
        "table1-ne-abou-alfa-sorafenib",
        "sum-sex-ap-placebo",
        "text-pr-rate-range",
        "primary-trial-endpoints",
    ):
        assert status[eid] == DISCREPANCY, eid
    assert status["table1-pr-sharp-sorafenib"] == REPRODUCED
    # one n (%) cell is one check: no second, printed-only copy of the same arithmetic
    assert not entries["id"].str.startswith("grim-").any()


def test_unexplained_and_stale_entries_fail_with_a_list(entries, frames):
    errata = frames["errata"]
    with pytest.raises(LedgerError, match="unexplained discrepancy table1-pd-ap-placebo"):
        ledger.check(entries, errata[errata["entry_id"] != "table1-pd-ap-placebo"])
    extra = pd.concat(
        [errata, errata.iloc[:1].assign(entry_id="table1-pr-sharp-sorafenib")], ignore_index=True
    )
    with pytest.raises(
        LedgerError,
        match="errata entry table1-pr-sharp-sorafenib no longer occurs: the entry is now reproduced",
    ):
        ledger.check(entries, extra)


def test_every_entry_states_its_independence(entries):
    assert set(entries["independence"]) <= set(ledger.INDEPENDENCE)
    assert (entries["independence"] != "").all()
    by_id = entries.set_index("id")["independence"]
    # a Table 1 count typed from that very cell proves only the transcription
    assert by_id["table1-number-sharp-sorafenib"] == "transcription"
    assert by_id["sum-sex-ap-placebo"] == "consistency"
    assert by_id["text-ct-1-month-1m-from-sorafenib-start-as-printed"] == "recomputed"
    assert by_id["table1-age-sharp-sorafenib"] == "primary-source"
    # NA against NA compares words: nothing is recomputed
    assert by_id["table1-ne-sharp-sorafenib"] == "transcription"
    # a criterion's judgement is neither a transcription nor a recomputation; a causal claim is
    # checked against the order of the printed dates
    assert by_id["text-first-follow-up-cr"] == "published-rule"
    assert by_id["text-sorafenib-induced"] == "recomputed"
    assert by_id["primary-ctcae-hypertension"] == "published-rule"


def test_independent_checks_never_count_transcriptions(entries):
    n = ledger.independent_checks(entries)
    transcribed = entries["independence"] == "transcription"
    assert n["transcription"] == int(transcribed.sum()) > 100
    assert n["independent"] == len(entries) - n["transcription"]
    assert n["independent_reproduced"] == int(
        ((~transcribed) & (entries["status"] == REPRODUCED)).sum()
    )


def test_every_flagged_entry_belongs_to_one_finding(entries, frames):
    flagged = entries[entries["status"].isin(FLAGGED)]
    assert (flagged["finding"] != "").all()
    assert set(flagged["finding"]) <= set(frames["findings"]["finding_id"])
    assert frames["finding_entries"]["entry_id"].is_unique


def test_findings_are_distinct_problems_ranked_by_consequence(entries, frames):
    found = ledger.findings(entries, frames)
    ranks = [register.CONSEQUENCES.index(s) for s in found["consequence"]]
    assert ranks == sorted(ranks)
    assert found["consequence"].iloc[0] == "changes-case-conclusion"
    by_id = found.set_index("finding_id")
    # the 20 SHARP adverse-event cells are one finding, not 20
    assert by_id.loc["sharp-ae-percent-labelled-n", "n_entries"] == 20
    assert len(found) < int(entries["status"].isin(FLAGGED).sum())
    # each wrong rounding is one finding of one entry: the cell's n/N check, counted once
    assert by_id.loc["pd-percent-sharp-sorafenib", "entries"] == "table1-pd-sharp-sorafenib"
    # a finding that states itself beside verdicts counts them (every follow-up scan)
    assert by_id.loc["first-cr-timing", "n_verdicts"] == 5


def test_confidence_follows_from_the_kind_of_evidence(entries, frames):
    found = ledger.findings(entries, frames)
    levels = ("low", "medium", "high")
    for f in found.itertuples():
        assert f.confidence == register.confidence(f.evidence_kind, f.fact_confidence)
    lowest_fact = min(
        (
            levels.index(c)
            for c, k in zip(found["confidence"], found["evidence_kind"], strict=True)
            if k in ("printed-values", "primary-source")
        ),
        default=2,
    )
    highest_inference = max(
        (
            levels.index(c)
            for c, k in zip(found["confidence"], found["evidence_kind"], strict=True)
            if k == "inference"
        ),
        default=0,
    )
    assert lowest_fact >= highest_inference
    assert register.confidence("inference") == "low"
    assert register.confidence("primary-source", "medium") == "medium"


def test_no_finding_concludes_that_a_claim_holds(frames):
    """A finding names a problem: none is built on entries that hold."""
    fe = frames["finding_entries"]
    errata = frames["errata"].set_index("entry_id")
    assert set(fe["entry_id"]) == set(errata.index)
    for text in frames["findings"]["title"]:
        assert " hold" not in text.lower(), text


def test_a_finding_s_text_follows_the_data(entries, frames):
    """The dates in a finding's text come from the computation: with the 18 Dec 2009 MRI's
    non-target evidence withdrawn, the first CR moves to the next MRI and the text says so."""
    found = ledger.findings(entries, frames).set_index("finding_id")
    assert (
        "CT 22 Aug 2009 or MRI 18 Dec 2009, by the reading" in found.loc["first-cr-timing", "title"]
    )
    nt = frames["case_nontarget"].copy()
    nt.loc[nt["study_id"] == "mri-2009-12-18", "status"] = "not-evaluated"
    changed = {**frames, "case_nontarget": nt}
    moved = ledger.findings(ledger.build(changed), changed).set_index("finding_id")
    # with no verdict at 18 Dec, both readings put the first lasting CR at the last MRI
    assert moved.loc["first-cr-timing", "title"].endswith("the first overall CR is MRI 28 Feb 2010")
    assert "18 Dec 2009" not in moved.loc["first-cr-timing", "why"]


def test_a_field_the_computation_does_not_give_fails(entries, frames):
    reg = frames["findings"].copy()
    reg.loc[0, "why"] = "It lasted {days_of_glory} days."
    with pytest.raises(LedgerError, match="days_of_glory"):
        ledger.findings(entries, {**frames, "findings": reg})


def test_the_first_follow_up_is_not_cr_and_that_is_a_finding(entries):
    e = entries.set_index("id").loc["text-first-follow-up-cr"]
    assert e["status"] == DISCREPANCY and e["published"] == "CR"
    assert e["reproduced"].startswith("RECIST 1.1 overall PR")
    assert "WHO PR" in e["reproduced"] and "mRECIST not assessable" in e["reproduced"]
    assert e["finding"] == "first-cr-timing"


def test_the_so_et_al_column_contradicts_itself_and_that_is_a_finding(entries):
    by_id = entries.set_index("id")
    so = by_id.loc["table2-check-outcome-so-2008"]
    assert so["status"] == DISCREPANCY and "metastasis" in so["reproduced"]
    assert so["finding"] == "so-table2-lung-metastasis"
    assert by_id.loc["table2-check-outcome-index", "status"] == REPRODUCED
    # neither paper states a criterion: the Outcome row is not a finding, but a note
    kind = by_id.loc["table2-check-outcome-kind"]
    assert kind["status"] == REPRODUCED and "neither paper states" in kind["note"]
    # both columns print two diameters under 'Longest Diameter': the same format
    assert by_id.loc["table2-check-diameter-format", "status"] == REPRODUCED


def test_a_treated_transient_hypertension_has_an_undetermined_grade(entries):
    e = entries.set_index("id").loc["primary-ctcae-hypertension"]
    assert e["published"] == "grade 1" and e["status"] == CANNOT_REFUTE
    assert "CTCAE v3.0: the treatment needs at least grade 2" in e["reproduced"]
    assert "the transient course fits grade 1" in e["reproduced"]
    assert "CTCAE v4.0: the treatment needs at least grade 2" in e["reproduced"]
    # no CTCAE rows for the hand-foot skin reaction in the data: it is not checked, not invented
    assert "primary-ctcae-hand-foot-skin-reaction" not in set(entries["id"])


def test_time_claims_under_both_conventions(entries):
    status = entries.set_index("id")["status"]
    base = "text-{}-from-sorafenib-start-{}"
    assert status[base.format("ct-1-month-1m", "as-printed")] == REPRODUCED
    assert status[base.format("ct-2-and-4-months-2m", "as-printed")] == ONE_CONVENTION
    assert status[base.format("ct-2-and-4-months-2m", "day-5-after-tace")] == REPRODUCED
    assert status[base.format("mri-6-and-8-months-8m", "as-printed")] == ONE_CONVENTION
    # the earlier scans could not show a CR (non-target disease not evaluated): neither shown
    # nor refuted, whatever the arithmetic
    assert status[base.format("cr-within-1-month-1m", "as-printed")] == CANNOT_REFUTE
    # "more than 7 months after the initiation of the therapy": counted from the start, it holds
    assert status["text-cr-more-than-7-months-7m-from-sorafenib-start-as-printed"] == REPRODUCED
    assert "text-cr-more-than-7-months-7m-from-sustained-cr-as-printed" not in status
    # an interval that does not start at sorafenib is one check, not one per start reading
    assert status["text-cr-more-than-7-months-discussion-7m-from-sustained-cr"] == CANNOT_REFUTE
    assert status["text-cr-more-than-7-months-discussion-7m-from-tace"] == REPRODUCED
    day5 = entries.set_index("id").loc["text-symptoms-day-5"]
    assert "09 Jun 2009 counting TACE as Day 0" in day5["reproduced"]
    assert "08 Jun 2009 counting it as Day 1" in day5["reproduced"]
    assert day5["status"] == DISCREPANCY


def test_the_sharp_adverse_event_cells_are_reproduced_but_mislabelled(entries):
    cells = entries[entries["id"].str.match(r"table1-ae-.*-sharp-")]
    assert len(cells) == 20 and (cells["status"] == MISLABELLED).all()


def test_case_entries_passed_in_give_the_same_ledger(frames, entries):
    again = ledger.build(frames, case_entries=ledger.case_part(frames))
    pd.testing.assert_frame_equal(again, entries)


#: Raw values no printed number depends on, so no ledger entry can notice a change: the paper prints
#: no treated count for the Asia-Pacific arms (their AE counts are checked as counts). The AE chart
#: tests (test_trials.py) check the percentages built on them.
NOT_PRINTED = {
    ("trial_populations", ("ap-sorafenib", "treated")),
    ("trial_populations", ("ap-placebo", "treated")),
}


def _mutants(frames):
    """Every single-value change: each count or value of Table 1's raw data +1, each printed number of Table 1 +1."""
    for name, column in (
        ("trial_populations", "n"),
        ("trial_baseline", "value"),
        ("trial_outcomes", "value"),
        ("trial_best_response", "count"),
        ("trial_adverse_events", "value"),
    ):
        frame = frames[name]
        for i in frame.index[frame[column].notna()]:
            if (
                name,
                tuple(frame.loc[i, ["arm_id", "population"]])
                if name == "trial_populations"
                else None,
            ) not in NOT_PRINTED:
                yield name, i, column
    printed = frames["published_table1"]
    for i in printed.index[printed["printed"].str.contains(r"\d")]:
        yield "published_table1", i, "printed"


def _bump(frame, i, column):
    out = frame.copy()
    value = out.at[i, column]
    if column == "printed":
        # change the first digit: 137 -> 237, 2.2 -> 3.2, 0 -> 1
        m = re.search(r"\d", value)
        out.at[i, column] = value[: m.start()] + str((int(m.group()) + 1) % 10) + value[m.end() :]
    else:
        out.at[i, column] = value + 1
    return out


#: What a forked worker of the mutation test reads: the frames, the errata and the unchanged entries.
_BASE = {}


def _set_base(base: dict) -> None:
    """In each worker process: the unchanged frames and what the ledger made of them."""
    _BASE.update(base)


def _judge(mutant):
    """("survivor" | "crash" | "unnamed" | "caught", description) for one single-value mutant."""
    name, i, column = mutant
    frames, errata, before = _BASE["frames"], _BASE["errata"], _BASE["before"]
    label = f"{name} row {i + 1} {column}"
    mutated = dict(frames)
    mutated[name] = _bump(frames[name], i, column)
    try:
        after = ledger.build(mutated, case_entries=_BASE["case_entries"])
    except Exception as exc:  # noqa: BLE001 - any crash is reported, by mutant
        return "crash", f"{label}: {type(exc).__name__}: {exc}"
    now = after.set_index("id")[before.columns].astype(str).reindex(before.index)
    changed = set(before.index[(now != before).any(axis=1)]) | (
        set(after["id"]) - set(before.index)
    )
    try:
        ledger.check(after, errata, _BASE["register"])
    except LedgerError as exc:
        if any(eid in str(exc) for eid in changed):
            return "caught", label
        return "unnamed", f"{label}: {exc}"
    return "survivor", label


def test_every_single_value_change_is_caught_and_named(frames, entries):
    """Mutation test over every numeric cell of Table 1, in the raw data and in the printed values.

    A mutant counts as caught only when the rebuilt ledger changes an entry and `check` fails
    naming one of the changed entries. A mutant the builders crash on is a failure of this test:
    the build would stop with a traceback instead of naming what disagrees. The mutants are
    judged by the ledger function alone (no build), on every core; they change only the trials'
    data, so the case entries are built once and passed in.
    """
    import multiprocessing
    import os

    base = dict(
        frames=frames,
        errata=frames["errata"],
        register=frames["findings"],
        case_entries=ledger.case_part(frames),
        before=entries.set_index("id")[["published", "reproduced", "status"]].astype(str),
    )
    mutants = list(_mutants(frames))
    # Fresh worker processes (forking this threaded test process is deprecated from Python 3.12),
    # each given the unchanged frames once.
    context = multiprocessing.get_context("spawn")
    with context.Pool(os.cpu_count() or 1, initializer=_set_base, initargs=(base,)) as pool:
        verdicts = pool.map(_judge, mutants, chunksize=8)
    by = {
        kind: [text for k, text in verdicts if k == kind]
        for kind in ("crash", "unnamed", "survivor")
    }
    assert len(verdicts) > 250
    assert not by["crash"], by["crash"]
    assert not by["unnamed"], by["unnamed"]
    assert not by["survivor"], by["survivor"]
    assert sum(k == "caught" for k, _ in verdicts) == len(mutants)
