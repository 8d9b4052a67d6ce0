"""Modals that answer "Saving…" (or "Sharing…") in their ack and show the outcome once the
slow work is done: the one way that outcome replaces the view."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.failures import log_failure, user_message

logger = logging.getLogger(__name__)


def replace_modal(client: WebClient, view_id: str, view: dict[str, object], doing: str) -> None:
    """Replace the open modal `view_id` with `view`, best effort: the work is done and
    stored whatever Slack says, so a refusal is logged ("could not show how `doing` went"),
    never raised."""
    try:
        client.views_update(view_id=view_id, view=view)
    except SlackApiError as exc:
        logger.warning("could not show how %s went: %s", doing, exc.response.get("error"))


def show_outcome(
    client: WebClient,
    body: Mapping[str, Any],
    view_id: str,
    work: Callable[[], dict[str, object]],
    failed: Callable[[str], dict[str, object]],
    *,
    doing: str,
    where: str,
) -> None:
    """Do a submission's slow `work` and put the view it returns in place of the open modal;
    when it raises, log it (`where`) and show `failed(message)` instead. A modal submission
    has no response_url: the outcome view is the one place to say how it went."""
    try:
        view = work()
    except Exception as error:
        log_failure(error, body, where)
        view = failed(user_message(error, body))
    replace_modal(client, view_id, view, doing)
