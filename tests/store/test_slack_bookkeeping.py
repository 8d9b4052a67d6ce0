from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from bot.store import Store
from tests.store.backends import FakeClock


def _race(workers: int, action: object) -> list[object]:
    barrier = threading.Barrier(workers)
    results: list[object] = [None] * workers

    def run(i: int) -> None:
        barrier.wait()
        results[i] = action(i)  # type: ignore[operator]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_claim_event_returns_true_only_the_first_time(store: Store) -> None:
    assert store.claim_event("T1", "Ev1") is True
    assert store.claim_event("T1", "Ev1") is False
    assert store.claim_event("T1", "Ev2") is True


def test_claim_event_keeps_workspaces_apart(store: Store) -> None:
    assert store.claim_event("T1", "Ev1") is True
    assert store.claim_event("T2", "Ev1") is True


def test_claim_event_gives_one_winner_when_many_threads_race(store: Store) -> None:
    results = _race(16, lambda _i: store.claim_event("T1", "EvRace"))
    assert results.count(True) == 1
    assert results.count(False) == 15


def test_claim_event_survives_reopening_the_database(database_url: str, store: Store) -> None:
    assert store.claim_event("T1", "Ev1") is True
    store.close()
    reopened = Store.open(database_url)
    try:
        assert reopened.claim_event("T1", "Ev1") is False
    finally:
        reopened.close()


def test_prune_events_forgets_only_old_event_ids(store: Store, clock: FakeClock) -> None:
    store.claim_event("T1", "old")
    clock.advance(hours=2)
    store.claim_event("T1", "new")
    assert store.prune_events(clock.now - timedelta(hours=1)) == 1
    assert store.claim_event("T1", "old") is True
    assert store.claim_event("T1", "new") is False


def test_record_feedback_counts_one_vote_when_clicked_twice(store: Store) -> None:
    store.record_feedback("T1", "U1", "answer-1", helpful=True)
    store.record_feedback("T1", "U1", "answer-1", helpful=True)
    store.record_feedback("T1", "U2", "answer-1", helpful=False)
    assert store.feedback_counts("T1", "answer-1") == (1, 1)


def test_record_feedback_replaces_a_changed_vote(store: Store) -> None:
    store.record_feedback("T1", "U1", "answer-1", helpful=True)
    store.record_feedback("T1", "U1", "answer-1", helpful=False)
    assert store.feedback_counts("T1", "answer-1") == (0, 1)


def test_record_feedback_is_invisible_to_other_workspaces(store: Store) -> None:
    store.record_feedback("T1", "U1", "answer-1", helpful=True)
    assert store.feedback_counts("T2", "answer-1") == (0, 0)


def test_record_feedback_records_once_when_threads_race(store: Store) -> None:
    _race(8, lambda _i: store.record_feedback("T1", "U1", "answer-9", helpful=True))
    assert store.feedback_counts("T1", "answer-9") == (1, 0)


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([("U1", 0), ("U1", 0)], [True, False]),
        ([("U1", 0), ("U1", 1)], [True, True]),
        ([("U1", 0), ("U2", 0)], [True, True]),
    ],
)
def test_claim_nudge_allows_one_nudge_per_person_and_day(
    store: Store, claims: list[tuple[str, int]], expected: list[bool]
) -> None:
    day = date(2026, 11, 23)
    got = [store.claim_nudge("T1", user, day + timedelta(days=d)) is not None for user, d in claims]
    assert got == expected


def test_claim_nudge_gives_one_winner_when_replicas_race(store: Store) -> None:
    results = _race(12, lambda _i: store.claim_nudge("T1", "U1", date(2026, 11, 23)) is not None)
    assert results.count(True) == 1
