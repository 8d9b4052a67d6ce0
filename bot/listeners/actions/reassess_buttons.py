"""The re-assessment's start (`/align interview reassess`): ticking a section changes nothing
until "Re-assess", which starts the new interview from the latest answers, asking the ticked
sections again, and shows it in the DM (or, with nothing ticked, the new report). The
scheduler's offer ("It's been 3 months…") has its own "Re-assess", which turns the offer
into that same start."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.interview.errors import InterviewStateError
from bot.interview.service import Finished
from bot.render.review import REASSESS, REASSESS_OFFER, REVIEW_PICK
from bot.slack.deps import SlackDeps
from bot.slack.failures import INTERVIEW_NOT_AVAILABLE, guarded
from bot.slack.interview_chat import InterviewChat, reassessment_card, slack_text
from bot.slack.payloads import BlockAction, acknowledge

REASSESSED = "Nothing changed, so your answers were scored again: the new report is in {where}."
STARTED = "Re-assessment started: the first question of what changed is waiting in {where}."


def reassess(deps: SlackDeps) -> Any:
    """Return the lazy listener of "Re-assess": start from the latest answers with the
    ticked sections asked again, and replace the card with where to find it."""

    def start(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        action = BlockAction.of(body)
        chat = InterviewChat.of(deps, client, action.actor)
        if chat is None:
            respond(response_type="ephemeral", replace_original=False, text=INTERVIEW_NOT_AVAILABLE)
            return
        try:
            old = chat.live()
            reply = chat.interview.reassess(chat.team_id, chat.user_id, action.ticked(REVIEW_PICK))
        except InterviewStateError as exc:
            chat.notify(slack_text(exc), respond)
            return
        live = chat.show(reply, at=old, bottom=True, respond=respond)
        link = chat.permalink(live) if live else None
        where = f"<{link}|our direct messages>" if link else "our direct messages"
        done = REASSESSED if isinstance(reply, Finished) else STARTED
        respond(replace_original=True, text=done.format(where=where))

    return start


def open_card(deps: SlackDeps) -> Any:
    """Return the lazy listener of the offer's "Re-assess": the offer becomes the
    re-assessment's start, as `/align interview reassess` shows it."""

    def show(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        chat = InterviewChat.of(deps, client, BlockAction.of(body).actor)
        if chat is None:
            respond(response_type="ephemeral", replace_original=False, text=INTERVIEW_NOT_AVAILABLE)
            return
        text, blocks = reassessment_card(chat)
        respond(replace_original=True, text=text, blocks=blocks)

    return show


def register(app: App, deps: SlackDeps) -> None:
    """Register the re-assessment card's tick boxes and button, and the offer's button."""
    # Ticking a box changes nothing until "Re-assess": Slack keeps the ticks in the message.
    app.action(REVIEW_PICK)(acknowledge)
    app.action(REASSESS)(ack=acknowledge, lazy=[guarded(reassess(deps))])
    app.action(REASSESS_OFFER)(ack=acknowledge, lazy=[guarded(open_card(deps))])
