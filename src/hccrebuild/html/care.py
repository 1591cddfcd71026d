"""The CARE audit: the paper's reporting against the CARE checklist for case reports (Gagnier et
al. 2013), as a report section and as a teaching prompt for the deck. Words in prose/care.yaml;
every count from data/raw/care_checklist.csv."""

import re
from functools import cache

import yaml

from .. import paths
from .templating import render, render_string

#: Resources read (care_checklist.csv and the source it cites).
INPUTS = ["care_checklist", "sources"]
PACKAGE_FILES = [
    "prose/care.yaml",
    "templates/report_fragments/care.html.j2",
    "templates/deck/prompt.html.j2",
    "templates/deck/answer.html.j2",
]
PROSE_FILE = paths.TEMPLATES.parent / "prose" / "care.yaml"
REPORTED = ("yes", "partly", "no", "not-assessable")


@cache
def prose() -> dict:
    """The words of the audit (prose/care.yaml)."""
    return yaml.safe_load(PROSE_FILE.read_text(encoding="utf-8"))


def _say(key: str, **values) -> str:
    text = prose()
    for part in key.split("."):
        text = text[part]
    return render_string(text, **values)


def counts(checklist) -> dict:
    """Items and parts in the checklist, how many are reported yes/partly/no and how many cannot
    be judged from the supplied text (`not_assessable`), and sections."""
    by = checklist["reported"].value_counts()
    out = {k.replace("-", "_"): int(by.get(k, 0)) for k in REPORTED}
    out["n"] = len(checklist)
    out["n_sections"] = int(checklist["section"].nunique())
    return out


def citation(frames: dict) -> str:
    """The citation of the guideline the checklist rows name (sources.csv)."""
    ids = frames["care_checklist"]["source"].unique()
    src = frames["sources"].set_index("source_id")
    return " ".join(src.at[i, "citation"] for i in ids)


def care_html(frames: dict) -> str:
    """The report section: counts, the guideline's citation and one row per item."""
    ck = frames["care_checklist"]
    n = counts(ck)
    rows = ck.fillna("").to_dict("records")
    return render(
        "report_fragments/care.html.j2",
        heading=_say("report.heading"),
        lead=_say("report.lead", **n),
        caveat=_say("report.caveat"),
        citation=citation(frames),
        rows=rows,
    )


def care_prompt_html(frames: dict) -> str:
    """The deck's teaching prompt on CARE: the question and what is needed, never the answer."""
    n = counts(frames["care_checklist"])
    return render(
        "deck/prompt.html.j2",
        key="care",
        question=_say("prompt.question", **n),
        context=render_string("<p>{{ text }}</p>", text=_say("prompt.context", **n)),
    )


#: The items reported in part whose gaps bear most on the complete response (its dates, the imaging
#: after baseline, and the conclusion beside the confounder): the deck's answer gives their words;
#: the other items it names by section, and the report's CARE section lists them all.
CR_EVIDENCE = ("7", "10b", "11c")


def _section(name: str) -> str:
    """A section id in words ("follow-up-and-outcomes": "follow-up and outcomes")."""
    return re.sub(r"-(?!up\b)", " ", name)


def care_answer_html(frames: dict) -> str:
    """The answer, for the speaker notes: counts, the items not reported (by section, in words), the
    sections reported in part, and the gaps that bear on the complete response (`CR_EVIDENCE`)."""
    ck = frames["care_checklist"].fillna("")
    n = counts(ck)
    missing = [
        f"{_section(r.section)} ({r.item_id})" for r in ck[ck["reported"] == "no"].itertuples()
    ]
    lead = _say("answer.lead", missing=missing, **n)
    partly = ck[ck["reported"] == "partly"]
    sections = [
        f"{_section(section)} ({', '.join(rows['item_id'])})"
        for section, rows in partly.groupby("section", sort=False)
    ]
    items = [lead, _say("answer.partly", sections=sections)]
    for r in partly[partly["item_id"].isin(CR_EVIDENCE)].itertuples():
        items.append(
            _say("answer.gap", item=r.item_id, section=_section(r.section), missing=r.missing)
        )
    items.append(_say("answer.more"))
    return render("deck/answer.html.j2", key="care", items=items)
