"""When a re-assessment is due: a fixed number of months after the latest assessment
(quarterly by default, as the corpus's "regularly review and adapt" suggests). Pure."""

from __future__ import annotations

import calendar
from datetime import date

QUARTERLY = 3


def next_reassessment(last: date, months: int = QUARTERLY) -> date:
    """Return the day a re-assessment falls due: `months` after `last`, on the same day of
    the month or the month's last day (31 May + 3 months -> 31 August; 30 November -> 28
    or 29 February)."""
    index = last.month - 1 + months
    year, month = last.year + index // 12, index % 12 + 1
    return date(year, month, min(last.day, calendar.monthrange(year, month)[1]))


def reassessment_due(last: date, today: date, months: int = QUARTERLY) -> bool:
    """True from the day the re-assessment falls due."""
    return today >= next_reassessment(last, months)
