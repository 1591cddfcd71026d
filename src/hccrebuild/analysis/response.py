"""Tumour response of the index case at each follow-up study under RECIST 1.1, WHO or mRECIST.

The overall (time-point) response combines target lesions, non-target lesions and new lesions by
the criterion's whole rule: RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228-247, Table 1,
patients with target disease), mRECIST for HCC (Lencioni & Llovet, Semin Liver Dis 2010;30:52-60;
malignant portal-vein thrombosis is a non-target lesion) and WHO (Miller et al., Cancer
1981;47:207-214: CR is the disappearance of all known disease). A CR or PR counts as confirmed by a
later assessment at least 4 weeks on (RECIST 1.1, section on confirmation; WHO).
"""

import pandas as pd

from ..errors import ParameterError
from . import case, fmt
from .criteria import (
    BASELINE,
    CR,
    CRITERIA,
    MEASURE,
    MRECIST_ASSUMPTION,
    NOT_ASSESSABLE,
    PD,
    PR,
    SD,
    Assessment,
    change_pct,
    check_criterion,
    classify_mrecist,
    classify_recist,
    classify_who,
    lesion_measure,
    sum_measures,
)

#: Resources the assessment reads.
INPUTS = [
    "case_imaging",
    "case_lesions",
    "case_event_dates",
    "case_facts",
    "case_nontarget",
    "case_lesion_basis",
    "case_treatments",
]

#: Non-target category between CR and PD (mRECIST: incomplete response / stable disease).
NON_CR_NON_PD = "non-CR/non-PD"
#: Readings of what the paper says about non-target disease and new lesions (case_nontarget.csv),
#: one standard applied at every scan. "as-described" (the default): a statement counts only for
#: the disease it covers: a lesion-level CR covers the two measured lesions, a whole-liver
#: statement covers the intrahepatic masses and new liver lesions but not the portal mass (the
#: paper never says whether it lies in the liver or in the extrahepatic portal vein), and the
#: authors' patient-level verdict covers all disease. "whole-liver": as-described, but a
#: whole-liver statement also covers the portal mass. "no-verdict": as-described, but the
#: authors' verdict is not evidence about disease it does not describe.
#: "face-value": the paper's verdict at every follow-up taken as covering all disease (a silent
#: item counts as absent wherever the paper reports CR).
NONTARGET_READINGS = ("as-described", "whole-liver", "no-verdict", "face-value")
#: Non-target items a whole-liver statement covers under "as-described" and "no-verdict".
LIVER_STATEMENT_COVERS = ("other-intrahepatic", "new-lesions")
#: The publication that defines each criterion (data/raw/sources.csv).
CRITERION_SOURCES = {"RECIST1.1": "recist11-2009", "WHO": "who-1981", "mRECIST": "mrecist-2010"}
#: Minimum days between a response and the assessment that confirms it (RECIST 1.1, WHO: 4 weeks).
CONFIRM_DAYS = 28

COLUMNS = [
    "criterion",
    "study_id",
    "date",
    "modality",
    "days_since_start",
    "lesions_visible",
    "sum",
    "unit",
    "change_baseline_pct",
    "change_nadir_pct",
    "target_category",
    "nontarget_category",
    "new_lesions",
    "category",
    "confirmed_by",
    "confirmation_days",
    "reason",
    "caveats",
    "caveat_ids",
]

#: Caveats that change how a verdict reads, by id (the assessment lists the ids that apply).
CAVEATS = {
    "modality": "baseline measured on {base}, this study on {mod}: RECIST 1.1 asks for the same "
    "method at every assessment",
    "lipiodol": "CT after lipiodol TACE: dense lipiodol deposits can hide arterial enhancement, so "
    "viable tumour cannot be judged reliably on this CT",
    "inferred-sizes": "no diameters are printed for this study; 'not visible' is inferred from {basis}",
    "nontarget-silent": "non-target disease ({items}) is {how}",
    "new-lesions": "new lesions are {how}",
    "unconfirmed": "not yet confirmed by a later assessment at least 4 weeks on",
    "tace": "TACE on {tace} precedes sorafenib and no scan separates them: the response cannot "
    "be attributed to sorafenib alone",
}


