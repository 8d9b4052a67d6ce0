"""Answers typed to the bot in its DM during the interview.

The rule, said on every question message: while an interview is open and not paused, what
the person writes at the top level of the DM is the answer to the current question, and so
is a reply in the question message's thread (paused or not: answering resumes). "back",
"skip", "pause", "restart", "help" and "add another initiative" are commands there, as in
the terminal. A message starting with "ask" is a question for the advisor, and so is every
other DM: replies in other threads (follow-ups of earlier answers), messages while paused
(except "resume"), and everything when no interview is open.

An answer typed at the top level brings the next question to the bottom of the DM (the old
message becomes "question → answer"); one typed in the question's thread updates that
message in place and gets a short reply in the thread.
"""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient

from bot.interview.conversation import interpret
from bot.interview.errors import InterviewStateError, NoInterviewError
from bot.interview.service import Finished, Paused, Submitted
from bot.interview.views import Asked, Invalid, QuestionView
from bot.render.question import (
    FINISHED_TEXT,
    INTERVIEW_HELP,
    RESTART_CONFIRM_TEXT,
    build_restart_confirm_blocks,
    thread_reply_text,
)
from bot.slack.deps import SlackDeps
from bot.slack.interview_chat import (
    ALREADY_FINISHED,
    PULSE_DONE,
    InterviewChat,
    Shown,
    current_question,
    slack_text,
)
from bot.slack.payloads import Actor, MessageRef, plain_text_from_slack
from bot.team.pulse import load_pulse_template
from prompts.errors import AlignbotError

logger = logging.getLogger(__name__)

_ASK = re.compile(r"^ask\b[\s:,-]*(?P<question>\S.*)$", re.IGNORECASE | re.DOTALL)
RESUME_WORDS = ("resume", "continue", "go on", "unpause")


def take_direct_message(
    client: WebClient,
    deps: SlackDeps,
    *,
    actor: Actor,
    channel_id: str,
    thread_ts: str | None,
    text: str,
) -> str | None:
    """Handle a DM that belongs to the interview (see the module docstring) and return
    None; otherwise return the question to ask the advisor: the text as it came (Slack
    markup), without a leading "ask"."""
    asked = _ASK.match(text.strip())
    question = asked["question"] if asked is not None else text
    if asked is not None:
        return question
    try:
        chat = InterviewChat.for_message(deps, client, actor, thread_ts, dm=channel_id, typed=True)
    except AlignbotError as exc:
        logger.info("DM taken as a question: the interview is unavailable (%s)", exc)
        return question
    if chat is None:
        return question
    return None if _take(chat, plain_text_from_slack(text), thread_ts) else question


def _take(chat: InterviewChat, line: str, thread_ts: str | None) -> bool:
    """Act on `line` when it belongs to the interview; False when it is a question."""
    try:
        place = chat.interview.find_open(chat.team_id, chat.user_id)
    except AlignbotError as exc:
        # No interview here (no database) or the store is down: a question still gets its
        # answer.
        logger.info("DM taken as a question: the interview is unavailable (%s)", exc)
        return False
    command, argument = interpret(line)
    if place is None:
        return command == "add" and thread_ts is None and _add(chat)
    if thread_ts is not None and thread_ts != place.message_ts:
        return False
    live = chat.live()
    if thread_ts is None and place.paused:
        if " ".join(line.lower().split()) not in RESUME_WORDS:
            return False
        chat.show(chat.interview.start_or_resume(chat.team_id, chat.user_id), at=live, bottom=True)
        return True
    TypedLine(chat, live, thread_ts).handle(command, argument)
    return True


def _add(chat: InterviewChat) -> bool:
    """Add another initiative to a finished interview; False when there is none."""
    try:
        reply = chat.interview.add_another(chat.team_id, chat.user_id)
    except InterviewStateError:
        return False
    chat.show(reply, at=None, bottom=True)
    return True


class TypedLine:
    """One line typed in the interview's DM (top level) or in its question's thread."""

    def __init__(self, chat: InterviewChat, live: MessageRef | None, thread_ts: str | None) -> None:
        self.chat = chat
        self.live = live
        self.thread_ts = thread_ts

    def handle(self, command: str, argument: str) -> None:
        """Act on the line: a command, or the answer to the current question."""
        chat = self.chat
        current = current_question(chat)
        if command == "help":
            chat.post(None, INTERVIEW_HELP, thread_ts=self.thread_ts)
            if self.thread_ts is None and current is not None:
                chat.show(Asked(question=current.question), at=self.live, bottom=True)
            return
        if command == "restart":
            blocks = build_restart_confirm_blocks(current.question if current else None)
            chat.post(blocks, RESTART_CONFIRM_TEXT, thread_ts=self.thread_ts)
            return
        try:
            reply = self._operate(command, argument, current)
        except InterviewStateError as exc:
            chat.post(None, slack_text(exc), thread_ts=self.thread_ts)
            return
        answered = current.question if current else None
        if self.thread_ts is None:
            chat.show(reply, at=self.live, bottom=True, answered=answered)
            return
        chat.show(reply, at=self.live, quiet=True)
        chat.post(None, thread_reply(reply), thread_ts=self.thread_ts)

    def _operate(self, command: str, argument: str, current: Asked | Invalid | None) -> Shown:
        interview, team, user = self.chat.interview, self.chat.team_id, self.chat.user_id
        if command == "pause":
            return interview.pause(team, user)
        if command == "back":
            return interview.back(team, user)
        if command == "add":
            return interview.add_another(team, user)
        if current is None:
            raise NoInterviewError()
        if command == "skip":
            return interview.skip(team, user, current.question.id)
        return interview.answer(team, user, current.question.id, argument)


def thread_reply(reply: Shown) -> str:
    """Return the reply in the question's thread to a line typed there."""
    if isinstance(reply, Finished):
        return FINISHED_TEXT if reply.recorded else ALREADY_FINISHED
    if isinstance(reply, Submitted):
        return load_pulse_template().thanks if reply.recorded else PULSE_DONE
    if isinstance(reply, Paused):
        return reply.notice
    if isinstance(reply, Invalid):
        return thread_reply_text(None, problem=reply.message, example=reply.example)
    recorded = reply.recorded.display if reply.recorded else None
    next_question: QuestionView = reply.question
    return thread_reply_text(next_question, recorded=recorded, notice=reply.notice)
