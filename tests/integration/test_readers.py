"""The report, the deck and the PDF as readers get them: rendered by a real Chromium, offline.

Each page is loaded once per viewport (module fixtures gather what the tests then judge), with every
request that is not file: or data: blocked and recorded. Screenshots go to build/screenshots/.
"""

import browser as br
import pdfs
import pytest

pytestmark = pytest.mark.integration
BROWSER = pytest.mark.browser

#: Viewports: a laptop and a phone for the report; two projector sizes for the deck.
REPORT_VIEWPORTS = {
    "desktop": dict(width=1280, height=800),
    "phone": dict(width=390, height=844, mobile=True),
}
DECK_VIEWPORTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}

#: axe-core rules that fail the page whatever their impact, besides every serious or critical one.
AXE_ALWAYS = {"duplicate-id", "duplicate-id-aria", "empty-table-header"}
#: Thresholds: body text on screen, median figure text (phone report / 1280x720 deck), slide content.
MIN_BODY_PX = 15
MIN_FIGURE_TEXT_PX = {"report-phone": 9, "deck-1280x720": 14}
MIN_NON_WHITE = 0.005
MIN_CONTRAST = 4.5

#: Body paragraphs: text of the report outside figures, tables and footnotes.
BODY_PARAGRAPHS = """() => [...document.querySelectorAll('main p, body > p')]
  .filter(p => !p.closest('figure, table, ol.footnotes, .printed-footnote') && p.textContent.trim())
  .map(p => ({size: parseFloat(getComputedStyle(p).fontSize), text: p.textContent.trim().slice(0, 40)}))"""

#: Boxes of the deck's own chrome (controls, slide number, progress bar), as [x, y, w, h] of visible parts;
#: for the controls, every arrow, shown or not on this slide (each appears on some slide, at the same place).
DECK_CHROME = """() => {
  const boxes = {};
  const visible = el => { const cs = getComputedStyle(el); return cs.display !== 'none' && cs.visibility !== 'hidden'
                          && parseFloat(cs.opacity) > 0; };
  for (const [key, sel] of [['controls', '.reveal .controls'], ['number', '.reveal .slide-number'],
                            ['progress', '.reveal .progress']]) {
    const el = document.querySelector(sel);
    if (!el || !visible(el)) { boxes[key] = null; continue; }
    const parts = [el, ...el.querySelectorAll('*')].filter(e => key === 'controls' || visible(e));
    const rects = parts.map(e => e.getBoundingClientRect())
                  .filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) { boxes[key] = null; continue; }
    const x0 = Math.min(...rects.map(r => r.left)), y0 = Math.min(...rects.map(r => r.top));
    const x1 = Math.max(...rects.map(r => r.right)), y1 = Math.max(...rects.map(r => r.bottom));
    boxes[key] = [x0, y0, x1 - x0, y1 - y0];
  }
  return boxes;
}"""

#: Text colour, background stack (innermost first) and font size of the slide number's text.
SLIDE_NUMBER_STYLE = """() => {
  const box = document.querySelector('.reveal .slide-number');
  if (!box) return null;
  let el = box;
  while (el.firstElementChild) el = el.firstElementChild;
  const backgrounds = [];
  for (let e = el; e; e = e.parentElement) backgrounds.push(getComputedStyle(e).backgroundColor);
  return {color: getComputedStyle(el).color, backgrounds, size: parseFloat(getComputedStyle(el).fontSize),
          text: box.textContent.trim()};
}"""


#: Share of the first screen drawn darker than near-white: a page that renders nothing has none.
MIN_FIRST_SCREEN_INK = 0.02


def _violations(found):
    return [v for v in found if v["impact"] in ("serious", "critical") or v["id"] in AXE_ALWAYS]


