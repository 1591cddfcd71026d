"""The deck as a 45-minute session (html/session.py, prose/session.yaml): every slide timed, the timings
adding up, notes on every slide, every claim that is not the paper's own cited."""

import json
import re

import pytest

from hccrebuild import data, paths
from hccrebuild.errors import UnknownName
from hccrebuild.html import care, session, slides

DECK = paths.ROOT / "notebooks" / "slides.ipynb"


@pytest.fixture(scope="module")
def frames():
    return data.load(slides.INPUTS, validate=False)


def _slides_and_notes():
    """The deck notebook's slides, each with the sources of its notes cells."""
    out = []
    for c in json.loads(DECK.read_text(encoding="utf-8"))["cells"]:
        kind = c["metadata"]["slideshow"]["slide_type"]
        src = "".join(c["source"])
        if kind in ("slide", "subslide"):
            out.append([src, []])
        elif kind == "notes":
            out[-1][1].append(src)
    return out


def test_the_minutes_add_up_to_the_session_s_length():
    minutes = [m for _, m, _ in session.timings()]
    assert sum(minutes) == session.plan()["length_minutes"] == 45
    assert all(isinstance(m, int) and m >= 0 for m in minutes)
    starts = [s for _, _, s in session.timings()]
    assert starts == sorted(starts) and starts[0] == 0


def test_every_slide_has_its_timing_in_its_notes_and_every_timing_its_slide():
    keys = []
    for src, notes in _slides_and_notes():
        timed = [re.search(r'session\.notes_html\("([\w-]+)"\)', n) for n in notes]
        timed = [m.group(1) for m in timed if m]
        assert len(timed) == 1, (src, notes)
        keys.append(timed[0])
    assert keys == session.slide_keys()


def test_notes_say_the_time_and_cite_their_sources(frames):
    html = session.notes_html("prompt-decision")
    assert "min (minute" in html and "Reig M, et al." in html
    assert "of 45" in session.notes_html("take-home")


def test_every_reference_is_used_and_every_source_key_resolves():
    used = {k for e in session.plan()["slides"].values() for k in e.get("sources", [])}
    assert used <= set(session.plan()["references"])
    for key in session.slide_keys():
        session.slide(key)  # an unknown reference key fails here
    with pytest.raises(UnknownName, match="no reference nosuch"):
        session.references(["nosuch"])


#: Names and citations that hold digits without being a result: criteria and trial names, grading
#: versions, the paper's tables, and a citation's year ("Reig et al., 2022", "EASL, 2018").
NAMES = r"RECIST 1\.1|IMbrave150|CheckMate 9DW|CTCAE v\d\.\d|Table \d|(?:et al\.|EASL|Llovet|Medicine),? \d{4}"


def _texts(node):
    if isinstance(node, dict):
        return [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return [node] if isinstance(node, str) else []


def test_the_session_s_words_type_no_number_but_names_and_citation_years():
    plan = session.plan()
    words = _texts(
        {k: v for k, v in plan.items() if k not in ("references", "slides", "guide_findings")}
    )
    words += [e.get("say", "") for e in plan["slides"].values()]
    typed = [t for t in words if re.search(r"\d", re.sub(NAMES, "", t))]
    assert typed == []
    assert re.search(r"\d", re.sub(NAMES, "", "a decrease of 30 % (Reig et al., 2022)"))  # can fail


def test_cited_prompts_cite_in_their_answers(frames):
    for key in ("decision", "mrecist", "first-line"):
        answer = slides.answer_html(key, frames)
        assert re.search(r"et al\.,? \d{4}|EASL, \d{4}|Llovet, \d{4}", answer), key


def test_the_sources_slide_fits_short_citations_and_its_notes_give_them_in_full(frames):
    slide = slides.sources_html(frames)
    notes = session.citations_html(frames)
    own = set(frames["sources"]["source_id"])
    for short in session.short_references(besides=own):
        assert short in slide
    assert "J Hepatol 2022;76(3):681-693" in notes and "J Hepatol" not in slide
    # a reference that is also one of the data's sources is cited once, as the data cite it
    shared = [k for k in session.plan()["references"] if k in own]
    assert shared
    heading = session.plan()["headings"]["references"]
    for key in shared:
        assert session.references([key])[0] not in notes.split(heading)[-1]
        assert session.plan()["references"][key]["short"] not in slide.split(heading)[-1]
    assert care.INPUTS  # the CARE prompt closes the discussion before the take-home


def test_objectives_and_take_home_points_are_sentences_not_yaml_mappings():
    # an unquoted "Point: text" in YAML becomes a mapping and would print as a Python dict
    for item in session.plan()["objectives"] + session.plan()["take_home"]:
        assert isinstance(item, str), item
    assert "{'" not in session.take_home_html()
