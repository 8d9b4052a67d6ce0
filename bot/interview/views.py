"""What the engine hands to the Slack app and the terminal: plain objects, no rendering.

Contract (renderers rely on it)::

    QuestionView   the question to show: `id` (the step key to send back with the answer),
                   text, help, type, options (stable ids + labels), whether options are
                   numbered, "don't know" allowed, Back / Skip allowed, the current answer
                   when revisiting, an example, and `progress`
    Progress       number, total ("about"), section title, item, minutes left; `.label` is
                   "question 7 of about 49, Readiness checklist"
    Recorded       the answer just stored, as it reads back ("$12,000 a year")
    Asked          the next question to show (+ what was recorded, + a notice such as
                   "That question was already answered; here is the current one.")
    Invalid        the same question again with one sentence on what is expected + example
    Completed      every step is answered (the service then scores and returns Finished)

What to send back as the raw answer: the text typed, or for a button the option's `id`
("yes", "partly", "unknown" for "Don't know", "micro", …); for a multi choice the chosen
ids joined by commas ("obj1,obj2"; "none" for none of them). Typed text is parsed the
same way, so "kind of", "2", "$12k" or "end of Q2" work everywhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.interview.types import QuestionType


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionView(_View):
    """One option: `id` is what a button sends back, `label` what it shows."""

    id: str
    label: str


class Progress(_View):
    """Where the person is in the interview."""

    number: int
    total: int
    section: str
    item: str | None = None
    minutes_left: int

    @property
    def label(self) -> str:
        """ "question 7 of about 49, Readiness checklist" (+ the item, when in one)."""
        where = f"{self.section}: {self.item}" if self.item else self.section
        return f"question {self.number} of about {self.total}, {where}"


class QuestionView(_View):
    """The question to show (see the module docstring)."""

    id: str
    question_id: str
    type: QuestionType
    text: str
    help: str
    options: tuple[OptionView, ...] = ()
    numbered: bool = True
    scale: tuple[int, int] | None = None
    unit_hint: str | None = None
    required: bool
    unknown_allowed: bool
    unknown_label: str | None = None
    can_back: bool
    can_skip: bool
    example: str
    current_answer: str | None = None
    progress: Progress


class Recorded(_View):
    """An answer as stored, read back to the person."""

    question_id: str
    display: str


class Asked(_View):
    """Show this question next."""

    kind: Literal["question"] = "question"
    question: QuestionView
    recorded: Recorded | None = None
    notice: str | None = None


class Invalid(_View):
    """The answer was not understood: ask the same question again with this message."""

    kind: Literal["invalid"] = "invalid"
    question: QuestionView
    message: str
    example: str


class OpenInterview(_View):
    """A person's open interview as an edge needs to route to it: whether it is paused, and
    the message showing it (opaque channel id and ts, as the edge remembered them)."""

    paused: bool
    channel_id: str | None = None
    message_ts: str | None = None


class Completed(_View):
    """Every step is answered."""

    kind: Literal["completed"] = "completed"
    recorded: Recorded | None = None


Outcome = Asked | Invalid | Completed


class ReviewItem(_View):
    """One earlier answer as a re-assessment shows it: its section, the question, and how
    the answer reads."""

    section_id: str
    section: str
    question: str
    answer: str


class NewQuestions(_View):
    """Questions of one section a re-assessment asks whatever is ticked: the bank added
    them since the earlier interview, so there is no answer to keep."""

    section_id: str
    section: str
    count: int
