"""Durable Slack work in the store: recorded as it is acked (already its recorder's to run),
or claimed exactly once where nobody recorded it; resumed after its owner's lease runs out or
it is handed back, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

from bot.store import Store
from bot.store.jobs import CHUNK
from tests.store.backends import FakeClock

LEASE = timedelta(seconds=30)
BODY = {"type": "event_callback", "event_id": "Ev1", "event": {"type": "app_mention"}}


def _record(store: Store, event_id: str = "Ev1", owner: str = "p1") -> bool:
    recorded = store.write_jobs([("T1", event_id, "question", BODY)], owner=owner, lease=LEASE)
    return recorded == {("T1", event_id)}


def _finish(store: Store, event_id: str = "Ev1", owner: str = "p1") -> None:
    store.write_jobs([], [("T1", event_id)], owner=owner, lease=LEASE)


def test_claim_job_records_work_nobody_recorded(store: Store) -> None:
    assert store.claim_job("T1", "Ev9", "question", BODY, owner="p1", lease=LEASE) == 1
    assert _record(store, "Ev9") is False


def test_write_jobs_returns_only_the_new_ones(store: Store) -> None:
    _record(store, "Ev1")
    batch = [("T1", f"Ev{n}", "question", BODY) for n in (1, 2, 3)]
    assert store.write_jobs(batch, owner="p1", lease=LEASE) == {("T1", "Ev2"), ("T1", "Ev3")}


def test_write_jobs_records_a_burst_larger_than_one_statement(store: Store) -> None:
    batch = [("T1", f"EvB{n}", "question", BODY) for n in range(CHUNK + 3)]
    assert len(store.write_jobs(batch, owner="p1", lease=LEASE)) == CHUNK + 3


def test_record_job_is_true_only_for_the_first_delivery(store: Store) -> None:
    assert _record(store) is True
    assert _record(store) is False


def test_a_recorded_job_is_its_recorders_and_claimed_by_nobody(store: Store) -> None:
    _record(store)
    assert store.claim_job("T1", "Ev1", "question", BODY, owner="p2", lease=LEASE) is None
    assert store.claim_job("T1", "Ev1", "question", BODY, owner="p1", lease=LEASE) is None


def test_concurrent_records_of_one_event_have_one_winner(store: Store) -> None:
    results: list[bool] = []
    barrier = threading.Barrier(6)

    def record(owner: str) -> None:
        barrier.wait()
        results.append(_record(store, owner=owner))

    threads = [threading.Thread(target=record, args=(f"p{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]


def test_concurrent_claims_of_unrecorded_work_have_one_winner(store: Store) -> None:
    results: list[int | None] = []
    barrier = threading.Barrier(6)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim_job("T1", "Ev1", "question", BODY, owner="p", lease=LEASE))

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [1, None, None, None, None, None]


def test_stale_jobs_are_claimed_only_after_the_owners_lease_runs_out(
    store: Store, clock: FakeClock
) -> None:
    _record(store)
    assert store.claim_stale_jobs(owner="p2", lease=LEASE, limit=10) == []
    clock.advance(seconds=31)
    [job] = store.claim_stale_jobs(owner="p2", lease=LEASE, limit=10)
    assert (job.event_id, job.kind, job.payload, job.attempts) == ("Ev1", "question", BODY, 2)
    assert store.claim_stale_jobs(owner="p3", lease=LEASE, limit=10) == []


def test_renewed_leases_keep_a_live_owners_jobs(store: Store, clock: FakeClock) -> None:
    _record(store)
    clock.advance(seconds=20)
    assert store.renew_jobs(owner="p1", lease=LEASE) == 1
    clock.advance(seconds=20)
    assert store.claim_stale_jobs(owner="p2", lease=LEASE, limit=10) == []


def test_released_jobs_are_resumed_at_once(store: Store) -> None:
    _record(store, "Ev1")
    store.claim_job("T1", "Ev2", "question", BODY, owner="p1", lease=LEASE)
    assert store.release_jobs(owner="p1") == 2
    resumed = store.claim_stale_jobs(owner="p2", lease=LEASE, limit=10)
    assert sorted(job.event_id for job in resumed) == ["Ev1", "Ev2"]


def test_a_finished_job_is_never_claimed_again(store: Store, clock: FakeClock) -> None:
    _record(store)
    _finish(store)
    clock.advance(hours=1)
    assert store.claim_stale_jobs(owner="p2", lease=LEASE, limit=10) == []
    assert store.release_jobs(owner="p1") == 0


def test_only_the_owner_marks_its_job_done(store: Store, clock: FakeClock) -> None:
    _record(store)
    _finish(store, owner="p2")
    clock.advance(seconds=31)
    assert [job.event_id for job in store.claim_stale_jobs(owner="p3", lease=LEASE, limit=5)] == [
        "Ev1"
    ]


def test_records_and_dones_share_one_write(store: Store, clock: FakeClock) -> None:
    _record(store, "Ev1")
    recorded = store.write_jobs(
        [("T1", "Ev2", "question", BODY)], [("T1", "Ev1")], owner="p1", lease=LEASE
    )
    assert recorded == {("T1", "Ev2")}
    clock.advance(seconds=31)
    assert [job.event_id for job in store.claim_stale_jobs(owner="p2", lease=LEASE, limit=5)] == [
        "Ev2"
    ]


def test_finished_jobs_are_pruned_and_unfinished_ones_kept(store: Store, clock: FakeClock) -> None:
    _record(store, "Ev1")
    _record(store, "Ev2")
    _finish(store, "Ev1")
    clock.advance(days=2)
    assert store.prune_jobs(clock.now - timedelta(days=1)) == 1
    assert [job.event_id for job in store.claim_stale_jobs(owner="p2", lease=LEASE, limit=5)] == [
        "Ev2"
    ]
