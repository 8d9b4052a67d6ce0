"""Re-assessment: starting again from the latest finished interview's answers, section by
section: nothing changed is one call (scored at once, a new evaluation); a changed section
is asked again and everything else kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.interview import Finished, InterviewService
from bot.interview.bank import DEFAULT_BANK, QuestionBank, load_bank
from bot.interview.errors import NoInterviewError
from bot.interview.views import Asked
from bot.render.review import new_questions_text
from bot.render.text_interview import render_review_text
from bot.store import Store
from tests.interview.conftest import RecordingScorer
from tests.interview.script import BUSY_OWNER, TODAY

TEAM = "T0REASSESS"


def _finish(service: InterviewService, user: str) -> Finished:
    reply: Any = service.start_or_resume(TEAM, user)
    while isinstance(reply, Asked):
        reply = service.answer(
            TEAM, user, reply.question.id, BUSY_OWNER[reply.question.question_id]
        )
    assert isinstance(reply, Finished)
    return reply


def test_review_lists_the_latest_answers_by_section(service: InterviewService) -> None:
    _finish(service, "U1")
    review = service.review(TEAM, "U1")
    assert review is not None
    ids = [section_id for section_id, _title in review.sections]
    assert ids[:3] == ["business", "objectives", "checklist"]
    assert all(item.answer for item in review.items)


def test_review_before_any_finished_interview_is_none(service: InterviewService) -> None:
    assert service.review(TEAM, "U2") is None


def test_reassess_with_nothing_changed_is_scored_at_once_as_a_new_evaluation(
    service: InterviewService, store: Store, scorer: RecordingScorer
) -> None:
    first = _finish(service, "U3")
    again = service.reassess(TEAM, "U3", ())
    assert isinstance(again, Finished)
    assert again.evaluation.id != first.evaluation.id
    assert scorer.seen[-1] == scorer.seen[-2]  # the same assessment, scored again
    assert len(store.list_evaluations(TEAM, "U3")) == 2


def test_reassess_asks_a_changed_section_again_and_keeps_the_rest(
    service: InterviewService, scorer: RecordingScorer
) -> None:
    _finish(service, "U4")
    reply: Any = service.reassess(TEAM, "U4", ["checklist"])
    assert isinstance(reply, Asked)
    assert reply.question.question_id.startswith("checklist.")
    asked = []
    while isinstance(reply, Asked):
        asked.append(reply.question.question_id)
        reply = service.answer(TEAM, "U4", reply.question.id, "yes")
    assert isinstance(reply, Finished)
    assert all(q.startswith("checklist.") for q in asked)
    before, after = scorer.seen[-2], scorer.seen[-1]
    assert after.business == before.business
    assert after.initiatives == before.initiatives
    assert after.checklist.kpi_measurement == "yes"


def test_reassess_before_any_finished_interview_says_there_is_none(
    service: InterviewService,
) -> None:
    with pytest.raises(NoInterviewError):
        service.reassess(TEAM, "U5", ())


def test_reassess_sets_an_open_interview_aside(service: InterviewService) -> None:
    _finish(service, "U6")
    service.restart(TEAM, "U6")  # a new interview, open at question 1
    again = service.reassess(TEAM, "U6", ())
    assert isinstance(again, Finished)
    assert service.find_open(TEAM, "U6") is None


def test_reassess_progress_counts_only_the_questions_it_asks(service: InterviewService) -> None:
    _finish(service, "U7")
    reply: Any = service.reassess(TEAM, "U7", ["checklist"])
    shown = []
    while isinstance(reply, Asked):
        shown.append((reply.question.progress.number, reply.question.progress.total))
        reply = service.answer(TEAM, "U7", reply.question.id, "yes")
    assert isinstance(reply, Finished)
    asked = len(shown)
    assert shown == [(n, asked) for n in range(1, asked + 1)]


@pytest.fixture
def older_bank(tmp_path: Path) -> QuestionBank:
    """The shipped bank as it was before `data.ethics` was added to "Data and ethics"."""
    text = DEFAULT_BANK.read_text(encoding="utf-8")
    start = text.index("      - id: data.ethics")
    end = text.index("      - id: data.review")
    older = tmp_path / "interview.yaml"
    older.write_text(text[:start] + text[end:], encoding="utf-8")
    return load_bank(older)


def test_a_question_new_in_an_unticked_section_is_announced_and_asked(
    store: Store, bank: QuestionBank, older_bank: QuestionBank, scorer: RecordingScorer
) -> None:
    _finish(InterviewService(store, older_bank, scorer=scorer, today=lambda: TODAY), "U8")
    service = InterviewService(store, bank, scorer=scorer, today=lambda: TODAY)
    review = service.review(TEAM, "U8")
    assert review is not None
    [new] = review.new_questions
    assert (new.section_id, new.count) == ("data", 1)
    assert new_questions_text(review) == (
        "Since your last assessment: 1 new question in Data and ethics. "
        "They are asked whatever you tick."
    )
    terminal = " ".join(render_review_text(review).split())
    assert "1 new question in Data and ethics. They are asked whatever you tick." in terminal
    reply: Any = service.reassess(TEAM, "U8", ())
    assert isinstance(reply, Asked)
    assert reply.question.question_id == "data.ethics"
    assert (reply.question.progress.number, reply.question.progress.total) == (1, 1)
    assert isinstance(service.answer(TEAM, "U8", reply.question.id, "yes"), Finished)


def test_review_of_an_interview_on_the_current_bank_announces_nothing_new(
    service: InterviewService,
) -> None:
    _finish(service, "U9")
    review = service.review(TEAM, "U9")
    assert review is not None
    assert review.new_questions == ()
    assert new_questions_text(review) is None
