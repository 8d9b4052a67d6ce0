"""Reading the `/align kpi add` form and the nudge preferences a person sets: pure, each
field that cannot be read gets one sentence saying what is expected, nothing half-read."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Literal, get_args

from bot.interview.errors import AnswerError
from bot.interview.parsing.dates import parse_date
from bot.kpis.errors import KpiError
from bot.kpis.tracking import MAX_INITIATIVE, MAX_NAME, MAX_OBJECTIVE, MAX_UNIT
from bot.kpis.values import DATE_PASSED, optional_number
from bot.store import KpiDraft
from bot.store.records import Cadence

KpiField = Literal[
    "name",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_date",
    "cadence",
    "cadence_day",
    "objective",
    "initiative",
]
FIELDS: tuple[KpiField, ...] = get_args(KpiField)
CADENCES: tuple[Cadence, ...] = get_args(Cadence)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

NAME_NEEDED = "Give the KPI a name, like Weekly orders."
TOO_LONG = "Keep it under {limit} characters."
DIRECTION = "Pick whether higher or lower is better."
CADENCE = "Pick how often: daily, weekdays, weekly or monthly."
WEEKLY_DAY = "Pick the weekday a weekly KPI is logged on."
MONTHLY_DAY = "Pick the day of the month (1-31) a monthly KPI is logged on."
TIME_EXAMPLE = "Give a time like 09:00, 9am or 17:30."
NO_WORK_DAY = "Pick at least one work day."


def _text(form: Mapping[str, str], field: str) -> str:
    return " ".join(str(form.get(field) or "").split())


def _weekday(text: str) -> int | None:
    plain = text.strip().casefold()
    if plain.isdigit() and int(plain) < 7:
        return int(plain)
    return next((i for i, day in enumerate(WEEKDAYS) if plain and day.startswith(plain[:3])), None)


def _cadence_day(cadence: str, text: str) -> tuple[int | None, str | None]:
    if cadence == "weekly":
        day = _weekday(text)
        return (day, None) if day is not None else (None, WEEKLY_DAY)
    if cadence == "monthly":
        plain = text.strip()
        if plain.isdigit() and 1 <= int(plain) <= 31:
            return int(plain), None
        return None, MONTHLY_DAY
    return None, None


def _target_date(text: str, today: date) -> tuple[date | None, str | None]:
    if not text:
        return None, None
    try:
        found = parse_date(text, today=today, future=True, example="2027-06-30")
    except AnswerError as exc:
        return None, exc.message
    return (found, None) if found > today else (None, DATE_PASSED)


def parse_new_kpi(
    form: Mapping[str, str], *, owner_user_id: str, today: date
) -> tuple[KpiDraft | None, dict[KpiField, str]]:
    """Return the KPI the `/align kpi add` form describes (field name -> what was typed or
    picked; empty for an optional field left blank) and, per field that cannot be read,
    the sentence saying what is expected; (None, errors) when any is wrong."""
    errors: dict[KpiField, str] = {}
    name = _text(form, "name")
    if not name:
        errors["name"] = NAME_NEEDED
    for field, limit in (
        ("name", MAX_NAME),
        ("unit", MAX_UNIT),
        ("objective", MAX_OBJECTIVE),
        ("initiative", MAX_INITIATIVE),
    ):
        if len(_text(form, field)) > limit:
            errors[field] = TOO_LONG.format(limit=limit)  # type: ignore[index]
    direction = _text(form, "direction").casefold() or "up"
    if direction not in ("up", "down"):
        errors["direction"] = DIRECTION
    numbers: dict[str, float | None] = {}
    for field in ("baseline", "target"):
        try:
            numbers[field] = optional_number(_text(form, field))
        except AnswerError as exc:
            errors[field] = exc.message  # type: ignore[index]
    target_date, problem = _target_date(_text(form, "target_date"), today)
    if problem:
        errors["target_date"] = problem
    cadence = _text(form, "cadence").casefold() or "weekdays"
    day: int | None = None
    if cadence not in CADENCES:
        errors["cadence"] = CADENCE
    else:
        day, problem = _cadence_day(cadence, _text(form, "cadence_day"))
        if problem:
            errors["cadence_day"] = problem
    if errors:
        return None, errors
    draft = KpiDraft(
        owner_user_id=owner_user_id,
        name=name,
        unit=_text(form, "unit"),
        direction="down" if direction == "down" else "up",
        baseline=numbers["baseline"],
        target=numbers["target"],
        target_date=target_date,
        cadence=next(c for c in CADENCES if c == cadence),
        cadence_day=day,
        objective=_text(form, "objective") or None,
        initiative=_text(form, "initiative") or None,
    )
    return draft, {}


_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def parse_nudge_time(text: str) -> time:
    """Return the time of day typed ("09:00", "9am", "5:30 pm", "17h30"); `KpiError`
    with an example when it is not one."""
    found = _TIME.match(text.strip().casefold())
    if found is None:
        raise KpiError(TIME_EXAMPLE)
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    meridiem = (found.group(3) or "").replace(".", "")
    if meridiem and not 1 <= hour <= 12:
        raise KpiError(TIME_EXAMPLE)
    if meridiem == "pm" and hour != 12:
        hour += 12
    if meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise KpiError(TIME_EXAMPLE)
    return time(hour, minute)


def parse_work_days(picked: list[str] | tuple[str, ...]) -> tuple[int, ...]:
    """Return the weekdays picked (digits 0-6 or day names), Monday first; `KpiError` when
    none is a day."""
    days = sorted({d for d in (_weekday(p) for p in picked) if d is not None})
    if not days:
        raise KpiError(NO_WORK_DAY)
    return tuple(days)


def log_command_splits(argument: str) -> list[tuple[str, str, str]]:
    """Return the ways to read `/align kpi log NAME VALUE [note]`: (name, value, note) for
    each word after the first that reads as a value, leftmost first, so that a KPI whose
    name holds a number ("Top 10 products 42") can still be found by the caller."""
    words = argument.split()
    splits = []
    for at in range(1, len(words)):
        try:
            value = optional_number(words[at])
        except AnswerError:
            continue
        if value is not None:
            splits.append((" ".join(words[:at]), words[at], " ".join(words[at + 1 :])))
    return splits
