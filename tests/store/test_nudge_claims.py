from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy import event

from bot.store import KpiDraft, NudgePreferences, Store, StoreError
from tests.store.backends import FakeClock
from tests.store.test_slack_bookkeeping import _race

DAY = date(2027, 1, 4)


def test_a_second_claim_gets_nothing_while_the_first_is_held(store: Store) -> None:
    assert store.claim_nudge("T1", "U1", DAY) is not None
    assert store.claim_nudge("T1", "U1", DAY) is None


def test_a_sent_nudge_is_never_claimed_again_even_after_its_lease(
    store: Store, clock: FakeClock
) -> None:
    held = store.claim_nudge("T1", "U1", DAY)
    assert held is not None
    assert store.mark_nudge_sent(held, channel_id="D1", message_ts="1.1") is True
    clock.advance(hours=3)
    assert store.claim_nudge("T1", "U1", DAY) is None


def test_a_claim_never_marked_sent_is_taken_over_after_its_lease(
    store: Store, clock: FakeClock
) -> None:
    first = store.claim_nudge("T1", "U1", DAY)
    clock.advance(minutes=4)
    assert store.claim_nudge("T1", "U1", DAY) is None
    clock.advance(minutes=2)
    second = store.claim_nudge("T1", "U1", DAY)
    assert first is not None
    assert second is not None
    assert (second.attempts, second.taken_over, second.key) == (2, True, first.key)


def test_a_taken_over_claim_can_no_longer_be_marked_sent(store: Store, clock: FakeClock) -> None:
    first = store.claim_nudge("T1", "U1", DAY)
    clock.advance(minutes=6)
    second = store.claim_nudge("T1", "U1", DAY)
    assert first is not None
    assert second is not None
    assert store.mark_nudge_sent(first, channel_id="D1", message_ts="1.1") is False
    assert store.mark_nudge_sent(second, channel_id="D1", message_ts="1.2") is True


def test_a_released_claim_is_free_for_the_next_pass_at_once(store: Store) -> None:
    held = store.claim_nudge("T1", "U1", DAY)
    assert held is not None
    store.release_nudge(held, "ratelimited")
    assert store.claim_nudge("T1", "U1", DAY) is not None


def test_a_failed_nudge_is_not_retried_that_day(store: Store, clock: FakeClock) -> None:
    held = store.claim_nudge("T1", "U1", DAY)
    assert held is not None
    store.fail_nudge(held, "channel_not_found")
    clock.advance(hours=1)
    assert store.claim_nudge("T1", "U1", DAY) is None


def test_nudge_and_reminder_are_claimed_separately(store: Store) -> None:
    assert store.claim_nudge("T1", "U1", DAY, "nudge") is not None
    assert store.claim_nudge("T1", "U1", DAY, "reminder") is not None
    assert store.claim_nudge("T2", "U1", DAY, "nudge") is not None


def test_one_replica_takes_over_a_lapsed_claim_when_many_race(
    store: Store, clock: FakeClock
) -> None:
    store.claim_nudge("T1", "U1", DAY)
    clock.advance(minutes=6)
    results = _race(10, lambda _i: store.claim_nudge("T1", "U1", DAY))
    assert sum(r is not None for r in results) == 1


def test_preferences_are_the_defaults_until_set(store: Store) -> None:
    prefs = store.nudge_preferences("T1", "U1")
    assert (prefs.nudge_time, prefs.work_days, prefs.paused) == (
        time(9, 0),
        (0, 1, 2, 3, 4),
        False,
    )


def test_preferences_round_trip_and_stay_in_their_workspace(store: Store) -> None:
    wanted = NudgePreferences(
        nudge_time=time(7, 30), work_days=(0, 2, 4), away_until=DAY, tz="America/New_York"
    )
    store.save_nudge_preferences("T1", "U1", wanted)
    assert store.nudge_preferences("T1", "U1") == wanted
    assert store.nudge_preferences("T2", "U1") == NudgePreferences()


