from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nudges.schedule import Due, due_kpis, nudge_instant, occurrence, what_is_due
from bot.store.records import LatestReading, NudgeLogEntry, NudgePreferences
from tests.nudges.people import kpi, logged

NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2027, 1, 4)


def _due(
    now: datetime,
    *,
    prefs: NudgePreferences | None = None,
    log: tuple[NudgeLogEntry, ...] = (),
    latest: dict[int, LatestReading] | None = None,
    zone: ZoneInfo = NEW_YORK,
) -> Due | None:
    return what_is_due(
        prefs=prefs or NudgePreferences(),
        zone=zone,
        kpis=[kpi(1)],
        latest=latest or {},
        log=log,
        now=now,
    )


def _sent(day: date, at: datetime, kind: str = "nudge") -> NudgeLogEntry:
    return NudgeLogEntry.model_validate(
        {
            "user_id": "U1",
            "day": day,
            "kind": kind,
            "status": "sent",
            "sent_at": at,
            "lease_until": at,
        }
    )


def _local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = NEW_YORK) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def test_nudge_is_due_from_nine_local_on_a_monday() -> None:
    assert _due(_local(MONDAY, 8, 59)) is None
    due = _due(_local(MONDAY, 9, 5))
    assert due is not None
    assert (due.kind, due.day, due.kpi_ids) == ("nudge", MONDAY, (1,))


def test_no_nudge_on_a_saturday_by_default() -> None:
    assert _due(_local(MONDAY + timedelta(days=5), 9, 5)) is None


@pytest.mark.parametrize(
    "prefs",
    [
        NudgePreferences(paused=True),
        NudgePreferences(away_until=MONDAY),
        NudgePreferences(snoozed_until=MONDAY + timedelta(days=1)),
        NudgePreferences(work_days=(1, 2)),
        NudgePreferences(left_at=datetime(2027, 1, 1, tzinfo=UTC)),
    ],
    ids=["paused", "away", "snoozed", "day-off", "left"],
)
def test_no_nudge_when_the_person_does_not_take_them_that_day(prefs: NudgePreferences) -> None:
    assert _due(_local(MONDAY, 9, 5), prefs=prefs) is None


def test_nudge_resumes_the_day_after_away_until() -> None:
    prefs = NudgePreferences(away_until=MONDAY)
    assert _due(_local(MONDAY + timedelta(days=1), 9, 5), prefs=prefs) is not None


def test_nudge_not_sent_by_the_follow_up_time_is_dropped_for_the_day() -> None:
    assert _due(_local(MONDAY, 13, 0)) is None


def test_nothing_is_due_once_todays_value_is_logged() -> None:
    latest = {1: logged(1, MONDAY, _local(MONDAY, 8))}
    assert _due(_local(MONDAY, 9, 5), latest=latest) is None


def test_reminder_follows_four_hours_after_the_nudge_when_nothing_was_logged() -> None:
    log = (_sent(MONDAY, _local(MONDAY, 9, 1)),)
    assert _due(_local(MONDAY, 13, 0), log=log) is None
    due = _due(_local(MONDAY, 13, 1), log=log)
    assert due is not None
    assert due.kind == "reminder"


def test_no_reminder_when_a_value_was_logged_after_the_nudge() -> None:
    log = (_sent(MONDAY, _local(MONDAY, 9, 1)),)
    latest = {1: logged(1, MONDAY - timedelta(days=3), _local(MONDAY, 10))}
    assert _due(_local(MONDAY, 14), log=log, latest=latest) is None


def test_no_second_reminder_the_same_day() -> None:
    log = (_sent(MONDAY, _local(MONDAY, 9, 1)), _sent(MONDAY, _local(MONDAY, 13, 1), "reminder"))
    assert _due(_local(MONDAY, 18), log=log) is None


@pytest.mark.parametrize(
    ("cadence", "day_of", "on", "asked"),
    [
        ("daily", None, date(2027, 1, 9), date(2027, 1, 9)),
        ("weekdays", None, date(2027, 1, 9), date(2027, 1, 8)),
        ("weekly", 2, date(2027, 1, 4), date(2026, 12, 30)),
        ("weekly", 0, date(2027, 1, 4), date(2027, 1, 4)),
        ("monthly", 31, date(2027, 2, 28), date(2027, 2, 28)),
        ("monthly", 15, date(2027, 3, 3), date(2027, 2, 15)),
    ],
)
def test_occurrence_is_the_latest_day_the_cadence_asks_for(
    cadence: str, day_of: int | None, on: date, asked: date
) -> None:
    assert occurrence(kpi(1, cadence=cadence, cadence_day=day_of), on) == asked


