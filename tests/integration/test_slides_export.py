"""The exported deck: one offline HTML file with every slide, prompt and note."""

import re
import shutil

import pytest

from hccrebuild.figures import slide_figures
from hccrebuild.html import slides
from hccrebuild.pipeline import vendor

# The exported deck -----------------------------------------------------------------------------------------------


def innermost_sections(html):
    return re.findall(r"<section[^>]*>((?:(?!<section).)*?)</section>", html, flags=re.S)


def test_exported_deck_is_one_html_file_that_opens_offline(deck_build):
    """`make report slides` in a copy of the cold build: the report is up to date, and the deck
    notebook runs on the figures the build saved."""
    if not vendor.VENDOR.is_dir() and shutil.which("npm") is None:
        pytest.skip("reveal.js is not vendored and npm is not installed")
    log = (deck_build.parent / "make.log").read_text(encoding="utf-8")
    assert "ran notebooks/slides.ipynb" in log
    assert "ran notebooks/case_figures.ipynb" not in log  # the figures were there
    assert "ran notebooks/report.ipynb" not in log  # and the report was up to date
    html = (deck_build / "report" / "slides.html").read_text(encoding="utf-8")

    # nothing to fetch: no script or style sheet by reference, no link off the page
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", html, flags=re.I)
    assert not re.search(r"<link\b[^>]*\bhref\s*=", html, flags=re.I)
    markup = re.sub(
        r"<script>.*?</script>", "", html, flags=re.S
    )  # the code's own strings are not markup
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", markup, flags=re.I)
    assert all(
        u.startswith(("data:", "#")) for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", markup)
    )
    assert "@import" not in markup

    # reveal.js and its notes plugin, inline and started
    for rel in (vendor.VENDOR_FILES["reveal_js"], vendor.VENDOR_FILES["notes_js"]):
        assert (vendor.VENDOR / rel).read_text(encoding="utf-8") in html
    assert "Reveal.initialize(" in html and "plugins: [RevealNotes]" in html

    # the title first, and every prompt on its own slide with its answer in the speaker notes
    sections = innermost_sections(markup)
    assert 'class="title"' in sections[0]
    prompts = [s for s in sections if 'class="prompt"' in s]
    assert [re.search(r'class="prompt" data-prompt="([\w-]+)"', s).group(1) for s in prompts] == [
        *slides.PROMPTS,
        "care",
    ]  # the CARE prompt closes the discussion
    for s in prompts:
        key = re.search(r'data-prompt="([\w-]+)"', s).group(1)
        notes = re.findall(r'<aside class="notes">.*?</aside>', s, flags=re.S)
        assert notes and f'class="answer" data-prompt="{key}"' in "".join(notes)
        assert 'class="session-notes"' in "".join(notes)  # the time, what to say, the sources
        outside = s
        for n in notes:
            outside = outside.replace(n, "")
        assert 'class="answer"' not in outside
    assert sum(bool(re.search(r'<svg\b[^>]*\brole="img"', s)) for s in sections) == len(
        slide_figures.FIGURES
    )
