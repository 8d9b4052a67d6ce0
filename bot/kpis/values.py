"""Reading the values a person types for a KPI (baseline, target, target date), with the
interview's forgiving number parsing ("1,200", "$12k", "18 hours", "4.5") and one clear
sentence per field when a value cannot be read."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.interview.errors import AnswerError
from bot.interview.parsing.numbers import parse_measure

Field = Literal["baseline", "target", "target_date"]

NOTHING_GIVEN = "Fill in at least one value, or press Cancel."
DATE_PASSED = "Pick a target date after today."
NOT_A_DATE = "Pick the date from the calendar."
EXAMPLE = "120"


class KpiValues(BaseModel):
    """The values to set; None keeps what is stored."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    baseline: float | None = None
    target: float | None = None
    target_date: date | None = None


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    return parse_measure(text, integer=False, example=EXAMPLE).value


def parse_kpi_values(
    *, baseline: str, target: str, target_date: str, today: date
) -> tuple[KpiValues | None, dict[Field, str]]:
    """Return the values typed (None for an empty field) and, per field that cannot be
    read, the sentence saying what is expected; (None, errors) when any is wrong."""
    errors: dict[Field, str] = {}
    numbers: dict[Field, float | None] = {}
    fields: tuple[tuple[Field, str], ...] = (("baseline", baseline), ("target", target))
    for field, text in fields:
        try:
            numbers[field] = _number(text)
        except AnswerError as exc:
            errors[field] = exc.message
    when: date | None = None
    if target_date.strip():
        try:
            when = date.fromisoformat(target_date.strip())
        except ValueError:
            errors["target_date"] = NOT_A_DATE
        else:
            if when <= today:
                errors["target_date"] = DATE_PASSED
    if errors:
        return None, errors
    values = KpiValues(
        baseline=numbers.get("baseline"), target=numbers.get("target"), target_date=when
    )
    if values == KpiValues():
        return None, {"baseline": NOTHING_GIVEN}
    return values, {}