# The report ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(REPORT_VIEWPORTS))
def report_view(request, chromium, report_html):
    """The report loaded at one viewport: requests, errors, widths, font sizes, screenshot, axe (desktop)."""
    name = request.param
    vp = REPORT_VIEWPORTS[name]
    context, page, rec = br.open_page(
        chromium, report_html, vp["width"], vp["height"], mobile=vp.get("mobile", False)
    )
    try:
        out = {
            "name": name,
            "viewport": vp,
            "recorder": rec,
            "scroll_width": page.evaluate("document.scrollingElement.scrollWidth"),
            "inner_width": page.evaluate("window.innerWidth"),
            "paragraphs": page.evaluate(BODY_PARAGRAPHS),
            "figure_text": page.evaluate(br.SVG_TEXT_SIZES, "figure svg"),
            "wide": page.evaluate(
                """(w) => [...document.querySelectorAll('main *')]
                   .filter(e => e.getBoundingClientRect().right > w + 1)
                   .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
                                    const o = getComputedStyle(p).overflowX;
                                    if (o === 'auto' || o === 'scroll' || o === 'hidden') return false; }
                                  return true; })
                   .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                                    ? '.' + e.className.split(' ')[0] : ''))""",
                vp["width"],
            ),
            # the first screen, as a reader opening the file sees it (kept, to look at); the
            # whole page (80,000 px tall on a laptop) took 10 s to draw and was never read
            "screenshot": br.screenshot(page, f"report-{name}"),
        }
        out["axe"] = br.run_axe(page) if name == "desktop" else None
        out["errors"] = rec.errors()
    finally:
        context.close()
    return out


@BROWSER
def test_report_loads_offline_without_errors(report_view):
    rec = report_view["recorder"]
    assert rec.external == [], f"{report_view['name']}: requests outside the file: {rec.external}"
    assert report_view["errors"] == [], (
        f"{report_view['name']}: console errors: {report_view['errors']}"
    )
    ink = br.non_white_fraction(report_view["screenshot"])
    assert ink > MIN_FIRST_SCREEN_INK, f"{report_view['name']}: the first screen is blank ({ink})"


@BROWSER
def test_report_fits_a_phone_without_sideways_scrolling(report_view):
    if report_view["name"] != "phone":
        pytest.skip("phone viewport only")
    width = report_view["viewport"]["width"]
    assert report_view["scroll_width"] <= min(width, report_view["inner_width"]), (
        f"page is {report_view['scroll_width']} px wide on a {width} px phone (innerWidth "
        f"{report_view['inner_width']}); too wide, outside any scrolling box: {report_view['wide']}"
    )


@BROWSER
def test_report_body_text_is_large_enough_on_screen(report_view):
    paras = report_view["paragraphs"]
    assert paras, "no body paragraphs found"
    small = [p for p in paras if p["size"] < MIN_BODY_PX]
    assert not small, (
        f"{report_view['name']}: {len(small)} of {len(paras)} body paragraphs under {MIN_BODY_PX} px, "
        f"e.g. {small[0]['size']:.2f} px: {small[0]['text']!r}"
    )


@BROWSER
def test_report_figure_text_is_readable_on_a_phone(report_view):
    if report_view["name"] != "phone":
        pytest.skip("phone viewport only")
    sizes = report_view["figure_text"]
    assert len(sizes) > 20, (
        f"only {len(sizes)} text elements found in the report's inline SVG figures"
    )
    med = br.median(sizes)
    assert med >= MIN_FIGURE_TEXT_PX["report-phone"], (
        f"median figure text {med:.1f} px at 390 px wide (smallest {min(sizes):.1f}, {len(sizes)} elements); "
        f"needs >= {MIN_FIGURE_TEXT_PX['report-phone']}"
    )


@BROWSER
def test_report_has_no_serious_accessibility_violations(report_view):
    if report_view["axe"] is None:
        pytest.skip("axe runs at the desktop viewport")
    bad = _violations(report_view["axe"])
    assert not bad, f"axe-core {br.AXE_VERSION} on report.html:\n{br.format_violations(bad)}"


#: The first ledger row that links back to a cell, another row of the same status, and the row's background
#: colours; computed before and after the row becomes the page's :target.
LEDGER_ROWS = """() => {
  const rows = [...document.querySelectorAll('table.ledger tbody tr')];
  const row = rows.find(r => r.querySelector('a.back-link'));
  if (!row) return null;
  const other = rows.find(r => r !== row && r.className === row.className);
  const bg = r => getComputedStyle(r.querySelector('td')).backgroundColor;
  const back = row.querySelector('a.back-link').getAttribute('href');
  return {id: row.id, other: other && other.id, back, row_bg: bg(row), other_bg: other && bg(other),
          target: document.querySelector(':target') && document.querySelector(':target').id};
}"""


