"""What readers get from the html layer: unique ids in inline SVGs, header cells with text, citations
without repository paths, ledger rows that link back, the report notebook's title."""

import json
import re
from collections import Counter

import pandas as pd

from hccrebuild import data, paths
from hccrebuild.figures import case_figures
from hccrebuild.html import product_html, report
from hccrebuild.html.templating import render as render_template

SVG = """<svg xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="m1" d="M0 0"/>
<clipPath id="p9"><rect/></clipPath></defs><g id="figure_1"><g id="axes_1" clip-path="url(#p9)">
<use xlink:href="#m1"/><use href="#m1"/><a href="#elsewhere">x</a></g></g></svg>"""


def ids(html: str) -> list:
    return re.findall(r'\bid="([^"]+)"', html)


def test_svg_ids_and_their_references_are_prefixed_together():
    out = product_html.prefix_svg_ids(SVG, "fig-a--")
    assert sorted(ids(out)) == ["fig-a--axes_1", "fig-a--figure_1", "fig-a--m1", "fig-a--p9"]
    assert "url(#fig-a--p9)" in out
    assert out.count('href="#fig-a--m1"') == 2  # xlink:href and href
    assert 'href="#elsewhere"' in out  # not an id of this SVG: left alone


def test_two_real_figures_inline_on_one_page_share_no_id():
    frames = data.load(case_figures.INPUTS, validate=False)
    figs = [case_figures.lesion_size(frames), case_figures.afp(frames)]
    html = ""
    for built, fid in zip(figs, case_figures.FIGURE_IDS[:2]):
        import io

        buf = io.StringIO()
        built.fig.savefig(buf, format="svg")
        html += product_html.figure_html(
            {"id": fid, "svg": buf.getvalue(), "caption": "c", "alt": "a", "csv": "x.csv"}, 1
        )
    counts = Counter(ids(html))
    assert counts and max(counts.values()) == 1, counts.most_common(3)
    defined = set(counts)
    refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', html)
    assert all((a or b) in defined for a, b in refs)


def test_header_cells_have_text():
    row = {"label": "All", "total": True, "counts": [1, 2], "cells": 3, "annotated": 0}
    html = render_template("report_fragments/summary.html.j2", statuses=["a", "b"], rows=[row])
    html += render_template(
        "report_fragments/ledger_summary.html.j2", columns=["a", "b"], rows=[row]
    )
    html += render_template("deck/table.html.j2", head=["", "Value"], rows=[["x", "1"]], cls="")
    html += render_template(
        "fragments/table.html.j2", tid="t", number=1, caption="c", head_groups=[("A", 1)], subs=["s"],
        visit_heads=["First Visit"], rows=[], n_cols=1, footnote="", notes=[], finding_notes=[],
    )  # fmt: skip
    heads = re.findall(r"<th[^>]*>(.*?)</th>", html)
    assert len(heads) > 6 and all(th.strip() for th in heads), heads


def test_citations_shown_to_readers_carry_no_repository_path():
    for c in data.read("sources")["citation"]:
        shown = product_html.reader_citation(c)
        assert not re.search(r"\S+/\S+\.txt", shown), shown
        assert shown.split(".")[0] == c.split(".")[0]


def test_ledger_rows_link_back_to_what_points_at_them():
    entries = pd.DataFrame(
        [
            ["tbl-x-a", "cell", "T1", "1", "2", "r", "discrepancy", "recomputed", "f-one", "", ""],
            ["text-b", "text", "¶1", "3", "3", "r", "reproduced", "transcription", "", "", ""],
            ["text-c", "text", "¶2", "4", "4", "r", "reproduced", "transcription", "", "f-two", ""],
        ],
        columns=[
            "id", "kind", "location", "published", "reproduced", "rule", "status",
            "independence", "finding", "marked_by", "note",
        ],
    )  # fmt: skip
    html = report.ledger_html(entries)
    row = re.search(r'<tr id="ledger-tbl-x-a".*?</tr>', html).group(0)
    assert 'href="#tbl-x-a"' in row and 'href="#errata-tbl-x-a"' in row
    assert 'href="#finding-f-one"' in row
    other = re.search(r'<tr id="ledger-text-b".*?</tr>', html).group(0)
    assert "back-link" not in other
    # a value a finding names, though the entry itself reproduces, links to that finding
    named = re.search(r'<tr id="ledger-text-c".*?</tr>', html).group(0)
    assert 'href="#finding-f-two"' in named
    assert 'data-status="discrepancy"' in row and "verification.csv" in html


def test_the_report_notebook_is_titled_by_its_title_parameter():
    nb = json.loads((paths.ROOT / "notebooks" / "report.ipynb").read_text(encoding="utf-8"))
    params = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    title = re.search(r'^title: str = "([^"]+)"', "".join(params["source"]), re.M).group(1)
    assert nb["metadata"]["title"] == title != "Report"
    assert any("toc-after" in c["metadata"].get("tags", []) for c in nb["cells"])
