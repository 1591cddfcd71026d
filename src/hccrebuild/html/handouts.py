"""The session on paper: a student handout (the case, the questions, the worksheet; no answers) and a
teacher's guide (objectives, timings, every answer with its sources, the findings that matter for
teaching, the worksheet's answer key, and the other compared criterion's sheet to copy with its key), as
HTML pages that `pipeline.handouts` lays out as tagged PDFs."""

import pandas as pd

from ..analysis import criteria, finding_facts
from ..analysis.ledger import register as ledger_register
from . import session, slide_discussion, slides, worksheet
from .care import INPUTS as CARE_INPUTS
from .care import care_answer_html, care_prompt_html
from .templating import render

#: Resources the two documents read: the deck's, the worksheet's and the CARE prompt's.
INPUTS = list(dict.fromkeys([*slides.INPUTS, *worksheet.INPUTS, *CARE_INPUTS]))
PACKAGE_FILES = ["templates/handouts"]
#: The criteria the session's mRECIST question compares: the handout holds the session criterion's
#: worksheet; the guide holds each other one blank, to copy for learners (two A4 pages leave no room
#: in the handout), then its answer key.
COMPARED = ("RECIST1.1", "mRECIST")


def _others(criterion: str) -> list:
    """The compared criteria whose worksheet the handout does not hold."""
    return [c for c in COMPARED if c != criterion]


def _case(frames: dict, sorafenib_start) -> list:
    """The case as the deck presents it: presentation, staging, treatment."""
    return [
        slides.presentation_html(frames),
        slides.staging_html(frames),
        slides.treatment_html(frames, sorafenib_start),
    ]


def _findings(frames: dict) -> list:
    """The findings of the register the session teaches from (prose/session.yaml `guide_findings`),
    with their consequence and the confidence their evidence supports."""
    reg = frames["findings"].set_index("finding_id")
    titles = finding_facts.reader_titles(frames)
    out = []
    for fid in session.plan()["guide_findings"]:
        row = reg.loc[fid]
        out.append(
            {
                "title": titles[fid],
                "consequence": row["consequence"].replace("-", " "),
                "confidence": ledger_register.confidence(
                    row["evidence_kind"],
                    "" if pd.isna(row["fact_confidence"]) else row["fact_confidence"],
                ),
            }
        )
    return out


def handout_html(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> str:
    """The student handout: the case, the discussion questions and the blank worksheet; no answer.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion of the session.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        A whole HTML page.
    """
    questions = [
        slide_discussion.prompt_html(k, frames, criterion, sorafenib_start)
        for k in slide_discussion.PROMPTS
    ]
    return render(
        "handouts/handout.html.j2",
        plan=session.plan(),
        title=slides.title_html(frames, criterion, sorafenib_start),
        case=_case(frames, sorafenib_start),
        questions=[*questions, care_prompt_html(frames)],
        worksheet=worksheet.worksheet_html(frames, criterion, sorafenib_start, answers=False),
        separate=worksheet.say(
            "separate",
            criteria=[criteria.NAMES[c] for c in _others(criterion)],
            many=len(_others(criterion)) > 1,
        )
        if _others(criterion)
        else "",
    )


def guide_html(frames: dict, criterion: str = "RECIST1.1", sorafenib_start: str = None) -> str:
    """The teacher's guide: objectives, the session's timings, each prompt with its answer and sources,
    the findings that matter for teaching, the worksheet's answer key, each other compared criterion's
    worksheet (`COMPARED`) blank to copy for learners and then its key, the take-home points.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        Response criterion of the session.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.

    Returns
    -------
    str
        A whole HTML page.
    """
    prompts = [
        {
            "slide": session.slide(f"prompt-{k}"),
            "prompt": slide_discussion.prompt_html(k, frames, criterion, sorafenib_start),
            "answer": slide_discussion.answer_html(k, frames, criterion, sorafenib_start),
        }
        for k in slide_discussion.PROMPTS
    ]
    prompts.append(
        {
            "slide": session.slide("prompt-care"),
            "prompt": care_prompt_html(frames),
            "answer": care_answer_html(frames),
        }
    )
    return render(
        "handouts/guide.html.j2",
        plan=session.plan(),
        title=slides.title_html(frames, criterion, sorafenib_start),
        timings=[session.slide(k) for k in session.slide_keys()],
        prompts=prompts,
        findings=_findings(frames),
        worksheet=worksheet.worksheet_html(frames, criterion, sorafenib_start, answers=True),
        copies=[
            {
                "heading": worksheet.say("copy"),
                "note": worksheet.say("copy_note", criteria=[criteria.NAMES[c] for c in COMPARED]),
                "sheet": worksheet.worksheet_html(frames, c, sorafenib_start, answers=False),
                "key": worksheet.worksheet_html(frames, c, sorafenib_start, answers=True),
            }
            for c in _others(criterion)
        ],
        citations=session.citations_html(frames),
    )
