"""From the register outwards: every built product that shows a value a finding names carries it."""

import fnmatch
import re

import pandas as pd
import pytest

from hccrebuild import data


@pytest.fixture(scope="module")
def register():
    reg = data.read("findings")
    return [(f, p) for f, vals in zip(reg["finding_id"], reg["values"]) for p in str(vals).split()]


def _csvs(readers_dir):
    project = readers_dir.parent
    files = sorted((project / "figures").glob("*.csv")) + sorted(
        (readers_dir / "tables").glob("*.cells.csv")
    )
    if not files:
        pytest.skip(f"no product CSVs under {project}")
    return files


def test_every_product_csv_has_the_two_columns(readers_dir):
    for path in _csvs(readers_dir):
        head = pd.read_csv(path, nrows=0).columns
        assert {"value_id", "finding"} <= set(head), path


def test_every_register_value_in_a_product_csv_carries_its_finding(readers_dir, register):
    for path in _csvs(readers_dir):
        f = pd.read_csv(path, dtype=str, keep_default_na=False)
        for vid, found in zip(f["value_id"], f["finding"]):
            for fid, pat in register:
                if any(fnmatch.fnmatchcase(v, pat) for v in vid.split()):
                    assert fid in found.split(), (path.name, vid, fid)


_ELEMENT = re.compile(r"<[a-z]+\b[^>]*\bdata-value=\"([^\"]*)\"[^>]*>")


@pytest.mark.parametrize("name", ["report.html", "slides.html"])
def test_every_html_value_carries_its_finding(readers_dir, register, name):
    path = readers_dir / name
    if not path.is_file():
        pytest.skip(f"{path} not built")
    html = path.read_text(encoding="utf-8")
    for m in _ELEMENT.finditer(html):
        found = re.search(r'data-finding="([^"]*)"', m.group(0))
        found = found.group(1).split() if found else []
        for fid, pat in register:
            if any(fnmatch.fnmatchcase(v, pat) for v in m.group(1).split()):
                assert fid in found, (name, m.group(1), fid)


def test_the_deck_s_discussion_slides_carry_the_marks_in_words(readers_dir):
    """The prompts and answers of the built deck show the register's values marked, with the
    finding's words beside them (the register-outwards check above covers every element)."""
    path = readers_dir / "slides.html"
    if not path.is_file():
        pytest.skip(f"{path} not built")
    html = path.read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="(?:prompt|answer)" data-prompt="[^"]*">.*?</div>', html, re.S)
    marked = " ".join(blocks)
    for value in ("text-cr-within-1-month", "case-first-cr", "case-ae-hypertension"):
        tags = [m.group(0) for m in _ELEMENT.finditer(marked) if m.group(1) == value]
        assert tags and all("data-finding=" in t for t in tags), value
    # the answers give each finding's words once, after a sign beside every value it marks
    assert "What the rebuild found: “" in marked and 'class="finding-sign"' in marked
    for block in blocks:
        lines = re.findall(r"What the rebuild found: (.*?)\.(?:<|$)", block, re.S)
        notes = [t for line in lines for t in re.findall(r"“[^”]*”", line)]
        assert len(notes) == len(set(notes)), block[:200]


@pytest.mark.parametrize("criterion", ["RECIST1.1", "mRECIST"])
@pytest.mark.parametrize("answers", [False, True])
def test_every_worksheet_value_carries_its_finding(register, criterion, answers):
    """The printed worksheet and its key (html.worksheet), and the interactive questions after the
    check: every value a finding names carries it, in the learner's copy too."""
    from hccrebuild.html import teaching, worksheet

    frames = data.load(worksheet.INPUTS, validate=False)
    html = str(worksheet.worksheet_html(frames, criterion, answers=answers))
    live = teaching.questions(frames, criterion, reveal=answers)
    html += "".join(box.value for box in live.feedback.values())
    live_scans = [c.value for c in live.widget.children if "scan" in getattr(c, "value", "")]
    html += "".join(live_scans)
    shown = [m.group(1) for m in _ELEMENT.finditer(html)]
    # the quoted words of the first follow-up are always shown; the verdicts only with the answers
    assert "text-first-follow-up-cr" in shown
    assert ("case-first-cr" in shown) is answers
    for m in _ELEMENT.finditer(html):
        found = re.search(r'data-finding="([^"]*)"', m.group(0))
        found = found.group(1).split() if found else []
        for fid, pat in register:
            if any(fnmatch.fnmatchcase(v, pat) for v in m.group(1).split()):
                assert fid in found, (criterion, answers, m.group(1), fid)
