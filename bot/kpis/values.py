"""Reading what a person types into a KPI's "Set values" form: baseline, target, target
date, and optionally the value the KPI shows on a day (a reading to log). Numbers are read
with the interview's forgiving parsing ("1,200", "$12k", "18 hours", "4.5"); each field that
cannot be read gets one clear sentence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.interview.errors import AnswerError
from bot.interview.parsing.numbers import parse_measure
from bot.kpis.errors import KpiError

Field = Literal["baseline", "target", "target_date", "value", "observed_on"]

NOTHING_GIVEN = "Fill in at least one value, or press Cancel."
DATE_PASSED = "Pick a target date after today."
NOT_A_DATE = "Pick the date from the calendar."
VALUE_IN_FUTURE = "Pick today or an earlier day: a value is logged for a day that has come."
DAY_WITHOUT_VALUE = "Type the value the KPI showed on that day, or clear the day."
EXAMPLE = "120"
# The server's "today" may be a day behind a person east of it.
TIME_ZONE_SLACK = timedelta(days=1)


class KpiValues(BaseModel):
    """What to change: None keeps what is stored; `value` (with the day it was observed)
    is a reading to log."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    baseline: float | None = None
    target: float | None = None
    target_date: date | None = None
    value: float | None = None
    observed_on: date | None = None

    @property
    def changes_targets(self) -> bool:
        """True when a baseline, target or target date is to be set."""
        return any(v is not None for v in (self.baseline, self.target, self.target_date))


def optional_number(text: str) -> float | None:
    """Return the number typed, read like an interview answer, or None for blank text;
    `AnswerError` when it is not a number."""
    text = text.strip()
    if not text:
        return None
    return parse_measure(text, integer=False, example=EXAMPLE).value


def _day(text: str) -> date | None:
    text = text.strip()
    return date.fromisoformat(text) if text else None


def parse_kpi_values(
    *,
    baseline: str,
    target: str,
    target_date: str,
    today: date,
    value: str = "",
    observed_on: str = "",
) -> tuple[KpiValues | None, dict[Field, str]]:
    """Return the values typed (None for an empty field; a value without a day is today's)
    and, per field that cannot be read, the sentence saying what is expected; (None,
    errors) when any is wrong."""
    errors: dict[Field, str] = {}
    numbers: dict[Field, float | None] = {}
    texts: tuple[tuple[Field, str], ...] = (
        ("baseline", baseline),
        ("target", target),
        ("value", value),
    )
    for field, text in texts:
        try:
            numbers[field] = optional_number(text)
        except AnswerError as exc:
            errors[field] = exc.message
    days: dict[Field, date | None] = {}
    for field, text in (("target_date", target_date), ("observed_on", observed_on)):
        try:
            days[field] = _day(text)
        except ValueError:
            errors[field] = NOT_A_DATE
    deadline, seen = days.get("target_date"), days.get("observed_on")
    if deadline is not None and deadline <= today:
        errors["target_date"] = DATE_PASSED
    if seen is not None and seen > today + TIME_ZONE_SLACK:
        errors["observed_on"] = VALUE_IN_FUTURE
    logged = numbers.get("value")
    if seen is not None and logged is None and "value" not in errors:
        errors["value"] = DAY_WITHOUT_VALUE
    if errors:
        return None, errors
    values = KpiValues(
        baseline=numbers.get("baseline"),
        target=numbers.get("target"),
        target_date=deadline,
        value=logged,
        observed_on=(seen or today) if logged is not None else None,
    )
    if values == KpiValues():
        return None, {"baseline": NOTHING_GIVEN}
    return values, {}


LOG_EXAMPLE = "`/align kpi log {name} 12.5`"


def parse_logged_value(text: str, *, name: str = "NAME") -> float:
    """Return the value typed for a KPI ("12.5", "$3k", "18%", read like an interview
    answer); a `KpiError` of one sentence and an example when it is not a number."""
    try:
        value = optional_number(text)
    except AnswerError as exc:
        raise KpiError(f"{exc.message} For example: {LOG_EXAMPLE.format(name=name)}") from None
    if value is None:
        raise KpiError(f"Type the value to log, for example: {LOG_EXAMPLE.format(name=name)}")
    return value
