"""careerguide.formatting: how every amount, percentage and date reads, on pages and in the admin."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from careerguide.formatting import (
    DatePrecision,
    format_money,
    format_money_short,
    format_number,
    format_percent,
    format_percent_range,
    format_reference_date,
    format_year_range,
    truncate,
)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("164070"), "USD", "$164,070"),
        (Decimal("70000.40"), SimpleNamespace(code="EUR", symbol="€"), "€70,000"),
        (Decimal("90000"), SimpleNamespace(code="CAD", symbol="$"), "CAD 90,000"),  # “$” alone is ambiguous
        (Decimal("120000"), SimpleNamespace(code="BRL", symbol="R$"), "BRL 120,000"),
        (Decimal("5000000"), "INR", "INR 5,000,000"),  # a bare code without a Currency row
        (Decimal("-5000"), "USD", "−$5,000"),
        (Decimal("0.5"), "USD", "$1"),  # rounds half up, like the figures' sources
        (None, "USD", ""),
    ],
)
def test_format_money(amount, currency, expected):
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(Decimal("90000"), "$90k"), (Decimal("164070"), "$164.1k"), (Decimal("1500000"), "$1.5M"), (Decimal(950), "$950")],
)
def test_format_money_short(amount, expected):
    assert format_money_short(amount, "USD") == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (Decimal("16.00"), Decimal("16.00"), "16%"),
        (Decimal("10.00"), Decimal("12.00"), "10–12%"),
        (Decimal("2.50"), None, "2.5%"),
        (Decimal("-3.00"), Decimal("-1.50"), "-3–-1.5%"),
        (None, None, ""),
    ],
)
def test_format_percent_range(low, high, expected):
    assert format_percent_range(low, high) == expected


def test_format_percent_and_number_drop_trailing_zeros_without_exponents():
    assert format_percent(Decimal("16.00")) == "16%"
    assert format_number(Decimal("1.25000000")) == "1.25"
    assert format_number(Decimal("1E+2")) == "100"
    assert format_percent(None) == format_number(None) == ""


def test_format_year_range_marks_open_ended_ranges():
    assert format_year_range(3, 5) == "3–5"
    assert format_year_range(20, None) == "20+"
    assert format_year_range(0, 0) == "0–0"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [(DatePrecision.YEAR, "2025"), (DatePrecision.MONTH, "May 2025"), (DatePrecision.DAY, "2 May 2025")],
)
def test_format_reference_date_is_only_as_precise_as_known(precision, expected):
    assert format_reference_date(date(2025, 5, 2), precision) == expected


def test_format_reference_date_of_no_date_is_empty():
    assert format_reference_date(None, DatePrecision.DAY) == ""


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Glacier", 7, "Glacier"),  # fits exactly: unchanged
        ("Glacier acoustics", 9, "Glacier…"),  # the space before the cut is dropped
        ("Glacier acoustics", 12, "Glacier aco…"),
        ("", 3, ""),
    ],
)
def test_truncate_cuts_to_the_limit_with_an_ellipsis(text, limit, expected):
    assert truncate(text, limit) == expected
    assert len(truncate(text, limit)) <= limit