def check_nontarget_reading(reading: str) -> str:
    """`reading` if it is one of `NONTARGET_READINGS`, else a ParameterError listing them."""
    if reading not in NONTARGET_READINGS:
        raise ParameterError(
            f"unknown non-target reading '{reading}'; valid: {', '.join(NONTARGET_READINGS)}"
        )
    return reading


def _items_at(frames, study_id: str, reading: str) -> pd.DataFrame:
    """Non-target items and new lesions at one study, with the status the reading gives them."""
    nt = frames["case_nontarget"]
    at = nt[nt["study_id"] == study_id].copy()
    if reading == "face-value":
        silent = (at["status"] == "not-evaluated") & (at["item"] != "new-lesions")
        at.loc[silent, "status"] = "absent"
        return at
    if reading != "whole-liver":
        uncovered = (at["basis"] == "liver-statement") & ~at["item"].isin(LIVER_STATEMENT_COVERS)
        at.loc[uncovered, "status"] = "not-evaluated"
    if reading == "no-verdict":
        at.loc[at["basis"] == "author-verdict", "status"] = "not-evaluated"
    return at


def items_at(frames, study_id: str, reading: str = "as-described") -> pd.DataFrame:
    """Non-target items and new lesions at one study (case_nontarget rows), with the status
    `reading` (one of `NONTARGET_READINGS`) gives them: what the paper says, as the verdicts read it."""
    return _items_at(frames, study_id, check_nontarget_reading(reading))


def nontarget_category(items: pd.DataFrame) -> str:
    """Non-target category from the items' statuses (RECIST 1.1 / mRECIST non-target response).

    Unequivocal progression of any item is PD; every item absent is CR; any item present is
    non-CR/non-PD; otherwise some item was not evaluated (NE, shown as "not assessable").
    """
    status = items.loc[items["item"] != "new-lesions", "status"]
    if (status == "unequivocal-progression").any():
        return PD
    if len(status) and (status == "absent").all():
        return CR
    if (status == "present").any():
        return NON_CR_NON_PD
    return NOT_ASSESSABLE


#: New lesions in words: the paper's silence counts as none (`overall`), and the words say both.
NEW_LESION_WORDS = {"yes": "seen", "no": "none", "not-evaluated": "none reported (assumed none)"}


def new_lesion_words(status: str) -> str:
    """A new-lesion status (`new_lesion_status`) as readers read it (`NEW_LESION_WORDS`)."""
    return NEW_LESION_WORDS.get(status, status)


def new_lesion_status(items: pd.DataFrame) -> str:
    """'yes', 'no' or 'not-evaluated' for new lesions at a study (no row: not evaluated)."""
    hit = items.loc[items["item"] == "new-lesions", "status"]
    return "not-evaluated" if hit.empty else str(hit.iloc[0])


def overall(target: str, nontarget: str, new_lesions: str) -> Assessment:
    """Overall time-point response from its three parts (RECIST 1.1 Table 1; mRECIST and WHO alike).

    New lesions not evaluated count as none (the tables have no row for them: a new lesion must
    be unequivocal to count); the caller states that as a caveat.
    """
    if new_lesions == "yes":
        return Assessment(PD, "a new lesion is PD whatever the other lesions do")
    if PD in (target, nontarget):
        return Assessment(PD, f"{'target' if target == PD else 'non-target'} progression is PD")
    if target == NOT_ASSESSABLE:
        return Assessment(NOT_ASSESSABLE, "target lesions not all evaluated: not evaluable")
    if target == CR:
        if nontarget == CR:
            return Assessment(CR, "target CR, non-target CR and no new lesion: CR")
        if nontarget == NON_CR_NON_PD:
            return Assessment(PR, "target CR with non-target disease present: PR, not CR")
        return Assessment(PR, "target CR with non-target disease not evaluated: PR, not CR")
    if target == PR:
        return Assessment(PR, "target PR with non-target disease not progressing: PR")
    return Assessment(SD, "target SD with non-target disease not progressing: SD")


#: Why mRECIST cannot be applied to a CT after lipiodol TACE (mrecist-2010), in a few words and in full.
LIPIODOL_WHY = "dense lipiodol can mask arterial enhancement on CT"
LIPIODOL_NE = (
    f"CT after lipiodol TACE ({LIPIODOL_WHY}): the viable tumour that mRECIST measures cannot be "
    "judged on this CT (not evaluable)"
)
#: The first clause of `criteria.MRECIST_ASSUMPTION`, which an mRECIST CR rests on: said with each CR.
MRECIST_ASSUMED = MRECIST_ASSUMPTION.split(";")[0]


