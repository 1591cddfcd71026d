"""The robustness page (report/robustness.html) and its one-line summary for the main report."""

import pandas as pd

from .. import paths
from ..analysis import conclusions, response
from .templating import render

PAGE = "compare/page.html.j2"
TITLE = "Which conclusions hold under every reading of the data"


def _summary_text(s: dict) -> str:
    text = f"{s['holds']} of {s['n']} conclusions hold under every reading"
    if s["fragile"]:
        parts = [f"{name}: {len(ids)}" for name, ids in s["by_reading"].items()]
        text += f"; {s['fragile']} depend on it (broken under {', '.join(parts)})"
    return text + "."


def body(frame: pd.DataFrame, criteria: dict = None) -> str:
    """The page body: the summary line and the table, fragile cells highlighted.

    `criteria` names each column's response criterion (shown in its header).
    """
    criteria = criteria or {}
    readings = [
        c
        for c in frame.columns
        if c not in ("conclusion_id", "conclusion", "verdict", "breaks_under")
    ]
    rows = []
    for r in frame.to_dict("records"):
        broken = set(filter(None, r["breaks_under"].split("; ")))
        cells = [{"text": r[c], "cls": "fragile" if c in broken else ""} for c in readings]
        verdict = r["verdict"] + (f": breaks under {r['breaks_under']}" if broken else "")
        cells.append({"text": verdict, "cls": "fragile" if broken else "holds"})
        rows.append({"id": r["conclusion_id"], "label": r["conclusion"], "cells": cells})
    return render(
        "compare/robustness.html.j2",
        summary=_summary_text(conclusions.summary(frame)),
        nontarget_note="as-printed accepts the authors' verdict as evidence about non-target "
        "disease; strict does not",
        heads=[
            "Conclusion",
            *(f"{r} ({criteria[r]})" if criteria.get(r) else r for r in readings),
            "Verdict",
        ],
        rows=rows,
    )


def page(frame: pd.DataFrame, criteria: dict = None) -> str:
    """The whole self-contained page."""
    return render(PAGE, title=TITLE, body=body(frame, criteria)) + "\n"


def robustness_summary_html(path=None, href: str = "robustness.html") -> str:
    """One line for the main report: how many conclusions hold everywhere, with a link; or a note
    that the robustness table is not built yet (`make robustness`).

    Parameters
    ----------
    path : Path, optional
        The robustness CSV; default report/robustness.csv.
    href : str
        Link to the page, relative to the report that shows the line (report/<preset>/ reports:
        "../robustness.html").
    """
    path = path or paths.REPORT / "robustness.csv"
    if not path.is_file():
        return render("report_fragments/robustness_summary.html.j2", built=False)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    s = conclusions.summary(frame)
    by = ", ".join(f"{name}: {len(ids)}" for name, ids in s["by_reading"].items())
    return render(
        "report_fragments/robustness_summary.html.j2",
        built=True,
        n=s["n"],
        holds=s["holds"],
        fragile=s["fragile"],
        by_reading=by,
        href=href,
    )


#: The non-target readings the page describes (kept in step with the analysis).
NONTARGET_READINGS = response.NONTARGET_READINGS
