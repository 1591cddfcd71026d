"""Assemble the report: nbconvert turns the executed report notebook into HTML, WeasyPrint into PDF.

Everything is written under temporary names and renamed at the end, so a failure leaves the
previous report as it was.
"""

import shutil
from pathlib import Path

from . import paths

REPORT_TABLES = ("tbl-trials", "tbl-cases")


def notebook_html(notebook: Path) -> str:
    """The executed notebook as one self-contained HTML page (outputs only, no code)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(paths.TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    html, _ = exporter.from_filename(str(notebook))
    return html


def html_pdf(html: str) -> bytes:
    """The report page as PDF (WeasyPrint; no browser, no TeX)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(paths.ROOT)).write_pdf()


def _write(path: Path, content) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8")
    return tmp


def publish(preset: str = paths.DEFAULT_PRESET, notebook: Path = None) -> list:
    """Build report.html, report.pdf and the table CSVs of one parameter set into its report folder.

    Returns
    -------
    list of Path
        The files written.
    """
    notebook = Path(notebook or paths.build_dir(preset) / "nb" / "report.ipynb")
    out = paths.report_dir(preset)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    html = notebook_html(notebook)
    pdf = html_pdf(html)
    staged = {out / "report.html": _write(out / "report.html", html),
              out / "report.pdf": _write(out / "report.pdf", pdf)}
    for table_id in REPORT_TABLES:
        for suffix in (".csv", ".cells.csv"):
            src = paths.tables_dir(preset) / f"{table_id}{suffix}"
            dest = out / "tables" / src.name
            tmp = dest.with_name(f".{dest.name}.tmp")
            shutil.copyfile(src, tmp)
            staged[dest] = tmp
    for dest, tmp in staged.items():
        tmp.replace(dest)
    return list(staged)
