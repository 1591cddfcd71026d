"""The case under one reading: one object per (data, criterion, sorafenib start, non-target
reading), with the response assessment computed once and the endpoints of its intervals."""

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from . import case, criteria, response


def day(date) -> str:
    """A date as the text shows it: "6 Jun 2009"."""
    return f"{date.day} {date:%b %Y}"


@dataclass(frozen=True, eq=False)
class CaseReading:
    """The index case read one way.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `response.INPUTS` (and any others the caller reads).
    criterion : str
        One of `criteria.CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date; None: the data's default.
    nontarget_reading : str
        One of `response.NONTARGET_READINGS`.
    """

    frames: dict
    criterion: str = "RECIST1.1"
    sorafenib_start: str = None
    nontarget_reading: str = "as-described"

    @cached_property
    def assessment(self) -> pd.DataFrame:
        """`response.assess` under this reading, computed once."""
        return response.assess(
            self.frames, self.criterion, self.sorafenib_start, self.nontarget_reading
        )

    @cached_property
    def start(self) -> pd.Timestamp:
        return case.event_date(self.frames, "sorafenib-start", self.sorafenib_start)

    @cached_property
    def tace(self) -> pd.Timestamp:
        return case.event_date(self.frames, "tace")

    @cached_property
    def last(self) -> pd.Series:
        return case.last_study(self.frames)

    @cached_property
    def follow_up(self) -> pd.DataFrame:
        table = self.assessment
        return table[table["category"] != criteria.BASELINE]

    @cached_property
    def first_cr(self):
        """Row of the first study with overall CR, or None."""
        cr = self.follow_up[self.follow_up["category"] == criteria.CR]
        return cr.iloc[0] if not cr.empty else None

    @cached_property
    def sustained(self):
        """Row of the first study of the CR that lasts to the last scan, or None."""
        return response.first_sustained(self.assessment)

    def observed(self, start, end) -> bool:
        """Whether a follow-up assessment lies after `start` and before `end`: one that could have
        shown what the paper says happened earlier, and did not."""
        dates = self.follow_up["date"]
        return bool(((dates > start) & (dates < end)).any())

    def cr_may_be_earlier(self, date) -> bool:
        """Whether a follow-up before `date` could not be evaluated, or showed the target lesions
        gone while the overall response stayed short of CR only because non-target disease was
        not evaluated: a CR there is neither documented nor refuted."""
        before = self.follow_up[self.follow_up["date"] < pd.Timestamp(date)]
        unevaluated = before["category"] == criteria.NOT_ASSESSABLE
        targets_gone = (before["target_category"] == criteria.CR) & (
            before["nontarget_category"] == criteria.NOT_ASSESSABLE
        )
        return bool((unevaluated | targets_gone).any())

    def endpoint(self, name: str):
        """(label, date) of an interval's endpoint; date None if the data give none.

        Names: "sorafenib-start", "tace", "first-cr", "sustained-cr", "last-scan" or a study_id.
        """
        if name == "sorafenib-start":
            return "the sorafenib start", self.start
        if name == "tace":
            return "TACE", self.tace
        if name in ("first-cr", "sustained-cr"):
            row = self.first_cr if name == "first-cr" else self.sustained
            what = (
                "the first scan showing CR"
                if name == "first-cr"
                else "the first scan of the lasting CR"
            )
            if row is None:
                return what, None
            return f"{what} ({row['modality']} {day(row['date'])})", row["date"]
        if name == "last-scan":
            return f"the last scan ({self.last['modality']} {day(self.last['date'])})", self.last[
                "date"
            ]
        study = self.frames["case_imaging"].set_index("study_id").loc[name]
        return f"the {study['modality']} of {day(study['date'])}", study["date"]
