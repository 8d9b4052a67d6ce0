"""Nudge bookkeeping: claims that make each nudge go out exactly once across processes,
people's nudge preferences, and the few queries one scheduler pass reads a workspace with.

A claim is a row of `nudges_sent` keyed by (team, person, local day, kind). The first caller
inserts it; later callers get nothing while it is sent or its lease runs, and take it over
(a guarded UPDATE, so exactly one of several racing callers wins) once a lease lapsed without
the row being marked sent: the process that held it died between claim and send.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, cast, get_args

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session

from bot.store.interviews import aware
from bot.store.kpis import nudged_kpis
from bot.store.records import (
    LatestReading,
    NudgeClaim,
    NudgeKind,
    NudgeLogEntry,
    NudgePreferences,
    NudgeSnapshot,
    ReassessCadence,
)
from bot.store.schema import Kpi, KpiReading, NudgePreference, NudgeSent
from bot.store.upsert import insert_for, insert_ignore

DEFAULT_LEASE = timedelta(minutes=5)
KINDS: tuple[NudgeKind, ...] = ("nudge", "reminder", "digest", "reassess")
Status = Literal["claimed", "sent", "failed"]
STATUSES = ("claimed", "sent", "failed")


def _token() -> str:
    return secrets.token_hex(16)


def claim(
    session: Session,
    now: datetime,
    *,
    team_id: str,
    user_id: str,
    day: date,
    kind: NudgeKind,
    lease: timedelta,
) -> NudgeClaim | None:
    """Return a claim on (person, day, kind) when this caller may send it, else None: a new
    row, or a row whose earlier claim lapsed unsent (taken over, `attempts` counts up)."""
    token = _token()
    until = now + lease

    def held(attempts: int) -> NudgeClaim:
        return NudgeClaim(
            team_id=team_id,
            user_id=user_id,
            day=day,
            kind=kind,
            token=token,
            attempts=attempts,
            lease_until=until,
        )

    inserted = insert_ignore(
        session,
        NudgeSent,
        {
            "team_id": team_id,
            "user_id": user_id,
            "day": day,
            "kind": kind,
            "status": "claimed",
            "claimed_at": now,
            "lease_until": until,
            "claim_token": token,
            "attempts": 1,
        },
    )
    if inserted:
        return held(1)
    taken = session.execute(
        update(NudgeSent)
        .where(
            NudgeSent.team_id == team_id,
            NudgeSent.user_id == user_id,
            NudgeSent.day == day,
            NudgeSent.kind == kind,
            NudgeSent.status == "claimed",
            NudgeSent.lease_until <= now,
        )
        .values(
            claimed_at=now,
            lease_until=until,
            claim_token=token,
            attempts=NudgeSent.attempts + 1,
        )
        .returning(NudgeSent.attempts)
    ).first()
    return None if taken is None else held(int(taken[0]))


def settle(
    session: Session,
    now: datetime,
    held: NudgeClaim,
    *,
    status: str,
    channel_id: str | None = None,
    message_ts: str | None = None,
    error: str | None = None,
    lease_until: datetime | None = None,
) -> bool:
    """Write the outcome of a claim (sent, failed, or released for a retry) when the caller
    still holds it; False when another pass took it over meanwhile."""
    values: dict[str, object] = {"status": status, "error": error}
    if status == "sent":
        values |= {"sent_at": now, "channel_id": channel_id, "message_ts": message_ts}
    if lease_until is not None:
        values["lease_until"] = lease_until
    result = session.execute(
        update(NudgeSent)
        .where(
            NudgeSent.team_id == held.team_id,
            NudgeSent.user_id == held.user_id,
            NudgeSent.day == held.day,
            NudgeSent.kind == held.kind,
            NudgeSent.claim_token == held.token,
        )
        .values(**values)
        .returning(NudgeSent.day)
    )
    return result.first() is not None


# --- preferences --------------------------------------------------------------------------


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        return NudgePreferences().nudge_time


def _cadence(text: str) -> ReassessCadence:
    for known in get_args(ReassessCadence):
        if text == known:
            return cast(ReassessCadence, known)
    return NudgePreferences().reassess_cadence


def preferences_record(row: NudgePreference | Row[Any]) -> NudgePreferences:
    """Return the frozen preferences of a row (a bad stored value reads as the default)."""
    days = tuple(sorted({int(c) for c in row.work_days if c.isdigit() and int(c) < 7}))
    return NudgePreferences(
        reassess_cadence=_cadence(row.reassess_cadence),
        nudge_time=_time(row.nudge_time),
        work_days=days,
        paused=bool(row.paused),
        away_until=row.away_until,
        snoozed_until=row.snoozed_until,
        tz=row.tz,
        tz_checked_at=aware(row.tz_checked_at) if row.tz_checked_at else None,
        dm_channel=row.dm_channel,
        left_at=aware(row.left_at) if row.left_at else None,
    )


def get_preferences(session: Session, team_id: str, user_id: str) -> NudgePreferences:
    """Return the person's preferences, the defaults when they never set any."""
    row = session.get(NudgePreference, (team_id, user_id))
    return NudgePreferences() if row is None else preferences_record(row)


