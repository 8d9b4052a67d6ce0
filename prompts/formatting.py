"""How alignbot writes numbers, money, quantities and dates, on every surface: the interview's
echo of an answer, the report (Slack and terminal), the Home tab and the KPI messages. One
place, so a currency or a date reads the same wherever a person meets it."""

from __future__ import annotations

import calendar
import math
from datetime import date

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
UNKNOWN = "unknown"


def format_number(value: float, *, decimals: int = 2) -> str:
    """Return a figure with thousands separators and at most `decimals` decimals, without
    trailing zeros ("12,400", "2.5", "0.75", "-3")."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Answers whose id is not how a person says them.
_ANSWER_WORDS = {"not_applicable": "not applicable"}


def format_answer(value: object) -> str:
    """Return an answer as a report's evidence shows it: "unknown" when not given, a figure
    with one decimal at most, "not applicable" for that answer, anything else as stored.
    Shared by the terminal and Slack reports, so an answer reads the same in both."""
    if value is None:
        return UNKNOWN
    if isinstance(value, float):
        return format_number(value, decimals=1)
    text = str(value)
    return _ANSWER_WORDS.get(text, text)


def format_score(value: float) -> str:
    """Return a score out of 100 with one decimal at most ("62.5", "80")."""
    return format_number(value, decimals=1)


def format_money(amount: float | None, currency: str, *, cents: bool = False) -> str:
    """Return an amount in a currency: its sign for the common ones ("$12,400", "€2,500",
    "-£300"), the code after the figure otherwise ("12,400 SEK"); whole units unless `cents`
    (an amount someone typed, echoed as typed: "$199.99"); "unknown" when not given."""
    if amount is None or not math.isfinite(amount):
        return UNKNOWN
    decimals = 2 if cents else 0
    figure = format_number(abs(amount), decimals=decimals)
    sign = "-" if round(amount, decimals) < 0 else ""
    code = currency.strip().upper()
    symbol = CURRENCY_SIGNS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{figure}"
    return f"{sign}{figure} {code}" if code else f"{sign}{figure}"


def format_quantity(value: float | None, unit: str, currency: str = "") -> str:
    """Return a KPI value with its unit ("22%", "18 hours", "€4,000"); "?" when unknown. A
    unit that is the business's currency code is written as money."""
    if value is None:
        return "?"
    unit = unit.strip()
    if len(unit) == 3 and unit.upper() in {currency.strip().upper(), *CURRENCY_SIGNS}:
        return format_money(value, unit)
    figure = format_number(value)
    if not unit:
        return figure
    return f"{figure}{unit}" if unit == "%" else f"{figure} {unit}"


def format_weekday(day: date) -> str:
    """Return a near date with its weekday ("Tue 9 December"), how a deadline reads."""
    return f"{calendar.day_abbr[day.weekday()]} {day.day} {calendar.month_name[day.month]}"


def format_date(day: date) -> str:
    """Return a date the way people say it ("30 June 2027")."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
