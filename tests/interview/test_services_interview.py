"""The interview through the advisor (what Slack calls) and inside `alignbot chat`, with the
real knowledge base citing each finding."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bot.advisor import Advisor
from bot.interview import Finished, InterviewService, InterviewStateError, QuestionBank
from bot.interview.conversation import LOCAL_TEAM, local_user
from bot.interview.scoring import rubric_scorer
from bot.interview.views import Asked, Invalid
from bot.store import Store
from bot.store.database import resolve_url
from bot.terminal import TerminalChat
from knowledge.base import KnowledgeBase
from tests.interview.script import BUSY_OWNER, TODAY


@pytest.fixture
def advisor(knowledge_base: KnowledgeBase, bank: QuestionBank, tmp_path: Path) -> Any:
    store = Store.open(resolve_url(None, tmp_path / "db"))
    service = InterviewService(store, bank, scorer=rubric_scorer(), today=lambda: TODAY)
    yield Advisor(knowledge_base, service)
    store.close()


def _finish(advisor: Advisor, team: str = "T1", user: str = "U1") -> Finished:
    reply: Any = advisor.start_interview(team, user)
    while isinstance(reply, Asked):
        question = reply.question
        reply = advisor.answer_interview(team, user, question.id, BUSY_OWNER[question.question_id])
    assert isinstance(reply, Finished)
    return reply


def test_advisor_runs_the_interview_to_a_cited_report(advisor: Advisor) -> None:
    finished = _finish(advisor)
    report = advisor.report(finished.evaluation)
    assert report.evaluation.business == "Crumb & Co"
    assert report.citations.keys() == {f.id for f in report.evaluation.findings}
    cited = [c for c in report.citations.values() if c is not None]
    assert cited
    assert all(c.text and c.title and c.section for c in cited)
    latest = advisor.latest_report("T1", "U1")
    assert latest is not None
    assert latest.evaluation_id == finished.evaluation.id


def test_advisor_rejects_an_old_button_and_survives_a_double_click(advisor: Advisor) -> None:
    first = advisor.start_interview("T1", "U1")
    assert isinstance(first, Asked)
    moved = advisor.answer_interview("T1", "U1", first.question.id, "Crumb & Co")
    again = advisor.answer_interview("T1", "U1", first.question.id, "Crumb & Co")
    old = advisor.answer_interview("T1", "U1", first.question.id, "Another name")
    assert isinstance(moved, Asked)
    assert isinstance(again, Asked)
    assert isinstance(old, Asked)
    assert again.question.id == moved.question.id == old.question.id
    assert again.notice is None
    assert old.notice == "That question was already answered; here is the current one."


def test_advisor_interview_operations_keep_their_contract(advisor: Advisor) -> None:
    assert advisor.interview_question("T1", "U1") is None
    advisor.start_interview("T1", "U1")
    advisor.set_interview_message("T1", "U1", "D1", "1700000000.000100")
    skipped = advisor.skip_interview_question("T1", "U1", "business.name")
    assert isinstance(skipped, Asked)
    assert skipped.question.id == "business.industry"
    back = advisor.interview_back("T1", "U1")
    assert isinstance(back, Asked)
    assert back.question.id == "business.name"
    paused = advisor.pause_interview("T1", "U1")
    assert paused.question.id == "business.name"
    current = advisor.interview_question("T1", "U1")
    assert isinstance(current, Asked)
    assert advisor.restart_interview("T1", "U1").question.id == "business.name"  # type: ignore[union-attr]
    bad = advisor.answer_interview("T1", "U1", "business.name", "")
    assert isinstance(bad, Invalid)


def test_add_initiative_after_the_report_reopens_the_interview(advisor: Advisor) -> None:
    _finish(advisor)
    reply = advisor.add_initiative("T1", "U1")
    assert isinstance(reply, Asked)
    assert reply.question.id == "initiative.name#2"


def test_advisor_without_a_database_says_so(knowledge_base: KnowledgeBase) -> None:
    with pytest.raises(InterviewStateError, match="not available"):
        Advisor(knowledge_base).start_interview("T1", "U1")


def _chat(advisor: Advisor, lines: list[str]) -> str:
    out = io.StringIO()
    chat = TerminalChat(
        advisor, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, interactive=False
    )
    assert chat.run() == 0
    return out.getvalue()


def test_chat_runs_the_interview_and_prints_the_report_with_passages(advisor: Advisor) -> None:
    output = _chat(advisor, ["/interview", *BUSY_OWNER.values()])
    assert "[question 1 of about 51, Your business" in output
    assert "✓ 2 to 9" in output
    assert "Interview complete. Here is your report." in output
    assert "Alignment report: Crumb & Co" in output
    assert "Next 30 days" in output or "30 days" in output
    assert "“" in output  # a cited corpus passage under a finding
    assert advisor.latest_report(LOCAL_TEAM, local_user()) is not None


def test_chat_still_answers_questions_during_the_interview(advisor: Advisor) -> None:
    output = _chat(
        advisor, ["/interview", "Crumb & Co", "/ask what makes an objective SMART?", "back"]
    )
    assert "specific, measurable" in output.lower()
    assert output.rstrip().endswith("Current answer: Crumb & Co (skip keeps it)")


def test_chat_pause_leaves_the_interview_and_resume_continues(advisor: Advisor) -> None:
    output = _chat(advisor, ["/interview", "Crumb & Co", "pause", "/interview"])
    assert "Paused. Your answers are saved" in output
    assert output.count("[question 2 of about") == 2


def test_chat_report_before_any_interview_says_how_to_get_one(advisor: Advisor) -> None:
    assert "No report yet: run /interview first." in _chat(advisor, ["/report"])