def put_preferences(
    session: Session, now: datetime, team_id: str, user_id: str, prefs: NudgePreferences
) -> NudgePreferences:
    """Store the person's preferences whole (insert or replace) and return them."""
    values = {
        "nudge_time": prefs.nudge_time.strftime("%H:%M"),
        "work_days": "".join(str(d) for d in sorted(set(prefs.work_days))),
        "paused": prefs.paused,
        "away_until": prefs.away_until,
        "snoozed_until": prefs.snoozed_until,
        "tz": prefs.tz,
        "tz_checked_at": prefs.tz_checked_at,
        "dm_channel": prefs.dm_channel,
        "left_at": prefs.left_at,
        "reassess_cadence": prefs.reassess_cadence,
        "updated_at": now,
    }
    statement = insert_for(session, NudgePreference).values(
        team_id=team_id, user_id=user_id, **values
    )
    session.execute(
        statement.on_conflict_do_update(index_elements=["team_id", "user_id"], set_=values)
    )
    return prefs


# --- what one scheduler pass reads --------------------------------------------------------


def nudge_teams(session: Session) -> list[str]:
    """Return the workspaces with at least one KPI to nudge about."""
    query = (
        select(Kpi.team_id)
        .where(Kpi.active.is_(True), Kpi.paused.is_(False))
        .distinct()
        .order_by(Kpi.team_id)
    )
    return list(session.scalars(query))


def snapshot(session: Session, team_id: str, first_day: date, last_day: date) -> NudgeSnapshot:
    """Return what a pass needs about one workspace in four queries: its nudged KPIs, the
    owners' preferences, each KPI's latest reading, and the nudges of `first_day` to
    `last_day` (the local days the workspace's people can be in right now)."""
    kpis = nudged_kpis(session, team_id)
    prefs = {
        row.user_id: preferences_record(row)
        for row in session.execute(
            select(NudgePreference.__table__).where(NudgePreference.team_id == team_id)
        )
    }
    latest_rows = session.execute(
        select(
            KpiReading.kpi_id,
            func.max(KpiReading.observed_on),
            func.max(KpiReading.created_at),
        )
        .where(KpiReading.team_id == team_id)
        .group_by(KpiReading.kpi_id)
    ).all()
    latest = {
        int(kpi_id): LatestReading(
            kpi_id=int(kpi_id), observed_on=observed, recorded_at=aware(recorded)
        )
        for kpi_id, observed, recorded in latest_rows
    }
    log = tuple(
        NudgeLogEntry(
            user_id=row.user_id,
            day=row.day,
            kind=row.kind if row.kind in KINDS else "nudge",
            status=cast(Status, row.status if row.status in STATUSES else "sent"),
            sent_at=aware(row.sent_at) if row.sent_at else None,
            lease_until=aware(row.lease_until) if row.lease_until else None,
        )
        for row in session.scalars(
            select(NudgeSent).where(
                NudgeSent.team_id == team_id,
                NudgeSent.day >= first_day,
                NudgeSent.day <= last_day,
            )
        )
    )
    return NudgeSnapshot(
        team_id=team_id, kpis=tuple(kpis), preferences=prefs, latest=latest, log=log
    )
