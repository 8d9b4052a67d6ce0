"""Modals that answer "Saving…" (or "Sharing…") in their ack and show the outcome once the
slow work is done: the one way that outcome replaces the view."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


def replace_modal(client: WebClient, view_id: str, view: dict[str, object], doing: str) -> None:
    """Replace the open modal `view_id` with `view`, best effort: the work is done and
    stored whatever Slack says, so a refusal is logged ("could not show how `doing` went"),
    never raised."""
    try:
        client.views_update(view_id=view_id, view=view)
    except SlackApiError as exc:
        logger.warning("could not show how %s went: %s", doing, exc.response.get("error"))
