"""The terminal chat: the same services as in Slack, one line in, one answer out.

Lines starting with "/" are commands, looked up in a table (`TerminalChat.commands`); other
helpers add theirs with `register` (the interview adds "/interview"). Anything else is a
question, except while the interview runs: then lines are its answers ("back", "skip",
"pause" included) and `/ask QUESTION` still asks a question. A short question or one that
points back ("what about it?") is asked with the previous question as context. Works
interactively and with piped stdin (no prompt, no banner); a problem with one line is
reported on that line and the chat goes on.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from bot.interview.conversation import LOCAL_TEAM, InterviewConversation, Said, local_user
from bot.interview.report import ReportService
from bot.interview.service import Finished, InterviewService, Paused
from bot.render.text import render_answer_text
from bot.render.text_interview import (
    render_finished_text,
    render_paused_text,
    render_question_text,
    render_reply_text,
    render_report,
)
from bot.services import Answers, Services
from prompts.errors import AlignbotError

log = logging.getLogger(__name__)

PROMPT = "you> "
BANNER = (
    "alignbot — ask how to align automation, AI and technology spending with your strategy.\n"
    "Type a question, /help for commands, /quit to leave."
)
SORRY = "Sorry, something went wrong answering that; please try again."
NO_DATABASE = "The interview and reports need a database, and this chat has none."
FULL_REPORT = "/report full"
_FOLLOW_UP = re.compile(
    r"\b(it|its|that|this|these|those|they|them|their|there|same|instead|else|also|too)\b|"
    r"^(?:(?:ok|okay|right|alright)\W+)*(and|but|so|what about|how about)\b",
    flags=re.IGNORECASE,
)
_SHORT_QUESTION_WORDS = 6

CommandHandler = Callable[["TerminalChat", str], bool]
"""Runs a command with the rest of its line; returns False to end the chat."""
LineHandler = Callable[["TerminalChat", str], bool]
"""Takes every line that is not a command while a mode (the interview) is on."""


@dataclass(frozen=True)
class Command:
    """A slash command: its handler and the one line /help shows for it."""

    handler: CommandHandler
    help: str


def is_follow_up(question: str) -> bool:
    """Return True for a question that leans on the previous one: short, or pointing back."""
    return len(question.split()) <= _SHORT_QUESTION_WORDS or bool(_FOLLOW_UP.search(question))


class TerminalChat:
    """A read-answer loop over text streams."""

    def __init__(
        self,
        knowledge: Answers,
        *,
        interview: InterviewService | None = None,
        reports: ReportService | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        interactive: bool | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.interview = interview
        self.reports = reports
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.interactive = self.stdin.isatty() if interactive is None else interactive
        self.previous_question: str | None = None
        self.conversation: InterviewConversation | None = None  # while the interview runs
        self.commands: dict[str, Command] = {}
        self.register("help", _help, "list the commands")
        self.register("new", _new_topic, "start a new topic (forget the previous question)")
        self.register("quit", _quit, "leave the chat (also /exit, Ctrl+D)")
        self.register("exit", _quit, "")
        self.register("interview", _interview_command, "start or resume the alignment interview")
        self.register(
            "report", _report_command, "your latest report's first screen (/report full: all)"
        )
        self.register("ask", _ask_command, "ask a question, also in the middle of the interview")
        self.line_handler: LineHandler | None = None

    @classmethod
    def of(cls, services: Services) -> TerminalChat:
        """Return the chat over every service of the process, on the real terminal."""
        return cls(services.knowledge, interview=services.interview, reports=services.reports)

    def register(self, name: str, handler: CommandHandler, help_text: str) -> None:
        """Add (or replace) the command `/name`."""
        self.commands[name.lower()] = Command(handler, help_text)

    def say(self, text: str) -> None:
        """Write a block of text followed by a blank line."""
        self.stdout.write(f"{text}\n\n")
        self.stdout.flush()

    def run(self) -> int:
        """Chat until /quit or the end of input; return the process exit code (0)."""
        if self.interactive:
            self.say(BANNER)
        while True:
            line = self._read_line()
            if line is None:
                return 0
            if not self.handle(line):
                return 0

    def handle(self, line: str) -> bool:
        """Handle one line (a command or a question); return False to end the chat."""
        text = line.strip()
        if not text:
            return True
        if text.startswith("/"):
            name, _, rest = text[1:].partition(" ")
            command = self.commands.get(name.lower())
            if command is None:
                self.say(f"Unknown command /{name}. Type /help for the list.")
                return True
            return command.handler(self, rest.strip())
        if self.line_handler is not None:
            return self.line_handler(self, text)
        bare = self.commands.get(text.lower())
        if bare is not None:  # "quit", "help" typed without the slash mean the command
            return bare.handler(self, "")
        self.answer(text)
        return True

    def answer(self, question: str) -> None:
        """Ask the knowledge base and print the answer with its sources."""
        context = self.previous_question if is_follow_up(question) else None
        try:
            answer = self.knowledge.ask(question, context=context)
        except AlignbotError as exc:
            self.say(str(exc))
            return
        except Exception:
            log.exception("answering a terminal question failed")
            self.say(SORRY)
            return
        self.previous_question = question if context is None else self.previous_question
        self.say(render_answer_text(answer))

    def _read_line(self) -> str | None:
        if self.interactive:
            self.stdout.write(PROMPT)
            self.stdout.flush()
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            self.stdout.write("\n")
            return None
        return line if line else None


def _help(chat: TerminalChat, _rest: str) -> bool:
    lines = [
        f"/{name:<10} {command.help}" for name, command in chat.commands.items() if command.help
    ]
    chat.say("Ask any question in your own words, or:\n" + "\n".join(lines))
    return True


def _new_topic(chat: TerminalChat, _rest: str) -> bool:
    chat.previous_question = None
    chat.say("New topic: ask away.")
    return True


def _quit(chat: TerminalChat, _rest: str) -> bool:
    if chat.interactive:
        chat.say("Bye.")
    return False


INTERVIEW_TIPS = (
    "Answer in your own words; back, skip, pause and help work too. "
    "/ask QUESTION asks a question meanwhile."
)


def _interview_command(chat: TerminalChat, rest: str) -> bool:
    if chat.interview is None:
        chat.say(NO_DATABASE)
        return True
    conversation = InterviewConversation(chat.interview, LOCAL_TEAM, local_user())
    reply = conversation.restart() if rest.lower() == "restart" else conversation.start()
    if isinstance(reply, Finished):  # pragma: no cover - start always asks
        return True
    chat.say(render_reply_text(reply) + "\n\n" + INTERVIEW_TIPS)
    chat.conversation = conversation
    chat.line_handler = lambda c, line: _interview_line(c, conversation, line)
    return True


def _end_interview(chat: TerminalChat) -> None:
    chat.conversation = None
    chat.line_handler = None


def _show_question_again(chat: TerminalChat) -> None:
    """After help or an /ask answer, the interview's question back in view."""
    conversation = chat.conversation
    if conversation is not None and conversation.shown is not None:
        chat.say(render_question_text(conversation.shown))


