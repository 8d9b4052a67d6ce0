"""How numbers, money, quantities and dates are written (prompts/formatting.py): one way on
every surface, the interview's echo, the report, the Home tab and the KPI messages."""

from __future__ import annotations

from datetime import date

import pytest

from prompts.formatting import (
    format_date,
    format_money,
    format_number,
    format_quantity,
    format_score,
)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (12400, "USD", "$12,400"),
        (12400.4, "EUR", "€12,400"),
        (-23605.67, "EUR", "-€23,606"),
        (-23605.67, "USD", "-$23,606"),
        (0.2, "GBP", "£0"),
        (12400.4, "SEK", "12,400 SEK"),
        (-0.2, "USD", "$0"),
        (1e12, "usd", "$1,000,000,000,000"),
        (None, "USD", "unknown"),
    ],
)
def test_money_is_written_in_the_assessments_currency(
    amount: float | None, currency: str, expected: str
) -> None:
    assert format_money(amount, currency) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (22.0, "%", "22%"),
        (18.0, "hours", "18 hours"),
        (4.15, "score", "4.15 score"),
        (4000.0, "EUR", "€4,000"),
        (600.0, "", "600"),
        (None, "hours", "?"),
    ],
)
def test_kpi_values_carry_their_unit(value: float | None, unit: str, expected: str) -> None:
    assert format_quantity(value, unit, "EUR") == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [(199.99, "USD", "$199.99"), (2500.5, "EUR", "€2,500.5"), (12000, "SEK", "12,000 SEK")],
)
def test_money_someone_typed_keeps_its_cents(amount: float, currency: str, expected: str) -> None:
    assert format_money(amount, currency, cents=True) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(12400.0, 2, "12,400"), (0.75, 2, "0.75"), (39.25, 1, "39.2"), (-0.04, 1, "0"), (-3, 2, "-3")],
)
def test_numbers_have_no_trailing_zeros(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals=decimals) == expected


def test_scores_have_one_decimal_at_most() -> None:
    assert (format_score(62.25), format_score(80.0)) == ("62.2", "80")


def test_dates_are_written_as_people_say_them() -> None:
    assert format_date(date(2027, 9, 30)) == "30 September 2027"
