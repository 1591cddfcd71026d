"""Target-lesion response by one criterion: RECIST 1.1 (Eisenhauer et al., Eur J Cancer
2009;45:228-247), WHO (Miller et al., Cancer 1981;47:207-214) or mRECIST for HCC (Lencioni & Llovet,
Semin Liver Dis 2010;30:52-60), from the sums of the target lesions' measurements.

`response` combines this with non-target and new lesions into the overall response.
"""

from collections import namedtuple
from decimal import Decimal

import pandas as pd

from ..errors import InvalidValue, ParameterError
from . import fmt

CRITERIA = ("RECIST1.1", "WHO", "mRECIST")
#: Each criterion as a reader writes it.
NAMES = {"RECIST1.1": "RECIST 1.1", "WHO": "WHO", "mRECIST": "mRECIST"}

CR, PR, SD, PD = "CR", "PR", "SD", "PD"
NOT_ASSESSABLE = "not assessable"
BASELINE = "baseline"
#: Thresholds in percent (boundaries inclusive) and mm, as the criteria define them.
RECIST_PR, RECIST_PD, RECIST_PD_MM = Decimal(30), Decimal(20), Decimal(5)
WHO_PR, WHO_PD = Decimal(50), Decimal(25)
MRECIST_PR, MRECIST_PD = Decimal(30), Decimal(20)

#: What each criterion sums over the target lesions, and in which unit.
MEASURE = {
    "RECIST1.1": ("sum of longest diameters", "mm"),
    "WHO": ("sum of products of the two diameters", "mm²"),
    "mRECIST": ("sum of longest diameters of viable (arterially enhancing) tumour", "mm"),
}

NO_ENHANCEMENT = "the data do not say whether tumour enhances in the arterial phase"

#: The one rule this rebuild applies to mRECIST here, stated wherever an mRECIST verdict is shown.
#: mRECIST targets must enhance in the arterial phase at baseline (mrecist-2010); the paper describes no
#: enhancement (the diagnosis was by fine-needle aspiration), so their enhancement is assumed.
MRECIST_ASSUMPTION = (
    "assumed: both measured lesions enhanced in the arterial phase at baseline, as typical HCC does, "
    "and the follow-up MRIs showed no enhancing tumour, as the CR verdict of the authors implies (the paper "
    "reports no arterial phase for any scan); their viable diameters are not given, so the baseline viable sum is "
    "unknown and only a CR (no enhancing tumour left) can be scored"
)

Assessment = namedtuple("Assessment", "category reason")


def check_criterion(criterion: str) -> str:
    """`criterion` if known.

    Raises
    ------
    ParameterError
        If it is not one of `CRITERIA`; the message lists them.
    """
    if criterion not in CRITERIA:
        raise ParameterError(
            f"unknown response criterion '{criterion}'; valid: {', '.join(CRITERIA)}"
        )
    return criterion


def _d(value) -> Decimal:
    return fmt.to_decimal(value)


def change_pct(reference, current) -> Decimal:
    """Exact change of `current` relative to `reference`, in percent (None if the reference is 0)."""
    reference, current = _d(reference), _d(current)
    if reference == 0:
        return None
    return (current - reference) * 100 / reference


def shown_pct(pct, thresholds=(), places: int = 1) -> str:
    """An absolute value for people: `places` decimals, more where rounding would cross a threshold.

    Parameters
    ----------
    pct : Decimal or number
        Value (its sign is dropped: the words around it say above or below).
    thresholds : iterable of number
        Limits the rounded value must stay on the same side of (`>=`) as the exact one.
    places : int
        Fewest decimals shown.

    Returns
    -------
    str
        E.g. 29.95 with threshold 30 gives "29.95", not "30.0".
    """
    pct = abs(_d(pct))
    thresholds = [_d(t) for t in thresholds]
    for n in range(places, places + 8):
        q = fmt.round_half_up(pct, n)
        if all((q >= t) == (pct >= t) for t in thresholds):
            break
    return str(q)


def _shown(value) -> str:
    value = _d(value)
    return (
        str(value.quantize(Decimal(1)))
        if value == value.to_integral_value()
        else str(value.normalize())
    )


def _check_sums(baseline, nadir, current):
    if baseline is not None and baseline <= 0:
        raise InvalidValue(f"baseline sum must be positive, got {baseline}")
    if nadir is not None and baseline is not None and not 0 <= nadir <= baseline:
        raise InvalidValue(
            f"nadir {nadir} must lie between 0 and the baseline {baseline} (the nadir includes the baseline)"
        )
    if current is not None and current < 0:
        raise InvalidValue(f"current sum must not be negative, got {current}")


def _by_thresholds(baseline, nadir, current, pr, pd_pct, pd_mm, unit) -> Assessment:
    """PD (relative to the nadir) before PR (relative to the baseline), else SD."""
    rise = current - nadir
    up = change_pct(nadir, current)
    pd_needs = f"at least {pd_pct} %" + (f" and {pd_mm} {unit}" if pd_mm is not None else "")
    above = f"{shown_pct(up, [pd_pct])} %" if up is not None else "any increase"
    if rise > 0 and (up is None or up >= pd_pct) and (pd_mm is None or rise >= pd_mm):
        return Assessment(
            PD,
            f"sum {_shown(current)} {unit} is {above} ({_shown(rise)} {unit}) above the nadir "
            f"({_shown(nadir)} {unit}): PD needs {pd_needs}",
        )
    down = change_pct(baseline, current)
    if -down >= pr:
        return Assessment(
            PR,
            f"sum {_shown(current)} {unit} is {shown_pct(down, [pr])} % below the baseline "
            f"({_shown(baseline)} {unit}): PR needs a decrease of at least {pr} %",
        )
    vs_base = f"{shown_pct(down, [pr])} % {'below' if down < 0 else 'above'} the baseline ({_shown(baseline)} {unit})"
    if rise <= 0:
        vs_nadir = f"not above the nadir ({_shown(nadir)} {unit})"
    elif up is None:
        vs_nadir = f"{_shown(rise)} {unit} above the nadir (0 {unit})"
    else:
        vs_nadir = f"{shown_pct(up, [pd_pct])} % ({_shown(rise)} {unit}) above the nadir ({_shown(nadir)} {unit})"
    return Assessment(
        SD,
        f"sum {_shown(current)} {unit} is {vs_base} and {vs_nadir}: "
        f"neither a decrease of at least {pr} % nor an increase of {pd_needs}",
    )


