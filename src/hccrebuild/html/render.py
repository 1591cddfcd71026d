"""HTML for the report: rebuilt tables with marked cells and footnotes, summaries, sources."""

from html import escape

from ..analysis.tables import (
    DISCREPANCY,
    MISLABELLED,
    NOT_RECOMPUTABLE,
    REPRODUCED,
    STATUSES,
    BuiltTable,
)

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


def table_html(table: BuiltTable) -> str:
    """A rebuilt table in the paper's layout; noted cells carry a mark and link to their footnote."""
    refs, notes = _footnotes(table)
    tid = table.table_id
    visits = [v for v in table.visits if v] or [""]
    has_sub = any(sub for _, _, sub in table.columns)
    # Column heads: group equal consecutive heads (a trial's arms).
    head_groups = []
    for _col, head, _sub in table.columns:
        if head_groups and head_groups[-1][0] == head:
            head_groups[-1][1] += 1
        else:
            head_groups.append([head, 1])
    span = len(visits)
    n_cols = len(table.columns) * span
    out = [
        f'<figure class="table" id="{tid}">',
        f'<figcaption><span class="label">Table {TABLE_NUMBERS.get(tid, "")}.</span> '
        f'{escape(table.caption.split(":", 1)[-1].strip())} <span class="rebuilt-tag">(rebuilt from the raw data)</span></figcaption>',
        "<table>",
        "<thead>",
        '<tr><th class="stub"></th>'
        + "".join(f'<th colspan="{n * span}">{escape(h)}</th>' for h, n in head_groups)
        + "</tr>",
    ]
    if has_sub:
        out.append(
            '<tr><th class="stub"></th>'
            + "".join(f"<th>{escape(sub)}</th>" for _, _, sub in table.columns)
            + "</tr>"
        )
    if span > 1:
        out.append(
            '<tr><th class="stub"></th>'
            + "".join(f"<th>{v.capitalize()} Visit</th>" for _ in table.columns for v in visits)
            + "</tr>"
        )
    out.append("</thead><tbody>")
    rows = {}
    for c in table.cells:
        rows.setdefault(c.row, []).append(c)
    section = None
    for _, cells in sorted(rows.items()):
        first = cells[0]
        if first.section and first.section != section:
            out.append(
                f'<tr class="section"><th colspan="{n_cols + 1}">{escape(first.section)}</th></tr>'
            )
        section = first.section or section
        tds = []
        for col, _, _ in table.columns:
            mine = [c for c in cells if c.column == col]
            for c in mine:
                colspan = f' colspan="{span}"' if not c.visit and span > 1 else ""
                mark = ""
                cls = ""
                if c.key in refs:
                    sym, num = refs[c.key]
                    mark = f'<sup class="mark"><a href="#{tid}-fn{num}">{sym}{num}</a></sup>'
                    cls = f' class="{c.status}"' if c.status != REPRODUCED else ' class="annotated"'
                value = escape(c.rebuilt)
                if c.key in refs:
                    value = f'<a class="ledger-link" href="#ledger-{c.key}" title="ledger entry {c.key}">{value}</a>'
                tds.append(f'<td{colspan}{cls} id="{c.key}">{value}{mark}</td>')
        out.append(f"<tr><th>{escape(first.label)}</th>{''.join(tds)}</tr>")
    out += ["</tbody></table>", f'<p class="printed-footnote">{escape(table.footnote)}</p>']
    if notes:
        out.append('<ol class="footnotes">')
        for number, sym, text, cells in notes:
            where = ""
            if cells[0].status != REPRODUCED:
                where = (
                    " Printed: "
                    + "; ".join(
                        f"{escape(c.label)} ({escape(_column_label(table, c))}) <q>{escape(c.printed)}</q>"
                        for c in cells
                    )
                    + "."
                )
            else:
                where = (
                    " Cells: "
                    + "; ".join(
                        f"{escape(c.label)} ({escape(_column_label(table, c))})" for c in cells
                    )
                    + "."
                )
            out.append(
                f'<li id="{tid}-fn{number}"><span class="mark">{sym}{number}</span> {escape(text)}{where}</li>'
            )
        out.append("</ol>")
    out.append("</figure>")
    return "\n".join(out)


def legend_html() -> str:
    """What the marks in the tables mean."""
    items = "".join(
        f'<li><span class="mark">{MARKS[s]}</span> {MARK_MEANING[s]}</li>'
        for s in (DISCREPANCY, MISLABELLED, NOT_RECOMPUTABLE, REPRODUCED)
    )
    return f'<ul class="legend">{items}</ul>'


