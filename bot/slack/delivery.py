"""Posting an answer in a thread exactly once, through Slack's failures.

Every page of an answer carries a marker in its message metadata (event type
`alignbot_answer`, the event id and the page number). A 5xx or a timeout is retried with
backoff, but only after the thread is read (`conversations.replies`) to see whether the
page landed anyway: a timed-out post often did. A rerun of the job (after a rate limit or
a restart) skips the pages already there. The person gets an apology only when the answer
is known not to have landed; when that cannot be told, it is logged instead. A 429 never
holds the worker: the job is deferred (`bot.slack.jobs.Attempt.defer`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.jobs import SlackBusyError, current_attempt, retry_after_seconds
from prompts.errors import AlignbotError

logger = logging.getLogger(__name__)

ANSWER_EVENT = "alignbot_answer"
# Waits before the 2nd and 3rd try of a page after a 5xx or a timeout: Slack's own
# incidents pass in seconds, and the worker is held meanwhile, so no longer than this.
RETRY_DELAYS = (0.5, 2.0)
RATE_LIMITED = 429


class AnswerNotSentError(AlignbotError):
    """Slack refused the answer's every try, and it is known not to be in the thread."""

    def __init__(self) -> None:
        super().__init__(
            "Sorry, Slack kept failing when I tried to post my answer here. Please ask again "
            "in a minute."
        )


def answer_marker(key: str, page: int) -> dict[str, Any]:
    """Return the metadata that marks page `page` of the answer to event `key`."""
    return {"event_type": ANSWER_EVENT, "event_payload": {"event_id": key, "page": page}}


def _is_marked(message: dict[str, Any], key: str, page: int) -> bool:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != ANSWER_EVENT:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and (payload.get("event_id"), payload.get("page")) == (
        key,
        page,
    )


def answer_landed(
    client: WebClient, channel: str, thread_ts: str, key: str, page: int
) -> bool | None:
    """Return whether page `page` of the answer to `key` is in the thread, or None when the
    thread cannot be read."""
    try:
        replies = client.conversations_replies(
            channel=channel, ts=thread_ts, include_all_metadata=True, limit=1000
        )
    except (SlackApiError, OSError) as exc:
        logger.warning(
            "could not read thread %s in %s to check an answer: %s", thread_ts, channel, exc
        )
        return None
    messages = replies.get("messages") or []
    return any(_is_marked(m, key, page) for m in messages if isinstance(m, dict))


def post_answer(
    client: WebClient,
    *,
    channel: str,
    thread_ts: str,
    pages: Sequence[list[dict[str, Any]]],
    text: str,
) -> None:
    """Post the answer's `pages` in the thread, each once, retrying what failed (see the
    module docstring). Outside durable work the pages carry no marker and are posted once."""
    attempt = current_attempt()
    for page, blocks in enumerate(pages):
        if attempt is None:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, blocks=blocks, text=text)
            continue
        if attempt.may_have_posted and answer_landed(client, channel, thread_ts, attempt.key, page):
            continue
        if not _post_page(
            client, channel, thread_ts, blocks, text=text, key=attempt.key, page=page
        ):
            return  # deferred: the job runs again after the rate limit


def _post_page(
    client: WebClient,
    channel: str,
    thread_ts: str,
    blocks: list[dict[str, Any]],
    *,
    text: str,
    key: str,
    page: int,
) -> bool:
    """Post one page; False when deferred by a rate limit."""
    landed: bool | None = False
    for delay in (*RETRY_DELAYS, None):
        try:
            client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                blocks=blocks,
                text=text,
                metadata=answer_marker(key, page),
            )
            return True
        except SlackApiError as exc:
            status = exc.response.status_code
            if status == RATE_LIMITED:
                return _defer(exc)
            if status < 500:
                raise
            logger.warning("chat.postMessage failed with HTTP %d; checking the thread", status)
        except OSError as exc:  # timeouts and dropped connections
            logger.warning("chat.postMessage failed (%s); checking the thread", type(exc).__name__)
        landed = answer_landed(client, channel, thread_ts, key, page)
        if landed:
            return True
        if delay is not None:
            time.sleep(delay)
    if landed is None:
        logger.error("gave up posting an answer that may or may not have landed (event %s)", key)
        return True
    raise AnswerNotSentError


def _defer(error: SlackApiError) -> bool:
    attempt = current_attempt()
    wait = retry_after_seconds(error.response.headers)
    if attempt is not None and attempt.defer(wait):
        return False
    raise SlackBusyError(attempt.waited if attempt else 0.0) from error
