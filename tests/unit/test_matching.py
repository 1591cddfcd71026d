"""Comparison rules: how a printed number is matched by its recomputation."""

from decimal import Decimal
from fractions import Fraction

import pytest

from hccrebuild.analysis import matching


@pytest.mark.parametrize(
    "printed, value, ok",
    [
        ("2.2", Decimal("2.15"), True),  # rounds half up to 2.2
        ("2.2", Decimal("2.2499"), True),
        ("2.2", Decimal("2.25"), False),  # rounds to 2.3
        ("2.2", Decimal("2.1499"), False),
        ("23.5", Decimal(32) * 100 / 137, False),  # 23.357...
        ("54.0", Decimal(41) * 100 / 76, False),  # 53.947...: a printed error
        ("137", 137, True),
        ("137", 136, False),
        ("137", Decimal("137.4"), True),  # an integer printed without decimals: rounds to it
    ],
)
def test_numbers_match_at_the_printed_precision(printed, value, ok):
    assert matching.matches(printed, value) is ok


def test_count_percent_checks_both_parts():
    assert matching.matches("7 (2.3)", [7, Decimal(7) * 100 / 299])
    assert not matching.matches("7 (2.3)", [8, Decimal(7) * 100 / 299])
    assert not matching.matches("54 (18.6)", [54, Decimal(54) * 100 / 299])
    assert matching.matches("3(2.2)", "3 (2.2)")


def test_slash_cells_check_every_part_and_na_only_matches_missing():
    assert matching.matches("98/38/1", [98, 38, 1])
    assert not matching.matches("98/38/1", [98, 38, 2])
    assert matching.matches("NA/143", [None, 143])
    assert not matching.matches("NA/143", [0, 143])
    assert not matching.matches("54/244", [54, 244, 1])


def test_ranges_check_both_ends():
    assert matching.matches("1.3-3.3%", [Decimal("1.32"), Decimal("3.33")])
    assert not matching.matches("1.3-3.3%", [Decimal("0.66"), Decimal("3.33")])


def test_words_ignore_case_only():
    assert matching.matches("multiple", "Multiple")
    assert not matching.matches("Neg", "NA")


@pytest.mark.parametrize(
    "printed, rule",
    [
        ("2.2", "decimal"),
        ("137", "integer"),
        ("7 (2.3)", "count-percent"),
        ("3(2.2)", "count-percent"),
        ("98/38/1", "parts"),
        ("NA/143", "parts"),
        ("1.3-3.3%", "range"),
        ("Neg", "text"),
        ("NA", "text"),
        ("4.5×5.0", "parts"),
    ],
)
def test_rule_follows_the_printed_shape(printed, rule):
    assert matching.rule_of(printed) == rule


def test_fractions_are_exact_too():
    assert matching.matches("0.7", Fraction(2 * 100, 303))
