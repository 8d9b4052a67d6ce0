from __future__ import annotations

from datetime import date

import pytest

from bot.store import KpiDraft, Store, StoreError


def _draft(**overrides: object) -> KpiDraft:
    fields: dict[str, object] = {
        "owner_user_id": "U1",
        "name": "Average order processing time",
        "unit": "minutes",
        "direction": "down",
        "baseline": 18.0,
        "target": 6.0,
        "target_date": date(2027, 6, 30),
        "cadence": "weekly",
        "objective": "Reduce order processing time",
        "initiative": "RPA for order entry",
    }
    fields.update(overrides)
    return KpiDraft.model_validate(fields)


def test_upsert_kpi_stores_every_field(store: Store) -> None:
    kpi = store.upsert_kpi("T1", _draft())
    assert (kpi.name, kpi.unit, kpi.direction, kpi.baseline, kpi.target) == (
        "Average order processing time",
        "minutes",
        "down",
        18.0,
        6.0,
    )
    assert (kpi.target_date, kpi.cadence, kpi.initiative) == (
        date(2027, 6, 30),
        "weekly",
        "RPA for order entry",
    )
    assert store.get_kpi("T1", kpi.id) == kpi


def test_upsert_kpi_tracks_a_name_once_when_added_twice(store: Store) -> None:
    first = store.upsert_kpi("T1", _draft())
    second = store.upsert_kpi("T1", _draft(target=5.0))
    assert first.id == second.id
    assert [k.target for k in store.list_kpis("T1")] == [5.0]


def test_list_kpis_filters_by_owner_and_activity(store: Store) -> None:
    mine = store.upsert_kpi("T1", _draft())
    store.upsert_kpi("T1", _draft(owner_user_id="U2"))
    store.deactivate_kpi("T1", mine.id)
    assert [k.owner_user_id for k in store.list_kpis("T1")] == ["U2"]
    assert len(store.list_kpis("T1", "U1", active_only=False)) == 1


def test_log_reading_replaces_the_value_logged_the_same_day(store: Store) -> None:
    kpi = store.upsert_kpi("T1", _draft())
    store.log_reading("T1", kpi.id, value=17.0, observed_on=date(2026, 11, 23), recorded_by="U1")
    store.log_reading("T1", kpi.id, value=16.0, observed_on=date(2026, 11, 23), recorded_by="U1")
    store.log_reading("T1", kpi.id, value=15.0, observed_on=date(2026, 11, 24), recorded_by="U1")
    readings = store.list_readings("T1", kpi.id)
    assert [(r.observed_on.day, r.value) for r in readings] == [(23, 16.0), (24, 15.0)]
    assert [r.value for r in store.list_readings("T1", kpi.id, since=date(2026, 11, 24))] == [15.0]


@pytest.mark.parametrize(
    "action",
    [
        lambda s, kpi_id: s.get_kpi("T2", kpi_id),
        lambda s, kpi_id: s.log_reading(
            "T2", kpi_id, value=1.0, observed_on=date(2026, 11, 23), recorded_by="U9"
        ),
        lambda s, kpi_id: s.list_readings("T2", kpi_id),
        lambda s, kpi_id: s.deactivate_kpi("T2", kpi_id),
    ],
    ids=["get", "log", "readings", "deactivate"],
)
def test_kpis_of_another_workspace_cannot_be_reached(store: Store, action: object) -> None:
    kpi = store.upsert_kpi("T1", _draft())
    with pytest.raises(StoreError, match="does not exist"):
        action(store, kpi.id)  # type: ignore[operator]
    assert store.list_kpis("T2") == []
    assert store.get_kpi("T1", kpi.id).active
