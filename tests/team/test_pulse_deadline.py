"""The pulse's deadline is the end of the day the owner picked, in the owner's time zone:
the instant it closes, and that day read back from it, wherever the owner lives."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.team.pulses import closing_instant, last_day

DAY = date(2026, 12, 9)


@pytest.mark.parametrize(
    ("zone", "closes"),
    [
        ("UTC", datetime(2026, 12, 10, 0, 0, tzinfo=UTC)),
        ("Europe/Berlin", datetime(2026, 12, 9, 23, 0, tzinfo=UTC)),
        ("Pacific/Kiritimati", datetime(2026, 12, 9, 10, 0, tzinfo=UTC)),
        ("America/Los_Angeles", datetime(2026, 12, 10, 8, 0, tzinfo=UTC)),
    ],
)
def test_pulse_closes_at_the_midnight_ending_the_day_in_the_owners_zone(
    zone: str, closes: datetime
) -> None:
    assert closing_instant(DAY, ZoneInfo(zone)) == closes


@pytest.mark.parametrize(
    "zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata", "Europe/London"]
)
def test_last_day_read_back_in_the_owners_zone_is_the_day_picked(zone: str) -> None:
    assert last_day(closing_instant(DAY, ZoneInfo(zone)), ZoneInfo(zone)) == DAY


def test_last_day_across_a_clock_change_is_the_day_picked() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert last_day(closing_instant(date(2027, 3, 27), berlin), berlin) == date(2027, 3, 27)
