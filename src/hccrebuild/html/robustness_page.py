"""The report's section on robustness: which conclusions hold under every reading of the data."""

import pandas as pd

from ..analysis import conclusions
from .templating import render


def _summary_text(s: dict) -> str:
    text = f"{s['holds']} of {s['n']} conclusions hold under every reading"
    if s["fragile"]:
        parts = [f"{name}: {len(ids)}" for name, ids in s["by_reading"].items()]
        text += f"; {s['fragile']} depend on it (changed under {'; '.join(parts)})"
    return text + "."


def section_html(frame: pd.DataFrame) -> str:
    """The summary line and the table (`conclusions.across_readings`), fragile cells highlighted."""
    readings = [
        c
        for c in frame.columns
        if c not in ("conclusion_id", "conclusion", "verdict", "breaks_under")
    ]
    rows = []
    for r in frame.to_dict("records"):
        broken = set(filter(None, r["breaks_under"].split("; ")))
        cells = [{"text": r[c], "cls": "fragile" if c in broken else ""} for c in readings]
        verdict = r["verdict"] + (f": changed under {r['breaks_under']}" if broken else "")
        cells.append({"text": verdict, "cls": "fragile" if broken else "holds"})
        rows.append({"id": r["conclusion_id"], "label": r["conclusion"], "cells": cells})
    readings_words = [
        {"name": name, "criterion": c, "start": s, "nontarget": n}
        for name, (c, s, n) in conclusions.READINGS.items()
    ]
    return render(
        "report_fragments/robustness.html.j2",
        summary=_summary_text(conclusions.summary(frame)),
        readings=readings_words,
        heads=["Conclusion", *readings, "Verdict"],
        rows=rows,
    )
