"""What every slide builder shares: the deck's prose (prose/slides.yaml), its table, and data look-ups."""

import pandas as pd

from .. import paths
from ..analysis import case, case_intervals, criteria, finding_facts, fmt, products, response
from .case_numbers import marked
from .templating import prose_file, render, say_from

#: The deck's words and its fragment templates.
PACKAGE_FILES = [
    "prose/slides.yaml",
    "templates/deck",
    "templates/fragments/value.html.j2",
    "templates/fragments/shown.html.j2",
]
PROSE_FILE = paths.PROSE / "slides.yaml"


def prose() -> dict:
    """The words of `PROSE_FILE` (slides.yaml), read once."""
    return prose_file(PROSE_FILE.name)


def say(key: str, **values) -> str:
    """The text `key` of `PROSE_FILE`, with `values` filled in and escaped."""
    return say_from(PROSE_FILE.name, key, **values)


def table(head, rows, cls: str = "") -> str:
    """A table on a slide: every cell escaped; a cell may be {"b": value} or {"muted": value}."""
    return render("deck/table.html.j2", head=head, rows=rows, cls=cls)


def bullets(heading: str, items, level: str = "h2", cls: str = "") -> str:
    """A heading and a list of (rendered) items."""
    return render("deck/list.html.j2", heading=heading, items=items, level=level, cls=cls)


class Marker:
    """Marks values shown inside a slide's sentences with the findings of the register that touch them.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `slides.INPUTS` (the register and the case's facts among them).
    sign : str, optional
        Where the finding's words would give an answer away (a question): the sign shown beside a
        marked value instead of the words; the question says the answer discusses it.
    """

    def __init__(self, frames: dict, sign: str = None):
        self.frames, self._titles, self.sign = frames, None, sign
        #: The findings' words of the values marked with `sign`, in order, once each.
        self.notes = {}

    def __call__(self, text, value_id: str, printed: bool = False) -> str:
        """`text` in a span carrying `data-value` (and `data-finding` when marked), then the finding's
        words ("as printed; " first when `printed`: the value is the paper's, shown as printed).

        Parameters
        ----------
        text : str
            The value as the slide shows it.
        value_id : str
            Its id in the register's terms (several may be space-separated; see `analysis.marks`).
        printed : bool
            Whether the value is the paper's own words or numbers.

        Returns
        -------
        str
            HTML (`Markup`).
        """
        if self._titles is None:
            self._titles = finding_facts.reader_titles(self.frames)
        v = marked(str(text), value_id, products.register_of(self.frames), self._titles)
        if printed and v["finding"]:
            v["note"] = "as printed; " + v["note"]
        if self.sign and v["finding"]:
            v["sign"] = self.sign
            for one in v["finding"].split():  # each finding's words once, however values share them
                self.notes.setdefault(*products.titles_of(one, self._titles), None)
        return render("fragments/shown.html.j2", v=v)


def n(value) -> str:
    """A recorded number as the data hold it, without trailing zeros ("200", "2.22")."""
    return f"{fmt.to_decimal(value).normalize():f}"


def unit(u) -> str:
    """A unit for people; AFP in the paper's text unit everywhere (ng/mL, Table 2's, is the same
    quantity: 1 ng/mL = 1 µg/L), so the deck never shows one value in two units."""
    return (
        {"ug/L": "µg/L", "ng/mL": "µg/L", "ng/ml": "µg/L"}.get(u, u) if isinstance(u, str) else ""
    )


def day(date) -> str:
    """A date for people ("6 Jun 2009")."""
    return case_intervals.day(pd.Timestamp(date))


def partial_date(text) -> str:
    """A date the data give only to the month ("2009-05") or the day, for people."""
    if not isinstance(text, str) or not text:
        return ""
    return f"{pd.Timestamp(text + '-01'):%b %Y}" if len(text) == 7 else day(text)


def facts(frames, item) -> pd.DataFrame:
    """The rows of case_facts about `item`."""
    f = frames["case_facts"]
    return f[f["item"] == item]


def note(frames, item) -> str:
    """The note of the last fact about `item` ("" if none)."""
    rows = facts(frames, item)
    value = rows["note"].iloc[-1] if not rows.empty else None
    return "" if value is None or pd.isna(value) else str(value)


def reading(frames, sorafenib_start) -> str:
    """The reading of the sorafenib start date in use (the data's default for None)."""
    return sorafenib_start or case.readings(frames, "sorafenib-start")[0]


def sorafenib(frames) -> pd.Series:
    """The sorafenib row of case_treatments."""
    tr = frames["case_treatments"]
    return tr[tr["agent"] == "sorafenib"].iloc[0]


def first_follow_up(table: pd.DataFrame) -> pd.Series:
    """The first study after the baseline in a response table."""
    return table[table["category"] != criteria.BASELINE].iloc[0]


def lesions_at(frames, study_id) -> str:
    """The lesions measured at a study, as text ("L1 3.0×2.5 cm, L2 not visible")."""
    les = case.lesions(frames)
    at = les[les["study_id"] == study_id]
    return ", ".join(
        f"{r.lesion_id} {fmt.number(r.long_cm, 1)}×{fmt.number(r.short_cm, 1)} cm"
        if bool(r.visible)
        else f"{r.lesion_id} not visible"
        for r in at.itertuples()
    )


def said_at(frames, study_id) -> list:
    """What the paper says at a study of the disease it did not measure (non-target, new lesions), as
    text: the item, and the paper's words or that it says nothing ("portal mass: nothing said")."""
    nt = frames["case_nontarget"]
    out = []
    for r in nt[nt["study_id"] == study_id].itertuples():
        if r.status == "not-applicable":  # new lesions at the baseline: nothing to be new against
            continue
        item = r.item.replace("-", " ")
        # a quote about other disease (basis "silent": the paper says nothing of this item) is not shown
        said = isinstance(r.quote, str) and r.quote and r.basis != "silent"
        words = f"“{r.quote}”" if said else say("said.nothing")
        if not said and r.item == "new-lesions" and r.status == "not-evaluated":
            # silence after treatment counts as none, in the same words everywhere
            words = response.new_lesion_words(r.status)
        out.append(say("said.item", item=item, words=words))
    return out


def so(frames) -> dict:
    """So et al.'s case (comparator_cases), by (item, visit)."""
    comp = frames["comparator_cases"]
    rows = comp[comp["case_id"] == "so-2008"]
    return {
        (r.item, r.visit if isinstance(r.visit, str) else ""): r.value for r in rows.itertuples()
    }


def claim(frames, claim_id) -> pd.Series:
    """A claim of the paper's text (published_text_claims)."""
    c = frames["published_text_claims"]
    return c[c["claim_id"] == claim_id].iloc[0]


def short_citation(frames: dict, source_id: str) -> str:
    """First author and year of a source, from its citation in data/raw/sources.csv."""
    row = frames["sources"].set_index("source_id").loc[source_id]
    citation = str(row["citation"])
    first = citation.split(",")[0].split(". ")[0]
    words = first.split(" ")
    # a person ("Llovet JM": surname, initials) is cited as "Llovet et al."; a body ("National Cancer
    # Institute") by its name
    person = len(words) == 2 and words[1].isupper()
    years = [
        w.strip(".;,()") for w in citation.replace(";", " ").split() if w.strip(".;,()").isdigit()
    ]
    year = next((y for y in years if len(y) == 4), "")
    return (f"{words[0]} et al. {year}" if person else f"{first} {year}").strip()
