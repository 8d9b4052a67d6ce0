"""KPIs and their readings, ready for the KPI-nudges feature (owner, what it serves, unit,
direction, baseline, target, target date, cadence; one reading per KPI and day)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from bot.store.errors import StoreError
from bot.store.interviews import aware, ensure_workspace
from bot.store.records import Cadence, KpiDraft, KpiRecord, ReadingRecord
from bot.store.schema import Kpi, KpiReading
from bot.store.upsert import insert_for

# Ids per IN (...) list: well under SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 2000

CADENCES: dict[str, Cadence] = {
    "daily": "daily",
    "weekdays": "weekdays",
    "weekly": "weekly",
    "monthly": "monthly",
}


def kpi_record(row: Kpi | Row[Any]) -> KpiRecord:
    """Return the frozen record of a KPI row (an ORM object, or a plain row of the table's
    columns where thousands are read at once)."""
    return KpiRecord(
        id=row.id,
        team_id=row.team_id,
        owner_user_id=row.owner_user_id,
        name=row.name,
        unit=row.unit,
        direction="down" if row.direction == "down" else "up",
        baseline=row.baseline,
        target=row.target,
        target_date=row.target_date,
        cadence=CADENCES.get(row.cadence, "weekdays"),
        cadence_day=row.cadence_day,
        objective=row.objective,
        initiative=row.initiative,
        evaluation_id=row.evaluation_id,
        active=row.active,
        paused=bool(row.paused),
        digest_channel=row.digest_channel,
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
    )


def upsert_kpi(session: Session, now: datetime, team_id: str, draft: KpiDraft) -> KpiRecord:
    """Start tracking a KPI, or update the owner's KPI of the same name (so "Track these
    KPIs" clicked twice tracks each KPI once)."""
    ensure_workspace(session, now, team_id)
    fields = draft.model_dump()
    statement = insert_for(session, Kpi).values(
        team_id=team_id, active=True, created_at=now, updated_at=now, **fields
    )
    updated = {name: getattr(statement.excluded, name) for name in fields}
    updated |= {"active": True, "updated_at": now}
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id", "owner_user_id", "name"], set_=updated
        )
    )
    row = session.scalars(
        select(Kpi).where(
            Kpi.team_id == team_id,
            Kpi.owner_user_id == draft.owner_user_id,
            Kpi.name == draft.name,
        )
    ).one()
    return kpi_record(row)


def nudged_kpis(session: Session, team_id: str) -> list[KpiRecord]:
    """Return the team's KPIs that nudges are about (active and not paused), by owner."""
    query = select(Kpi).where(Kpi.team_id == team_id, Kpi.active.is_(True), Kpi.paused.is_(False))
    return [kpi_record(row) for row in session.scalars(query.order_by(Kpi.owner_user_id, Kpi.id))]


def readings_of(
    session: Session, team_id: str, kpi_ids: Sequence[int]
) -> dict[int, list[ReadingRecord]]:
    """Return the readings of several of the team's KPIs in date order, in one query per
    `CHUNK` ids (never one per KPI)."""
    found: dict[int, list[ReadingRecord]] = {kpi_id: [] for kpi_id in kpi_ids}
    ids = list(found)
    for start in range(0, len(ids), CHUNK):
        query = select(KpiReading.__table__).where(
            KpiReading.team_id == team_id, KpiReading.kpi_id.in_(ids[start : start + CHUNK])
        )
        for row in session.execute(query.order_by(KpiReading.kpi_id, KpiReading.observed_on)):
            found[row.kpi_id].append(reading_record(row))
    return found


def reading_ends(
    session: Session, team_id: str, kpi_ids: Sequence[int]
) -> dict[int, list[ReadingRecord]]:
    """Return the first and the latest reading of each of several KPIs (one when they are
    the same): all that progress is computed from (`bot.kpis.progress`), read without a
    query per KPI and without the readings in between."""
    found: dict[int, list[ReadingRecord]] = {kpi_id: [] for kpi_id in kpi_ids}
    ids = list(found)
    table = KpiReading.__table__
    for start in range(0, len(ids), CHUNK):
        ends = (
            select(
                KpiReading.kpi_id.label("kpi_id"),
                func.min(KpiReading.observed_on).label("first"),
                func.max(KpiReading.observed_on).label("last"),
            )
            .where(KpiReading.team_id == team_id, KpiReading.kpi_id.in_(ids[start : start + CHUNK]))
            .group_by(KpiReading.kpi_id)
            .subquery()
        )
        query = (
            select(table)
            .join(ends, ends.c.kpi_id == KpiReading.kpi_id)
            .where(
                KpiReading.team_id == team_id,
                or_(KpiReading.observed_on == ends.c.first, KpiReading.observed_on == ends.c.last),
            )
            .order_by(KpiReading.kpi_id, KpiReading.observed_on)
        )
        for row in session.execute(query):
            found[row.kpi_id].append(reading_record(row))
    return found


def find_kpi(session: Session, team_id: str, kpi_id: int) -> Kpi:
    """Return the team's KPI row; a KPI of another workspace is as absent as a missing one."""
    row = session.scalars(select(Kpi).where(Kpi.team_id == team_id, Kpi.id == kpi_id)).first()
    if row is None:
        raise StoreError("That KPI does not exist (any more); list your KPIs to pick another")
    return row


def list_kpis(
    session: Session, team_id: str, owner_user_id: str | None, *, active_only: bool
) -> list[KpiRecord]:
    """Return the team's KPIs (one owner's when given), oldest first."""
    query = select(Kpi).where(Kpi.team_id == team_id)
    if owner_user_id is not None:
        query = query.where(Kpi.owner_user_id == owner_user_id)
    if active_only:
        query = query.where(Kpi.active.is_(True))
    return [kpi_record(row) for row in session.scalars(query.order_by(Kpi.id))]


def log_reading(
    session: Session,
    now: datetime,
    team_id: str,
    kpi_id: int,
    *,
    value: float,
    observed_on: date,
    recorded_by: str,
    note: str | None = None,
) -> ReadingRecord:
    """Record a KPI's value for a day; logging the same day again replaces the value."""
    find_kpi(session, team_id, kpi_id)
    statement = insert_for(session, KpiReading).values(
        team_id=team_id,
        kpi_id=kpi_id,
        value=value,
        observed_on=observed_on,
        note=note,
        recorded_by=recorded_by,
        created_at=now,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["kpi_id", "observed_on"],
            set_={"value": value, "note": note, "recorded_by": recorded_by, "created_at": now},
        )
    )
    row = session.scalars(
        select(KpiReading).where(
            KpiReading.team_id == team_id,
            KpiReading.kpi_id == kpi_id,
            KpiReading.observed_on == observed_on,
        )
    ).one()
    return reading_record(row)


def reading_record(row: KpiReading | Row[Any]) -> ReadingRecord:
    """Return the frozen record of a reading row."""
    return ReadingRecord(
        id=row.id,
        kpi_id=row.kpi_id,
        value=row.value,
        observed_on=row.observed_on,
        recorded_by=row.recorded_by,
        created_at=aware(row.created_at),
        note=row.note,
    )


def list_readings(
    session: Session, team_id: str, kpi_id: int, since: date | None
) -> list[ReadingRecord]:
    """Return a KPI's readings in date order (from `since` when given)."""
    find_kpi(session, team_id, kpi_id)
    query = select(KpiReading).where(KpiReading.team_id == team_id, KpiReading.kpi_id == kpi_id)
    if since is not None:
        query = query.where(KpiReading.observed_on >= since)
    return [reading_record(row) for row in session.scalars(query.order_by(KpiReading.observed_on))]