@BROWSER
def test_a_ledger_row_reached_by_a_link_is_highlighted_and_links_back(chromium, report_html):
    context, page, rec = br.open_page(chromium, report_html, 1280, 800)
    try:
        before = page.evaluate(LEDGER_ROWS)
        assert before and before["other"], (
            "no ledger row with a back-link, or no row to compare it with"
        )
        assert before["row_bg"] == before["other_bg"], (
            f"rows differ before any link is followed: {before}"
        )
        page.goto(f"{report_html.resolve().as_uri()}#{before['id']}")
        after = page.evaluate(LEDGER_ROWS)
        assert after["target"] == before["id"], f"the row is not the :target: {after}"
        assert after["row_bg"] != after["other_bg"], (
            f"ledger row {before['id']} reached by its link looks like any other row ({after['row_bg']})"
        )
        page.click(f"#{before['id']} a.back-link")
        back = before["back"][1:]
        assert page.evaluate("() => decodeURIComponent(location.hash.slice(1))") == back
        assert page.evaluate("(id) => !!document.getElementById(id)", back), f"no element #{back}"
        assert rec.errors() == []
    finally:
        context.close()


@BROWSER
def test_the_ledger_filter_narrows_the_rows(chromium, report_html):
    context, page, _ = br.open_page(chromium, report_html, 1280, 800)
    try:
        count = "() => [...document.querySelectorAll('table.ledger tbody tr')].filter(r => !r.hidden).length"
        total = page.evaluate(count)
        page.select_option("form.ledger-filter select[name=status]", "discrepancy")
        only = page.evaluate(count)
        statuses = page.evaluate(
            "() => [...new Set([...document.querySelectorAll('table.ledger tbody tr')]"
            ".filter(r => !r.hidden).map(r => r.dataset.status))]"
        )
        assert 0 < only < total and statuses == ["discrepancy"], (total, only, statuses)
        page.fill("form.ledger-filter input[name=text]", "no-such-words-anywhere")
        assert page.evaluate(count) == 0
    finally:
        context.close()


# The deck --------------------------------------------------------------------------------------------------


def _walk(page, label, axe=False):
    """Every slide in turn: screenshot, share of non-white pixels outside the deck's chrome, figure text sizes,
    and, with `axe`, axe-core's violations on that slide."""
    page.wait_for_function(
        "() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=20000
    )
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    slides = page.evaluate(
        "() => Reveal.getSlides().map(s => { const i = Reveal.getIndices(s); return [i.h, i.v || 0]; })"
    )
    total = page.evaluate("() => Reveal.getTotalSlides()")
    shots = []
    for n, (h, v) in enumerate(slides, 1):
        page.evaluate("([h, v]) => Reveal.slide(h, v)", [h, v])
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        chrome = page.evaluate(DECK_CHROME)
        png = br.screenshot(page, f"deck-{label}-{n:02d}")
        shots.append(
            {
                "n": n,
                "h": h,
                "v": v,
                "png": png,
                "ink": br.non_white_fraction(png, [b for b in chrome.values() if b]),
                "text": page.evaluate(br.SVG_TEXT_SIZES, ".reveal .slides section.present svg"),
                "axe": br.run_axe(page, "current-slide") if axe else [],
            }
        )
    return total, shots


@pytest.fixture(scope="module", params=list(DECK_VIEWPORTS))
def deck_view(request, chromium, deck_html):
    label = request.param
    width, height = DECK_VIEWPORTS[label]
    context, page, rec = br.open_page(chromium, deck_html, width, height)
    try:
        total, shots = _walk(page, label, axe=label == "1280x720")
        page.evaluate("() => Reveal.slide(1, 0)")
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        out = {
            "label": label,
            "recorder": rec,
            "total": total,
            "shots": shots,
            "chrome": page.evaluate(DECK_CHROME),
            "number": page.evaluate(SLIDE_NUMBER_STYLE),
            "reveal_box": page.evaluate(
                "() => { const r = document.querySelector('.reveal').getBoundingClientRect();"
                " return [r.width, r.height]; }"
            ),
        }
        out["axe"] = (
            br.merge_violations(
                [("document", br.run_axe(page)), *((f"slide {s['n']}", s["axe"]) for s in shots)]
            )
            if label == "1280x720"
            else None
        )
        out["errors"] = rec.errors()
    finally:
        context.close()
    return out


