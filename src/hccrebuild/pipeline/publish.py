"""Assemble the report: nbconvert turns the executed report notebook into HTML, WeasyPrint into PDF.

Everything is written under temporary names and renamed at the end, so a failure leaves the
previous report as it was.
"""

import hashlib
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from .. import paths
from ..files import commit, stage, write_atomic

#: The nbconvert template folder this module renders with.
PACKAGE_FILES = ["../html/templates/report"]

REPORT_TABLES = ("tbl-trials", "tbl-cases")


def notebook_html(notebook: Path) -> str:
    """The executed notebook as one self-contained HTML page (outputs only, no code), carrying its
    source date as metadata (the template writes it; WeasyPrint puts it into the PDF)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(paths.TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    html, _ = exporter.from_filename(str(notebook), resources={"source_date": source_date()})
    return html


def source_date_epoch() -> int:
    """The date the outputs carry: $SOURCE_DATE_EPOCH, else the last commit's, else 0.

    Also exported to the environment, where fontTools (used by WeasyPrint to subset fonts)
    reads it instead of the clock: without it no two PDFs are alike.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        try:
            value = subprocess.run(
                ["git", "-C", str(paths.ROOT), "log", "-1", "--format=%ct"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            value = ""
    os.environ["SOURCE_DATE_EPOCH"] = value or "0"
    return int(os.environ["SOURCE_DATE_EPOCH"])


def source_date() -> str:
    """The source date as the page's metadata states it (ISO 8601, UTC)."""
    return datetime.fromtimestamp(source_date_epoch(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def html_pdf(html: str) -> bytes:
    """The report page as PDF (WeasyPrint; no browser, no TeX), reproducible to the byte.

    Tagged PDF/UA-1: a structure tree from the HTML (headings, lists, tables, figures with their
    text alternative), the title from the page's <title> and the language from <html lang>.
    """
    from weasyprint import HTML

    source_date_epoch()
    return HTML(string=html, base_url=str(paths.ROOT)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )


def publish_html(preset: str = paths.DEFAULT_PRESET, notebook: Path = None) -> list:
    """Write report.html and the table CSVs of one parameter set (no PDF: see `publish_pdf`).

    The page is published as soon as it exists, before the slower PDF is laid out.

    Returns
    -------
    list of Path
        The files written.
    """
    notebook = Path(notebook or paths.build_dir(preset) / "nb" / "report.ipynb")
    out = paths.report_dir(preset)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    html = notebook_html(notebook)
    staged = {out / "report.html": stage(out / "report.html", html)}
    copies = {
        paths.tables_dir(preset) / f"{t}{suffix}": out / "tables" / f"{t}{suffix}"
        for t in REPORT_TABLES
        for suffix in (".csv", ".cells.csv")
    }
    copies[paths.tables_dir(preset) / "verification.csv"] = out / "verification.csv"
    copies[paths.tables_dir(preset) / "findings.csv"] = out / "findings.csv"
    for src, dest in copies.items():
        staged[dest] = stage(dest, src.read_bytes())
    return commit(staged)


def pdf_key(html: str) -> str:
    """What report.pdf is a function of, as far as the build can tell: the page (style sheet
    included), the source date, this module's code (the layout options), and the versions of the
    Python libraries that lay it out and write it. The system's Pango and fonts are not in it:
    after changing those, `make clean`."""
    from importlib.metadata import version

    h = hashlib.sha256(html.encode("utf-8"))
    h.update(f"\0{source_date_epoch()}\0".encode() + Path(__file__).read_bytes())
    for library in LAYOUT_LIBRARIES:
        try:
            h.update(f"\0{library} {version(library)}".encode())
        except ImportError:
            h.update(f"\0{library} absent".encode())
    return h.hexdigest()


#: The Python libraries a PDF's layout and writing depend on (their versions are in its key).
LAYOUT_LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "pillow",
    "pyphen",
)


def publish_pdf(preset: str = paths.DEFAULT_PRESET) -> list:
    """Lay out the published report.html of one parameter set as report.pdf.

    When the page is the very page the current PDF was laid out from (its key, `pdf_key`, kept in
    the build folder with the PDF's own SHA-256), and the PDF is the one written then, the PDF is
    kept as it is (only its time stamp is renewed, for Make): a rebuild that leaves the page
    unchanged costs no layout.
    """
    out = paths.report_dir(preset)
    html = (out / "report.html").read_text(encoding="utf-8")
    pdf, record = out / "report.pdf", paths.build_dir(preset) / "report.pdf.key"
    key = pdf_key(html)
    if pdf.is_file() and record.is_file():
        if record.read_text(encoding="utf-8") == f"{key} {_sha256(pdf)}":
            os.utime(pdf)
            return []
    written = commit({pdf: stage(pdf, html_pdf(html))})
    write_atomic(record, f"{key} {_sha256(pdf)}")
    return written


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def publish(preset: str = paths.DEFAULT_PRESET, notebook: Path = None) -> list:
    """Build report.html, the table CSVs, then report.pdf of one parameter set.

    Returns
    -------
    list of Path
        The files written.
    """
    return publish_html(preset, notebook) + publish_pdf(preset)


def main(argv=None) -> int:
    """`python -m hccrebuild.pipeline.publish html|pdf PRESET`: one half of `publish`."""
    import sys

    from ..errors import RebuildError

    what, preset = list(sys.argv[1:] if argv is None else argv)
    try:
        written = publish_html(preset) if what == "html" else publish_pdf(preset)
    except RebuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"  wrote {paths.relative(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