def test_weekly_kpi_is_due_on_its_day_and_not_again_once_logged() -> None:
    weekly = kpi(1, cadence="weekly", cadence_day=2)
    wednesday = MONDAY + timedelta(days=2)
    assert (
        due_kpis([weekly], MONDAY + timedelta(days=1), {1: logged(1, MONDAY, _local(MONDAY, 9))})
        == ()
    )
    assert due_kpis([weekly], wednesday, {1: logged(1, MONDAY, _local(MONDAY, 9))}) == (weekly,)
    assert due_kpis([weekly], wednesday, {1: logged(1, wednesday, _local(wednesday, 9))}) == ()


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/New_York", date(2027, 3, 14)),
        ("America/New_York", date(2027, 11, 7)),
        ("Europe/Berlin", date(2027, 3, 28)),
        ("Australia/Sydney", date(2027, 4, 4)),
    ],
)
def test_nine_local_is_nine_on_the_day_clocks_change(zone: str, day: date) -> None:
    tz = ZoneInfo(zone)
    assert nudge_instant(day, time(9), tz).astimezone(tz).time() == time(9)


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    instant = nudge_instant(date(2027, 3, 14), time(2, 30), NEW_YORK)
    assert instant.astimezone(NEW_YORK).time() == time(3, 30)


# --- weeks of schedule, simulated pass by pass ---------------------------------------------

ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/St_Johns",
    "America/Santiago",
    "Asia/Kolkata",
]
# Weeks that hold a daylight-saving change in one hemisphere or the other.
STARTS = [
    date(2027, 3, 8),
    date(2027, 3, 22),
    date(2027, 3, 29),
    date(2027, 10, 25),
    date(2027, 11, 1),
]
TICK = timedelta(minutes=5)
DAILY = kpi(1, cadence="daily")


def _simulate(
    zone: ZoneInfo, prefs: NudgePreferences, start: date, days: int, log_after_nudge: bool
) -> list[tuple[str, datetime]]:
    """Run passes every TICK over `days` from local midnight of `start`; a pass sends what
    is due (recorded as sent at once). Returns (kind, instant) of every send."""
    now = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    end = now + timedelta(days=days)
    log: list[NudgeLogEntry] = []
    latest: dict[int, LatestReading] = {}
    sent: list[tuple[str, datetime]] = []
    while now < end:
        due = what_is_due(prefs=prefs, zone=zone, kpis=[DAILY], latest=latest, log=log, now=now)
        if due is not None:
            log.append(_sent(due.day, now, due.kind))
            sent.append((due.kind, now))
            if log_after_nudge and due.kind == "nudge":
                latest[1] = logged(1, due.day, now + timedelta(minutes=1))
        now += TICK
    return sent


def _work_days(zone: ZoneInfo, start: date, days: int, prefs: NudgePreferences) -> list[date]:
    return [
        start + timedelta(days=i)
        for i in range(days)
        if (start + timedelta(days=i)).weekday() in prefs.work_days
    ]


prefs_strategy = st.builds(
    NudgePreferences,
    nudge_time=st.sampled_from([time(h, m) for h in range(6, 21) for m in (0, 15, 30, 45)]),
    work_days=st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s))),
)


@settings(max_examples=40, deadline=None)
@given(zone=st.sampled_from(ZONES), prefs=prefs_strategy, start=st.sampled_from(STARTS))
def test_weeks_of_passes_send_one_nudge_each_work_day_at_its_local_time(
    zone: str, prefs: NudgePreferences, start: date
) -> None:
    tz = ZoneInfo(zone)
    sent = _simulate(tz, prefs, start, 14, log_after_nudge=True)
    nudges = [at.astimezone(tz) for kind, at in sent if kind == "nudge"]
    assert [n.date() for n in nudges] == _work_days(tz, start, 14, prefs)
    for local in nudges:
        wanted = datetime.combine(local.date(), prefs.nudge_time)
        assert timedelta(0) <= local.replace(tzinfo=None) - wanted < TICK
    assert not [kind for kind, _ in sent if kind == "reminder"]


@settings(max_examples=25, deadline=None)
@given(zone=st.sampled_from(ZONES), prefs=prefs_strategy, start=st.sampled_from(STARTS))
def test_weeks_of_passes_remind_at_most_once_a_day_when_nothing_is_logged(
    zone: str, prefs: NudgePreferences, start: date
) -> None:
    tz = ZoneInfo(zone)
    sent = _simulate(tz, prefs, start, 14, log_after_nudge=False)
    per_day = Counter((kind, at.astimezone(tz).date()) for kind, at in sent)
    assert max(per_day.values()) == 1
    nudged = {at for kind, at in sent if kind == "nudge"}
    for kind, at in sent:
        if kind == "reminder":
            assert any(timedelta(hours=4) <= at - n < timedelta(hours=4) + TICK for n in nudged)