def classify_recist(baseline_sum, nadir_sum, current_sum, new_lesion: bool = False) -> Assessment:
    """RECIST 1.1 response from sums of longest diameters (mm).

    CR: every target lesion gone (sum 0); PD: a new lesion, or a sum at least 20 % and at
    least 5 mm above the nadir; PR: a sum at least 30 % below the baseline; otherwise SD.
    PD is checked before PR. Arithmetic is exact, so boundaries are inclusive. After a nadir of 0
    any rise of at least 5 mm is PD; a lesion that reappears after a CR should be passed as
    `new_lesion`, as RECIST 1.1 counts it as progression.

    Parameters
    ----------
    baseline_sum : number
        Sum at baseline (> 0).
    nadir_sum : number
        Smallest sum before this study, the baseline included.
    current_sum : number
        Sum at this study.
    new_lesion : bool
        Whether a new lesion is seen.

    Returns
    -------
    Assessment
        `category` (CR, PR, SD or PD) and `reason` in words.
    """
    baseline, nadir, current = _d(baseline_sum), _d(nadir_sum), _d(current_sum)
    _check_sums(baseline, nadir, current)
    if new_lesion:
        return Assessment(PD, "a new lesion is progression whatever the sum")
    if current == 0:
        return Assessment(CR, "every target lesion has disappeared (sum 0 mm)")
    return _by_thresholds(baseline, nadir, current, RECIST_PR, RECIST_PD, RECIST_PD_MM, "mm")


def classify_who(baseline_sum, nadir_sum, current_sum, new_lesion: bool = False) -> Assessment:
    """WHO response from sums of products of the two diameters (mm²).

    CR: every lesion gone; PD: a new lesion, or a sum at least 25 % above the nadir; PR: a sum
    at least 50 % below the baseline; otherwise SD. PD is checked before PR; boundaries inclusive.

    Parameters
    ----------
    baseline_sum, nadir_sum, current_sum : number
        Sums of products at baseline (> 0), the smallest before this study (baseline included), and now.
    new_lesion : bool
        Whether a new lesion is seen.

    Returns
    -------
    Assessment
    """
    baseline, nadir, current = _d(baseline_sum), _d(nadir_sum), _d(current_sum)
    _check_sums(baseline, nadir, current)
    if new_lesion:
        return Assessment(PD, "a new lesion is progression whatever the sum")
    if current == 0:
        return Assessment(CR, "every measured lesion has disappeared (sum 0 mm²)")
    return _by_thresholds(baseline, nadir, current, WHO_PR, WHO_PD, None, "mm²")


def classify_mrecist(
    baseline_viable, nadir_viable, current_viable, new_lesion: bool = False
) -> Assessment:
    """mRECIST response from sums of longest diameters of viable (arterially enhancing) tumour (mm).

    A sum that the data do not record is None. CR: no viable tumour in any target lesion (sum 0);
    PD: a new lesion, or a viable sum at least 20 % above the nadir; PR: at least 30 % below the
    baseline; otherwise SD. Without the sums it needs, the result is "not assessable", never a guess.

    Parameters
    ----------
    baseline_viable, nadir_viable, current_viable : number or None
        Viable-tumour sums at baseline, the smallest before this study, and now; None if not recorded.
    new_lesion : bool
        Whether a new (typically enhancing) lesion is seen.

    Returns
    -------
    Assessment
    """
    if new_lesion:
        return Assessment(PD, "a new lesion is progression whatever the sums")
    if current_viable is None:
        return Assessment(NOT_ASSESSABLE, NO_ENHANCEMENT)
    current = _d(current_viable)
    _check_sums(None, None, current)
    if current == 0:
        return Assessment(
            CR, "no viable (arterially enhancing) tumour in any target lesion (sum 0 mm)"
        )
    if baseline_viable is None or nadir_viable is None:
        return Assessment(
            NOT_ASSESSABLE, f"the viable-tumour sum at baseline is not recorded: {NO_ENHANCEMENT}"
        )
    baseline, nadir = _d(baseline_viable), _d(nadir_viable)
    _check_sums(baseline, nadir, current)
    return _by_thresholds(baseline, nadir, current, MRECIST_PR, MRECIST_PD, None, "mm")


def lesion_measure(long_cm, short_cm, criterion: str):
    """One lesion's contribution to the criterion's sum, exact (mm or mm²); None where the data do not give it.

    A lesion that is not visible (no diameters) contributes 0 under RECIST 1.1 and WHO. Under
    mRECIST the viable part of a visible lesion is not recorded, so only an invisible lesion has
    a known contribution (0).
    """
    check_criterion(criterion)
    if long_cm is None or pd.isna(long_cm):
        return Decimal(0)
    long_mm = _d(long_cm) * 10
    if criterion == "RECIST1.1":
        return long_mm
    if criterion == "WHO":
        return long_mm * _d(short_cm) * 10
    return None


def sum_measures(measures):
    """The sum of the target lesions' measures; None if any is missing."""
    return None if any(m is None for m in measures) else sum(measures, Decimal(0))
