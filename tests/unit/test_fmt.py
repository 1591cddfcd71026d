"""Number formatting at the paper's printed precision."""

from decimal import Decimal

import pytest

from hccrebuild.analysis import fmt


@pytest.mark.parametrize(
    "n, total, decimals, expected",
    [
        (41, 76, 1, "53.9"),  # 53.947... rounds down, though 54.0 is printed
        (32, 137, 1, "23.4"),  # 23.357...
        (2, 75, 1, "2.7"),  # 2.666...
        (1, 8, 1, "12.5"),  # exact
        (1, 40, 1, "2.5"),
        (1, 16, 2, "6.25"),
        (9, 400, 1, "2.3"),  # 2.25 exactly: half up, where float rounding gives 2.2
        (0, 137, 1, "0.0"),
    ],
)
def test_percent_rounds_half_up_exactly(n, total, decimals, expected):
    assert str(fmt.percent(n, total, decimals)) == expected


def test_percent_refuses_empty_total():
    with pytest.raises(ValueError):
        fmt.percent(1, 0)


def test_count_percent_cell():
    assert fmt.count_percent(7, 299, 1) == "7 (2.3)"
    assert fmt.count_percent(211, 299, 1) == "211 (70.6)"


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (2.25, 1, "2.3"),
        (64.9, 1, "64.9"),
        (69, 0, "69"),
        (5.0, 1, "5.0"),
        (0.125, 2, "0.13"),
        (13599, 0, "13599"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize(
    "text, expected", [("2.3", 1), ("137", 0), ("NA", 0), ("3(2.2)", 0), ("2.22", 2), ("", 0)]
)
def test_decimals_of_first_number(text, expected):
    assert fmt.decimals_of(text) == expected


def test_tokens_ignore_spacing_and_case():
    assert fmt.tokens("7 (2.3)") == fmt.tokens("7(2.3)") == [Decimal(7), Decimal("2.3")]
    assert fmt.same_printed("multiple", "Multiple")
    assert fmt.same_printed("2.8", "2.80")
    assert fmt.same_printed("NA/143", "NA / 143")


def test_tokens_keep_what_matters():
    assert not fmt.same_printed("54 (18.6)", "54 (18.1)")
    assert not fmt.same_printed(">8", "8")
    assert not fmt.same_printed("21", "21%")
    assert not fmt.same_printed("4.5×5.0", "5.0×4.5")