@BROWSER
def test_deck_loads_offline_without_errors(deck_view):
    assert deck_view["recorder"].external == [], (
        f"requests outside the file: {deck_view['recorder'].external}"
    )
    assert deck_view["errors"] == [], f"console errors: {deck_view['errors']}"


@BROWSER
def test_every_slide_shows_content(deck_view):
    shots = deck_view["shots"]
    assert len(shots) == deck_view["total"] > 5, (
        f"walked {len(shots)} of {deck_view['total']} slides"
    )
    blank = [
        f"slide {s['n']} (h={s['h']}, v={s['v']}): {100 * s['ink']:.2f} % ink, {s['png'].name}"
        for s in shots
        if s["ink"] <= MIN_NON_WHITE
    ]
    assert not blank, (
        f"{deck_view['label']}: {len(blank)} of {len(shots)} slides nearly blank "
        f"(.reveal is {deck_view['reveal_box'][0]:.0f}x{deck_view['reveal_box'][1]:.0f} px):\n  "
        + "\n  ".join(blank)
    )


@BROWSER
def test_slide_number_is_legible_and_clear_of_the_controls(deck_view):
    chrome, number = deck_view["chrome"], deck_view["number"]
    assert number is not None and chrome["number"] is not None, "no visible slide number"
    assert chrome["controls"] is not None, "no visible controls"
    (ax, ay, aw, ah), (bx, by, bw, bh) = chrome["number"], chrome["controls"]
    overlap = ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
    assert not overlap, (
        f"{deck_view['label']}: slide number {chrome['number']} overlaps the controls {chrome['controls']}"
    )
    ratio = br.effective_contrast(number["color"], number["backgrounds"])
    assert ratio >= MIN_CONTRAST, (
        f"{deck_view['label']}: slide number {number['text']!r} contrast {ratio:.2f}:1 "
        f"({number['color']} on {number['backgrounds'][:3]})"
    )


@BROWSER
def test_deck_figure_text_is_readable(deck_view):
    if deck_view["label"] != "1280x720":
        pytest.skip("judged at 1280x720")
    sizes = [t for s in deck_view["shots"] for t in s["text"]]
    assert len(sizes) > 20, f"only {len(sizes)} text elements in the deck's figures were on screen"
    med = br.median(sizes)
    need = MIN_FIGURE_TEXT_PX["deck-1280x720"]
    assert med >= need, (
        f"median figure text {med:.1f} px at 1280x720 (smallest {min(sizes):.1f}); needs >= {need}"
    )


@BROWSER
def test_deck_has_no_serious_accessibility_violations(deck_view):
    if deck_view["axe"] is None:
        pytest.skip("axe runs at 1280x720")
    bad = _violations(deck_view["axe"])
    assert not bad, f"axe-core {br.AXE_VERSION} on slides.html:\n{br.format_violations(bad)}"


# The PDF ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_catalog(report_pdf):
    from pypdf import PdfReader

    reader = PdfReader(report_pdf)
    return reader, reader.trailer["/Root"].get_object()


@pytest.fixture(scope="module")
def pdf_pages_text(report_pdf, pdf_catalog) -> list:
    """Each page's text, whitespace collapsed (once for the tests below), one per page."""
    reader, _ = pdf_catalog
    text = pdfs.pages_text(report_pdf)
    assert len(text) == len(reader.pages)
    return text


def test_pdf_is_tagged(pdf_catalog):
    _, root = pdf_catalog
    mark = root.get("/MarkInfo")
    mark = mark.get_object() if mark is not None else {}
    assert bool(mark.get("/Marked", False)) is True, f"/MarkInfo is {dict(mark) or 'missing'}"
    assert "/StructTreeRoot" in root, (
        f"no /StructTreeRoot in the catalog (keys: {sorted(root.keys())})"
    )


