"""Typed lines in the interview: commands or answers (terminal, and free text in Slack)."""

from __future__ import annotations

import pytest

from bot.interview import InterviewService, Paused
from bot.interview.conversation import (
    HELP,
    RESTART_CONFIRM,
    InterviewConversation,
    Said,
    interpret,
)
from bot.interview.views import Asked, Invalid
from tests.interview.script import BUSY_OWNER


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("back", ("back", "")),
        ("Back.", ("back", "")),
        ("skip", ("skip", "")),
        ("pause", ("pause", "")),
        ("restart", ("restart", "")),
        ("help", ("help", "")),
        ("add another initiative", ("add", "initiative")),
        ("Add one more objective!", ("add", "objective")),
        ("yes", ("answer", "yes")),
        ("back office software", ("answer", "back office software")),
        ("  $12k ", ("answer", "$12k")),
    ],
)
def test_interpret_tells_commands_from_answers(line: str, expected: tuple[str, str]) -> None:
    assert interpret(line) == expected


def _conversation(service: InterviewService) -> InterviewConversation:
    conversation = InterviewConversation(service, "T1", "U1")
    conversation.start()
    return conversation


def test_lines_answer_the_question_shown(service: InterviewService) -> None:
    conversation = _conversation(service)
    reply = conversation.handle("Crumb & Co")
    assert isinstance(reply, Asked)
    assert reply.recorded is not None
    assert reply.recorded.display == "Crumb & Co"
    assert conversation.shown is not None
    assert conversation.shown.id == "business.industry"


def test_restart_asks_for_confirmation_first(service: InterviewService) -> None:
    conversation = _conversation(service)
    conversation.handle("Crumb & Co")
    assert conversation.handle("restart") == Said(RESTART_CONFIRM)
    assert isinstance(conversation.handle("Bakery"), Asked)  # anything else cancels it
    assert conversation.handle("restart") == Said(RESTART_CONFIRM)
    again = conversation.handle("restart")
    assert isinstance(again, Asked)
    assert again.question.id == "business.name"


def test_pause_back_skip_and_help_work_by_name(service: InterviewService) -> None:
    conversation = _conversation(service)
    conversation.handle("Crumb & Co")
    back = conversation.handle("back")
    assert isinstance(back, Asked)
    assert back.question.id == "business.name"
    skipped = conversation.handle("skip")
    assert isinstance(skipped, Asked)
    assert skipped.question.id == "business.industry"
    assert conversation.handle("help") == Said(HELP)
    assert isinstance(conversation.handle("pause"), Paused)


def test_a_refused_line_shows_the_same_question(service: InterviewService) -> None:
    conversation = _conversation(service)
    conversation.handle("Crumb & Co")
    conversation.handle("Bakery")
    reply = conversation.handle("a handful of us")
    assert isinstance(reply, Invalid)
    assert reply.question.id == "business.size"


def test_add_another_initiative_by_typing_it(service: InterviewService) -> None:
    conversation = _conversation(service)
    reply = conversation.handle(BUSY_OWNER["business.name"])
    while isinstance(reply, Asked):
        reply = conversation.handle(BUSY_OWNER[reply.question.question_id])
    added = conversation.handle("add another initiative")
    assert isinstance(added, Asked)
    assert added.question.id == "initiative.name#2"
