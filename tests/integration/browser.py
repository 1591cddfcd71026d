"""Real-browser helpers for the reader-facing tests: the system Chromium through Playwright, offline.

- `launch()` starts /usr/bin/chromium headless (no browser download); where it cannot, the test skips,
  or fails where the CI environment variable is set.
- `open_page()` opens a file in a new context and blocks, and records, every request that is not
  file: or data:, and records console errors and uncaught page errors (`Recorder`).
- `run_axe()` injects axe-core (vendored once from the npm registry, pinned by sha512) and returns
  its violations; `format_violations()` makes them readable in an assert message.
- `screenshot()` writes PNGs into build/screenshots/; `non_white_fraction()` and `contrast_ratio()`
  judge what a reader would see.
"""

import os
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hccrebuild import paths
from hccrebuild.pipeline.vendor_npm import vendor_npm

CHROMIUM = Path(os.environ.get("READERS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: axe-core as injected into the pages: npm version and tarball integrity (`npm view axe-core@4.14.1 dist.integrity`).
AXE_VERSION = "4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_FILES = ("axe.min.js", "LICENSE")

SCREENSHOTS = paths.ROOT / "build" / "screenshots"

#: URL schemes a self-contained page may load; anything else is recorded and blocked.
LOCAL_SCHEMES = ("file:", "data:")


def unavailable(reason: str):
    """Skip the test, or fail it under CI (where a missing browser must not pass silently)."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def launch(playwright):
    """The system Chromium, headless, with no background traffic."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


@dataclass
class Recorder:
    """What a page did that a self-contained, error-free page must not do."""

    external: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)

    def attach(self, page):
        page.route("**/*", self._route)
        page.on("request", self._request)
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and self.console_errors.append(
                    f"{msg.text} @ {msg.location.get('url', '')}:{msg.location.get('lineNumber', '')}"
                )
            ),
        )
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    @staticmethod
    def _local(url: str) -> bool:
        return url.startswith(LOCAL_SCHEMES)

    def _request(self, request):
        if not self._local(request.url) and request.url not in self.external:
            self.external.append(request.url)

    def _route(self, route):
        if self._local(route.request.url):
            route.continue_()
        else:
            if route.request.url not in self.external:
                self.external.append(route.request.url)
            route.abort("blockedbyclient")

    def errors(self) -> list:
        return [*self.console_errors, *(f"pageerror: {e}" for e in self.page_errors)]


def open_page(browser, path: Path, width: int, height: int, mobile: bool = False, scale: float = 1):
    """A new context and page at this viewport with `path` loaded; returns (context, page, recorder)."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
        is_mobile=mobile,
        has_touch=mobile,
        java_script_enabled=True,
        service_workers="block",
    )
    page = context.new_page()
    recorder = Recorder()
    recorder.attach(page)
    page.goto(Path(path).resolve().as_uri(), wait_until="load")
    return context, page, recorder


def axe_source() -> str:
    """axe.min.js, vendored beside the environment on first use (npm pack, checked against AXE_INTEGRITY)."""
    folder = vendor_npm("axe-core", AXE_VERSION, AXE_INTEGRITY, AXE_FILES)
    return (folder / "axe.min.js").read_text(encoding="utf-8")


#: axe-core 4.7+ ships duplicate-id and duplicate-id-active disabled (WCAG 4.1.1 is obsolete in WCAG 2.2), but a
#: repeated id still breaks fragment links and SVG url(#...) references (clip paths), so they are turned back on.
_AXE_RUN = """async (scope) => {
  const context = scope === 'current-slide' ? Reveal.getCurrentSlide() : document;
  const whole = context === document;  // ids are page-wide: judged once, on the whole document
  const result = await axe.run(context, {resultTypes: ['violations'],
                                         rules: {'duplicate-id': {enabled: whole}, 'duplicate-id-active': {enabled: whole}}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     targets: v.nodes.map(n => n.target.join(' '))}));
}"""


def run_axe(page, scope: str = "document") -> list:
    """axe-core's violations on the page as it is now: dicts of id, impact, help and node targets.

    scope "document" checks the whole page; "current-slide" only reveal.js's current slide (axe skips
    hidden elements for most rules, so a deck is checked one slide at a time).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(_AXE_RUN, scope)


def merge_violations(runs) -> list:
    """One list from several axe runs, given as (label, violations) pairs: each node once (the first run
    that found it), its target prefixed by that run's label."""
    merged, seen = {}, set()
    for label, violations in runs:
        for v in violations:
            into = merged.setdefault(v["id"], {**v, "targets": []})
            for t in v["targets"]:
                if (v["id"], t) not in seen:
                    seen.add((v["id"], t))
                    into["targets"].append(f"{label}: {t}")
    return list(merged.values())


def format_violations(violations, limit: int = 5) -> str:
    lines = []
    for v in violations:
        more = f" (+{len(v['targets']) - limit} more)" if len(v["targets"]) > limit else ""
        lines.append(
            f"  {v['id']} [{v['impact']}] {len(v['targets'])} node(s): "
            f"{', '.join(v['targets'][:limit])}{more} — {v['help']}"
        )
    return "\n".join(lines)


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """A PNG of the page in build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(out), full_page=full_page, animations="disabled")
    return out


def non_white_fraction(png: Path, masks=(), threshold: int = 245) -> float:
    """Share of pixels darker than `threshold` (grey level), with the `masks` rectangles (x, y, w, h) painted white."""
    from PIL import Image, ImageDraw

    with Image.open(png) as im:
        grey = im.convert("L")
    draw = ImageDraw.Draw(grey)
    for x, y, w, h in masks:
        if w > 0 and h > 0:
            draw.rectangle([x, y, x + w, y + h], fill=255)
    hist = grey.histogram()
    return sum(hist[:threshold]) / (grey.width * grey.height)


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb) -> float:
    r, g, b = rgb[:3]
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg, bg) -> float:
    """WCAG 2 contrast ratio of two opaque RGB colours."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def parse_color(css: str):
    """(r, g, b, a) from a computed CSS colour ("rgb(...)" or "rgba(...)")."""
    nums = [float(n) for n in re.findall(r"[\d.]+", css)]
    if len(nums) < 3:
        raise ValueError(f"unexpected colour {css!r}")
    return (*nums[:3], nums[3] if len(nums) > 3 else 1.0)


