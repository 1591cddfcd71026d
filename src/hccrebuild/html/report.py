"""Pieces of the report page that only the report shows: header, legend, summaries, verification, ledger."""

import platform
from importlib import metadata

from .. import data, paths
from ..analysis import ledger, parameter_choices, products
from ..analysis.ledger import register
from ..analysis.tables import DISCREPANCY, MISLABELLED, NOT_RECOMPUTABLE, REPRODUCED, STATUSES
from ..figures import saved
from . import product_html
from .templating import render

#: Templates only the report uses (editing them re-runs the report notebook alone).
PACKAGE_FILES = ["templates/report_fragments"]

#: Libraries whose versions the report states.
KEY_PACKAGES = ("pandas", "matplotlib", "papermill", "nbconvert", "frictionless", "weasyprint")
#: Ledger kinds, as the summary names them.
LEDGER_KINDS = {
    "cell": "cells of Tables 1-2",
    "text": "claims of the text",
    "consistency": "consistency of the printed values",
    "primary": "statements against an outside fact or rule (primary publications, CTCAE)",
    "all": "all entries",
}


def figures_html(preset: str, ids) -> str:
    """Saved figures inline, numbered by their place in `saved.figure_ids`."""
    return "\n".join(
        product_html.figure_html(saved.load_figure(fid, preset), saved.figure_ids().index(fid) + 1)
        for fid in ids
    )


def load_ledger(preset: str = paths.DEFAULT_PRESET):
    """The verification ledger as written by its notebook for this parameter set."""
    return products.load_ledger(paths.tables_dir(preset))


#: How each consequence of a finding is introduced (the findings are ranked by it).
CONSEQUENCE_WORDS = {
    "changes-case-conclusion": "Changes the case's conclusion",
    "changes-number": "Changes a number or category a reader takes away",
    "changes-label": "Changes only a label or the wording",
}
#: Each kind of evidence, as a finding states it.
EVIDENCE_WORDS = {
    "printed-values": "the paper's own printed values, recomputed",
    "primary-source": "a fact documented in a primary publication",
    "published-rule": "a published rule applied to what the paper reports",
    "inference": "an inference",
}
#: Independence classes, as the headline names them.
INDEPENDENCE_WORDS = {
    "recomputed": "recomputed from other data",
    "consistency": "against other printed values",
    "published-rule": "by a published rule",
    "inference": "by inference",
    "primary-source": "against the primary publications",
}


def findings_html(preset: str = paths.DEFAULT_PRESET) -> str:
    """The findings, gravest first, each with what it affects; and how much was checked independently."""
    entries = load_ledger(preset)
    found = products.load_findings(paths.tables_dir(preset))
    n = ledger.independent_checks(entries)
    by_class = entries["independence"].value_counts()
    groups = []
    for consequence, words in CONSEQUENCE_WORDS.items():
        part = found[found["consequence"] == consequence]
        items = []
        for f in part.itertuples():
            affects = [
                f"{f.n_cells} cell{'s' * (f.n_cells != '1')} of Tables 1-2"
                if f.n_cells != "0"
                else "",
                f"{f.n_claims} claim{'s' * (f.n_claims != '1')} of the text"
                if f.n_claims != "0"
                else "",
                f"stated with {f.n_verdicts} response verdict{'s' * (f.n_verdicts != '1')}"
                if f.n_verdicts != "0"
                else "",
            ]
            items.append(
                {
                    "id": f.finding_id,
                    "title": f.title,
                    "what": f.what_is_wrong,
                    "why": f.why,
                    "affects": "; ".join(a for a in affects if a) or "a method of the paper",
                    "entries": f.entries.split(),
                    "source": f.source,
                    "confidence": f.confidence,
                    "evidence": EVIDENCE_WORDS[f.evidence_kind],
                }
            )
        groups.append({"consequence": consequence, "words": words, "findings": items})
    return render(
        "report_fragments/findings.html.j2",
        groups=groups,
        total=len(found),
        flagged=int((entries["finding"] != "").sum()),
        checks=n,
        classes=[(w, int(by_class.get(c, 0))) for c, w in INDEPENDENCE_WORDS.items()],
        confidence_rule=[
            (EVIDENCE_WORDS[k], level) for k, level in register.CONFIDENCE_OF_KIND.items()
        ],
    )


def legend_html() -> str:
    """What the marks in the tables mean."""
    marks = [
        (product_html.MARKS[s], product_html.MARK_MEANING[s])
        for s in (DISCREPANCY, MISLABELLED, NOT_RECOMPUTABLE, REPRODUCED)
    ]
    return render("report_fragments/legend.html.j2", marks=marks)


def summary_html(tables: list) -> str:
    """Counts of cells per status for each table, and in all."""
    rows, total = [], {s: 0 for s in STATUSES} | {"annotated": 0}
    for t in tables:
        c = t.counts()
        for k in total:
            total[k] += c[k]
        rows.append(
            {
                "label": f"Table {product_html.TABLE_NUMBERS.get(t.table_id, '')}",
                "total": False,
                "counts": [c[s] for s in STATUSES],
                "cells": sum(c[s] for s in STATUSES),
                "annotated": c["annotated"],
            }
        )
    rows.append(
        {
            "label": "All",
            "total": True,
            "counts": [total[s] for s in STATUSES],
            "cells": sum(total[s] for s in STATUSES),
            "annotated": total["annotated"],
        }
    )
    return render("report_fragments/summary.html.j2", statuses=STATUSES, rows=rows)


