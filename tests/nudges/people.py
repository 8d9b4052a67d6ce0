"""Builders of the values the pure schedule reads: a KPI record, a latest reading."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.store.records import KpiRecord, LatestReading

CREATED = datetime(2026, 12, 1, tzinfo=UTC)


def kpi(kpi_id: int = 1, **fields: Any) -> KpiRecord:
    """Return a tracked KPI record (weekdays cadence unless told)."""
    values: dict[str, Any] = {
        "id": kpi_id,
        "team_id": "T1",
        "owner_user_id": "U1",
        "name": f"KPI {kpi_id}",
        "unit": "orders",
        "direction": "up",
        "baseline": 10.0,
        "target": 20.0,
        "target_date": date(2027, 12, 31),
        "cadence": "weekdays",
        "objective": None,
        "initiative": None,
        "evaluation_id": None,
        "active": True,
        "created_at": CREATED,
        "updated_at": CREATED,
    }
    return KpiRecord(**(values | fields))


def logged(kpi_id: int, observed_on: date, recorded_at: datetime) -> LatestReading:
    """Return a KPI's latest reading."""
    return LatestReading(kpi_id=kpi_id, observed_on=observed_on, recorded_at=recorded_at)
