"""The values a finding's text may name, computed from the data (`facts`), and the findings'
titles as a reader sees them (`reader_titles`).

A finding's `title`, `what_is_wrong` and `why` (data/findings.csv) are templates. Their ``{name}``
fields are filled (`finding_text.fill`) from `facts`: the ledger entries' printed and recomputed
values (``{published[<entry id>]}``, ``{reproduced[<entry id>]}``), the case's adverse events
(``{printed_grade[<ae id>]}``, ``{course[<ae id>]}``, ``{action[<ae id>]}``) and the case's response
under each criterion (``{first_cr}``, ``{who_first_cr}`` ...). A field the computation does not
give fails the build, so the words cannot drift from the data.
"""

import pandas as pd

from . import case, criteria, finding_text, response
from .reading import day

#: Resources `facts` reads.
INPUTS = [*response.INPUTS, "case_adverse_events", "case_labs", "findings"]


def _first_cr(frames, criterion, reading="as-described") -> str:
    table = response.assess(frames, criterion, None, reading)
    row = response.first_sustained(table)
    if row is None:
        return "no lasting CR"
    return f"{row['modality']} {day(row['date'])}"


def facts(frames: dict, entries: pd.DataFrame) -> dict:
    """Every value a finding's text may name, computed from the data and the ledger."""
    out = {
        "published": dict(zip(entries["id"], entries["published"])),
        "reproduced": dict(zip(entries["id"], entries["reproduced"])),
    }
    aes = frames["case_adverse_events"].set_index("ae_id")
    out["printed_grade"] = {
        k: ("not given" if pd.isna(g) else str(int(g))) for k, g in aes["ctcae_grade"].items()
    }
    out["course"] = aes["course"].astype(str).to_dict()
    out["action"] = aes["action"].astype(str).to_dict()
    table = response.assess(frames)
    follow = table[table["category"] != criteria.BASELINE]
    base = table[table["category"] == criteria.BASELINE].iloc[0]
    first = follow.iloc[0]
    start = case.event_date(frames, "sorafenib-start")
    tace = case.event_date(frames, "tace")
    last = case.last_study(frames)
    out |= {
        "baseline": day(base["date"]),
        "baseline_modality": base["modality"],
        "tace": day(tace),
        "start": day(start),
        "first_scan": day(first["date"]),
        "first_scan_modality": first["modality"],
        "first_scan_day": str(int(first["days_since_start"])),
        "last_scan": day(last["date"]),
        "tace_to_last": str((last["date"] - tace).days),
        "start_to_last": str((last["date"] - start).days),
        "recist_first_cr": _first_cr(frames, "RECIST1.1"),
        "who_first_cr": _first_cr(frames, "WHO"),
        "mrecist_first_cr": _first_cr(frames, "mRECIST"),
        "whole_liver_first_cr": _first_cr(frames, "RECIST1.1", "whole-liver"),
        "face_value_first_cr": _first_cr(frames, "RECIST1.1", "face-value"),
        "first_scan_day_5": str(
            (first["date"] - case.event_date(frames, "sorafenib-start", "day-5-after-tace")).days
        ),
    }
    by_reading = dict.fromkeys([out["whole_liver_first_cr"], out["recist_first_cr"]])
    out["first_cr_by_reading"] = (
        " or ".join(by_reading) + ", by the reading"
        if len(by_reading) > 1
        else out["recist_first_cr"]
    )
    liver = response.first_sustained(response.assess(frames, nontarget_reading="whole-liver"))
    out["whole_liver_cr_days"] = (
        str((last["date"] - liver["date"]).days) if liver is not None else "no lasting CR"
    )
    face = response.first_sustained(response.assess(frames, nontarget_reading="face-value"))
    out["face_value_cr_days"] = (
        str((last["date"] - face["date"]).days) if face is not None else "no lasting CR"
    )
    labs = frames["case_labs"].set_index("lab_id")
    afp = labs[(labs["analyte"] == "AFP") & (labs["unit"] == "ug/L")]
    before = afp[afp["period"] == "before treatment"]["value"]
    during = afp[afp["kind"] == "range"].iloc[0]
    out["afp_range"] = (
        " and ".join(f"{v:g}" for v in before)
        + f" µg/L before treatment, {during['value']:g}-{during['value_high']:g} µg/L during it"
    )
    cr = response.first_sustained(table)
    if cr is None:
        missing = "no lasting CR"
        out |= dict.fromkeys(
            (
                "first_cr",
                "first_cr_modality",
                "first_cr_day",
                "confirmed_by",
                "confirm_days",
                "cr_days",
            ),
            missing,
        )
    else:
        confirmer = table.set_index("study_id")["date"].get(cr["confirmed_by"])
        out |= {
            "first_cr": day(cr["date"]),
            "first_cr_modality": cr["modality"],
            "first_cr_day": str(int(cr["days_since_start"])),
            "confirmed_by": day(confirmer) if confirmer is not None else "no later scan",
            "confirm_days": str(int(cr["confirmation_days"]))
            if pd.notna(cr["confirmation_days"])
            else "no",
            "cr_days": str((last["date"] - cr["date"]).days),
        }
    return out


def reader_titles(frames: dict) -> dict:
    """Each finding's title as a reader sees it, its fields filled from the case's facts."""
    entries = pd.DataFrame(columns=["id", "published", "reproduced"])
    return finding_text.titles(frames["findings"], facts(frames, entries))