def _after_lipiodol(frames, study) -> bool:
    """Whether `study` is a CT after TACE with lipiodol."""
    lipiodol = frames["case_treatments"]["agent"].astype(str).str.lower().eq("lipiodol").any()
    return study.modality == "CT" and lipiodol and study.date > case.event_date(frames, "tace")


def after_lipiodol(frames, study) -> bool:
    """Whether `study` (with `modality` and `date`) is a CT after TACE with lipiodol, where mRECIST
    cannot be read."""
    return _after_lipiodol(frames, study)


def _caveats(frames, study, base, items, reading) -> list:
    """Ids and texts of the caveats that apply to one follow-up study."""
    out = []
    if study.modality != base["modality"]:
        out.append(
            ("modality", CAVEATS["modality"].format(base=base["modality"], mod=study.modality))
        )
    tace = case.event_date(frames, "tace")
    if _after_lipiodol(frames, study):
        out.append(("lipiodol", CAVEATS["lipiodol"]))
    basis = frames["case_lesion_basis"]
    inferred = basis[(basis["study_id"] == study.study_id) & (basis["basis"] != "measured")]
    if not inferred.empty:
        quotes = sorted({f"the paper's words '{q}'" for q in inferred["quote"].dropna()})
        how = " and ".join(quotes) or "the text"
        out.append(("inferred-sizes", CAVEATS["inferred-sizes"].format(basis=how)))
    nt = items[items["item"] != "new-lesions"]
    silent = nt[nt["status"] == "not-evaluated"]
    if not silent.empty:
        names = ", ".join(i.replace("-", " ") for i in silent["item"])
        out.append(
            (
                "nontarget-silent",
                CAVEATS["nontarget-silent"].format(items=names, how="not described"),
            )
        )
    elif reading != "no-verdict" and (nt["basis"] == "author-verdict").any():
        names = ", ".join(i.replace("-", " ") for i in nt["item"])
        how = "taken from the authors' verdict of CR, not described"
        out.append(("nontarget-silent", CAVEATS["nontarget-silent"].format(items=names, how=how)))
    nl = items[items["item"] == "new-lesions"]
    if nl.empty or nl["status"].iloc[0] == "not-evaluated":
        out.append(
            ("new-lesions", CAVEATS["new-lesions"].format(how="not reported: counted as none"))
        )
    elif nl["basis"].iloc[0] == "liver-statement":
        how = "excluded for the liver only (no chest imaging is reported)"
        out.append(("new-lesions", CAVEATS["new-lesions"].format(how=how)))
    if study.date > tace:
        out.append(("tace", CAVEATS["tace"].format(tace=f"{tace:%d %b %Y}")))
    return out


#: Assessments already made, by their arguments and the identity of the frames they read; each
#: entry keeps those frames alive, so an id cannot be reused by another frame. The frames are read,
#: never changed, by every caller (a changed copy is a new frame). Bounded: the oldest go first.
_MEMO: dict = {}
_MEMO_SIZE = 64


def assess(
    frames: dict,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
    nontarget_reading: str = "as-described",
) -> pd.DataFrame:
    """The index case's overall response at every follow-up study (see `_assess`); computed once
    per set of frames and reading, a fresh copy returned each time."""
    check_criterion(criterion)
    check_nontarget_reading(nontarget_reading)
    used = [frames[name] for name in INPUTS]
    key = (criterion, sorafenib_start, nontarget_reading, *map(id, used))
    if key not in _MEMO:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = (_assess(frames, criterion, sorafenib_start, nontarget_reading), used)
    return _MEMO[key][0].copy()


