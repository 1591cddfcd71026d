"""HTML the product notebooks show: a rebuilt table with marked cells and footnotes, a saved figure."""

import re

from markupsafe import Markup

from ..analysis.tables import DISCREPANCY, MISLABELLED, NOT_RECOMPUTABLE, REPRODUCED, BuiltTable
from .templating import render

PACKAGE_FILES = [
    "templates/fragments/table.html.j2",
    "templates/fragments/figure.html.j2",
    "templates/fragments/aria_label.html.j2",
]
#: Sign of a cell that a finding of the register marks (numbered like the footnotes).
FINDING_MARK = "§"

#: Marks drawn beside a noted cell; symbols, so they survive greyscale printing.
MARKS = {DISCREPANCY: "≠", MISLABELLED: "✓†", NOT_RECOMPUTABLE: "∅", REPRODUCED: "†"}
MARK_MEANING = {
    DISCREPANCY: "the value rebuilt from the data differs from the printed one",
    MISLABELLED: "the value is reproduced, but its label or unit is wrong",
    NOT_RECOMPUTABLE: "the data cannot produce the printed value",
    REPRODUCED: "the printed value is reproduced, with a caveat",
}
TABLE_NUMBERS = {"tbl-trials": 1, "tbl-cases": 2}


def _footnotes(table: BuiltTable) -> tuple:
    """Number the notes of a table, one footnote per distinct (status, text).

    Returns
    -------
    (dict of cell key to (mark, number), list of (number, mark, text, cells))
    """
    groups = {}
    for cell in table.cells:
        if not cell.noted:
            continue
        text = cell.reason if cell.status != REPRODUCED else cell.annotation
        if cell.status != REPRODUCED and cell.annotation:
            text = f"{text} {cell.annotation}"
        groups.setdefault((cell.status, text), []).append(cell)
    refs, notes = {}, []
    for number, ((status, text), cells) in enumerate(groups.items(), start=1):
        for c in cells:
            refs[c.key] = (MARKS[status], number)
        notes.append((number, MARKS[status], text, cells))
    return refs, notes


def _column_label(table: BuiltTable, cell) -> str:
    for col, head, sub in table.columns:
        if col == cell.column:
            parts = [head, sub, {"first": "first visit", "last": "last visit"}.get(cell.visit, "")]
            return ", ".join(p for p in parts if p)
    return cell.column


def _head_groups(table: BuiltTable, span: int) -> list:
    """Column heads with equal consecutive heads grouped (a trial's arms), as (head, colspan)."""
    groups = []
    for _col, head, _sub in table.columns:
        if groups and groups[-1][0] == head:
            groups[-1][1] += 1
        else:
            groups.append([head, 1])
    return [(head, n * span) for head, n in groups]


def _finding_notes(table: BuiltTable) -> tuple:
    """Number the findings that mark cells of `table`: (finding id to number, list of notes)."""
    numbers, notes = {}, []
    for c in table.cells:
        for f in c.finding.split():
            if f not in numbers:
                numbers[f] = len(numbers) + 1
                notes.append(
                    {"number": numbers[f], "id": f, "title": table.findings.get(f, f), "cells": []}
                )
            notes[numbers[f] - 1]["cells"].append(
                {"label": c.label, "column": _column_label(table, c)}
            )
    return numbers, notes


def _rows(table: BuiltTable, refs: dict, span: int, findings: dict = None) -> list:
    rows = {}
    for c in table.cells:
        rows.setdefault(c.row, []).append(c)
    out, section = [], None
    for _, cells in sorted(rows.items()):
        first = cells[0]
        new_section = first.section if first.section and first.section != section else None
        section = first.section or section
        tds = []
        for col, _, _ in table.columns:
            for c in (c for c in cells if c.column == col):
                cls = ""
                if c.key in refs:
                    cls = c.status if c.status != REPRODUCED else "annotated"
                tds.append(
                    {
                        "key": c.key,
                        "value": c.rebuilt,
                        "colspan": span if not c.visit and span > 1 else None,
                        "cls": cls,
                        "mark": refs.get(c.key),
                        "finding": c.finding,
                        "findings": [
                            (FINDING_MARK, (findings or {})[f], f, table.findings.get(f, f))
                            for f in c.finding.split()
                        ],
                    }
                )
        out.append({"section": new_section, "label": first.label, "cells": tds})
    return out


