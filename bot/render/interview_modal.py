"""The modal that answers one interview question in words or figures: numbers, money,
percentages, durations, dates, text and lists (whatever buttons and menus cannot hold).

Its `private_metadata` (`ModalState`) names the workspace, the person, the step it answers
and the question message it came from, so a submission is understood on its own, by any
replica, even after a restart. A refused answer is shown under the field with
`response_action: errors` (`answer_errors`), the modal staying open on the same question.
Pure: no I/O, no client.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.interview.parsing.text import MAX_ANSWER_CHARS
from bot.interview.views import QuestionView
from bot.render.blocks import (
    Block,
    context,
    encode_private_metadata,
    escape_mrkdwn,
    modal_button,
    modal_title,
    plain_text,
    section,
    slack_safe,
    trim,
)
from bot.render.question import progress_line

CALLBACK_ID = "interview_answer_modal"
INPUT_BLOCK = "interview_answer_input"
INPUT_ACTION = "answer"
MAX_PLACEHOLDER = 150
MAX_HINT = 2000
MAX_ERROR = 500
MULTILINE_TYPES = ("text", "list")


class ModalState(BaseModel):
    """What a submitted answer modal carries back: who answers which step, and the question
    message to update afterwards (None when it was not known)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    team_id: str
    user_id: str
    step_id: str
    channel_id: str | None = None
    message_ts: str | None = None

    def encode(self) -> str:
        """Return the state as a view's private_metadata (compact JSON)."""
        return encode_private_metadata(self.model_dump())

    @classmethod
    def decode(cls, metadata: str | None) -> ModalState | None:
        """Return the state a view's private_metadata holds, or None when it is not ours."""
        try:
            return cls.model_validate(json.loads(metadata or ""))
        except (json.JSONDecodeError, ValidationError):
            return None


def _hint(question: QuestionView) -> str:
    parts: list[str] = []
    if question.unit_hint:
        parts.append(f"Amount {question.unit_hint}.")
    if question.scale is not None:
        low, high = question.scale
        parts.append(f"A whole number from {low} to {high}.")
    if question.type == "list":
        parts.append("Separate items with commas or new lines.")
    if question.unknown_allowed:
        label = question.unknown_label or "don't know"
        parts.append(f"Not sure? Type “{label}”.")
    return " ".join(parts)


def build_answer_modal(question: QuestionView, state: ModalState) -> dict[str, Any]:
    """Return the modal answering `question`: progress, the question, why we ask, the
    current answer when revisiting, and one text field with an example as placeholder."""
    blocks: list[Block] = [
        context([progress_line(question)]),
        section(f"*{escape_mrkdwn(question.text)}*"),
        context([f"_Why we ask:_ {escape_mrkdwn(question.help)}"]),
    ]
    if question.current_answer is not None:
        blocks.append(context([f"Current answer: *{escape_mrkdwn(question.current_answer)}*"]))
    element: Block = {
        "type": "plain_text_input",
        "action_id": INPUT_ACTION,
        "multiline": question.type in MULTILINE_TYPES,
        "max_length": MAX_ANSWER_CHARS,
        "focus_on_load": True,
        "placeholder": plain_text(f"e.g. {question.example}", MAX_PLACEHOLDER),
    }
    field: Block = {
        "type": "input",
        "block_id": INPUT_BLOCK,
        "label": plain_text("Your answer", MAX_HINT),
        "element": element,
    }
    hint = _hint(question)
    if hint:
        field["hint"] = plain_text(hint, MAX_HINT)
    blocks.append(field)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": modal_title("Your answer"),
        "submit": modal_button("Save answer"),
        "close": modal_button("Cancel"),
        "private_metadata": state.encode(),
        "blocks": blocks,
    }


def answer_errors(message: str, example: str | None = None) -> dict[str, str]:
    """Return the `errors` of a `response_action: errors` ack: the refusal under the field,
    with an example of an answer that works."""
    text = f"{message} For example: {example}" if example else message
    return {INPUT_BLOCK: trim(slack_safe(text), MAX_ERROR)}