def _assess(
    frames: dict,
    criterion: str = "RECIST1.1",
    sorafenib_start: str = None,
    nontarget_reading: str = "as-described",
) -> pd.DataFrame:
    """The index case's overall response at every follow-up study, the baseline study first.

    Parameters
    ----------
    frames : dict of DataFrame
        The resources named in `INPUTS`.
    criterion : str
        One of `CRITERIA`.
    sorafenib_start : str, optional
        Reading of the sorafenib start date (case_event_dates.reading); None: the data's default.
    nontarget_reading : str
        One of `NONTARGET_READINGS`: what counts as evidence about non-target disease.

    Returns
    -------
    DataFrame
        One row per study (`COLUMNS`): date, modality, days since the sorafenib start, visible
        target lesions, the criterion's sum (NaN where not recorded), changes from baseline and
        from the nadir in percent (rounded half up to 0.1), the target-lesion category, the
        non-target category, new lesions, the overall category (`category`), the study that
        confirms it and the days between, the reason and the caveats (" | "-separated).
    """
    check_criterion(criterion)
    check_nontarget_reading(nontarget_reading)
    start = case.event_date(frames, "sorafenib-start", sorafenib_start)
    les = case.lesions(frames)
    base = case.baseline_study(frames)
    measure_name, unit = MEASURE[criterion]
    studies = frames["case_imaging"]
    studies = studies[
        (studies["date"] >= base["date"]) & studies["purpose"].isin(["baseline", "follow_up"])
    ]
    studies = studies.sort_values("date", kind="stable")
    rows, baseline_sum, nadir = [], None, None
    for study in studies.itertuples():
        at = les[les["study_id"] == study.study_id]
        total = sum_measures(
            [lesion_measure(r.long_cm, r.short_cm, criterion) for r in at.itertuples()]
        )
        seen = int(at["visible"].astype(bool).sum())
        row = {
            "criterion": criterion,
            "study_id": study.study_id,
            "date": study.date,
            "modality": study.modality,
            "days_since_start": (study.date - start).days,
            "lesions_visible": seen,
            "sum": float(total) if total is not None else float("nan"),
            "unit": unit,
            "change_baseline_pct": float("nan"),
            "change_nadir_pct": float("nan"),
            "target_category": "",
            "nontarget_category": "",
            "new_lesions": "",
            "confirmed_by": "",
            "confirmation_days": pd.NA,
            "caveats": "",
            "caveat_ids": "",
        }
        if study.study_id == base["study_id"]:
            baseline_sum = nadir = total
            why = f"reference for every later study: the {measure_name} of the {len(at)} target lesions"
            if total is None:
                why += " is not reported" + (
                    f"; {MRECIST_ASSUMPTION}" if criterion == "mRECIST" else ""
                )
            rows.append(row | {"category": BASELINE, "target_category": BASELINE, "reason": why})
            continue
        if criterion == "mRECIST" and _after_lipiodol(frames, study):
            target = Assessment(NOT_ASSESSABLE, LIPIODOL_NE)
        elif criterion == "mRECIST":
            target = classify_mrecist(baseline_sum, nadir, total)
        else:
            target = (classify_recist if criterion == "RECIST1.1" else classify_who)(
                baseline_sum, nadir, total
            )
        items = _items_at(frames, study.study_id, nontarget_reading)
        nt, nl = nontarget_category(items), new_lesion_status(items)
        result = overall(target.category, nt, nl)
        reason = f"target lesions {target.category}: {target.reason}"
        if criterion == "mRECIST" and target.category == CR:
            reason += f"; no lesion is visible at all, so none enhances; {MRECIST_ASSUMED}"
        reason += f"; non-target {nt}; new lesions {new_lesion_words(nl)}; overall: {result.reason}"
        for col, ref in (("change_baseline_pct", baseline_sum), ("change_nadir_pct", nadir)):
            pct = change_pct(ref, total) if ref is not None and total is not None else None
            row[col] = float(fmt.round_half_up(pct, 1)) if pct is not None else float("nan")
        caveats = _caveats(frames, study, base, items, nontarget_reading)
        rows.append(
            row
            | {
                "target_category": target.category,
                "nontarget_category": nt,
                "new_lesions": nl,
                "category": result.category,
                "reason": reason,
                "caveats": " | ".join(text for _, text in caveats),
                "caveat_ids": ",".join(cid for cid, _ in caveats),
            }
        )
        if total is not None and (nadir is None or total < nadir):
            nadir = total
    table = pd.DataFrame(rows, columns=COLUMNS).fillna({"caveat_ids": ""})
    return _confirm(table)


