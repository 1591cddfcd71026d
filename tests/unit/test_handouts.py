"""The session's printed documents as HTML (html/handouts.py): the handout asks, the guide answers, and
every value of the findings register they show carries its finding."""

import fnmatch
import re

import pytest

from hccrebuild import data
from hccrebuild.analysis import criteria, finding_facts
from hccrebuild.html import handouts, session

_ELEMENT = re.compile(r"<[a-z]+\b[^>]*\bdata-value=\"([^\"]*)\"[^>]*>")


@pytest.fixture(scope="module")
def frames():
    return data.load(handouts.INPUTS, validate=False)


@pytest.fixture(scope="module")
def pages(frames):
    return {"handout": handouts.handout_html(frames), "guide": handouts.guide_html(frames)}


def test_every_register_value_they_show_carries_its_finding(frames, pages):
    register = [
        (f, p)
        for f, vals in zip(frames["findings"]["finding_id"], frames["findings"]["values"])
        for p in str(vals).split()
    ]
    for name, html in pages.items():
        shown = list(_ELEMENT.finditer(html))
        assert len(shown) > 5, name
        for m in shown:
            found = re.search(r'data-finding="([^"]*)"', m.group(0))
            found = found.group(1).split() if found else []
            for fid, pat in register:
                if any(fnmatch.fnmatchcase(v, pat) for v in m.group(1).split()):
                    assert fid in found, (name, m.group(1), fid)


def test_the_handout_asks_and_the_guide_answers(frames, pages):
    handout, guide = pages["handout"], pages["guide"]
    assert '<div class="answer"' not in handout and '<div class="answer"' in guide
    assert handout.count('class="prompt"') == guide.count('class="prompt"') >= 10
    for objective in session.plan()["objectives"]:
        assert objective in guide
    # the values are marked, but no finding's words give an answer away
    assert "‡" in handout
    titles = finding_facts.reader_titles(frames)
    assert [t for t in titles.values() if t in handout] == []
    assert [t for t in titles.values() if t in guide]
    for title in ("Finding", "Consequence", "Confidence"):
        assert f"<th>{title}</th>" in guide


def test_the_guide_s_timings_add_up(pages):
    minutes = [int(m) for m in re.findall(r"<tr><td>[^<]*</td><td>(\d+)</td>", pages["guide"])]
    assert sum(minutes) == session.plan()["length_minutes"]


def _words(html):
    """The text a reader sees: no markup, no style."""
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    return re.sub(r"\s+([.,;:)])", r"\1", " ".join(text.split()))


def test_the_handout_names_no_finding_and_gives_no_reading_away(frames, pages):
    words = _words(pages["handout"])
    assert "see finding" not in words and "findings register" not in words
    for fid in frames["findings"]["finding_id"]:
        assert fid not in words, fid
    # the start-date question comes before any reading of the start date
    header = words.split(session.plan()["headings"]["case"])[0]
    assert "reading" not in header and "as-printed" not in header
    assert "percentage of zero" not in words


def test_the_compared_criterion_s_sheet_is_in_the_guide_to_copy_before_its_key(frames, pages):
    handout, guide = pages["handout"], pages["guide"]
    assert "Response worksheet: mRECIST" not in handout
    assert (
        "The mRECIST worksheet is handed out separately: the teacher's guide has a copy to print."
        in _words(handout)
    )
    copy = guide.split('<section class="copy-page">')[1].split("</section>\n<section")[0]
    key = guide.split('<section class="key-page">')[1]
    assert "To copy for learners" in copy and "Response worksheet: mRECIST" in copy
    assert 'class="why"' not in copy and "worksheet-key" not in copy
    assert "Response worksheet: mRECIST (answer key)" in key
    # the key reads as the rule: baseline assumed enhancing, viable sum not reported, CR at the MRIs
    key_words = _words(key)
    assert criteria.MRECIST_ASSUMPTION in key_words
    assert "not reported (assumed enhancing)" in key_words
    assert "not assessable (no earlier viable sum)" in key_words
    assert "not defined (nadir 0 mm)" in key_words


def test_an_mrecist_session_hands_out_mrecist_and_copies_recist(frames):
    handout = handouts.handout_html(frames, "mRECIST")
    guide = handouts.guide_html(frames, "mRECIST")
    assert "Response worksheet: mRECIST" in handout
    assert (
        "The RECIST 1.1 worksheet is handed out separately: the teacher's guide has a copy to print."
        in _words(handout)
    )
    assert "Response worksheet: RECIST 1.1 (answer key)" in guide.split('class="key-page"')[1]