def over(top, bottom):
    """`top` (r, g, b, a) composited over the opaque colour `bottom`."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3))


def effective_contrast(color: str, backgrounds) -> float:
    """Contrast of text colour `color` on the stack of `backgrounds` (innermost first) over a white page."""
    bg = (255.0, 255.0, 255.0)
    for layer in reversed(list(backgrounds)):
        bg = over(parse_color(layer), bg)
    return contrast_ratio(over(parse_color(color), bg), bg)


#: Rendered font size of every <text> in the inline SVGs matching a selector: its font size in the SVG's
#: user units times the SVG's scale on screen (smaller of width and height ratios to the viewBox), which
#: includes every CSS transform above it (reveal.js scales its slides). Hidden figures are left out.
SVG_TEXT_SIZES = """(selector) => {
  const out = [];
  for (const svg of document.querySelectorAll(selector)) {
    const box = svg.getBoundingClientRect();
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (!box.width || !box.height || !vb || !vb.width || !vb.height) continue;
    const s = Math.min(box.width / vb.width, box.height / vb.height);
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize);
      if (px > 0) out.push(px * s);
    }
  }
  return out;
}"""


def median(values):
    return statistics.median(values) if values else None


#: Every text a reader sees on the deck's current slide and step, with its size on screen in px:
#: HTML text by its computed font size times reveal.js's scale; SVG text by its font size times the
#: ratio of its box on screen to its box in user units (every transform above it included). Text
#: hidden by a fragment not yet shown, or in the speaker notes, is left out. `kind` is "body" for
#: paragraphs, list items, headings and questions (the text a room reads), "svg" for chart text and
#: "other" for the rest (table cells, captions, notes beside a value).
STEP_TEXTS = """() => {
  const BODY = "p, li, h1, h2, h3, .question";
  const slide = Reveal.getCurrentSlide();
  const scale = Reveal.getScale();
  const shown = (el) => {
    for (let e = el; e && e !== slide.parentElement; e = e.parentElement) {
      if (e.tagName === "ASIDE") return false;
      const cs = getComputedStyle(e);
      if (cs.display === "none" || cs.visibility === "hidden" || parseFloat(cs.opacity) === 0) return false;
    }
    return true;
  };
  const out = [];
  for (const el of slide.querySelectorAll("*")) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim())
      .map(n => n.textContent.trim()).join(" ");
    if (!own || !shown(el)) continue;
    if (el instanceof SVGElement) {
      if (!(el instanceof SVGGraphicsElement)) continue;  // <title>, <desc>: not drawn
      const r = el.getBoundingClientRect(), b = el.getBBox();
      if (!b.width || !b.height) continue;
      const px = parseFloat(getComputedStyle(el).fontSize) * Math.sqrt((r.width * r.height) / (b.width * b.height));
      out.push({kind: "svg", px, text: own.slice(0, 60)});
    } else {
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      out.push({kind: el.matches(BODY) ? "body" : "other", px, text: own.slice(0, 60)});
    }
  }
  return out;
}"""

#: Pairs of chart labels that overlap on screen, inside `scope` ("current": the deck's current slide;
#: else a CSS selector of one element). A label's box is the browser's box of its line, from the font's
#: ascent to its descent, trimmed by `leading` of its height at each end (the room above and below the
#: letters), so that two lines set close but clear of each other do not count; boxes that share more
#: than 1 px each way overlap.
LABEL_OVERLAPS = """([scope, leading]) => {
  const root = scope === "current" ? Reveal.getCurrentSlide() : document.querySelector(scope);
  const boxes = [];
  for (const t of root.querySelectorAll("svg text")) {
    const cs = getComputedStyle(t);
    if (!t.textContent.trim() || cs.visibility === "hidden" || cs.display === "none") continue;
    const r = t.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const lead = r.height * leading;
    boxes.push({text: t.textContent.trim().slice(0, 40), x: r.left, y: r.top + lead, w: r.width, h: r.height - 2 * lead});
  }
  const hits = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    if (ox > 1 && oy > 1) hits.push([a.text, b.text, Math.round(ox), Math.round(oy)]);
  }
  return hits;
}"""

#: The leading trimmed from a label's line box at each end (`LABEL_OVERLAPS`): DejaVu Sans, the charts'
#: font, has an ascent and descent of about 1.16 em, its capitals and descenders about 0.93 em.
LABEL_LEADING = 0.1

#: Texts of the deck's current slide that run past the slide's frame (reveal.js's `.slides` box): cut
#: off at the bottom or the right on a projector.
STEP_OVERFLOW = """() => {
  const frame = document.querySelector(".reveal .slides").getBoundingClientRect();
  const out = [];
  for (const el of Reveal.getCurrentSlide().querySelectorAll("p, li, td, th, h1, h2, h3, figure, svg")) {
    if (el.closest("aside")) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.bottom > frame.bottom + 1 || r.right > frame.right + 1)
      out.push({tag: el.tagName, text: el.textContent.trim().slice(0, 60), bottom: Math.round(r.bottom), frame: Math.round(frame.bottom)});
  }
  return out;
}"""