def summary_html(tables: list) -> str:
    """Counts of cells per status for each table, and in all."""
    head = "".join(f"<th>{s}</th>" for s in STATUSES) + "<th>cells</th><th>with a caveat (†)</th>"
    rows, total = [], {s: 0 for s in STATUSES} | {"annotated": 0}
    for t in tables:
        c = t.counts()
        for k in total:
            total[k] += c[k]
        n = sum(c[s] for s in STATUSES)
        rows.append(
            f"<tr><th>Table {TABLE_NUMBERS.get(t.table_id, '')}</th>"
            + "".join(f"<td>{c[s]}</td>" for s in STATUSES)
            + f"<td>{n}</td><td>{c['annotated']}</td></tr>"
        )
    n = sum(total[s] for s in STATUSES)
    rows.append(
        '<tr class="total"><th>All</th>'
        + "".join(f"<td>{total[s]}</td>" for s in STATUSES)
        + f"<td>{n}</td><td>{total['annotated']}</td></tr>"
    )
    return f'<table class="summary"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def sources_html(sources) -> str:
    """The sources the data cite."""
    items = "".join(
        f"<li><b>{escape(r.source_id)}</b>: {escape(r.citation)}</li>" for r in sources.itertuples()
    )
    return f'<ul class="sources">{items}</ul>'


def parameters_html(params: dict) -> str:
    """The parameters this report was built with, notebook by notebook."""
    rows = []
    for nb, values in params.items():
        for k, v in values.items():
            rows.append(
                f"<tr><td>{escape(nb)}</td><td><code>{escape(k)}</code></td><td><code>{escape(repr(v))}</code></td></tr>"
            )
    return f'<table class="parameters"><thead><tr><th>Notebook</th><th>Parameter</th><th>Value</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'


def figure_html(fig: dict, number: int) -> str:
    """A saved figure (see `plotting.load_figure`) inline, with its number, caption and alt text."""
    import re

    svg = re.sub(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", "", fig["svg"])
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(fig["alt"], quote=True)}" ', 1)
    return (
        f'<figure class="figure" id="{fig["id"]}">{svg}'
        f'<figcaption><span class="label">Figure {number}.</span> {escape(fig["caption"])} '
        f'<span class="muted">Data: <code>{escape(fig["csv"])}</code>.</span></figcaption></figure>'
    )


def ledger_summary_html(summary) -> str:
    """Ledger entries by kind and status (see `ledger.summary`)."""
    kinds = {
        "cell": "cells of Tables 1-2",
        "text": "claims of the text",
        "consistency": "consistency of the printed values",
        "primary": "against the primary publications",
        "all": "all entries",
    }
    head = "".join(f"<th>{escape(c)}</th>" for c in summary.columns)
    rows = "".join(
        ("<tr class='total'>" if k == "all" else "<tr>")
        + f"<th>{escape(kinds.get(k, k))}</th>"
        + "".join(f"<td>{int(v)}</td>" for v in summary.loc[k])
        + "</tr>"
        for k in summary.index
    )
    return f'<table class="summary"><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>'


def errata_html(entries, errata) -> str:
    """Every discrepancy the ledger finds, with the errata register's explanation and its source."""
    rows = []
    for e in entries[entries["status"] == DISCREPANCY].itertuples():
        r = errata.loc[e.id]
        conf = (
            f", confidence {escape(r['confidence'])}"
            if isinstance(r["confidence"], str) and r["confidence"]
            else ""
        )
        rows.append(
            f'<tr><td><a href="#ledger-{e.id}">{escape(e.location)}</a></td><td>{escape(e.published)}</td>'
            f"<td>{escape(e.reproduced)}</td><td>{escape(r['what'])}</td><td>{escape(r['why'])} "
            f'<span class="muted">[{escape(r["source"])}{conf}]</span></td></tr>'
        )
    return (
        '<h3>Discrepancies and their explanations (errata register)</h3><table class="differences"><thead><tr>'
        "<th>Where</th><th>Printed</th><th>Recomputed</th><th>Kind</th><th>Why</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def not_recomputable_html(entries) -> str:
    """Entries the data cannot recompute, with the reason."""
    rows = "".join(
        f'<li><a href="#ledger-{e.id}">{escape(e.location)}</a>: <q>{escape(e.published)}</q>. {escape(e.note)}</li>'
        for e in entries[entries["status"] == NOT_RECOMPUTABLE].itertuples()
    )
    return f"<h3>Not recomputable, and why</h3><ul>{rows}</ul>"


def ledger_html(entries) -> str:
    """The full ledger as a table; each row is the target of `#ledger-<id>`."""
    rows = "".join(
        f'<tr id="ledger-{escape(e.id)}" class="{e.status}"><td><code>{escape(e.id)}</code></td><td>{escape(e.location)}</td>'
        f"<td>{escape(e.published)}</td><td>{escape(e.reproduced)}</td><td>{escape(e.rule)}</td><td>{escape(e.status)}</td>"
        f"<td>{escape(e.note)}</td></tr>"
        for e in entries.itertuples()
    )
    return (
        '<table class="ledger"><thead><tr><th>Id</th><th>Where</th><th>Printed</th><th>Recomputed</th><th>Rule</th>'
        f"<th>Status</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table>"
    )
