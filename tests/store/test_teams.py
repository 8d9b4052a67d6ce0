from __future__ import annotations

from datetime import timedelta

from bot.store import KpiDraft, Store
from tests.kpis.seed import store_persona
from tests.store.backends import FakeClock

GRACE = timedelta(days=30)


def _seed(store: Store, team_id: str) -> None:
    store_persona(store, team_id, "U1", "artisan_bakery")
    store.upsert_kpi(team_id, KpiDraft(owner_user_id="U1", name="Orders"))
    store.claim_event(team_id, "Ev1")
    store.record_feedback(team_id, "U1", "answer-1", True)


def _has_data(store: Store, team_id: str) -> bool:
    return (
        bool(store.list_kpis(team_id, "U1")) or store.latest_evaluation(team_id, "U1") is not None
    )


def test_purge_team_deletes_every_row_of_the_workspace_only(store: Store) -> None:
    _seed(store, "T1")
    _seed(store, "T2")
    assert store.purge_team("T1") > 0
    assert not _has_data(store, "T1")
    assert store.claim_event("T1", "Ev1") is True  # forgotten too
    assert _has_data(store, "T2")


def test_purge_due_waits_for_the_grace_period(store: Store, clock: FakeClock) -> None:
    _seed(store, "T1")
    store.mark_uninstalled("T1", grace=GRACE)
    clock.advance(days=29)
    assert store.purge_due() == []
    assert _has_data(store, "T1")
    clock.advance(days=1)
    assert store.purge_due() == ["T1"]
    assert not _has_data(store, "T1")
    assert store.purge_due() == []


def test_mark_uninstalled_twice_keeps_the_first_purge_date(store: Store, clock: FakeClock) -> None:
    first = store.mark_uninstalled("T1", grace=GRACE)
    clock.advance(days=10)
    store.mark_uninstalled("T1", grace=GRACE)
    clock.now = first
    assert store.purge_due() == ["T1"]


def test_mark_reinstalled_cancels_the_pending_purge(store: Store, clock: FakeClock) -> None:
    _seed(store, "T1")
    store.mark_uninstalled("T1", grace=GRACE)
    assert store.mark_reinstalled("T1") is True
    assert store.mark_reinstalled("T1") is False
    clock.advance(days=31)
    assert store.purge_due() == []
    assert _has_data(store, "T1")
