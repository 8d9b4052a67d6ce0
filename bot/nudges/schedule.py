"""What is due for one person at one instant: a pure function of their preferences, time
zone, KPIs, latest readings, today's nudge log and the instant. No I/O, no clock.

- The nudge is due from the person's nudge time (09:00 by default) on their local date,
  on a work day, unless they paused nudges, are away (through `away_until`), or snoozed
  (until `snoozed_until`). The nudge time is read in their zone for that date with zoneinfo,
  so a 09:00 nudge is at 09:00 local on both sides of a daylight-saving change; the claim is
  per local date, so it is never sent twice and never skipped. A time that does not exist
  that day (inside a spring-forward gap) is moved forward by the gap.
- A KPI is due on a day when its cadence's latest occurrence up to that day has no reading
  on or after it: daily, every day; weekdays, Monday to Friday; weekly, its weekday;
  monthly, its day of the month (the month's last day when shorter). An occurrence missed
  on a day off is still due on the next work day.
- A nudge not sent by the follow-up time (the scheduler was down) is not sent that day: a
  9 am nudge at 6 pm would only be noise.
- One follow-up reminder, `follow_up` after the nudge went out, when nothing was logged
  since and something is still due; never more than that a day.
- The offer of a re-assessment goes by the same clock: from the day it falls due at the
  owner's cadence, at their nudge time on the first day they take nudges, once per due day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bot.history.cadence import reassessment_due_on
from bot.store.records import KpiRecord, LatestReading, NudgeLogEntry, NudgePreferences

FOLLOW_UP = timedelta(hours=4)

DueKind = Literal["nudge", "reminder"]


class Due(BaseModel):
    """Something to send a person now: the nudge or the reminder of their local `day`,
    about `kpi_ids`, due since `at`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: DueKind
    day: date
    at: datetime
    kpi_ids: tuple[int, ...]


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """Return the date it is in `zone` at the instant `now`."""
    return now.astimezone(zone).date()


def nudge_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Return the instant (UTC) the local time `at` of `day` in `zone` names: the first of
    two in an autumn overlap; inside a spring-forward gap, `at` moved forward by the gap
    (02:30 on the night clocks jump from 02:00 to 03:00 is 03:30)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def occurrence(kpi: KpiRecord, day: date) -> date | None:
    """Return the latest day on or before `day` that `kpi`'s cadence asks for a value."""
    if kpi.cadence == "daily":
        return day
    if kpi.cadence == "weekdays":
        return day - timedelta(days=max(0, day.weekday() - 4))
    if kpi.cadence == "weekly":
        weekday = (kpi.cadence_day or 0) % 7
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    wanted = kpi.cadence_day or 1
    this_month = day.replace(day=min(wanted, calendar.monthrange(day.year, day.month)[1]))
    if this_month <= day:
        return this_month
    previous = day.replace(day=1) - timedelta(days=1)
    return previous.replace(day=min(wanted, calendar.monthrange(previous.year, previous.month)[1]))


def due_kpis(
    kpis: Iterable[KpiRecord], day: date, latest: Mapping[int, LatestReading]
) -> tuple[KpiRecord, ...]:
    """Return the KPIs that ask for a value on `day` and have none since they asked."""
    due = []
    for kpi in kpis:
        asked = occurrence(kpi, day)
        seen = latest.get(kpi.id)
        if asked is not None and (seen is None or seen.observed_on < asked):
            due.append(kpi)
    return tuple(due)


def _entry(log: Sequence[NudgeLogEntry], day: date, kind: str) -> NudgeLogEntry | None:
    return next((e for e in log if e.day == day and e.kind == kind), None)


def nudging_today(prefs: NudgePreferences, day: date) -> bool:
    """True when the person takes nudges on their local `day`: a work day, not paused,
    not away, not snoozed, and still in the workspace."""
    if prefs.paused or prefs.left_at is not None or day.weekday() not in prefs.work_days:
        return False
    if prefs.away_until is not None and day <= prefs.away_until:
        return False
    return prefs.snoozed_until is None or day >= prefs.snoozed_until


def what_is_due(
    *,
    prefs: NudgePreferences,
    zone: ZoneInfo,
    kpis: Sequence[KpiRecord],
    latest: Mapping[int, LatestReading],
    log: Sequence[NudgeLogEntry],
    now: datetime,
    follow_up: timedelta = FOLLOW_UP,
) -> Due | None:
    """Return the nudge or reminder the person should get at `now`, or None (see the
    module docstring for the rules). `log` is the person's recent nudge rows."""
    day = local_day(now, zone)
    if not nudging_today(prefs, day):
        return None
    due = due_kpis(kpis, day, latest)
    nudge = _entry(log, day, "nudge")
    if not due or (nudge is not None and nudge.status == "failed"):
        return None
    ids = tuple(k.id for k in due)
    if nudge is None or nudge.status == "claimed":
        at = nudge_instant(day, prefs.nudge_time, zone)
        on_time = at <= now < at + follow_up
        return Due(kind="nudge", day=day, at=at, kpi_ids=ids) if on_time else None
    reminder = _entry(log, day, "reminder")
    if nudge.sent_at is None or (reminder is not None and reminder.status != "claimed"):
        return None
    remind_at = nudge.sent_at + follow_up
    logged_since = any(latest[k.id].recorded_at >= nudge.sent_at for k in kpis if k.id in latest)
    if logged_since or now < remind_at or local_day(remind_at, zone) != day:
        return None
    return Due(kind="reminder", day=day, at=remind_at, kpi_ids=ids)


def digest_due(
    *,
    prefs: NudgePreferences,
    zone: ZoneInfo,
    log: Sequence[NudgeLogEntry],
    now: datetime,
    follow_up: timedelta = FOLLOW_UP,
) -> date | None:
    """Return the local day whose weekly digest the person should get at `now`: on the
    first of their work days each week, from their nudge time, by the same rules as the
    nudge (never paused, away or snoozed; not after the follow-up time); else None."""
    day = local_day(now, zone)
    if not nudging_today(prefs, day) or day.weekday() != min(prefs.work_days):
        return None
    entry = _entry(log, day, "digest")
    if entry is not None and entry.status != "claimed":
        return None
    at = nudge_instant(day, prefs.nudge_time, zone)
    return day if at <= now < at + follow_up else None


def reassess_offer_due(
    *,
    prefs: NudgePreferences,
    zone: ZoneInfo,
    assessed_at: datetime,
    offered_for: date | None,
    now: datetime,
    follow_up: timedelta = FOLLOW_UP,
) -> date | None:
    """Return the due day of the re-assessment the owner should be offered at `now`, or
    None: due at their cadence after the latest assessment (`assessed_at`, read in their
    zone), not offered for that due day yet (`offered_for`), and timed like the nudge (a
    work day, not paused, away or snoozed, from their nudge time until the follow-up time)."""
    due = reassessment_due_on(local_day(assessed_at, zone), prefs.reassess_cadence)
    day = local_day(now, zone)
    if due is None or day < due or (offered_for is not None and offered_for >= due):
        return None
    if not nudging_today(prefs, day):
        return None
    at = nudge_instant(day, prefs.nudge_time, zone)
    return due if at <= now < at + follow_up else None
