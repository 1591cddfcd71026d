"""How a printed number is compared with its recomputation: rules that know how numbers are printed.

- a decimal ("2.2") matches any value that rounds to it, half up, at the printed precision;
- an integer matches exactly;
- "n (%)" checks both parts; "a/b/c" and ranges "a-b" check every part, "NA" only matches missing;
- words match ignoring case.
"""

import re
from decimal import Decimal

from . import fmt

_PART = re.compile(r"NA|\d+(?:\.\d+)?|[A-Za-z]+")

RULES = {
    "integer": "integer: equal",
    "decimal": "decimal: the recomputed value rounds (half up) to the printed one at its precision",
    "count-percent": "n (%): the count is equal and the percentage rounds to the printed one",
    "parts": "a/b/c or a×b: every part matches (integers equal, decimals rounded, NA only where missing)",
    "range": "range a-b: both ends match",
    "text": "words: equal, ignoring case",
}


def parts(printed: str) -> list:
    """The parts of a printed cell: Decimal for numbers, None for NA, lower-case words."""
    out = []
    for p in _PART.findall(printed or ""):
        if p == "NA":
            out.append(None)
        elif p[0].isdigit():
            out.append(Decimal(p))
        else:
            out.append(p.lower())
    return out


def rule_of(printed: str) -> str:
    """The rule that applies to a printed cell, from its shape."""
    text = (printed or "").strip()
    ps = parts(text)
    numbers = [p for p in ps if isinstance(p, Decimal)]
    if re.fullmatch(r"\d+\s*\(\s*\d+(\.\d+)?\s*\)", text):
        return "count-percent"
    if "/" in text or "×" in text:
        return "parts"
    if re.fullmatch(r"\d+(\.\d+)?\s*[-–]\s*\d+(\.\d+)?%?", text):
        return "range"
    if len(ps) == 1 and numbers:
        return "decimal" if "." in text else "integer"
    return "text"


def _part_matches(printed, value) -> bool:
    if printed is None or value is None:
        return printed is None and value is None
    if isinstance(printed, Decimal):
        if isinstance(value, str):
            return False
        decimals = max(0, -printed.as_tuple().exponent)
        return fmt.round_half_up(value, decimals) == printed
    return isinstance(value, str) and printed == value.lower()


def matches(printed: str, recomputed) -> bool:
    """Whether the recomputed value(s) reproduce a printed cell.

    Parameters
    ----------
    printed : str
        The cell as printed ("2.2", "7 (2.3)", "98/38/1", "1.3-3.3%", "NA", "Neg").
    recomputed : str or number or sequence
        A rebuilt cell as text (its parts are compared), one exact number, or one value per
        printed part (None for missing). Exact numbers are rounded at the printed precision.

    Returns
    -------
    bool
    """
    want = parts(printed)
    if isinstance(recomputed, str):
        got = parts(recomputed)
    elif isinstance(recomputed, (list, tuple)):
        got = [
            None if v is None else (v.lower() if isinstance(v, str) else fmt.to_decimal(v))
            for v in recomputed
        ]
    else:
        got = [fmt.to_decimal(recomputed)]
    return len(want) == len(got) and all(_part_matches(p, v) for p, v in zip(want, got))
