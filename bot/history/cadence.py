"""When a re-assessment is due: the owner's cadence (quarterly unless they pick another,
as the corpus's "regularly review and adapt" suggests) after the latest assessment, and
how a cadence is named and typed. Pure."""

from __future__ import annotations

import calendar
from datetime import date
from typing import get_args

from bot.store.records import ReassessCadence

QUARTERLY = 3
DEFAULT_CADENCE: ReassessCadence = "quarterly"
CADENCES: tuple[ReassessCadence, ...] = get_args(ReassessCadence)
# Months between re-assessments; None: never offered.
CADENCE_MONTHS: dict[ReassessCadence, int | None] = {
    "monthly": 1,
    "quarterly": 3,
    "half-yearly": 6,
    "yearly": 12,
    "never": None,
}
CADENCE_LABELS: dict[ReassessCadence, str] = {
    "monthly": "every month",
    "quarterly": "every quarter",
    "half-yearly": "every six months",
    "yearly": "every year",
    "never": "never offered",
}
# Other ways people type a cadence, read after lowercasing and dropping "every".
_SYNONYMS: dict[str, ReassessCadence] = {
    "month": "monthly",
    "1 month": "monthly",
    "quarter": "quarterly",
    "3 months": "quarterly",
    "three months": "quarterly",
    "six months": "half-yearly",
    "6 months": "half-yearly",
    "half year": "half-yearly",
    "halfyearly": "half-yearly",
    "half-year": "half-yearly",
    "biannually": "half-yearly",
    "year": "yearly",
    "annually": "yearly",
    "12 months": "yearly",
    "off": "never",
    "none": "never",
}
CADENCE_CHOICES = (
    "monthly, quarterly (the default), half-yearly (every six months), yearly or never"
)


def parse_cadence(text: str) -> ReassessCadence | None:
    """Return the cadence `text` names ("quarterly", "every 6 months", "never"), or None
    when it names none: the edges answer that with `CADENCE_CHOICES`."""
    words = " ".join(text.lower().replace("_", " ").split())
    words = words.removeprefix("every ").strip()
    for cadence in CADENCES:
        if words == cadence:
            return cadence
    return _SYNONYMS.get(words)


def next_reassessment(last: date, months: int = QUARTERLY) -> date:
    """Return the day a re-assessment falls due: `months` after `last`, on the same day of
    the month or the month's last day (31 May + 3 months -> 31 August; 30 November -> 28
    or 29 February)."""
    index = last.month - 1 + months
    year, month = last.year + index // 12, index % 12 + 1
    return date(year, month, min(last.day, calendar.monthrange(year, month)[1]))


def reassessment_due_on(last: date, cadence: ReassessCadence = DEFAULT_CADENCE) -> date | None:
    """Return the day a re-assessment falls due at `cadence` after `last`; None for never."""
    months = CADENCE_MONTHS[cadence]
    return None if months is None else next_reassessment(last, months)


def reassessment_due(last: date, today: date, cadence: ReassessCadence = DEFAULT_CADENCE) -> bool:
    """True from the day the re-assessment falls due (never with the cadence "never")."""
    due = reassessment_due_on(last, cadence)
    return due is not None and today >= due


def months_since(last: date, today: date) -> int:
    """Return the whole months from `last` to `today` (31 January -> 28 February is one)."""
    months = (today.year - last.year) * 12 + today.month - last.month
    return months if next_reassessment(last, months) <= today else months - 1
