"""The buttons under an answer: helpful / not helpful (recorded, thanked ephemerally) and
"Share in channel" on an ephemeral `/align ask` answer (posted for everyone to see)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.listeners.deps import SlackDeps
from bot.listeners.failures import guarded
from bot.render.answer import (
    HELPFUL,
    NOT_HELPFUL,
    SHARE,
    answer_fallback_text,
    build_shared_answer_blocks,
    decode_answer_ref,
)
from bot.render.blocks import paginate

logger = logging.getLogger(__name__)

THANKS = {
    True: "Thanks! Glad that helped.",
    False: "Thanks for telling me. It helps improve my answers; rephrasing the question "
    "sometimes finds a better passage.",
}
ANSWER_REF_LENGTH = 200
NOTHING_TO_SHARE = "That answer can no longer be shared; ask again with `/align ask`."


def acknowledge(ack: Ack) -> None:
    """Acknowledge a click at once; the work happens in the lazy listener."""
    ack()


@dataclass(frozen=True)
class Feedback:
    """A click on an answer's helpful / not helpful button."""

    team_id: str
    user_id: str
    question: str
    helpful: bool

    @property
    def answer_ref(self) -> str:
        """The answer's identity in the feedback log: its question, normalised, so votes on
        the same question add up across channels and repeats."""
        return " ".join(self.question.lower().split())[:ANSWER_REF_LENGTH]


def feedback_from(body: dict[str, Any]) -> Feedback | None:
    """Return the feedback a helpful / not helpful click gives, or None for a foreign body."""
    clicked = (body.get("actions") or [{}])[0]
    team = body.get("team") or {}
    user = body.get("user") or {}
    if not isinstance(clicked, dict) or clicked.get("action_id") not in (HELPFUL, NOT_HELPFUL):
        return None
    return Feedback(
        team_id=str(team.get("id") or user.get("team_id") or ""),
        user_id=str(user.get("id") or ""),
        question=decode_answer_ref(str(clicked.get("value", ""))),
        helpful=clicked["action_id"] == HELPFUL,
    )


def register(app: App, deps: SlackDeps) -> None:
    """Register the answer buttons."""

    def record_feedback(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        feedback = feedback_from(body)
        if feedback is None:
            return
        if deps.feedback is not None:
            deps.feedback.record_feedback(
                feedback.team_id, feedback.user_id, feedback.answer_ref, feedback.helpful
            )
        else:
            logger.info("feedback not stored (no store configured): helpful=%s", feedback.helpful)
        respond(response_type="ephemeral", replace_original=False, text=THANKS[feedback.helpful])

    def share_answer(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        clicked = (body.get("actions") or [{}])[0]
        question = decode_answer_ref(str(clicked.get("value", "")))
        if not question:
            respond(response_type="ephemeral", replace_original=False, text=NOTHING_TO_SHARE)
            return
        answer = deps.advisor.ask(question)
        user = str((body.get("user") or {}).get("id", ""))
        blocks = build_shared_answer_blocks(answer, question=question, user_id=user)
        respond(delete_original=True)
        text = answer_fallback_text(answer)
        for page in paginate(blocks):
            respond(response_type="in_channel", replace_original=False, text=text, blocks=page)

    app.action(HELPFUL)(ack=acknowledge, lazy=[guarded(record_feedback)])
    app.action(NOT_HELPFUL)(ack=acknowledge, lazy=[guarded(record_feedback)])
    app.action(SHARE)(ack=acknowledge, lazy=[guarded(share_answer)])
