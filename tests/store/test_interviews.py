from __future__ import annotations

import threading

import pytest

from bot.store import InterviewChange, NewEvaluation, Store, StoredAnswer


def _answer(key: str, value: object, raw: str = "") -> StoredAnswer:
    return StoredAnswer(key=key, state="answered", value=value, raw=raw or str(value))


def _evaluation(score: float) -> NewEvaluation:
    return NewEvaluation(
        rubric_version="r1",
        score=score,
        band="developing",
        maturity_level=2,
        confidence=0.8,
        assessment={"business": {}},
        evaluation={"score": score},
    )


def _start(store: Store, team: str = "T1", user: str = "U1") -> int:
    with store.interview_transaction(team, user) as tx:
        return tx.start("bank-1").id


def _write(store: Store, change: InterviewChange, team: str = "T1", user: str = "U1") -> None:
    with store.interview_transaction(team, user) as tx:
        record = tx.record
        assert record is not None
        tx.apply(change, expected_version=record.version)


def test_start_opens_one_interview_when_threads_race(store: Store) -> None:
    barrier = threading.Barrier(8)
    ids: list[int] = []

    def run() -> None:
        barrier.wait()
        ids.append(_start(store))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1


def test_apply_replaces_an_answer_given_again_instead_of_adding_one(store: Store) -> None:
    _start(store)
    _write(
        store,
        InterviewChange(
            status="active", revisit=None, current_key="b", answers=(_answer("a", "yes"),)
        ),
    )
    _write(
        store,
        InterviewChange(
            status="active", revisit=None, current_key="b", answers=(_answer("a", "no"),)
        ),
    )
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert {k: a.value for k, a in record.answers.items()} == {"a": "no"}
    assert record.version == 2
    assert record.current_key == "b"


def test_apply_keeps_json_values_as_given(store: Store) -> None:
    _start(store)
    values = {
        "m": 12000.0,
        "l": ["crm", "email"],
        "u": {"value": 20.0, "unit": "%"},
        "d": "2027-06-30",
    }
    answers = (
        *(_answer(k, v) for k, v in values.items()),
        StoredAnswer(key="x", state="unknown", raw="idk"),
    )
    _write(store, InterviewChange(status="paused", revisit="m", current_key="m", answers=answers))
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert record.status == "paused"
    assert {k: a.value for k, a in record.answers.items()} == values | {"x": None}
    assert record.answers["x"].state == "unknown"


def test_apply_with_a_stale_version_writes_nothing(store: Store) -> None:
    _start(store)
    with store.interview_transaction("T1", "U1") as tx, pytest.raises(RuntimeError):
        tx.apply(
            InterviewChange(
                status="active", revisit=None, current_key=None, answers=(_answer("a", 1),)
            ),
            expected_version=41,
        )
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert record.answers == {}


def test_finishing_stores_the_evaluation_and_closes_the_interview(store: Store) -> None:
    interview_id = _start(store)
    _write(
        store,
        InterviewChange(
            status="finished", revisit=None, current_key=None, evaluation=_evaluation(62.0)
        ),
    )
    assert store.open_interview("T1", "U1") is None
    latest = store.latest_evaluation("T1", "U1")
    assert latest is not None
    assert (latest.interview_id, latest.score, latest.rubric_version) == (interview_id, 62.0, "r1")
    assert store.get_evaluation("T1", latest.id) == latest
    finished = store.latest_interview("T1", "U1")
    assert finished is not None
    assert (finished.status, finished.rubric_version) == ("finished", "r1")
    assert finished.finished_at is not None


def test_interviews_and_reports_of_another_workspace_are_invisible(store: Store) -> None:
    _start(store, team="T1")
    _write(
        store,
        InterviewChange(
            status="finished", revisit=None, current_key=None, evaluation=_evaluation(50.0)
        ),
        team="T1",
    )
    latest = store.latest_evaluation("T1", "U1")
    assert latest is not None
    assert store.latest_evaluation("T2", "U1") is None
    assert store.get_evaluation("T2", latest.id) is None
    assert store.latest_interview("T2", "U1") is None
    assert store.list_evaluations("T2", "U1") == []


def test_abandon_keeps_the_answers_and_lets_a_new_interview_start(store: Store) -> None:
    first = _start(store)
    _write(
        store,
        InterviewChange(
            status="active", revisit=None, current_key=None, answers=(_answer("a", "yes"),)
        ),
    )
    with store.interview_transaction("T1", "U1") as tx:
        tx.abandon()
        second = tx.start("bank-1")
    assert second.id != first
    assert second.answers == {}
    latest = store.latest_interview("T1", "U1")
    assert latest is not None
    assert latest.id == second.id


def test_set_message_ref_remembers_where_slack_shows_the_interview(store: Store) -> None:
    _start(store)
    with store.interview_transaction("T1", "U1") as tx:
        tx.set_message_ref("D123", "1700000000.000100")
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert (record.channel_id, record.message_ts) == ("D123", "1700000000.000100")
