"""What an operator sees at `GET /metrics` (Prometheus' text format): every metric alignbot
exports, and the one function that records each, so that the names and labels live in one
place and the code that records stays a single call.

The metrics sit in prometheus-client's default registry, next to its process and Python
collectors (memory, CPU, open files, garbage collection).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal, ParamSpec

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from knowledge.models import Answer

P = ParamSpec("P")

AnswerOutcome = Literal["answered", "abstained", "failed"]
# Why a claimed nudge did not go: Slack refused it for good, or for now (given back).
NudgeMiss = Literal["failed", "retry"]

# Slack wants an ack within 3 s; the buckets resolve the few milliseconds a healthy ack
# takes as well as the seconds of one in trouble.
ACK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)
# A question is answered in tens of milliseconds alone and about a second under load.
ANSWER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)

ACK_SECONDS = Histogram(
    "alignbot_slack_ack_seconds",
    "Time from a Slack request's arrival to the bot's HTTP answer (the ack), by request kind.",
    ["kind"],
    buckets=ACK_BUCKETS,
)
REJECTED_REQUESTS = Counter(
    "alignbot_slack_rejected_requests_total",
    "Requests to /slack/events refused at the edge, by HTTP status.",
    ["status"],
)
ANSWER_SECONDS = Histogram(
    "alignbot_answer_seconds",
    "Time to compose the answer to a question, by outcome.",
    ["outcome"],
    buckets=ANSWER_BUCKETS,
)
ANSWERS = Counter(
    "alignbot_answers_total",
    "Questions asked, by outcome: answered, abstained (no guidance) or failed.",
    ["outcome"],
)
SLACK_API_ERRORS = Counter(
    "alignbot_slack_api_errors_total",
    "Slack Web API calls that failed, by method, HTTP status and Slack's error code; a call "
    "that got no answer has status 'timeout' or 'connection'.",
    ["method", "status", "error"],
)
NUDGES_CLAIMED = Counter(
    "alignbot_nudges_claimed_total",
    "Nudges, reminders and weekly digests a scheduler pass claimed to send, by kind.",
    ["kind"],
)
NUDGES_SENT = Counter(
    "alignbot_nudges_sent_total",
    "Claimed nudges, reminders and digests sent, by kind (a message a pass that took over a "
    "lapsed claim found sent already counts too).",
    ["kind"],
)
NUDGES_NOT_SENT = Counter(
    "alignbot_nudges_not_sent_total",
    "Claimed nudges, reminders and digests Slack refused, by kind and outcome: failed "
    "(for good, e.g. no such channel) or retry (for now: given back to the next pass).",
    ["kind", "outcome"],
)
LISTENER_QUEUE = Gauge(
    "alignbot_listener_queue_depth",
    "Slow work acked but not started yet: jobs waiting for a listener thread.",
)


def record_ack(kind: str, seconds: float) -> None:
    """Record how long the bot took to answer one Slack request of `kind`."""
    ACK_SECONDS.labels(kind=kind).observe(seconds)


def record_rejected(status: int) -> None:
    """Count one request refused at the edge with HTTP `status`."""
    REJECTED_REQUESTS.labels(status=str(status)).inc()


def record_answer(outcome: AnswerOutcome, seconds: float) -> None:
    """Record one question's outcome and the time its answer took."""
    ANSWERS.labels(outcome=outcome).inc()
    ANSWER_SECONDS.labels(outcome=outcome).observe(seconds)


def answer_outcome(answer: Answer) -> AnswerOutcome:
    """Return "abstained" for the "no guidance" answer, "answered" for a cited one."""
    return "answered" if answer.confident and answer.citations else "abstained"


def measured_answer(ask: Callable[P, Answer], /, *args: P.args, **kwargs: P.kwargs) -> Answer:
    """Return `ask(*args, **kwargs)`, recording its outcome and duration (an exception is
    recorded as "failed" and raised on): the one call a listener makes to be counted."""
    started = time.perf_counter()
    try:
        answer = ask(*args, **kwargs)
    except BaseException:
        record_answer("failed", time.perf_counter() - started)
        raise
    record_answer(answer_outcome(answer), time.perf_counter() - started)
    return answer


def record_slack_api_error(method: str, status: int | str, error: str = "") -> None:
    """Count one failed Slack Web API call of `method` (e.g. "chat.postMessage")."""
    SLACK_API_ERRORS.labels(method=method, status=str(status), error=error[:60]).inc()


def record_nudge_claimed(kind: str) -> None:
    """Count one nudge, reminder, digest or re-assessment offer ("nudge", "reminder",
    "digest", "reassess") claimed by a pass."""
    NUDGES_CLAIMED.labels(kind=kind).inc()


def record_nudge_sent(kind: str) -> None:
    """Count one claimed nudge, reminder or digest that went out."""
    NUDGES_SENT.labels(kind=kind).inc()


def record_nudge_not_sent(kind: str, outcome: NudgeMiss) -> None:
    """Count one claimed nudge, reminder or digest Slack refused, for good or for now."""
    NUDGES_NOT_SENT.labels(kind=kind, outcome=outcome).inc()


class SlackErrorCounter(RetryHandler):
    """A Web API client's retry handler that retries nothing: placed first among the
    client's handlers, it sees every attempt's outcome and counts each error Slack returns
    (HTTP status >= 400 or `ok: false`) and each call that got no answer. A handler rather
    than a client subclass, because Bolt copies the handlers into the client it makes for
    every request."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        """Count the attempt's error, if any; return False (the next handler decides)."""
        method = request.url.rstrip("/").rsplit("/", 1)[-1]
        if response is None:
            failure = "timeout" if isinstance(error, TimeoutError) else "connection"
            record_slack_api_error(method, failure)
        elif response.status_code >= 400 or (response.body or {}).get("ok") is False:
            record_slack_api_error(method, response.status_code, _slack_error(response))
        return False


def _slack_error(response: HttpResponse) -> str:
    """Return Slack's error code in `response` ("" when its body is not Slack's JSON)."""
    body: Any = response.body
    if not body and response.data:
        try:
            body = json.loads(response.data)
        except ValueError:
            return ""
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else ""


class QueueMeasuringExecutor(ThreadPoolExecutor):
    """The listener pool, keeping `alignbot_listener_queue_depth` equal to the number of
    submitted jobs that no thread has started yet."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Queue `fn(*args, **kwargs)` and count it as waiting until a thread starts it."""
        LISTENER_QUEUE.inc()

        def started() -> Any:
            LISTENER_QUEUE.dec()
            return fn(*args, **kwargs)

        try:
            future = super().submit(started)
        except BaseException:
            LISTENER_QUEUE.dec()
            raise
        # A job cancelled before it started (a shutdown) never runs `started`.
        future.add_done_callback(lambda done: LISTENER_QUEUE.dec() if done.cancelled() else None)
        return future


def exposition() -> tuple[bytes, str]:
    """Return every metric in Prometheus' text format, and that format's content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
