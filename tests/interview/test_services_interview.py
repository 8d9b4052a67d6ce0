"""The interview through the services (what Slack calls) and inside `alignbot chat`, with
the real knowledge base citing each finding."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bot.interview import Finished, InterviewService, QuestionBank
from bot.interview.conversation import LOCAL_TEAM, local_user
from bot.interview.report import ReportService
from bot.interview.scoring import rubric_scorer
from bot.interview.views import Asked, Invalid
from bot.services import Services, services_over
from bot.store import Store
from bot.store.database import resolve_url
from bot.terminal import NO_DATABASE, TerminalChat
from knowledge.base import KnowledgeBase
from tests.interview.script import BUSY_OWNER, TODAY


@pytest.fixture
def services(knowledge_base: KnowledgeBase, bank: QuestionBank, tmp_path: Path) -> Any:
    store = Store.open(resolve_url(None, tmp_path / "db"))
    service = InterviewService(store, bank, scorer=rubric_scorer(), today=lambda: TODAY)
    yield services_over(knowledge_base, service)
    store.close()


@pytest.fixture
def interview(services: Services) -> InterviewService:
    assert services.interview is not None
    return services.interview


@pytest.fixture
def reports(services: Services) -> ReportService:
    assert services.reports is not None
    return services.reports


def _finish(interview: InterviewService, team: str = "T1", user: str = "U1") -> Finished:
    reply: Any = interview.start_or_resume(team, user)
    while isinstance(reply, Asked):
        question = reply.question
        reply = interview.answer(team, user, question.id, BUSY_OWNER[question.question_id])
    assert isinstance(reply, Finished)
    return reply


def test_services_run_the_interview_to_a_cited_report(
    interview: InterviewService, reports: ReportService
) -> None:
    finished = _finish(interview)
    report = reports.report(finished.evaluation)
    assert report.evaluation.business == "Crumb & Co"
    assert report.citations.keys() == {f.id for f in report.evaluation.findings}
    cited = [c for c in report.citations.values() if c is not None]
    assert cited
    assert all(c.text and c.title and c.section for c in cited)
    latest = reports.latest_report("T1", "U1")
    assert latest is not None
    assert latest.evaluation_id == finished.evaluation.id


def test_interview_rejects_an_old_button_and_survives_a_double_click(
    interview: InterviewService,
) -> None:
    first = interview.start_or_resume("T1", "U1")
    assert isinstance(first, Asked)
    moved = interview.answer("T1", "U1", first.question.id, "Crumb & Co")
    again = interview.answer("T1", "U1", first.question.id, "Crumb & Co")
    old = interview.answer("T1", "U1", first.question.id, "Another name")
    assert isinstance(moved, Asked)
    assert isinstance(again, Asked)
    assert isinstance(old, Asked)
    assert again.question.id == moved.question.id == old.question.id
    assert again.notice is None
    assert old.notice == "That question was already answered; here is the current one."


def test_interview_operations_keep_their_contract(interview: InterviewService) -> None:
    assert interview.current("T1", "U1") is None
    interview.start_or_resume("T1", "U1")
    interview.set_message_ref("T1", "U1", "D1", "1700000000.000100")
    skipped = interview.skip("T1", "U1", "business.name")
    assert isinstance(skipped, Asked)
    assert skipped.question.id == "business.industry"
    back = interview.back("T1", "U1")
    assert isinstance(back, Asked)
    assert back.question.id == "business.name"
    paused = interview.pause("T1", "U1")
    assert paused.question.id == "business.name"
    current = interview.current("T1", "U1")
    assert isinstance(current, Asked)
    assert interview.restart("T1", "U1").question.id == "business.name"  # type: ignore[union-attr]
    bad = interview.answer("T1", "U1", "business.name", "")
    assert isinstance(bad, Invalid)


def test_add_initiative_after_the_report_reopens_the_interview(
    interview: InterviewService,
) -> None:
    _finish(interview)
    reply = interview.add_another("T1", "U1")
    assert isinstance(reply, Asked)
    assert reply.question.id == "initiative.name#2"


def test_services_without_a_database_offer_only_questions(knowledge_base: KnowledgeBase) -> None:
    services = services_over(knowledge_base, None)
    assert (services.store, services.interview, services.reports, services.kpis) == (
        None,
        None,
        None,
        None,
    )


def test_chat_without_a_database_says_the_interview_is_not_available(
    knowledge_base: KnowledgeBase,
) -> None:
    out = io.StringIO()
    chat = TerminalChat(knowledge_base, stdin=io.StringIO("/interview\n"), stdout=out)
    assert chat.run() == 0
    assert NO_DATABASE in out.getvalue()


def _chat(services: Services, lines: list[str]) -> str:
    out = io.StringIO()
    chat = TerminalChat(
        services.knowledge,
        interview=services.interview,
        reports=services.reports,
        stdin=io.StringIO("\n".join(lines) + "\n"),
        stdout=out,
        interactive=False,
    )
    assert chat.run() == 0
    return out.getvalue()


def test_chat_runs_the_interview_and_prints_the_report_with_passages(services: Services) -> None:
    output = _chat(services, ["/interview", *BUSY_OWNER.values()])
    assert "[question 1 of about 52, Your business" in output
    assert "✓ 2 to 9" in output
    assert "Interview complete. Here is your report." in output
    assert "Alignment report: Crumb & Co" in output
    assert "Next 30 days" in output or "30 days" in output
    assert output.rstrip().endswith("/report full")  # the first screen, then how to see all
    assert services.reports is not None
    assert services.reports.latest_report(LOCAL_TEAM, local_user()) is not None


def test_chat_still_answers_questions_during_the_interview(services: Services) -> None:
    output = _chat(
        services, ["/interview", "Crumb & Co", "/ask what makes an objective SMART?", "back"]
    )
    assert "specific, measurable" in output.lower()
    assert output.rstrip().endswith("Current answer: Crumb & Co (skip keeps it)")


def test_chat_shows_the_current_question_again_after_an_ask(services: Services) -> None:
    output = _chat(services, ["/interview", "Crumb & Co", "/ask what makes an objective SMART?"])
    after_answer = output.lower().split("specific, measurable", 1)[1]
    assert "[question 2 of about" in after_answer


def test_chat_pause_leaves_the_interview_and_resume_continues(services: Services) -> None:
    output = _chat(services, ["/interview", "Crumb & Co", "pause", "/interview"])
    assert "Paused. Your answers are saved" in output
    assert "To carry on, run `/interview`: it resumes at question 2" in output
    assert output.count("[question 2 of about") == 2


def test_chat_report_shows_the_first_screen_and_report_full_all_of_it(
    services: Services,
) -> None:
    output = _chat(services, ["/interview", *BUSY_OWNER.values(), "/report", "/report full"])
    # the interview, then its end, `/report` and `/report full`: one report each
    _, finished, first, whole = output.split("Alignment report: Crumb & Co")
    for screen in (finished, first):
        assert "“" not in screen
        assert screen.rstrip().endswith("/report full")
    assert "“" in whole  # a cited corpus passage under a finding
    assert "Why " in whole


def test_chat_report_before_any_interview_says_how_to_get_one(services: Services) -> None:
    assert "No report yet: run /interview first." in _chat(services, ["/report"])
