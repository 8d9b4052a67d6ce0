"""The persisted interview, on SQLite and on PostgreSQL (the `store` fixture's backends)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from bot.interview import Finished, InterviewService, Paused, QuestionBank
from bot.interview.errors import NoInterviewError
from bot.interview.views import Asked, Invalid
from bot.store import Store
from tests.interview.conftest import RecordingScorer
from tests.interview.script import BUSY_OWNER, TODAY


def _answer_all(service: InterviewService, team: str, user: str, limit: int | None = None) -> Any:
    reply: Any = service.start_or_resume(team, user)
    count = 0
    while isinstance(reply, Asked) and (limit is None or count < limit):
        question = reply.question
        reply = service.answer(team, user, question.id, BUSY_OWNER[question.question_id])
        count += 1
    return reply


def _race(workers: int, action: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def _answer_rows(store: Store, team: str | None = None) -> int:
    query = "SELECT count(*) FROM interview_answers" + (" WHERE team_id = :team" if team else "")
    with store.engine.connect() as connection:
        return int(connection.execute(text(query), {"team": team}).scalar_one())


def test_every_answer_is_committed_before_the_next_question_is_shown(
    service: InterviewService, database_url: str
) -> None:
    reply: Any = service.start_or_resume("T1", "U1")
    other = Store.open(database_url)  # a second process's view of the same database
    try:
        for _ in range(12):
            question = reply.question
            reply = service.answer("T1", "U1", question.id, BUSY_OWNER[question.question_id])
            stored = other.open_interview("T1", "U1")
            assert stored is not None
            assert question.id in stored.answers
            assert stored.current_key == reply.question.id
    finally:
        other.close()


def test_resume_in_a_new_process_continues_at_the_same_question(
    service: InterviewService, database_url: str, bank: QuestionBank, scorer: RecordingScorer
) -> None:
    before = _answer_all(service, "T1", "U1", limit=20)
    reopened = Store.open(database_url)
    try:
        again = InterviewService(reopened, bank, scorer=scorer, today=lambda: TODAY)
        resumed = again.start_or_resume("T1", "U1")
        assert isinstance(resumed, Asked)
        assert resumed.question.id == before.question.id
        assert resumed.question.progress.number == 21
    finally:
        reopened.close()


def test_double_click_from_two_threads_records_one_answer(
    service: InterviewService, store: Store
) -> None:
    first = service.start_or_resume("T1", "U1")
    assert isinstance(first, Asked)
    replies = _race(2, lambda _i: service.answer("T1", "U1", "business.name", "Crumb & Co"))
    assert [r.question.id for r in replies] == ["business.industry", "business.industry"]
    assert sorted(r.notice is None for r in replies) == [True, True]
    assert _answer_rows(store) == 1


def test_two_different_answers_at_once_keep_the_first_and_tell_the_second(
    service: InterviewService, store: Store
) -> None:
    _answer_all(service, "T1", "U1", limit=11)
    replies = _race(
        2, lambda i: service.answer("T1", "U1", "checklist.clear_strategy", ["yes", "no"][i])
    )
    notices = sorted(str(r.notice) for r in replies)
    assert notices == ["None", "That question was already answered; here is the current one."]
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert record.answers["checklist.clear_strategy"].value in ("yes", "no")
    assert _answer_rows(store) == 12


def test_fifty_concurrent_users_lose_nothing(service: InterviewService, store: Store) -> None:
    steps = 10
    _race(50, lambda i: _answer_all(service, "T1", f"U{i}", limit=steps))
    assert _answer_rows(store, "T1") == 50 * steps
    for i in range(50):
        record = store.open_interview("T1", f"U{i}")
        assert record is not None
        assert len(record.answers) == steps
        assert record.answers["business.name"].raw == "Crumb & Co"


def test_finishing_scores_once_and_stores_the_report(
    service: InterviewService, store: Store, scorer: RecordingScorer
) -> None:
    finished = _answer_all(service, "T1", "U1")
    assert isinstance(finished, Finished)
    assert finished.recorded is not None
    assert len(scorer.seen) == 1
    assert scorer.seen[0].initiatives[0].name == "Online ordering"
    report = service.latest_evaluation("T1", "U1")
    assert report is not None
    assert report.id == finished.evaluation.id
    assert report.assessment["business"]["currency"] == "EUR"
    assert service.current("T1", "U1") is None


def test_a_late_click_after_finishing_shows_the_same_report(
    service: InterviewService, scorer: RecordingScorer
) -> None:
    finished = _answer_all(service, "T1", "U1")
    late = service.answer("T1", "U1", "metrics.opt_in", "no")
    assert isinstance(late, Finished)
    assert late.evaluation.id == finished.evaluation.id
    assert len(scorer.seen) == 1


def test_double_click_on_the_last_answer_scores_once(
    service: InterviewService, store: Store, scorer: RecordingScorer
) -> None:
    reply: Any = service.start_or_resume("T1", "U1")
    while reply.question.question_id != "metrics.opt_in":
        reply = service.answer(
            "T1", "U1", reply.question.id, BUSY_OWNER[reply.question.question_id]
        )
    replies = _race(2, lambda _i: service.answer("T1", "U1", "metrics.opt_in", "no"))
    assert all(isinstance(r, Finished) for r in replies)
    assert len({r.evaluation.id for r in replies}) == 1
    assert len(store.list_evaluations("T1", "U1")) == 1
    assert len(scorer.seen) == 1


def test_pause_keeps_everything_and_start_resumes(service: InterviewService) -> None:
    before = _answer_all(service, "T1", "U1", limit=5)
    paused = service.pause("T1", "U1")
    assert isinstance(paused, Paused)
    assert paused.question.id == before.question.id
    assert "answers are saved" in paused.notice
    resumed = service.start_or_resume("T1", "U1")
    assert isinstance(resumed, Asked)
    assert resumed.question.id == before.question.id


def test_restart_begins_again_and_keeps_the_old_answers_stored(
    service: InterviewService, store: Store
) -> None:
    _answer_all(service, "T1", "U1", limit=5)
    fresh = service.restart("T1", "U1")
    assert isinstance(fresh, Asked)
    assert fresh.question.id == "business.name"
    assert _answer_rows(store) == 5


def test_add_another_after_finishing_rescores_and_keeps_the_old_report(
    service: InterviewService, store: Store, scorer: RecordingScorer
) -> None:
    first = _answer_all(service, "T1", "U1")
    reply: Any = service.add_another("T1", "U1", "initiative")
    assert reply.question.id == "initiative.name#2"
    second = _answer_all(service, "T1", "U1")
    assert isinstance(second, Finished)
    assert second.evaluation.id != first.evaluation.id
    assert [len(a.initiatives) for a in scorer.seen] == [1, 2]
    assert len(store.list_evaluations("T1", "U1")) == 2


def test_interviews_of_two_workspaces_never_mix(service: InterviewService) -> None:
    _answer_all(service, "T1", "U1", limit=5)
    other = service.start_or_resume("T2", "U1")
    assert isinstance(other, Asked)
    assert other.question.id == "business.name"
    assert service.latest_evaluation("T2", "U1") is None


@pytest.mark.parametrize(
    "operation",
    [
        lambda s: s.answer("T1", "U1", "business.name", "x"),
        lambda s: s.skip("T1", "U1", "business.name"),
        lambda s: s.back("T1", "U1"),
        lambda s: s.pause("T1", "U1"),
        lambda s: s.add_another("T1", "U1"),
    ],
    ids=["answer", "skip", "back", "pause", "add-another"],
)
def test_operations_without_an_interview_say_so_in_one_sentence(
    service: InterviewService, operation: Callable[[InterviewService], Any]
) -> None:
    with pytest.raises(NoInterviewError):
        operation(service)


def test_bad_answer_through_the_service_keeps_every_answer(
    service: InterviewService, store: Store
) -> None:
    before = _answer_all(service, "T1", "U1", limit=7)
    reply = service.answer("T1", "U1", before.question.id, "x" * 10_240)
    assert isinstance(reply, Invalid)
    assert "10,240 characters" in reply.message
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert len(record.answers) == 7


def test_message_ref_is_kept_with_the_interview(service: InterviewService, store: Store) -> None:
    service.start_or_resume("T1", "U1")
    service.set_message_ref("T1", "U1", "D0123", "1700000000.000200")
    record = store.open_interview("T1", "U1")
    assert record is not None
    assert (record.channel_id, record.message_ts) == ("D0123", "1700000000.000200")


def _answer_in_process(url: str, step_id: str, raw: str) -> str:
    """Answer one question from a separate process (a second bot replica)."""
    from bot.interview import load_bank
    from bot.interview.service import InterviewService, Scored

    store = Store.open(url)
    try:

        def scorer(_assessment: object) -> Scored:  # pragma: no cover - never reached here
            raise AssertionError("not finished")

        service = InterviewService(store, load_bank(), scorer=scorer, today=lambda: TODAY)
        reply = service.answer("T1", "U1", step_id, raw)
        return reply.question.id  # type: ignore[union-attr]
    finally:
        store.close()


def test_double_click_from_two_processes_records_one_answer(
    service: InterviewService, store: Store, database_url: str
) -> None:
    service.start_or_resume("T1", "U1")
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        shown = pool.starmap(
            _answer_in_process, [(database_url, "business.name", "Crumb & Co")] * 2
        )
    assert shown == ["business.industry", "business.industry"]
    assert _answer_rows(store) == 1
