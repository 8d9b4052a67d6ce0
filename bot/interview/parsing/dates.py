"""Dates and durations as people type them, relative to a `today` passed in (no clock here).

    dates:      "2027-06-30"  "30 June 2027"  "June 30, 2027"  "June"  "June 2027"
                "end of Q2"  "Q3 2027"  "H1"  "end of year"  "2028"  "next month"
                "in 6 months"  "within 2 weeks"  "a year from now"  "30/06/2027"  "next spring"
    durations:  "3 months"  "6 wks"  "a year"  "10 days"  "a couple of weeks"  "2-3 weeks"
                "same day"

A month or quarter without a day means its last day ("June" is a deadline, so 30 June);
without a year it means the next one that has not ended. "03/04/2027" is refused as
ambiguous (3 April or 4 March?).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.interview.errors import AnswerError
from bot.interview.parsing.numbers import parse_quantity, words_to_number
from bot.interview.parsing.text import comparable
from prompts.formatting import format_date

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
} | {"sept": 9}
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
_UNIT_WORDS = {
    "day": ("d", "day", "days", "dy", "dys", "business days", "working days"),
    "week": ("w", "wk", "wks", "week", "weeks"),
    "month": ("mo", "mos", "mth", "mths", "month", "months", "mon"),
    "quarter": ("q", "qtr", "quarter", "quarters"),
    "year": ("y", "yr", "yrs", "year", "years"),
}
_HOUR_WORDS = ("h", "hr", "hrs", "hour", "hours")
MAX_YEARS_AHEAD = 30
_DURATION_LEAD = r"^(?:in|within|about|around|roughly|approx(?:imately)?|maybe|~)\s+"


@dataclass(frozen=True)
class Duration:
    """A length of time: `days` for the Assessment, `amount` + `unit` for calendar maths
    and for the echo ("6 weeks")."""

    days: float
    amount: float
    unit: str
    ranged: bool = False


def _unit_of(word: str) -> str | None:
    word = word.lower().strip(". ")
    for unit, words in _UNIT_WORDS.items():
        if word in words:
            return unit
    if word in _HOUR_WORDS:
        return "hour"
    return None


_SPECIAL_DURATIONS = {
    "overnight": Duration(1.0, 1.0, "day"),
    "a day or two": Duration(1.5, 1.5, "day"),
    **{word: Duration(1.0, 1.0, "day") for word in ("same day", "same-day", "within the day")},
    **{
        word: Duration(0.0, 0.0, "day")
        for word in ("immediately", "instantly", "right away", "no time", "none", "zero")
    },
}


def _amount(text: str) -> tuple[float, bool] | None:
    """The amount before a time unit ("6", "a couple of", "2-3") and whether it was a range."""
    words = words_to_number(text)
    if words is not None:
        return words, False
    try:
        quantity = parse_quantity(text, money=False)
    except ValueError:
        return None
    if quantity.unit or quantity.value < 0:
        return None
    return quantity.value, quantity.ranged


def parse_duration_text(text: str) -> Duration | None:
    """Return the duration in `text`, or None when it is not one."""
    plain = re.sub(_DURATION_LEAD, "", comparable(text))
    plain = re.sub(r"\s+(?:from now|time|or so|tops|max|at most)$", "", plain)
    if plain in _SPECIAL_DURATIONS:
        return _SPECIAL_DURATIONS[plain]
    if half := re.fullmatch(r"(?:half (?:a|an)|an? half)\s+(\w+)", plain):
        unit = _unit_of(half[1])
        if unit is None or unit == "hour":
            return None
        return Duration(round(DAYS_PER[unit] / 2, 1), 0.5, unit)
    match = re.fullmatch(r"(.+?)\s*([a-z]+)", plain)
    unit = _unit_of(match[2]) if match else None
    amount = _amount(match[1].strip()) if match and unit else None
    if unit is None or amount is None:
        return None
    value, ranged = amount
    if unit == "hour":
        return Duration(round(value / 24, 2), value, "hour", ranged)
    return Duration(round(value * DAYS_PER[unit], 1), value, unit, ranged)


def parse_duration(text: str, *, example: str) -> Duration:
    """Return a duration ("3 months", "6 wks", "a year"); refuses anything else."""
    duration = parse_duration_text(text)
    if duration is None:
        raise AnswerError(
            "Please give a length of time, like 3 weeks, 6 months or a year.", example
        )
    if duration.days > 3650:
        raise AnswerError("Please give a length of time under ten years.", example)
    return duration


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _next_end(today: date, build: Callable[[int], date]) -> date:
    """The date `build(year)` in the first year (this one or the next) where it has not
    passed: "June" in August means next June."""
    this_year = build(today.year)
    return this_year if this_year >= today else build(today.year + 1)


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})")
_QUARTER = re.compile(
    r"(?:end of |by |the end of )?(?:q([1-4])|(first|second|third|fourth) quarter)"
    r"(?: of)?\s*(\d{4})?"
)
_HALF = re.compile(r"(?:end of |by )?h([12])(?: of)?\s*(\d{4})?")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# A season is a deadline at its last month's end (northern hemisphere, as the owners in the
# labelled set meant); winter spans two years and is asked as a month instead.
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11}
_SEASON = re.compile(r"(?:(?:the )?end of |next |this |in )?(spring|summer|autumn|fall)\s*(\d{4})?")


def _parse_absolute(plain: str, today: date) -> date | None:  # noqa: PLR0911, PLR0912
    if m := _ISO.fullmatch(plain):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.fullmatch(plain):
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        year = year + 2000 if year < 100 else year
        if a > 12:
            return date(year, b, a)
        if b > 12:
            return date(year, a, b)
        if a == b:
            return date(year, a, a)
        raise AnswerError(
            f"Is that {format_date(date(year, b, a))} or {format_date(date(year, a, b))}? "
            f"Please write it year first, like {date(year, b, a).isoformat()}.",
            date(year, b, a).isoformat(),
        )
    if m := _QUARTER.fullmatch(plain):
        quarter = int(m[1]) if m[1] else _ORDINALS[m[2]]
        end_month = quarter * 3
        if m[3]:
            return _end_of_month(int(m[3]), end_month)
        return _next_end(today, lambda y: _end_of_month(y, end_month))
    if m := _HALF.fullmatch(plain):
        end_month = 6 if m[1] == "1" else 12
        if m[2]:
            return _end_of_month(int(m[2]), end_month)
        return _next_end(today, lambda y: _end_of_month(y, end_month))
    if m := re.fullmatch(r"(?:the )?(?:end of (?:the )?|by (?:the )?end of )?(\d{4})", plain):
        return date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(?:mid|middle of)[ -](\d{4})", plain):
        return date(int(m[1]), 6, 30)
    if m := _SEASON.fullmatch(plain):
        end_month = _SEASON_END[m[1]]
        if m[2]:
            return _end_of_month(int(m[2]), end_month)
        return _next_end(today, lambda y: _end_of_month(y, end_month))
    tokens = re.findall(r"[a-z]+|\d+", plain)
    tokens = [
        t for t in tokens if t not in ("of", "the", "end", "by", "in", "st", "nd", "rd", "th")
    ]
    tokens = [re.sub(r"(\d+)(st|nd|rd|th)", r"\1", t) for t in tokens]
    months = [MONTHS[t] for t in tokens if t in MONTHS]
    numbers = [int(t) for t in tokens if t.isdigit()]
    if len(months) != 1 or len(tokens) != 1 + len(numbers) or len(numbers) > 2:
        return None
    month = months[0]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 1000]
    if len(years) > 1 or len(days) > 1:
        return None
    if days:
        day = days[0]
        if years:
            return date(years[0], month, day)
        return _next_end(today, lambda y: date(y, month, day))
    if years:
        return _end_of_month(years[0], month)
    return _next_end(today, lambda y: _end_of_month(y, month))


def _parse_relative(plain: str, today: date) -> date | None:
    fixed = {
        "today": today,
        "tomorrow": today + timedelta(days=1),
        "next week": today + timedelta(days=7),
        "end of this month": _end_of_month(today.year, today.month),
        "end of the month": _end_of_month(today.year, today.month),
        "end of month": _end_of_month(today.year, today.month),
        "this month": _end_of_month(today.year, today.month),
        "next month": _end_of_month(_add_months(today, 1).year, _add_months(today, 1).month),
        "end of next month": _end_of_month(_add_months(today, 1).year, _add_months(today, 1).month),
        "end of year": date(today.year, 12, 31),
        "end of the year": date(today.year, 12, 31),
        "end of this year": date(today.year, 12, 31),
        "year end": date(today.year, 12, 31),
        "year-end": date(today.year, 12, 31),
        "eoy": date(today.year, 12, 31),
        "this year": date(today.year, 12, 31),
        "next year": date(today.year + 1, 12, 31),
        "end of next year": date(today.year + 1, 12, 31),
        "by next year": date(today.year + 1, 12, 31),
    }
    if plain in fixed:
        return fixed[plain]
    if "fiscal" in plain or "financial year" in plain:
        raise AnswerError(
            "Fiscal years end on different dates; please give the date yours ends.",
            f"{today.year + 1}-03-31",
        )
    stripped = re.sub(r"^(?:in|within|by|over the next|in the next|the next|next)\s+", "", plain)
    stripped = re.sub(r"\s+(?:from now|from today|time)$", "", stripped)
    if stripped == plain and not re.match(r"^[\d.]+\s*\w+$|^an?\s", plain):
        return None
    duration = parse_duration_text(stripped)
    if duration is None:
        return None
    if duration.unit in ("month", "quarter", "year") and duration.amount == int(duration.amount):
        months = int(duration.amount) * {"month": 1, "quarter": 3, "year": 12}[duration.unit]
        return _add_months(today, months)
    return today + timedelta(days=round(duration.days))


def parse_date(text: str, *, today: date, future: bool, example: str) -> date:
    """Return the date meant by `text`, relative to `today`. With `future`, a date
    before today is refused (a deadline that has passed is not a target)."""
    plain = comparable(text).replace(",", " ")
    plain = re.sub(
        r"\s+", " ", re.sub(r"^(?:by|before|until|on|around|about|approx)\s+", "", plain)
    )
    try:
        found = _parse_relative(plain, today) or _parse_absolute(plain, today)
    except ValueError:  # e.g. 31 February
        raise AnswerError(
            "That date does not exist; please check the day and month.", example
        ) from None
    if found is None:
        raise AnswerError(
            "Please give a date, like 2027-06-30, June 2027, end of Q2 or in 6 months.", example
        )
    if future and found < today:
        raise AnswerError(
            f"{format_date(found)} has already passed; please give a date after today.", example
        )
    if found > _add_months(today, 12 * MAX_YEARS_AHEAD):
        raise AnswerError(f"Please give a date within {MAX_YEARS_AHEAD} years.", example)
    return found
