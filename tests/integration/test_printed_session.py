"""The session on paper as it is printed: the student handout (two pages at most, no answer) and the
teacher's guide, both tagged PDFs with a title and a language, their pages drawn as pictures."""

import re
import subprocess

import browser as br
import pdfs
import pytest

pytestmark = pytest.mark.integration

#: The handout fits on this many A4 pages (one sheet, both sides).
MAX_HANDOUT_PAGES = 2
#: A page with less ink than this share of its area is near-empty.
MIN_PAGE_INK = 0.01


def _pdf(readers_dir, name):
    path = readers_dir / name
    if not path.is_file():
        pytest.skip(f"{path} not built (make slides)")
    return path


@pytest.fixture(scope="module", params=["handout.pdf", "teachers-guide.pdf"])
def document(request, readers_dir):
    from pypdf import PdfReader

    path = _pdf(readers_dir, request.param)
    reader = PdfReader(path)
    return path, reader, reader.trailer["/Root"].get_object()


def test_each_document_is_tagged_titled_and_declares_its_language(document):
    path, reader, root = document
    mark = root.get("/MarkInfo")
    assert mark is not None and bool(mark.get_object().get("/Marked")), path.name
    assert "/StructTreeRoot" in root and str(root.get("/Lang", "")).strip(), path.name
    assert "Case discussion" in str((reader.metadata or {}).get("/Title")), path.name


def test_each_page_has_ink_when_drawn(document, tmp_path):
    """The pages as a reader sees them (pdftoppm): none is near-empty."""
    path, reader, _ = document
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(reader.pages)
    for png in pages:
        ink = br.non_white_fraction(png)
        assert ink >= MIN_PAGE_INK, (path.name, png.name, ink)


def test_the_handout_fits_two_pages_and_gives_no_answer(readers_dir):
    from pypdf import PdfReader

    handout = PdfReader(_pdf(readers_dir, "handout.pdf"))
    assert len(handout.pages) <= MAX_HANDOUT_PAGES, len(handout.pages)
    h = " ".join(pdfs.pages_text(_pdf(readers_dir, "handout.pdf")))
    g = " ".join(pdfs.pages_text(_pdf(readers_dir, "teachers-guide.pdf")))
    # the answers cite their sources; the questions and the worksheet's blanks do not
    cited = r"(?:et al\.|EASL|Llovet), \d{4}"
    assert re.search(cited, g) and not re.search(cited, h), re.findall(cited, h)
    assert "answer key" in g.lower() and "answer key" not in h.lower()
    for question in ("Which findings place her in BCLC stage", "What first-line treatment"):
        assert question in h and question in g


def test_the_printed_handout_names_no_finding_and_the_guide_holds_the_other_sheet(readers_dir):
    """As printed: the handout points at no finding of the register and says where the other
    compared criterion's sheet is; the guide holds that sheet blank, to copy, then its key."""
    h = " ".join(pdfs.pages_text(_pdf(readers_dir, "handout.pdf")))
    g = pdfs.pages_text(_pdf(readers_dir, "teachers-guide.pdf"))
    for words in ("see finding", "findings register", "percentage of zero"):
        assert words not in h, words
    assert "from a nadir of 0" in h
    said = re.search(r"The (\S+(?: 1\.1)?) worksheet is handed out separately", h)
    assert said, "the handout does not say where the other worksheet is"
    copy = [i for i, p in enumerate(g) if p.startswith("TO COPY FOR LEARNERS")]
    assert len(copy) == 1 and f"Response worksheet: {said.group(1)}" in g[copy[0]]
    assert "(answer key)" not in g[copy[0]]
    assert g[copy[0] + 1].startswith(f"Response worksheet: {said.group(1)} (answer key)")
