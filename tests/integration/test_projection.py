"""The deck as a room sees it, projected at 1280 x 720 and driven by → alone (a clicker): every step of
every slide has text large enough for the back row, no chart label over another, nothing cut off; and the
report's figures have no overlapping labels on a laptop or a phone."""

import browser as br
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser]

#: Smallest text on screen at 1280 x 720, in px: the body of a slide (paragraphs, list items, headings,
#: questions) and every other text (tables, captions, chart labels, the notes beside a value).
MIN_BODY_PX, MIN_TEXT_PX = 24, 18


@pytest.fixture(scope="module")
def deck_steps(chromium, deck_html):
    """Every step the → key reaches from the first slide (fragments included): where it is, its texts,
    overlapping chart labels and texts past the slide's frame."""
    context, page, _ = br.open_page(chromium, deck_html, 1280, 720)
    try:
        page.wait_for_function(
            "() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=20000
        )
        page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
        page.evaluate("() => Reveal.slide(0, 0, -1)")
        steps, last = [], None
        total = page.evaluate("() => Reveal.getTotalSlides()")
        for _ in range(4 * total):
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            at = page.evaluate(
                "() => { const i = Reveal.getIndices(); return [i.h, i.v || 0, i.f ?? -1]; }"
            )
            if at != last:
                steps.append(
                    {
                        "at": at,
                        "texts": page.evaluate(br.STEP_TEXTS),
                        "overlaps": page.evaluate(br.LABEL_OVERLAPS, ["current", br.LABEL_LEADING]),
                        "overflow": page.evaluate(br.STEP_OVERFLOW),
                    }
                )
                last = at
            elif page.evaluate("() => Reveal.isLastSlide() && !Reveal.availableFragments().next"):
                break
            page.keyboard.press("ArrowRight")
        slides = {tuple(s["at"][:2]) for s in steps}
        assert len(slides) == total, f"→ reached {len(slides)} of {total} slides"
        return steps
    finally:
        context.close()


def test_every_step_s_text_is_large_enough_for_the_back_row(deck_steps):
    small = []
    for s in deck_steps:
        for t in s["texts"]:
            need = MIN_BODY_PX if t["kind"] == "body" else MIN_TEXT_PX
            if t["px"] < need - 0.05:
                small.append((s["at"], t["kind"], round(t["px"], 1), t["text"]))
    assert not small, (
        f"text under {MIN_BODY_PX} px (body) or {MIN_TEXT_PX} px at 1280x720: {small[:8]}"
    )
    assert (
        sum(t["kind"] == "svg" for s in deck_steps for t in s["texts"]) > 50
    )  # the charts were measured


def test_no_chart_label_overlaps_another_on_any_step(deck_steps):
    hits = [(s["at"], o) for s in deck_steps for o in s["overlaps"]]
    assert not hits, f"overlapping chart labels (slide, step; texts; px): {hits[:8]}"


def test_nothing_runs_off_a_slide(deck_steps):
    cut = [(s["at"], o) for s in deck_steps for o in s["overflow"]]
    assert not cut, f"text past the slide's frame at 1280x720: {cut[:6]}"


@pytest.mark.parametrize("width, height, mobile", [(1280, 800, False), (390, 844, True)])
def test_the_report_s_figures_have_no_overlapping_labels(
    chromium, report_html, width, height, mobile
):
    context, page, _ = br.open_page(chromium, report_html, width, height, mobile=mobile)
    try:
        ids = page.evaluate(
            "() => [...document.querySelectorAll('figure svg')].map((s, i) => (s.id ||= 'fig-svg-' + i))"
        )
        assert len(ids) >= 6, ids
        hits = {}
        for i in ids:
            page.evaluate(f"() => document.getElementById('{i}').scrollIntoView()")
            found = page.evaluate(br.LABEL_OVERLAPS, [f"#{i}", br.LABEL_LEADING])
            if found:
                hits[i] = found
        assert not hits, f"overlapping labels at {width} px: {hits}"
    finally:
        context.close()
