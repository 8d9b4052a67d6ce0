"""The interview as a typed conversation: each line is either a command ("back", "skip",
"pause", "restart", "add another initiative", "help") or the answer to the question shown.

Used by the terminal (`alignbot interview`, `/interview` in `alignbot chat`) and usable for
free-text answers typed in a Slack thread. It only interprets text and calls the interview
operations; printing is the caller's business (`bot.render.text_interview`).
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.interview.errors import InterviewStateError
from bot.interview.service import Finished, Interviews, Paused
from bot.interview.views import Asked, Invalid, QuestionView

Reply = Asked | Invalid | Finished
Command = Literal["answer", "back", "skip", "pause", "restart", "add", "help"]

HELP = (
    "Answer in your own words (e.g. “$12k”, “kind of”, “end of Q2”, “idk”), or type a "
    "number to pick an option.\n"
    "  back      go back one question (your answer is kept until you change it)\n"
    "  skip      skip an optional question (or keep the answer when you went back)\n"
    "  pause     stop here; everything is saved, pick up later\n"
    "  restart   start again from the first question\n"
    "  add another initiative   check one more initiative (also after the report)"
)
LOCAL_TEAM = "local"  # the terminal's "workspace"; Slack team ids never look like this
RESTART_CONFIRM = (
    "Type “restart” again to start over from the first question "
    "(your current answers stay stored but will not be used)."
)

_COMMANDS: dict[str, Command] = {
    "back": "back",
    "go back": "back",
    "previous": "back",
    "skip": "skip",
    "next": "skip",
    "pause": "pause",
    "stop": "pause",
    "later": "pause",
    "restart": "restart",
    "start over": "restart",
    "help": "help",
    "commands": "help",
}
_ADD = re.compile(r"^(?:add|new|one more|another)\b.*\b(initiative|objective)s?\b", re.IGNORECASE)


AfterReport = Literal["report", "add another initiative", "reassess", "restart"]
_AFTER_REPORT: dict[str, AfterReport] = {
    "1": "report",
    "report": "report",
    "see the report": "report",
    "the report": "report",
    "2": "add another initiative",
    "3": "reassess",
    "re-assess": "reassess",
    "start a re-assessment": "reassess",
    "re-assessment": "reassess",
    "reassessment": "reassess",
    "reassess": "reassess",
    "4": "restart",
    "restart": "restart",
    "start again": "restart",
    "start over": "restart",
}


def interpret_after_report(line: str) -> AfterReport | None:
    """Return what a line typed at the finished interview's menu asks for (see the report,
    add another initiative, start a re-assessment); None for anything else (quit)."""
    plain = line.strip().lower().rstrip(".!")
    if plain in _AFTER_REPORT:
        return _AFTER_REPORT[plain]
    if _ADD.match(plain):
        return "add another initiative"
    return None


def parse_changed_sections(
    line: str, sections: Sequence[tuple[str, str]]
) -> tuple[str, ...] | None:
    """Return the ids of the sections a typed line names by number ("2 4", "2, 4"; empty or
    "none": nothing changed), or None when a number is not a section's."""
    words = re.split(r"[\s,;]+", line.strip().lower())
    numbers = [w for w in words if w and w not in ("none", "nothing", "no", "and")]
    if not all(w.isdigit() and 1 <= int(w) <= len(sections) for w in numbers):
        return None
    return tuple(dict.fromkeys(sections[int(w) - 1][0] for w in numbers))


@dataclass(frozen=True)
class Said:
    """A reply that is only text (help, a confirmation request)."""

    text: str


def local_user() -> str:
    """The person at this terminal: their login name ("me" where there is none)."""
    try:
        return getpass.getuser() or "me"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "me"


def interpret(line: str) -> tuple[Command, str]:
    """Return what a typed line means: a command (and its argument) or an answer."""
    plain = line.strip().lower().rstrip(".!")
    if plain in _COMMANDS:
        return _COMMANDS[plain], ""
    if match := _ADD.match(plain):
        return "add", match[1]
    return "answer", line.strip()


class InterviewConversation:
    """One person's interview over typed lines; remembers the question shown last so an
    answer always names the step it answers."""

    def __init__(self, ops: Interviews, team_id: str, user_id: str) -> None:
        self.ops = ops
        self.team_id = team_id
        self.user_id = user_id
        self.shown: QuestionView | None = None
        self._restart_pending = False

    def start(self) -> Reply:
        """Open or resume the interview and return the question to show."""
        return self._remember(self.ops.start_or_resume(self.team_id, self.user_id))

    def restart(self) -> Reply:
        """Start the interview again from the first question (no confirmation asked)."""
        return self._remember(self.ops.restart(self.team_id, self.user_id))

    def reassess(self, changed: Sequence[str]) -> Reply:
        """Start a re-assessment from the latest answers, the `changed` sections asked again."""
        return self._remember(self.ops.reassess(self.team_id, self.user_id, changed))

    def handle(self, line: str) -> Reply | Paused | Said:
        """Act on one typed line and return what to show."""
        command, argument = interpret(line)
        confirming = self._restart_pending and command == "restart"
        self._restart_pending = False
        if command == "restart" and not confirming:
            self._restart_pending = True
            return Said(RESTART_CONFIRM)
        if command == "help":
            return Said(HELP)
        if command == "pause":
            return self.ops.pause(self.team_id, self.user_id)
        return self._remember(self._operate(command, argument))

    def _operate(self, command: Command, argument: str) -> Reply:
        team, user = self.team_id, self.user_id
        if command == "restart":
            return self.ops.restart(team, user)
        if command == "add":
            return self.ops.add_another(team, user, argument)
        if command == "back":
            return self.ops.back(team, user)
        shown = self.shown or self._current()
        if command == "skip":
            return self.ops.skip(team, user, shown.id)
        return self.ops.answer(team, user, shown.id, argument)

    def _current(self) -> QuestionView:
        reply = self.start()
        if isinstance(reply, Finished):  # pragma: no cover - start opens a new interview
            raise InterviewStateError("This interview is finished.")
        return reply.question

    def _remember(self, reply: Reply) -> Reply:
        self.shown = None if isinstance(reply, Finished) else reply.question
        return reply
