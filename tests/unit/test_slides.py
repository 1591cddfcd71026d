"""Case-discussion deck: every number from the data, prompts with answers in the notes, one offline HTML file."""

import ast
import hashlib
import io
import json
import re
import statistics
import sys
import tarfile

import pandas as pd
import pytest
import yaml

from hccrebuild import data, paths
from hccrebuild.errors import RebuildError
from hccrebuild.figures import case_figures, slide_figures
from hccrebuild.html import slides
from hccrebuild.pipeline import slides_export, vendor

DECK = paths.NOTEBOOKS / "slides.ipynb"


@pytest.fixture(scope="module")
def frames():
    return data.load(slides.INPUTS, validate=False)


def changed(frames, resource, match, column, value):
    """A copy of the frames with one cell changed (the row found by `match`)."""
    out = dict(frames)
    f = frames[resource].copy()
    hit = pd.Series(True, index=f.index)
    for key, v in match.items():
        hit &= f[key] == v
    assert hit.sum() == 1, (resource, match)
    f.loc[hit, column] = value
    out[resource] = f
    return out


def text(html):
    """What a reader sees: tags become spaces, except the inline spans that mark a value."""
    html = re.sub(r"</?span\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# Every number comes from the data -------------------------------------------------------------------------

CASES = [
    (
        "case_facts",
        {"fact_id": "age"},
        "value",
        "71",
        lambda f: slides.title_html(f) + slides.presentation_html(f),
        "64-year-old",
        "71-year-old",
    ),
    (
        "case_facts",
        {"fact_id": "ecog-dx"},
        "value",
        "2",
        lambda f: slides.staging_html(f) + slides.answer_html("staging", f),
        "ECOG 1;",
        "ECOG 2;",
    ),
    (
        "case_treatments",
        {"treatment_id": "sorafenib"},
        "dose",
        600.0,
        slides.treatment_html,
        "Sorafenib 400 mg twice daily",
        "Sorafenib 600 mg twice daily",
    ),
    (
        "case_treatments",
        {"treatment_id": "tace-l-ohp"},
        "dose",
        150.0,
        lambda f: slides.treatment_html(f) + slides.answer_html("tace-confounder", f),
        "oxaliplatin (L-OHP) 200 mg",
        "oxaliplatin (L-OHP) 150 mg",
    ),
    (
        "case_event_dates",
        {"event_id": "tace"},
        "date",
        pd.Timestamp("2009-06-01"),
        slides.treatment_html,
        "2 days after TACE",
        "5 days after TACE",
    ),
    (
        "case_lesions",
        {"lesion_id": "L1", "study_id": "mri-2009-05-14"},
        "long_cm",
        4.0,
        lambda f: slides.response_html(f) + slides.prompt_html("first-scan", f),
        "L1 3.0×2.5 cm",
        "L1 4.0×2.5 cm",
    ),
    (
        "case_lesions",
        {"lesion_id": "L1", "study_id": "mri-2009-05-14"},
        "long_cm",
        4.0,
        slides.response_html,
        "50 mm",
        "60 mm",
    ),
    (
        # the first overall CR: the MRI of 18 Dec 2009, 195 days after 6 Jun (the CTs are PR)
        "case_imaging",
        {"study_id": "mri-2009-12-18"},
        "date",
        pd.Timestamp("2009-12-26"),
        lambda f: slides.answer_html("cr-timing", f),
        "195 days",
        "203 days",
    ),
    (
        "case_adverse_events",
        {"ae_id": "ae-hfsr"},
        "ctcae_grade",
        2,
        lambda f: slides.adverse_events_html(f) + slides.prompt_html("adverse-events", f),
        "hand-foot skin reaction grade 1",
        "hand-foot skin reaction grade 2",
    ),
    (
        "case_labs",
        {"lab_id": "afp-2009-05-08"},
        "value",
        4.1,
        lambda f: slides.presentation_html(f) + slides.answer_html("biomarkers", f),
        "3.6 µg/L (8 May 2009)",
        "4.1 µg/L (8 May 2009)",
    ),
    (
        "trial_best_response",
        {"arm_id": "sharp-sorafenib", "category": "CR"},
        "count",
        1,
        lambda f: slides.answer_html("rare-cr", f),
        ": 0 of 965 patients",
        ": 1 of 965 patients",
    ),
    (
        "trial_populations",
        {"arm_id": "sharp-sorafenib", "population": "enrolled"},
        "n",
        300,
        slides.trials_html,
        "sorafenib 299, placebo 303",
        "sorafenib 300, placebo 303",
    ),
    (
        "comparator_cases",
        {"case_id": "so-2008", "item": "age_years"},
        "value",
        "79",
        lambda f: slides.answer_html("rare-cr", f),
        "a 78-year-old male",
        "a 79-year-old male",
    ),
]


@pytest.mark.parametrize(
    "resource, match, column, value, render, before, after",
    CASES,
    ids=[f"{c[0]}-{c[2]}-{c[5]}" for c in CASES],
)
def test_a_changed_value_in_the_data_changes_the_slide(
    frames, resource, match, column, value, render, before, after
):
    old = text(render(frames))
    new = text(render(changed(frames, resource, match, column, value)))
    assert before in old and after not in old
    assert after in new and before not in new


def test_the_parameters_change_the_slides(frames):
    assert "from 9 Jun 2009 (day 5 after TACE): 5 days after TACE" in text(
        slides.treatment_html(frames, "day-5-after-tace")
    )
    assert "Sum of products of the two diameters" in slides.response_html(frames, "WHO")
    assert "by WHO" in slides.prompt_html("first-scan", frames, "WHO")


SLIDE_MODULES = ("slides.py", "slide_discussion.py", "deck.py")
PROSE = paths.ROOT / "src" / "hccrebuild" / "html" / "prose" / "slides.yaml"


def typed_numbers_in_module(source: str) -> list:
    """Sentences in a module (string constants with a space, tags removed, docstrings skipped) holding a digit."""
    tree = ast.parse(source)
    offenders = []
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        doc = ast.get_docstring(fn, clean=False)
        for node in ast.walk(fn):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value != doc:
                words = re.sub(r"</?[a-zA-Z][^>]*>?", "", node.value)
                if re.search(r"\s", words) and re.search(r"\d", words):
                    offenders.append((fn.name, node.value))
    return offenders


def typed_numbers_in_prose(prose) -> list:
    """Texts of the prose file (tags removed) holding a digit."""
    if isinstance(prose, dict):
        return [x for v in prose.values() for x in typed_numbers_in_prose(v)]
    if isinstance(prose, list):
        return [x for v in prose for x in typed_numbers_in_prose(v)]
    words = re.sub(r"</?[a-zA-Z][^>]*>?", "", str(prose))
    return [prose] if re.search(r"\d", words) else []


def test_no_number_is_typed_into_slide_text_in_the_modules():
    """Sentences in the slide modules hold no digit: numbers are interpolated."""
    for name in SLIDE_MODULES:
        source = (paths.ROOT / "src" / "hccrebuild" / "html" / name).read_text(encoding="utf-8")
        assert typed_numbers_in_module(source) == [], name
    for name in ("QUESTIONS", "HISTORY", "STAGING", "TIMEPOINTS"):
        assert not re.search(r"\d", json.dumps(getattr(slides, name))), name


def test_no_number_is_typed_into_the_prose_file():
    """Every text of prose/slides.yaml is a template: numbers come from placeholders."""
    assert typed_numbers_in_prose(yaml.safe_load(PROSE.read_text(encoding="utf-8"))) == []


def test_the_typed_number_checks_can_fail():
    assert typed_numbers_in_module('def f():\n    return "after 34 days"\n') != []
    assert typed_numbers_in_prose({"a": ["first CR after 34 days"]}) != []
    assert typed_numbers_in_prose({"a": "first CR after {{ days }} days"}) == []


def test_no_number_is_typed_into_the_deck_notebook():
    nb = json.loads(DECK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            continue
        assert not re.search(r"\d", "".join(cell["source"])), "".join(cell["source"])


# The deck's structure ----------------------------------------------------------------------------------------


def deck_cells():
    return [
        (c["metadata"]["slideshow"]["slide_type"], "".join(c["source"]))
        for c in json.loads(DECK.read_text(encoding="utf-8"))["cells"]
    ]


def test_every_cell_has_a_slide_type_and_setup_is_skipped():
    cells = deck_cells()
    assert {kind for kind, _ in cells} <= {"slide", "subslide", "fragment", "notes", "skip"}
    assert all(kind == "skip" for kind, src in cells if "HTML(" not in src)
    assert (
        cells[
            [src for _, src in cells].index(
                "HTML(slides.title_html(frames, criterion, sorafenib_start))"
            )
        ][0]
        == "slide"
    )


def test_sections_come_in_the_order_of_a_case_discussion():
    """Objectives first, the case as it unfolds (presentation, staging, the decision, treatment,
    follow-up, outcome), the trials, today's treatment, the open questions, the take-home."""
    calls = [
        re.search(r"(?:slides|care|session)\.(\w+)\((?:\"([\w-]+)\")?", src).group(1, 2)
        for kind, src in deck_cells()
        if kind in ("slide", "subslide")
    ]
    order = [
        ("title_html", None),
        ("objectives_html", None),
        ("presentation_html", None),
        ("staging_html", None),
        ("prompt_html", "decision"),
        ("treatment_html", None),
        ("prompt_html", "first-scan"),
        ("prompt_html", "cr-timing"),
        ("prompt_html", "mrecist"),  # the response table reveals their answers: after them
        ("response_html", None),
        ("adverse_events_html", None),
        ("trials_html", None),
        ("prompt_html", "first-line"),
        ("questions_html", None),
        ("care_prompt_html", None),
        ("take_home_html", None),
        ("sources_html", None),
    ]
    assert [c for c in calls if c in order] == order
    figures = [
        re.search(r'figures\["([\w-]+)"\]', src).group(1)
        for _, src in deck_cells()
        if "figure_html" in src
    ]
    assert figures == list(slide_figures.FIGURES)


def test_every_prompt_has_its_own_slide_and_its_answer_in_the_notes_that_follow():
    cells = deck_cells()
    seen = []
    for i, (kind, src) in enumerate(cells):
        m = re.search(r'prompt_html\("([\w-]+)"', src)
        if m:
            seen.append(m.group(1))
            assert kind in ("slide", "subslide")
            notes = [c for c in cells[i + 1 : i + 3] if c[0] == "notes"]
            assert ("notes", src.replace("prompt_html", "answer_html")) in notes
    assert seen == list(slides.PROMPTS)


def test_prompts_do_not_give_the_answer_away(frames):
    for key in slides.PROMPTS:
        prompt, answer = slides.prompt_html(key, frames), slides.answer_html(key, frames)
        assert 'class="prompt"' in prompt and ("?" in text(prompt) or "Classify" in text(prompt))
        assert 'class="answer"' in answer and "Answer" not in text(prompt)
    # the first follow-up's verdict is not given: the prompt quotes what the paper says of each scan,
    # and nothing else names a response category
    asked = re.sub(r"“[^”]*”", "", text(slides.prompt_html("first-scan", frames)))
    assert not re.search(r"\b(CR|PR|SD|PD)\b", asked), asked


def test_unknown_prompt_is_refused(frames):
    with pytest.raises(KeyError, match="no prompt 'dosing'; known: staging"):
        slides.prompt_html("dosing", frames)


# Figures: saved by the other notebooks, or drawn here ---------------------------------------------------------


def test_deck_figures_are_drawn_for_the_slide_from_the_data(frames, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "FIGURES", tmp_path)
    # a saved (page-sized) figure is never reused: the deck draws its own, 16:9 with larger text
    case_figures.save(case_figures.lesion_size(frames, "RECIST1.1"), "default")
    saved = (paths.figures_dir("default") / "fig-lesion-size.svg").read_text(encoding="utf-8")
    drawn = slide_figures.figure("fig-lesion-size", frames, "default")
    assert drawn["origin"] == "drawn" and drawn["svg"].lstrip().startswith("<?xml")
    w, h = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', drawn["svg"]).groups())
    assert 1.5 < w / h < 2.0, f"deck figure is {w:.0f} x {h:.0f} pt, not about 16:9"
    sizes = lambda svg: sorted(float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg))  # noqa: E731
    assert statistics.median(sizes(drawn["svg"])) > statistics.median(sizes(saved))
    # every value label of the data is still there
    for label in re.findall(r">(\d+ mm)<", saved):
        assert f">{label}<" in drawn["svg"]
    other = slide_figures.figure("fig-lesion-size", frames, "default", "WHO")
    assert "under WHO." in other["caption"]
    html = slides.figure_html(drawn, "Lesion size")
    assert "<?xml" not in html and "<metadata>" not in html and 'role="img"' in html
    assert "speaker notes" not in html and "fig-lesion-size;" not in html


# reveal.js from npm, checked and trimmed ------------------------------------------------------------------------


def test_the_pinned_reveal_is_a_version_nbconvert_s_reveal_template_works_with():
    assert vendor.REVEAL_VERSION.split(".")[0] in ("4", "5")
    assert vendor.REVEAL_INTEGRITY.startswith("sha512-")


def fake_package(tmp_path, css="body { color: black; }"):
    """A tarball laid out like reveal.js's, with a file the deck does not need."""
    files = {
        "dist/reveal.css": ".reveal { " + css + " }",
        "dist/theme/white.css": "@import url(./fonts/f.css);\n" + css,
        "dist/reveal.js": 'var s = "</script>";',
        "plugin/notes/notes.js": "var RevealNotes = {};",
        "LICENSE": "MIT",
        "package.json": json.dumps({"version": vendor.REVEAL_VERSION}),
        "demo.html": "<html>",
    }
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, body in files.items():
            raw = body.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    path = tmp_path / "pkg.tgz"
    path.write_bytes(buf.getvalue())
    return path


def fake_npm(tmp_path, tarball=None):
    """An npm that copies `tarball` where `npm pack` would put it, or fails like npm does without it."""
    body = (
        f"shutil.copy({str(tarball)!r}, dest / 'reveal.js-{vendor.REVEAL_VERSION}.tgz')"
        if tarball
        else "sys.stderr.write('npm error code E404\\n'); sys.exit(1)"
    )
    script = tmp_path / "npm"
    script.write_text(
        f"#!{sys.executable}\nimport pathlib, shutil, sys\n"
        f"dest = pathlib.Path(sys.argv[sys.argv.index('--pack-destination') + 1])\n{body}\n"
    )
    script.chmod(0o755)
    return str(script)


def integrity(path):
    import base64

    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def test_vendor_keeps_only_the_files_the_deck_inlines(tmp_path, monkeypatch):
    tarball = fake_package(tmp_path)
    monkeypatch.setattr(vendor, "REVEAL_INTEGRITY", integrity(tarball))
    folder = vendor.vendor_reveal(
        tmp_path / "vendor" / "reveal.js", npm=fake_npm(tmp_path, tarball)
    )
    kept = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert kept == sorted([*vendor.VENDOR_FILES.values(), *vendor.VENDOR_EXTRA])
    assert not list((tmp_path / "vendor").glob(".*"))  # no staging folder left behind
    res = vendor.vendor_resources(folder)
    assert "@import" not in res["theme_css"] and res["reveal_js"] == 'var s = "<\\/script>";'
    assert res["version"] == vendor.REVEAL_VERSION


def test_vendor_refuses_a_tarball_that_is_not_the_pinned_one(tmp_path):
    folder = tmp_path / "vendor" / "reveal.js"
    with pytest.raises(vendor.VendorError, match="is not the pinned reveal.js@"):
        vendor.vendor_reveal(folder, npm=fake_npm(tmp_path, fake_package(tmp_path)))
    assert not folder.exists()


def test_vendor_says_when_npm_fails_or_is_missing(tmp_path):
    with pytest.raises(
        vendor.VendorError, match=r"(?s)`npm pack reveal.js@.*` failed \(exit 1\):.*E404"
    ):
        vendor.vendor_reveal(tmp_path / "a", npm=fake_npm(tmp_path))
    with pytest.raises(vendor.VendorError, match="not found: install Node.js and npm"):
        vendor.vendor_reveal(tmp_path / "b", npm=str(tmp_path / "no-npm"))
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_vendor_does_nothing_when_the_pinned_version_is_there(tmp_path):
    folder = tmp_path / "reveal.js"
    folder.mkdir()
    (folder / "package.json").write_text(json.dumps({"version": vendor.REVEAL_VERSION}))
    for rel in [*vendor.VENDOR_FILES.values(), *vendor.VENDOR_EXTRA]:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).touch(exist_ok=True)
    assert vendor.vendor_reveal(folder, npm=str(tmp_path / "no-npm")) == folder


def test_vendor_fetches_again_when_a_file_is_missing(tmp_path):
    folder = tmp_path / "reveal.js"
    folder.mkdir()
    (folder / "package.json").write_text(json.dumps({"version": vendor.REVEAL_VERSION}))
    with pytest.raises(RebuildError, match="not found: install Node.js and npm"):
        vendor.vendor_reveal(folder, npm=str(tmp_path / "no-npm"))


def test_a_style_sheet_pointing_at_a_file_is_refused(tmp_path, monkeypatch):
    tarball = fake_package(tmp_path, css="@font-face { src: url(font.woff); }")
    monkeypatch.setattr(vendor, "REVEAL_INTEGRITY", integrity(tarball))
    folder = vendor.vendor_reveal(tmp_path / "reveal.js", npm=fake_npm(tmp_path, tarball))
    with pytest.raises(
        vendor.VendorError, match=r"would not travel with the HTML: \['font.woff'\]"
    ):
        vendor.vendor_resources(folder)


def test_export_needs_an_executed_deck():
    with pytest.raises(RebuildError, match="execute notebooks/slides.ipynb first"):
        slides_export.export("no-such-preset")
