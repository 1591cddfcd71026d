"""Numbers as the paper prints them: rounding half up at a given precision, "n (%)" cells, tokens."""

import numbers
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..errors import InvalidValue

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+|[<>%]")


def to_decimal(value) -> Decimal:
    """An exact decimal for an int, a float (through its shortest repr) or a numeric string."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, numbers.Real):
        return Decimal(repr(float(value)))
    return Decimal(str(value))


def decimals_of(text: str) -> int:
    """Decimal places of the first number in `text` ("2.3" -> 1, "137" -> 0, "NA" -> 0)."""
    m = _NUMBER.search(text or "")
    if not m or "." not in m.group():
        return 0
    return len(m.group().split(".")[1])


def round_half_up(value, decimals: int) -> Decimal:
    """Round as a person does (2.25 -> 2.3), not as binary floats do."""
    q = Decimal(1).scaleb(-decimals)
    return to_decimal(value).quantize(q, rounding=ROUND_HALF_UP)


def number(value, decimals: int = 0) -> str:
    """A value printed with `decimals` places, rounded half up."""
    return str(round_half_up(value, decimals))


def percent(n, total, decimals: int = 1) -> Decimal:
    """100 * n / total, computed exactly and rounded half up."""
    if total is None or int(total) <= 0:
        raise InvalidValue(f"percent of a non-positive total: {total!r}")
    return round_half_up(to_decimal(n) * 100 / to_decimal(total), decimals)


def count_percent(n, total, decimals: int = 1) -> str:
    """An "n (%)" cell: count and its percentage of `total`."""
    return f"{int(n)} ({percent(n, total, decimals)})"


def tokens(text: str) -> list:
    """Numbers (as Decimal) and words (lower case) of a printed cell, in order.

    Spacing and punctuation are ignored, so "7 (2.3)" and "7(2.3)" give the same tokens,
    and "2.8" equals "2.80".
    """
    out = []
    for t in _TOKEN.findall(text or ""):
        out.append(Decimal(t) if t[0].isdigit() else t.lower())
    return out


def same_printed(a: str, b: str) -> bool:
    """Whether two printed cells say the same thing (see `tokens`)."""
    return tokens(a) == tokens(b)