def _kpi(store: Store, team: str, owner: str, name: str, **fields: Any) -> int:
    return store.upsert_kpi(team, KpiDraft(owner_user_id=owner, name=name, **fields)).id


def test_a_paused_kpi_is_left_out_of_the_snapshot(store: Store) -> None:
    kept = _kpi(store, "T1", "U1", "Orders")
    paused = _kpi(store, "T1", "U1", "Refunds")
    store.set_kpi_paused("T1", paused, True)
    snapshot = store.nudge_snapshot("T1", DAY, DAY)
    assert [k.id for k in snapshot.kpis] == [kept]
    assert store.set_kpi_paused("T1", paused, False).paused is False


def test_a_deleted_kpi_is_gone_with_its_readings(store: Store) -> None:
    kpi = _kpi(store, "T1", "U1", "Orders")
    store.log_reading("T1", kpi, value=3, observed_on=DAY, recorded_by="U1")
    store.delete_kpi("T1", kpi)
    with pytest.raises(StoreError):
        store.get_kpi("T1", kpi)
    assert store.readings_of("T1", [kpi]) == {kpi: []}


def test_another_workspace_cannot_pause_or_delete_a_kpi(store: Store) -> None:
    kpi = _kpi(store, "T1", "U1", "Orders")
    with pytest.raises(StoreError):
        store.delete_kpi("T2", kpi)
    with pytest.raises(StoreError):
        store.set_kpi_paused("T2", kpi, True)
    assert store.get_kpi("T1", kpi).paused is False


def test_snapshot_holds_only_its_workspace(store: Store) -> None:
    mine = _kpi(store, "T1", "U1", "Orders")
    theirs = _kpi(store, "T2", "U1", "Orders")
    store.log_reading("T2", theirs, value=1, observed_on=DAY, recorded_by="U1")
    store.claim_nudge("T2", "U1", DAY)
    snapshot = store.nudge_snapshot("T1", DAY, DAY)
    assert ([k.id for k in snapshot.kpis], snapshot.latest, snapshot.log) == ([mine], {}, ())
    assert store.nudge_teams() == ["T1", "T2"]


@contextmanager
def _counted(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


@pytest.mark.parametrize("kpis", [1, 40])
def test_snapshot_reads_a_workspace_in_the_same_few_queries_whatever_its_size(
    store: Store, kpis: int
) -> None:
    for i in range(kpis):
        kpi = _kpi(store, "T1", f"U{i % 7}", f"KPI {i}")
        store.log_reading("T1", kpi, value=i, observed_on=DAY, recorded_by="U1")
    with _counted(store) as statements:
        snapshot = store.nudge_snapshot("T1", DAY, DAY)
        readings = store.readings_of("T1", [k.id for k in snapshot.kpis])
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5
    assert sum(len(r) for r in readings.values()) == kpis


def test_reading_ends_are_the_first_and_latest_and_give_the_same_progress(store: Store) -> None:
    from bot.kpis.dashboard import tracked_kpi

    kpi = _kpi(store, "T1", "U1", "Orders", target=50.0, target_date=date(2027, 6, 30))
    for day, value in ((3, 12.0), (1, 10.0), (9, 30.0), (5, 11.0)):
        store.log_reading("T1", kpi, value=value, observed_on=date(2027, 1, day), recorded_by="U1")
    lone = _kpi(store, "T1", "U1", "Refunds")
    store.log_reading("T1", lone, value=1.0, observed_on=DAY, recorded_by="U1")
    ends = store.reading_ends("T1", [kpi, lone])
    everything = store.readings_of("T1", [kpi, lone])
    assert [r.value for r in ends[kpi]] == [10.0, 30.0]
    assert [r.value for r in ends[lone]] == [1.0]
    record = store.get_kpi("T1", kpi)
    assert tracked_kpi(record, ends[kpi]) == tracked_kpi(record, everything[kpi])
