"""The buttons under an answer: helpful / not helpful (recorded, thanked ephemerally) and
"Share in channel" on an ephemeral `/align ask` answer (posted for everyone to see)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.render.answer import (
    HELPFUL,
    NOT_HELPFUL,
    SHARE,
    answer_fallback_text,
    build_shared_answer_blocks,
    decode_answer_ref,
)
from bot.render.blocks import paginate
from bot.slack.deps import SlackDeps
from bot.slack.failures import guarded
from bot.slack.payloads import BlockAction, acknowledge

logger = logging.getLogger(__name__)

THANKS = {
    True: "Thanks! Glad that helped.",
    False: "Thanks for telling me. It helps improve my answers; rephrasing the question "
    "sometimes finds a better passage.",
}
ANSWER_REF_LENGTH = 200
NOTHING_TO_SHARE = "That answer can no longer be shared; ask again with `/align ask`."


def feedback_ref(question: str) -> str:
    """Return an answer's identity in the feedback log: its question, normalised, so votes
    on the same question add up across channels and repeats."""
    return " ".join(question.lower().split())[:ANSWER_REF_LENGTH]


def register(app: App, deps: SlackDeps) -> None:
    """Register the answer buttons."""

    def record_feedback(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = BlockAction.of(body)
        helpful = click.action_id == HELPFUL
        if deps.feedback is not None:
            question = decode_answer_ref(click.value or "")
            deps.feedback.record_feedback(
                click.actor.team_id, click.actor.user_id, feedback_ref(question), helpful
            )
        else:
            logger.info("feedback not stored (no store configured): helpful=%s", helpful)
        respond(response_type="ephemeral", replace_original=False, text=THANKS[helpful])

    def share_answer(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = BlockAction.of(body)
        question = decode_answer_ref(click.value or "")
        if not question:
            respond(response_type="ephemeral", replace_original=False, text=NOTHING_TO_SHARE)
            return
        answer = deps.knowledge.ask(question)
        blocks = build_shared_answer_blocks(answer, question=question, user_id=click.actor.user_id)
        respond(delete_original=True)
        text = answer_fallback_text(answer)
        for page in paginate(blocks):
            respond(response_type="in_channel", replace_original=False, text=text, blocks=page)

    app.action(HELPFUL)(ack=acknowledge, lazy=[guarded(record_feedback)])
    app.action(NOT_HELPFUL)(ack=acknowledge, lazy=[guarded(record_feedback)])
    app.action(SHARE)(ack=acknowledge, lazy=[guarded(share_answer)])
