"""`/align interview [restart | reassess]`: start or resume the interview in the person's DM,
and say where it is with a link; `restart` asks before starting over; `reassess` offers to
start again from the latest answers."""

from __future__ import annotations

from bot.interview.errors import InterviewStateError
from bot.listeners.commands.request import SubcommandRequest
from bot.render.question import (
    RESTART_CONFIRM_TEXT,
    build_restart_confirm_blocks,
    location_text,
)
from bot.slack.failures import INTERVIEW_NOT_AVAILABLE
from bot.slack.interview_chat import (
    InterviewChat,
    current_question,
    reassessment_card,
    slack_text,
    start_in_dm,
)

INTERVIEW_USAGE = (
    "`/align interview` starts your alignment interview, or picks it up where you left off; "
    "`/align interview restart` starts it over from the first question; "
    "`/align interview reassess` starts again from your latest answers, asking only what "
    "changed."
)
START_WORDS = ("", "start", "resume", "continue")
RESTART_WORDS = ("restart", "start over", "over", "again")
REASSESS_WORDS = ("reassess", "re-assess", "reassessment", "re-assessment")


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def interview_usage_problem(argument: str) -> str | None:
    """Return the usage when `/align interview ARGUMENT` is not understood, else None;
    checked in the ack, without I/O."""
    known = START_WORDS + RESTART_WORDS + REASSESS_WORDS
    return None if _words(argument) in known else INTERVIEW_USAGE


def start_from_command(chat: InterviewChat, request: SubcommandRequest) -> None:
    """Start or resume the interview in the DM and say where it is, with a link, in the
    channel the command was typed in (nothing to say when it was typed in the DM)."""
    started = start_in_dm(chat)
    if started.message is None or started.message.channel != request.command.channel_id:
        request.say(location_text(started.question, started.permalink))


def confirm_restart(chat: InterviewChat, request: SubcommandRequest) -> None:
    """With answers at stake, ask before starting over ("Start over" / "Keep going"); with
    no open interview there is nothing to lose, so just start."""
    current = current_question(chat)
    if current is None:
        start_from_command(chat, request)
        return
    request.say(RESTART_CONFIRM_TEXT, build_restart_confirm_blocks(current.question))


def offer_reassessment(chat: InterviewChat, request: SubcommandRequest) -> None:
    """Show the latest answers by section with a tick box each and "Re-assess", only to the
    person (or say there is nothing to start from)."""
    request.say(*reassessment_card(chat))


def run_interview(request: SubcommandRequest) -> None:
    """Run `/align interview [restart]` after its ack."""
    argument = request.command.argument
    chat = InterviewChat.of(request.deps, request.client, request.actor)
    if chat is None:
        request.say(INTERVIEW_NOT_AVAILABLE)
        return
    try:
        if _words(argument) in RESTART_WORDS:
            confirm_restart(chat, request)
        elif _words(argument) in REASSESS_WORDS:
            offer_reassessment(chat, request)
        else:
            start_from_command(chat, request)
    except InterviewStateError as exc:
        request.say(slack_text(exc))