def _confirm(table: pd.DataFrame) -> pd.DataFrame:
    """Fill `confirmed_by` and `confirmation_days`: the first later study, at least `CONFIRM_DAYS`
    on and with no PD in between, whose category confirms this one (CR by CR; PR by CR or PR)."""
    table = table.copy()
    table["confirmation_days"] = table["confirmation_days"].astype("Int64")
    follow = table.index[table["category"] != BASELINE]
    confirmed_run = None  # category of the current run of equal categories, once confirmed
    for pos, i in enumerate(follow):
        cat = table.at[i, "category"]
        if pos and table.at[follow[pos - 1], "category"] != cat:
            confirmed_run = None
        if cat not in (CR, PR):
            continue
        ok = {CR} if cat == CR else {CR, PR}
        for j in follow[pos + 1 :]:
            later = table.at[j, "category"]
            if later == PD:
                break
            gap = (table.at[j, "date"] - table.at[i, "date"]).days
            if later in ok and gap >= CONFIRM_DAYS:
                table.at[i, "confirmed_by"] = table.at[j, "study_id"]
                table.at[i, "confirmation_days"] = gap
                break
        if table.at[i, "confirmed_by"]:
            confirmed_run = cat
        elif confirmed_run != cat:
            unconfirmed = CAVEATS["unconfirmed"]
            table.at[i, "caveats"] = " | ".join(
                p for p in (table.at[i, "caveats"], unconfirmed) if p
            )
            table.at[i, "caveat_ids"] = ",".join(
                p for p in (table.at[i, "caveat_ids"], "unconfirmed") if p
            )
    return table


def best_overall(table: pd.DataFrame) -> dict:
    """Best overall response: a confirmed CR, else a confirmed PR, else the best unconfirmed one.

    Returns
    -------
    dict
        category, confirmed (bool), first (the study first showing it), confirmed_by, days.
    """
    follow = table[table["category"] != BASELINE]
    for cat in (CR, PR):
        hit = follow[(follow["category"] == cat) & (follow["confirmed_by"] != "")]
        if not hit.empty:
            r = hit.iloc[0]
            return {
                "category": cat,
                "confirmed": True,
                "first": r["study_id"],
                "confirmed_by": r["confirmed_by"],
                "days": int(r["confirmation_days"]),
            }
    for cat in (CR, PR, SD, PD, NOT_ASSESSABLE):
        hit = follow[follow["category"] == cat]
        if not hit.empty:
            return {
                "category": cat,
                "confirmed": False,
                "first": hit.iloc[0]["study_id"],
                "confirmed_by": "",
                "days": None,
            }
    return {
        "category": NOT_ASSESSABLE,
        "confirmed": False,
        "first": "",
        "confirmed_by": "",
        "days": None,
    }


def cr_duration(table: pd.DataFrame) -> dict:
    """Duration of CR (RECIST 1.1): from the first study with overall CR to the last study with CR
    in the run that follows it; None values when there is no CR."""
    follow = table[table["category"] != BASELINE].reset_index(drop=True)
    hit = follow.index[follow["category"] == CR]
    if len(hit) == 0:
        return {"first": None, "last": None, "days": None}
    first = hit[0]
    last = first
    while last + 1 < len(follow) and follow.at[last + 1, "category"] == CR:
        last += 1
    a, b = follow.at[first, "date"], follow.at[last, "date"]
    return {
        "first": follow.at[first, "study_id"],
        "last": follow.at[last, "study_id"],
        "first_date": a,
        "last_date": b,
        "days": (b - a).days,
    }


def first_sustained(table: pd.DataFrame, category: str = CR):
    """Row of the first study from which every later study has `category` (None if the last does not)."""
    follow = table[table["category"] != BASELINE]
    if follow.empty or follow["category"].iloc[-1] != category:
        return None
    run = follow["category"].eq(category)[::-1].cummin()[::-1]
    return follow[run].iloc[0]


def assess_all(
    frames: dict, sorafenib_start: str = None, nontarget_reading: str = "as-described"
) -> pd.DataFrame:
    """`assess` under every criterion (`CRITERIA`), one block of rows each, side by side in one
    frame: RECIST 1.1, WHO and mRECIST with the same non-target standard at every scan."""
    return pd.concat(
        [assess(frames, c, sorafenib_start, nontarget_reading) for c in CRITERIA],
        ignore_index=True,
    )