def test_pdf_has_a_real_title(pdf_catalog):
    reader, _ = pdf_catalog
    title = (reader.metadata or {}).get("/Title")
    assert title and str(title).strip() not in ("", "Report"), f"PDF /Title is {title!r}"


def test_pdf_declares_its_language(pdf_catalog):
    _, root = pdf_catalog
    lang = root.get("/Lang")
    assert lang and str(lang).strip(), f"no /Lang in the catalog (keys: {sorted(root.keys())})"


#: At most this many pages: findings, tables, figures, verification, the response under three criteria
#: and the robustness table across readings; the full ledger is not printed.
MAX_PDF_PAGES = 30
#: A page with less text than this (besides its page number) is near-empty, e.g. a heading alone.
MIN_PAGE_TEXT = 120


def test_pdf_is_short_and_has_no_near_empty_page(pdf_pages_text):
    n = len(pdf_pages_text)
    assert n <= MAX_PDF_PAGES, f"the PDF has {n} pages; at most {MAX_PDF_PAGES}"
    sparse = []
    for i, text in enumerate(pdf_pages_text, 1):
        text = text.replace(f"{i} / {n}", "").strip()
        if len(text) < MIN_PAGE_TEXT:
            sparse.append(f"page {i}: {text!r}")
    assert not sparse, "near-empty pages (a heading alone?):\n  " + "\n  ".join(sparse)


def test_pdf_says_where_the_full_ledger_is(pdf_pages_text):
    text = " ".join(pdf_pages_text)
    assert "verification.csv" in text and "report.html" in text


def _side_margin_mm() -> float:
    """The narrower side margin of the report's pages, as report.css's @page rule sets it."""
    import re

    from hccrebuild import paths

    css = (paths.TEMPLATES / "report" / "report.css").read_text(encoding="utf-8")
    page = re.search(r"@page\s*{[^}]*?margin:\s*([^;]+);", css).group(1).split()
    sides = [page[1], page[3] if len(page) == 4 else page[1]] if len(page) > 1 else page
    return min(float(side.removesuffix("mm")) for side in sides)


def test_no_pdf_page_is_cut_at_the_paper_s_edge(report_pdf, tmp_path):
    """The pages as a reader sees them (pdftoppm): no table or figure runs into the outer half of
    the side margins (report.css: @page), where a printer or a viewer would cut it off."""
    import subprocess

    from PIL import Image

    dpi = 50
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(report_pdf), str(tmp_path / "p")], check=True
    )
    edge = round(_side_margin_mm() / 2 / 25.4 * dpi)
    cut = []
    for png in sorted(tmp_path.glob("p-*.png")):
        with Image.open(png) as im:
            width, height = im.size
        inside = [(edge, 0, width - 2 * edge - 1, height)]  # painted white: the edges remain
        if br.non_white_fraction(png, masks=inside, threshold=200) > 0:
            cut.append(png.stem)
    assert not cut, f"pages drawn into the outer margin: {cut}"


@BROWSER
def test_the_right_arrow_alone_reaches_every_slide_in_order(chromium, deck_html):
    """A presenter's clicker sends →: from the first slide it visits every slide, vertical
    sub-slides included, each once and in the deck's order."""
    context, page, _ = br.open_page(chromium, deck_html, 1280, 720)
    try:
        page.wait_for_function(
            "() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=20000
        )
        page.evaluate("() => Reveal.configure({transition: 'none'}) || Reveal.slide(0, 0)")
        order = page.evaluate(
            "() => Reveal.getSlides().map(s => { const i = Reveal.getIndices(s);"
            " return [i.h, i.v || 0]; })"
        )
        here = lambda: page.evaluate(  # noqa: E731
            "() => { const i = Reveal.getIndices(); return [i.h, i.v || 0]; }"
        )
        seen = [here()]
        for _ in range(3 * len(order)):
            page.keyboard.press("ArrowRight")
            now = here()
            if now != seen[-1]:
                seen.append(now)
            elif page.evaluate("() => Reveal.isLastSlide() && !Reveal.availableFragments().next"):
                break
        assert seen == order, (seen, order)
    finally:
        context.close()
