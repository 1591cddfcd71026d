"""The session's printed documents as HTML (html/handouts.py): the handout asks, the guide answers, and
every value of the findings register they show carries its finding."""

import fnmatch
import re

import pytest

from hccrebuild import data
from hccrebuild.analysis import finding_facts
from hccrebuild.html import handouts, session

_ELEMENT = re.compile(r"<[a-z]+\b[^>]*\bdata-value=\"([^\"]*)\"[^>]*>")


@pytest.fixture(scope="module")
def frames():
    return data.load(handouts.INPUTS)


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
