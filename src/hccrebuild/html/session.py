"""The deck as a teaching session: objectives, timings, what to say, sources, take-home (prose/session.yaml).

Every slide of the deck notebook has an entry of `prose/session.yaml` (its key is the first argument of the
notebook's `session.notes_html` call); the minutes add up to the session's length (tested).
"""

from .. import paths
from ..errors import UnknownName
from . import product_html
from .templating import prose_file, render, say_from

PACKAGE_FILES = [
    "prose/session.yaml",
    "templates/deck/session_notes.html.j2",
    "templates/deck/sources.html.j2",
]
PROSE_FILE = paths.PROSE / "session.yaml"


def plan() -> dict:
    """The session as `PROSE_FILE` gives it, read once."""
    return prose_file(PROSE_FILE.name)


def say(key: str, **values) -> str:
    """The text `key` of `PROSE_FILE` (a dotted path, e.g. "discussion.decision.rule"), filled in."""
    return say_from(PROSE_FILE.name, key, **values)


def slide_keys() -> list:
    """The deck's slides, in order."""
    return list(plan()["slides"])


def timings() -> list:
    """(slide key, minutes, minute the slide starts at) for every slide, in order."""
    out, start = [], 0
    for key, entry in plan()["slides"].items():
        out.append((key, entry["minutes"], start))
        start += entry["minutes"]
    return out


def references(keys) -> list:
    """The citations of reference `keys` (prose/session.yaml `references`)."""
    refs = plan()["references"]
    unknown = [k for k in keys if k not in refs]
    if unknown:
        raise UnknownName(f"no reference {', '.join(unknown)} in {paths.relative(PROSE_FILE)}")
    return [refs[k]["full"] for k in keys]


def short_references(keys=None, besides=()) -> list:
    """References of the teaching notes (`keys`; default every one not in `besides`, the data's own
    sources, which the sources slide lists already), short (author, year, trial)."""
    refs = plan()["references"]
    return [refs[k]["short"] for k in (refs if keys is None else keys) if k not in set(besides)]


def slide(key: str) -> dict:
    """One slide's entry: minutes, start minute, what to say, the paper's section, its references."""
    entries = plan()["slides"]
    if key not in entries:
        raise UnknownName(
            f"no slide '{key}' in {paths.relative(PROSE_FILE)}; known: {', '.join(entries)}"
        )
    entry = entries[key]
    start = dict((k, s) for k, _, s in timings())[key]
    return {
        "key": key,
        "minutes": entry["minutes"],
        "start": start,
        "end": start + entry["minutes"],
        "length": plan()["length_minutes"],
        "say": entry.get("say", ""),
        "paper": entry.get("paper", ""),
        "sources": references(entry.get("sources", [])),
    }


def notes_html(key: str) -> str:
    """The speaker notes a slide adds to its answer, if any: timing, what to say, its sources.

    Parameters
    ----------
    key : str
        A slide of `prose/session.yaml`.

    Returns
    -------
    str
        HTML: a `<div class="session-notes">`, for a notes cell of the deck.
    """
    return render("deck/session_notes.html.j2", s=slide(key))


def objectives_html() -> str:
    """The learning objectives slide."""
    return render(
        "deck/list.html.j2",
        heading=plan()["headings"]["objectives"],
        items=plan()["objectives"],
        level="h2",
        cls="",
    )


def take_home_html() -> str:
    """The take-home slide."""
    return render(
        "deck/list.html.j2",
        heading=plan()["headings"]["take_home"],
        items=plan()["take_home"],
        level="h2",
        cls="",
    )


def citations_html(frames: dict) -> str:
    """The full citations of the sources slide, for its notes: the data's sources, then the references
    of the teaching notes.

    Parameters
    ----------
    frames : dict of DataFrame
        With the data's `sources`.
    """
    heads = plan()["headings"]
    data = [product_html.reader_citation(c) for c in frames["sources"]["citation"]]
    own = set(frames["sources"]["source_id"])  # cited once, among the data's sources
    refs = [r["full"] for k, r in plan()["references"].items() if k not in own]
    return render(
        "deck/list.html.j2", heading=heads["sources"], items=data, level="h3", cls=""
    ) + render("deck/list.html.j2", heading=heads["references"], items=refs, level="h3", cls="")