def table_html(table: BuiltTable) -> str:
    """A rebuilt table in the paper's layout; noted cells carry a mark and link to their footnote.

    Parameters
    ----------
    table : BuiltTable
        As built by `analysis.table1` or `analysis.table2`.

    Returns
    -------
    str
        HTML: a `<figure class="table">`.
    """
    refs, notes = _footnotes(table)
    numbers, finding_notes = _finding_notes(table)
    visits = [v for v in table.visits if v] or [""]
    span = len(visits)
    return render(
        "fragments/table.html.j2",
        tid=table.table_id,
        number=TABLE_NUMBERS.get(table.table_id, ""),
        caption=table.caption.split(":", 1)[-1].strip(),
        head_groups=_head_groups(table, span),
        subs=[sub for _, _, sub in table.columns] if any(s for _, _, s in table.columns) else [],
        visit_heads=[f"{v.capitalize()} Visit" for _ in table.columns for v in visits]
        if span > 1
        else [],
        rows=_rows(table, refs, span, numbers),
        finding_notes=finding_notes,
        finding_mark=FINDING_MARK,
        n_cols=len(table.columns) * span,
        footnote=table.footnote,
        notes=[
            {
                "number": number,
                "sym": sym,
                "text": text,
                "printed": cells[0].status != REPRODUCED,
                "cells": [
                    {"label": c.label, "column": _column_label(table, c), "printed": c.printed}
                    for c in cells
                ],
            }
            for number, sym, text, cells in notes
        ],
    )


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """The SVG with every id, and every reference to one, prefixed, so that several inline SVGs can share
    a page: matplotlib names its groups `figure_1`, `axes_1`, `patch_2`... in every figure it draws.

    References are `url(#id)` (clip paths), `href="#id"` and `xlink:href="#id"` (markers, glyphs);
    a reference to an id the SVG does not define is left as it is.
    """
    ids = set(_SVG_ID.findall(svg))
    if not ids:
        return svg

    def ref(m):
        name = m.group(2)
        return f"{m.group(1)}{prefix}{name}{m.group(3)}" if name in ids else m.group(0)

    svg = _SVG_ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"(url\(#)([^)\s]+)(\))", ref, svg)
    return re.sub(r'(href="#)([^"]+)(")', ref, svg)


def reader_citation(citation: str) -> str:
    """A citation as readers get it: without the note of where this project keeps the paper's text (a
    repository path means nothing to an audience; the paper is cited as a reference)."""
    return re.sub(r"\s*Text as supplied in \S+\s*", " ", citation).strip()


def _inline_svg(svg: str, alt: str, strip_metadata: bool, prefix: str = "") -> Markup:
    """A saved SVG ready to inline: no XML prolog or doctype, an accessible name from `alt`, and its
    ids prefixed with `prefix` (unique on the page).

    The SVG is trusted markup (written by `figures.plotting` from matplotlib, or drawn here), so it
    is marked safe; the alt text is escaped into its attribute.
    """
    pattern = r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*"
    if strip_metadata:
        pattern += r"|<metadata>.*?</metadata>\s*"
    svg = re.sub(pattern, "", svg, flags=re.S)
    if prefix:
        svg = prefix_svg_ids(svg, prefix)
    label = render("fragments/aria_label.html.j2", alt=alt)
    return Markup(svg.replace("<svg ", f"<svg {label} ", 1))


def figure_html(fig: dict, number: int = None, heading: str = None) -> str:
    """A saved figure (see `saved.load_figure`) inline, with its number and caption, or on a slide.

    Parameters
    ----------
    fig : dict
        id, svg, caption, alt (and csv for a numbered figure).
    number : int, optional
        Figure number (report and notebooks); the caption and data file go under the figure.
    heading : str, optional
        Slide heading (deck); the caption goes in the speaker notes, the SVG loses its metadata.

    Returns
    -------
    str
        HTML with the SVG inline (no external file).
    """
    deck = heading is not None
    return render(
        "fragments/figure.html.j2",
        id=fig["id"],
        svg=_inline_svg(fig["svg"], fig["alt"], strip_metadata=deck, prefix=f"{fig['id']}--"),
        number=number,
        heading=heading,
        caption=fig["caption"],
        csv=fig.get("csv", ""),
    )
