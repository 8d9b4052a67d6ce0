"""What a user sees when something fails, the guards that make sure they see it, and the
guard that keeps a retried event from being answered twice.

Bolt logs an exception raised in a lazy listener as one line and tells nobody. Every lazy
listener here is wrapped by `guarded`, and the app's global error handler is `handle_error`:
both log the error with the request's ids (never a token, never the user's text) and answer
the user where they asked (the thread, or ephemerally through the response_url).
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.webhook import WebhookClient

from bot.slack.payloads import Actor
from bot.slack.redaction import request_ids
from prompts.errors import AlignbotError

if TYPE_CHECKING:
    from bot.slack.deps import EventLedger

logger = logging.getLogger(__name__)

GENERIC_FAILURE = (
    "Sorry, something went wrong on my side and I could not finish that. Please try again in "
    "a minute; if it keeps happening, tell whoever runs alignbot and quote reference `{ref}`."
)

INTERVIEW_NOT_AVAILABLE = (
    "The interview is not available on this bot: it has no database to keep your answers. "
    "Ask whoever runs alignbot to set one up."
)
REPORTS_NOT_AVAILABLE = (
    "Reports are not available on this bot: it has no database to keep them. Ask whoever "
    "runs alignbot to set one up."
)
KPIS_NOT_AVAILABLE = (
    "KPI tracking is not available on this bot: it has no database to keep KPIs. Ask whoever "
    "runs alignbot to set one up."
)

Listener = Callable[..., None]


def find_reference(body: Mapping[str, Any]) -> str:
    """Return the id a user can quote to find their failed request in the logs."""
    for key in ("event_id", "trigger_id"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return "unknown"


def user_message(error: BaseException, body: Mapping[str, Any]) -> str:
    """Return what to tell the user about `error`: an `AlignbotError`'s own user-safe
    sentence, otherwise a generic apology with a reference; never the exception's text."""
    if isinstance(error, AlignbotError):
        return str(error)
    return GENERIC_FAILURE.format(ref=find_reference(body))


def log_failure(error: BaseException, body: Mapping[str, Any], where: str) -> None:
    """Log `error` with the request's ids: a user error as one line, a bug with its trace."""
    ids = request_ids(body)
    if isinstance(error, AlignbotError):
        logger.info("%s: told the user %s (%s)", where, type(error).__name__, ids)
    else:
        logger.error("%s failed (%s)", where, ids, exc_info=error)


def tell_user(client: WebClient | None, body: Mapping[str, Any], text: str) -> None:
    """Send `text` to whoever made the request, where they made it: in the thread of the
    message for events, ephemerally through the response_url for commands and clicks."""
    event = body.get("event")
    try:
        if isinstance(event, Mapping) and isinstance(event.get("channel"), str):
            if client is None:
                return
            thread = event.get("thread_ts") or event.get("ts")
            client.chat_postMessage(channel=event["channel"], thread_ts=thread, text=text)
            return
        response_url = body.get("response_url")
        if isinstance(response_url, str) and response_url:
            WebhookClient(response_url).send(
                text=text, response_type="ephemeral", replace_original=False
            )
    except (SlackApiError, SlackRequestError, OSError) as exc:
        logger.warning("could not tell the user about a failure (%s): %s", request_ids(body), exc)


def report_failure(
    error: BaseException, body: Mapping[str, Any], client: WebClient | None, where: str
) -> None:
    """Log `error` and tell the user about it; never raises."""
    log_failure(error, body, where)
    tell_user(client, body, user_message(error, body))


def guarded(func: Listener) -> Listener:
    """Return `func` (a lazy listener taking `body` and `client`) wrapped so that any error
    is logged with the request's ids and turned into a friendly message for the user."""
    params = inspect.signature(func).parameters
    if "body" not in params or "client" not in params:
        raise TypeError(f"{func.__name__} must take `body` and `client` to be guarded")

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except Exception as error:
            report_failure(error, kwargs.get("body", {}), kwargs.get("client"), func.__name__)

    return run


def guarded_anywhere(func: Listener) -> Listener:
    """Return the click listener `func` (taking `body` and `client`) guarded like
    `guarded`, for buttons that may sit on the Home tab: a click there has no response_url,
    so a failure is told in the person's DM with the bot instead."""
    safe = guarded(func)

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        body: Mapping[str, Any] = kwargs.get("body") or {}
        if body.get("response_url"):
            safe(*args, **kwargs)
            return
        try:
            func(*args, **kwargs)
        except Exception as error:
            log_failure(error, body, func.__name__)
            client: WebClient | None = kwargs.get("client")
            user_id = Actor.of(body).user_id
            if client is None or not user_id:
                return
            try:
                client.chat_postMessage(channel=user_id, text=user_message(error, body))
            except SlackApiError as exc:
                logger.warning(
                    "could not tell a user about a failure: %s", exc.response.get("error")
                )

    return run


def first_delivery(ledger: EventLedger | None, body: Mapping[str, Any]) -> bool:
    """Return True unless `body` is an Events API delivery already claimed in `ledger` (Slack
    retries an event it thinks was not acknowledged; replicas may each receive it)."""
    if ledger is None or body.get("type") != "event_callback":
        return True
    try:
        first = ledger.claim_event(str(body.get("team_id", "")), str(body.get("event_id", "")))
    except Exception:
        # Better to answer twice than never while the store is unreachable.
        logger.exception("could not claim an event (%s); processing it", request_ids(body))
        return True
    if not first:
        logger.info("skipped a repeated delivery (%s)", request_ids(body))
    return first


def once_per_event(ledger: EventLedger | None, func: Listener) -> Listener:
    """Return the event lazy listener `func` (taking `body`) run only for the first delivery
    of each event id. Claiming here, after the ack, keeps the database off the ack's path."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        if first_delivery(ledger, kwargs.get("body", {})):
            func(*args, **kwargs)

    return run


def handle_error(error: Exception, body: dict[str, Any], client: WebClient) -> BoltResponse:
    """Bolt's global error handler (errors before or during an ack): tell the user, and
    answer Slack with a 200 so it neither retries the event nor shows "dispatch_failed"."""
    log_failure(error, body, "acknowledging a Slack request")
    text = user_message(error, body)
    if "command" in body:
        # A slash command's ack body is shown to the user as an ephemeral message.
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    # The ack path runs on the HTTP server's event loop: tell the user from another thread.
    threading.Thread(target=tell_user, args=(client, body, text), daemon=True).start()
    return BoltResponse(status=200, body="")