def _interview_line(chat: TerminalChat, conversation: InterviewConversation, line: str) -> bool:
    try:
        result = conversation.handle(line)
    except AlignbotError as exc:
        chat.say(str(exc))
        return True
    if isinstance(result, Said):
        chat.say(result.text)
        _show_question_again(chat)
    elif isinstance(result, Finished):
        _end_interview(chat)
        assert chat.reports is not None  # there with the interview
        report = chat.reports.report(result.evaluation)
        chat.say(render_finished_text(result, report, summary_of=FULL_REPORT))
    elif isinstance(result, Paused):
        _end_interview(chat)
        chat.say(render_paused_text(result, "/interview"))
    else:
        chat.say(render_reply_text(result))
    return True


def _report_command(chat: TerminalChat, rest: str) -> bool:
    """`/report`: the latest report's first screen; `/report full`: all of it."""
    if chat.reports is None:
        chat.say(NO_DATABASE)
        return True
    report = chat.reports.latest_report(LOCAL_TEAM, local_user())
    if report is None:
        chat.say("No report yet: run /interview first.")
    else:
        full = rest.strip().lower() == "full"
        chat.say(render_report(report, summary_of=None if full else FULL_REPORT))
    return True


def _ask_command(chat: TerminalChat, rest: str) -> bool:
    if not rest:
        chat.say("Type /ask followed by your question.")
    else:
        chat.answer(rest)
        _show_question_again(chat)
    return True