def ledger_summary_html(summary) -> str:
    """Ledger entries by kind and status (see `ledger.summary`)."""
    rows = [
        {
            "label": LEDGER_KINDS.get(k, k),
            "total": k == "all",
            "counts": [int(v) for v in summary.loc[k]],
        }
        for k in summary.index
    ]
    return render(
        "report_fragments/ledger_summary.html.j2", columns=list(summary.columns), rows=rows
    )


def errata_html(entries, errata) -> str:
    """Every discrepancy the ledger finds, with the errata register's explanation and its source; then
    the entries the data cannot recompute, with the reason."""
    rows = []
    for e in entries[entries["status"] == DISCREPANCY].itertuples():
        r = errata.loc[e.id]
        rows.append(
            {
                "id": e.id,
                "location": e.location,
                "published": e.published,
                "reproduced": e.reproduced,
                "what": r["what"],
                "why": r["why"],
                "source": r["source"],
                "confidence": r["confidence"] if isinstance(r["confidence"], str) else "",
            }
        )
    missing = [
        {"id": e.id, "location": e.location, "published": e.published, "note": e.note}
        for e in entries[entries["status"] == NOT_RECOMPUTABLE].itertuples()
    ]
    return render("report_fragments/errata.html.j2", rows=rows, not_recomputable=missing)


def back_links(entry) -> list:
    """Where the report points at a ledger entry, as (anchor, words): its cell in Tables 1-2, its line
    in the verification section (discrepancies and values that cannot be recomputed), its finding
    and any other finding that names its value."""
    links = []
    if entry["kind"] == "cell":
        links.append((entry["id"], "cell"))
    if entry["status"] in (DISCREPANCY, NOT_RECOMPUTABLE):
        links.append((f"errata-{entry['id']}", "verification"))
    found = [entry["finding"]] if entry.get("finding") else []
    found += [f for f in str(entry.get("marked_by", "")).split() if f not in found]
    links += [(f"finding-{f}", "finding") for f in found]
    return links


def ledger_html(entries) -> str:
    """The full ledger as a filterable table; each row is the target of `#ledger-<id>` and links back to
    what points at it (`back_links`). On paper only a pointer to it is printed."""
    columns = [
        "id",
        "location",
        "published",
        "reproduced",
        "rule",
        "status",
        "independence",
        "note",
    ]
    rows = [
        e | {"back": back_links(e)}
        for e in entries[[*columns, "kind", "finding", "marked_by"]].fillna("").to_dict("records")
    ]
    return render(
        "report_fragments/ledger.html.j2",
        entries=rows,
        statuses=sorted(entries["status"].unique()),
        independence=sorted(entries["independence"].unique()),
    )


def verification_html(preset: str = paths.DEFAULT_PRESET) -> str:
    """Verification section: every discrepancy with its explanation, what cannot be recomputed."""
    errata = data.read("errata").set_index("entry_id")
    return errata_html(load_ledger(preset), errata)


def ledger_summary(preset: str = paths.DEFAULT_PRESET):
    """Ledger entries by kind and status."""
    return ledger.summary(load_ledger(preset))


def ledger_appendix_html(preset: str = paths.DEFAULT_PRESET) -> str:
    """The full ledger, one row per entry, each with an anchor that the tables link to."""
    return ledger_html(load_ledger(preset))


def load_tables(preset: str = paths.DEFAULT_PRESET) -> list:
    """Tables 1 and 2 as written by their notebooks for this parameter set."""
    from ..analysis import table1, table2

    folder = paths.tables_dir(preset)
    return [
        products.load_table(folder, table1.TABLE_ID),
        products.load_table(folder, table2.TABLE_ID),
    ]


def header_html(title: str, preset: str) -> str:
    """Title block: what this is, which paper, which parameter set."""
    sources = data.read("sources")
    seed = sources[sources["kind"] == "seed"].iloc[0]
    return render(
        "report_fragments/header.html.j2",
        title=title,
        citation=product_html.reader_citation(seed["citation"]),
        preset=preset,
        preset_file=paths.relative(paths.preset_file(preset)),
    )


def parameters(preset: str) -> dict:
    """The parameter set's values, notebook by notebook (empty when the set has no file)."""
    if not paths.preset_file(preset).is_file():
        return {}
    return parameter_choices.load(paths.preset_file(preset))


def parameters_html(params: dict) -> str:
    """The parameters this report was built with, notebook by notebook."""
    rows = [(nb, k, repr(v)) for nb, values in params.items() for k, v in values.items()]
    return render("report_fragments/parameters.html.j2", rows=rows)


def environment_html() -> str:
    """Python and key library versions (from the locked environment); no dates, no paths."""
    items = [f"Python {platform.python_version()}"] + [
        f"{p} {metadata.version(p)}" for p in KEY_PACKAGES
    ]
    return render("report_fragments/environment.html.j2", items=items)


def sources_html() -> str:
    """The sources cited by the data."""
    sources = data.read("sources")[["source_id", "citation"]].to_dict("records")
    sources = [s | {"citation": product_html.reader_citation(s["citation"])} for s in sources]
    return render("report_fragments/sources.html.j2", sources=sources)
