"""Assemble the report: nbconvert turns the executed report notebook into HTML, WeasyPrint into PDF.

Everything is written under temporary names and renamed at the end, so a failure leaves the
previous report as it was.
"""

import functools
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from .. import paths
from ..files import commit, stage
from . import execute

#: The nbconvert template folder this module renders with.
PACKAGE_FILES = ["../html/templates/report"]

REPORT_TABLES = ("tbl-trials", "tbl-cases")


@functools.cache
def _exporter_class():
    """nbconvert's HTML exporter, less the pass it ends with.

    After rendering, `HTMLExporter` parses the whole page with BeautifulSoup to give an <img>
    without alt text a placeholder and to make JupyterLab-template cells focusable, then writes
    the page out again. The report's template (classic) makes neither: its figures are inline SVG
    with their own text alternative, and it has no JupyterLab cells. On this page the pass took
    0.9 of the export's 1 s and changed only whitespace, attribute order and `<meta ... />`. An
    image without alt text is then reported by the accessibility check (axe-core, in the tests)
    instead of passing with a placeholder.
    """
    nbconvert = execute.imported("nbconvert")
    TemplateExporter = nbconvert.TemplateExporter  # noqa: N806
    highlight = execute.imported("nbconvert.filters.highlight")
    widgets = execute.imported("nbconvert.filters.widgetsdatatypefilter")

    class ReportExporter(nbconvert.HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # the two filters HTMLExporter registers for each notebook, then the template alone
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", highlight.Highlight2HTML(parent=self))
            self.register_filter(
                "filter_data_type",
                widgets.WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def notebook_html(notebook: Path) -> str:
    """The executed notebook as one self-contained HTML page (outputs only, no code), carrying its
    source date as metadata (the template writes it; WeasyPrint puts it into the PDF)."""
    exporter = _exporter_class()(
        template_name="report", extra_template_basedirs=[str(paths.TEMPLATES)]
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    html, _ = exporter.from_filename(str(notebook), resources={"source_date": source_date()})
    return html


def source_date_epoch() -> int:
    """The date the outputs carry: $SOURCE_DATE_EPOCH, else the last commit's, else 0 (1 January
    1970, said on the console: a copy without git history, such as a source archive, has no date
    of its own).

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
        if not value:
            print(
                "note: no git history here, so the outputs are dated 1970-01-01; "
                "set SOURCE_DATE_EPOCH (seconds since 1970) to date them",
                file=sys.stderr,
            )
    os.environ["SOURCE_DATE_EPOCH"] = value or "0"
    return int(os.environ["SOURCE_DATE_EPOCH"])


def source_date() -> str:
    """The source date as the page's metadata states it (ISO 8601, UTC)."""
    return datetime.fromtimestamp(source_date_epoch(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


#: A block of the page that only a screen shows, between these comments (report_fragments/ledger).
SCREEN_ONLY = re.compile(r"<!-- screen-only -->.*?<!-- /screen-only -->", re.S)


def html_pdf(html: str) -> bytes:
    """The report page as PDF (WeasyPrint; no browser, no TeX), reproducible to the byte.

    Tagged PDF/UA-1: a structure tree from the HTML (headings, lists, tables, figures with their
    text alternative), the title from the page's <title> and the language from <html lang>.
    """
    HTML = execute.imported("weasyprint").HTML  # noqa: N806

    source_date_epoch()
    # what paper never shows (the full ledger: 40 % of the page's elements) is not laid out at all
    html = SCREEN_ONLY.sub("", html)
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
    copies[paths.tables_dir(preset) / "robustness.csv"] = out / "robustness.csv"
    for src, dest in copies.items():
        staged[dest] = stage(dest, src.read_bytes())
    return commit(staged)


#: The Python libraries a PDF's layout and writing depend on: a new version of any lays it out again
#: (pipeline/tasks.py). The system's Pango and fonts are not tracked: after changing those, `make clean`.
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
    """Lay out the published report.html of one parameter set as report.pdf (see `html_pdf`)."""
    out = paths.report_dir(preset)
    html = (out / "report.html").read_text(encoding="utf-8")
    pdf = out / "report.pdf"
    return commit({pdf: stage(pdf, html_pdf(html))})


def publish(preset: str = paths.DEFAULT_PRESET, notebook: Path = None) -> list:
    """Build report.html, the table CSVs, then report.pdf of one parameter set.

    Returns
    -------
    list of Path
        The files written.
    """
    return publish_html(preset, notebook) + publish_pdf(preset)
