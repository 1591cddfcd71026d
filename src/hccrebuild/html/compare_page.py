"""The comparison page: one self-contained HTML file from the result of `pipeline.compare.compare`.

Drawings are embedded as data: URIs (<img>), so two versions of one SVG never share element ids.
"""

import base64
import re

from .templating import render

#: Columns shown to summarise an added or removed row, where the frame has them.
SUMMARY_COLUMNS = ("title", "location", "label", "status", "category", "printed", "reproduced")
PAGE = "compare/page.html.j2"


def slug(text: str, prefix: str) -> str:
    """An id made of the text's letters and digits, with a prefix (ids stay unique per section)."""
    return prefix + "-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _summary(row: dict) -> str:
    parts = [f"{c}: {row[c]}" for c in SUMMARY_COLUMNS if row.get(c)]
    if not parts:
        parts = [f"{k}: {v}" for k, v in list(row.items())[:4] if v]
    return "; ".join(parts)


def diff_rows(d, key_head: str, a: str = "A", b: str = "B") -> str:
    """A keyed diff as one table: added, removed and changed cells (old struck, new highlighted)."""
    ctx = {
        "added": [{"key": r["key"], "summary": _summary(r["row"])} for r in d.added],
        "removed": [{"key": r["key"], "summary": _summary(r["row"])} for r in d.removed],
        "changed": d.changed,
        "columns_added": d.columns_added,
        "columns_removed": d.columns_removed,
    }
    return render("compare/diff_rows.html.j2", d=ctx, key_head=key_head, a=a, b=b)


def _count_text(d) -> str:
    n = d.counts()
    return (
        f"{n['added']} added, {n['removed']} removed, {n['changed']} changed ({n['cells']} cells)"
    )


def _data_uri(path) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def side_description(side) -> str:
    """How a side was built, in words."""
    if side.revision:
        return f"git revision {side.spec} ({side.revision[:12]}), preset {side.preset}"
    return f"preset {side.preset} (params/{side.preset}.yaml) of this checkout"


def _sections(result: dict) -> dict:
    tables = []
    for t in result["tables"]:
        if not (t["only"] or not t["diff"].empty):
            continue
        item = {"name": t["name"], "id": slug(t["name"], "table"), "only": t["only"].upper()}
        if not t["only"]:
            item |= {
                "summary": _count_text(t["diff"]),
                "columns": t["columns"],
                "layout": t["layout"],
                "removed": [r["key"] for r in t["diff"].removed],
            }
        tables.append(item)
    figures = []
    for f in result["figures"]:
        if not (f["only"] or not f["diff"].empty):
            continue
        images = [
            {"side": s.upper(), "src": _data_uri(f["svg"][s])} for s in ("a", "b") if s in f["svg"]
        ]
        item = {
            "name": f["name"],
            "id": slug(f["name"], "figure"),
            "only": f["only"].upper(),
            "images": images,
            "summary": "",
            "rows": "",
        }
        if not f["only"]:
            key = " · ".join(f["diff"].key) or "row"
            item["summary"] = "Rows of its CSV: " + _count_text(f["diff"]) + "."
            item["rows"] = diff_rows(f["diff"], key)
        figures.append(item)
    return {"tables": tables, "figures": figures}


def body(result: dict) -> str:
    """The page body (without the document wrapper)."""
    sec = _sections(result)
    findings, ledger = result["findings"], result["ledger"]
    counts = [
        {"id": "findings", "title": "Findings", "text": _count_text(findings)},
        {"id": "ledger", "title": "Ledger entries", "text": _count_text(ledger)},
        {"id": "tables", "title": "Tables that differ", "text": str(len(sec["tables"]))},
        {"id": "figures", "title": "Figures and product tables", "text": str(len(sec["figures"]))},
        {"id": "params", "title": "Parameters that differ", "text": str(len(result["params"]))},
        {"id": "data", "title": "Data files that differ", "text": str(len(result["data"]))},
    ]
    data = [
        {"key": p["key"], "old": (p["old"] or "absent")[:12], "new": (p["new"] or "absent")[:12]}
        for p in result["data"]
    ]
    return render(
        "compare/compare.html.j2",
        a_desc=side_description(result["a"]),
        b_desc=side_description(result["b"]),
        identical=result["identical"],
        counts=counts,
        findings={"empty": findings.empty, "html": diff_rows(findings, "Finding")},
        ledger={"empty": ledger.empty, "html": diff_rows(ledger, "Ledger entry")},
        tables=sec["tables"],
        figures=sec["figures"],
        params=result["params"],
        data=data,
    )


def page(result: dict) -> str:
    """The whole self-contained page."""
    title = f"What changed: {result['a'].label} → {result['b'].label}"
    return render(PAGE, title=title, body=body(result)) + "\n"
