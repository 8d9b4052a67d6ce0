"""HTTP mode: the ASGI application that receives Slack's requests.

Events, interactivity and slash commands all arrive at `POST /slack/events`; `GET /healthz`
answers for load balancers (503 when the store or the index cannot be reached) and
`GET /metrics` for Prometheus. Before Bolt sees a request it is checked in the order Slack's
own guidance implies: size (413), encoding (400), signature and timestamp (401), then shape
(400/415), so garbage never reaches a listener and a forged request never gets parsed. Each
refusal is one short log line, and at most `REJECTIONS_LOGGED` of them a minute: anyone can
send garbage, and nobody should be able to flood the log with it.
Bolt's dispatch then runs right on the event loop: the app acknowledges inline
(`process_before_response`) and hands all slow work to lazy listeners, so a dispatch costs
about 0.2 ms, and skipping a hop to a worker thread halved the ack p95 of 40 concurrent
mentions (160 -> 75 ms). Ack functions must therefore stay free of I/O; the one exception,
a modal submission (`ACKS_WITH_IO`), is dispatched on a worker thread.

A question (a mention, a DM) is handed to `bot.slack.jobs` as it is acknowledged, and a
recorder thread writes it to the store within milliseconds: Slack never redelivers an event
it got a 200 for, and the lazy listener may start long after (a deep listener queue).
Awaiting the write before the ack, on a worker thread, was measured: with 40 concurrent
mentions it raised the ack p95 from ~85 to 200-300 ms (the hop and the database's write
lock), so the ack does not wait; what a kill can lose is the few ms before the write.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

import anyio
import anyio.to_thread
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.metrics import exposition, record_ack, record_rejected
from bot.slack.jobs import Jobs

logger = logging.getLogger(__name__)

# Slack's largest payloads (a block action on a 50-block message, a big modal's state) stay
# well under this; anything bigger is not from Slack.
MAX_BODY_BYTES = 1024 * 1024

# A modal's submission is answered in its ack, because a refused answer must come back in
# the HTTP response as a field error, and checking an interview answer reads and writes the
# store: those rare requests are dispatched on a worker thread, so that the event loop goes
# on acknowledging everything else.
ACKS_WITH_IO = ("view_submission",)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# Slack's payloads nest a dozen levels deep at most (a modal's state values); a deeper body
# is an attack on whatever walks it recursively.
MAX_JSON_DEPTH = 64

# Unix seconds (ten digits until the year 2286) and "v0=" with a SHA-256 hex digest: anything
# else is refused before the signature is computed, because the verifier raises on a
# timestamp that is not an integer and on a signature that is not ASCII.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

REJECTIONS_LOGGED = 10
REJECTION_WINDOW = 60.0
# A dependency that takes longer than this to answer a trivial read is down as far as a load
# balancer is concerned (their checks time out after 5-10 s); `HEALTH_TIMEOUT_SECONDS` in
# `alignbot serve`.
HEALTH_TIMEOUT = 3.0

HealthProbe = Callable[[], object]
"""Reaches one dependency (the store, the index) and raises when it cannot."""


class BadSlackRequestError(Exception):
    """A request that is not a well-formed Slack request; `status` is the HTTP answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _Shape(BaseModel):
    # Slack adds fields to its payloads without notice: check what Bolt and our listeners
    # read, keep the rest untouched.
    model_config = ConfigDict(extra="allow")


class _Event(_Shape):
    type: str


class _EventCallback(_Shape):
    type: str
    team_id: str
    event_id: str
    event: _Event


class _UrlVerification(_Shape):
    type: str
    challenge: str


class _User(_Shape):
    id: str


class _Interaction(_Shape):
    type: str
    user: _User


class _Action(_Shape):
    action_id: str
    type: str


class _BlockActions(_Interaction):
    actions: list[_Action] = Field(min_length=1)


class _View(_Shape):
    id: str
    type: str
    callback_id: str = ""


class _ViewPayload(_Interaction):
    view: _View


class _SlashCommand(_Shape):
    command: str
    team_id: str
    user_id: str
    channel_id: str
    text: str = ""


def _depth(value: Any) -> int:
    """Return how deeply `value` nests lists and objects, without recursing."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _load_object(raw: str, what: str) -> dict[str, Any]:
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadSlackRequestError(400, f"{what} is not JSON") from exc
    except RecursionError as exc:  # the decoder's own guard against very deep nesting
        raise BadSlackRequestError(400, f"{what} is nested too deeply") from exc
    if not isinstance(parsed, dict):
        raise BadSlackRequestError(400, f"{what} is not a JSON object")
    if _depth(parsed) > MAX_JSON_DEPTH:
        raise BadSlackRequestError(400, f"{what} is nested too deeply")
    return parsed


def _parse_payload(payload: str) -> dict[str, Any]:
    return _load_object(payload, "payload")


def _parse_form(raw: str) -> dict[str, Any]:
    params = dict(parse_qsl(raw, keep_blank_values=True))
    if "payload" in params:
        return _parse_payload(params["payload"])
    return dict(params)


_INTERACTIONS: dict[str, type[_Shape]] = {
    "block_actions": _BlockActions,
    "view_submission": _ViewPayload,
    "view_closed": _ViewPayload,
}


def parse_slack_body(raw: str, content_type: str | None) -> dict[str, Any]:
    """Return the parsed body of a Slack request, or raise `BadSlackRequestError` saying why it is
    not one: Slack sends JSON for events and form bodies for commands and interactions."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == JSON:
        body = _load_object(raw, "body")
        shapes: dict[str, type[_Shape]] = {
            "event_callback": _EventCallback,
            "url_verification": _UrlVerification,
        }
        shape = shapes.get(str(body.get("type")))
        if shape is None and not isinstance(body.get("type"), str):
            raise BadSlackRequestError(400, "body has no type")
    elif kind == FORM:
        params = dict(parse_qsl(raw, keep_blank_values=True))
        body = _parse_payload(params["payload"]) if "payload" in params else dict(params)
        if "payload" in params:
            shape = _INTERACTIONS.get(str(body.get("type")), _Interaction)
        elif "command" in body:
            shape = _SlashCommand
        elif body.get("ssl_check") == "1":
            shape = None
        else:
            raise BadSlackRequestError(400, "form body is neither a command nor an interaction")
    else:
        raise BadSlackRequestError(415, f"unsupported content type {kind or 'none'}")
    if shape is not None:
        try:
            shape.model_validate(body)
        except ValidationError as exc:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
            raise BadSlackRequestError(400, f"missing or malformed fields: {fields}") from exc
    return body


class SlackRequest(BoltRequest):
    """A `BoltRequest` whose form bodies are parsed correctly. Bolt treats any form body that
    contains the substring "payload" as an interaction, so `/align ask what payload…` would
    lose its whole body; copies made for lazy listeners keep this class and its parsing."""

    def __init__(
        self,
        *,
        body: str | dict[str, Any],
        query: Any = None,
        headers: Any = None,
        context: dict[str, Any] | None = None,
        mode: str = "http",
    ) -> None:
        super().__init__(body=body, query=query, headers=headers, context=context, mode=mode)
        if mode == "http" and isinstance(body, str) and self.content_type == FORM and body:
            parsed = _parse_form(body)
            if parsed != self.body:
                self.body = parsed
                self.context = build_context(BoltContext(context or {}), parsed)

    def to_copyable(self) -> SlackRequest:
        """Return a copy safe to hand to another thread (Bolt's lazy listeners)."""
        return SlackRequest(
            body=self.raw_body if self.mode == "http" else self.body,
            query=self.query,
            headers=self.headers,
            context=self.context.to_copyable(),
            mode=self.mode,
        )


def _problem(status: int, reason: str) -> Response:
    return JSONResponse({"ok": False, "error": reason}, status_code=status)


class RejectionLog:
    """Logs refused requests, one short line each, at most `limit` lines per `window`
    seconds; the next line after a quiet spell says how many were left out meanwhile."""

    def __init__(
        self,
        log: logging.Logger,
        *,
        limit: int = REJECTIONS_LOGGED,
        window: float = REJECTION_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log = log
        self._limit = limit
        self._window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = -window
        self._logged = 0
        self._suppressed = 0

    def rejected(self, status: int, reason: str) -> None:
        """Log (or count, over the limit) one request refused with `status` for `reason`."""
        with self._lock:
            now = self._clock()
            if now - self._window_start >= self._window:
                self._window_start, self._logged = now, 0
            if self._logged >= self._limit:
                self._suppressed += 1
                return
            self._logged += 1
            suppressed, self._suppressed = self._suppressed, 0
        more = f" ({suppressed} more refused requests were not logged)" if suppressed else ""
        self._log.info("refused a request to /slack/events (%d): %s%s", status, reason, more)


def _check_signature_headers(headers: Mapping[str, str]) -> None:
    """Raise a 401 `BadSlackRequestError` unless the timestamp and signature headers have
    the shape Slack gives them, so that the verifier only ever sees well-formed ones."""
    stamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not _TIMESTAMP.fullmatch(stamp) or not _SIGNATURE.fullmatch(signature):
        raise BadSlackRequestError(401, "invalid request")


def _kind(body: Mapping[str, Any]) -> str:
    """Return the kind of a Slack request for the ack metric (its `type`, or "command")."""
    if "command" in body:
        return "command"
    kind = body.get("type")
    return kind if isinstance(kind, str) and len(kind) <= 40 else "other"


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BadSlackRequestError(413, "body too large")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise BadSlackRequestError(413, "body too large")
    return bytes(body)


def build_asgi_app(
    app: App,
    *,
    signing_secret: str,
    max_body_bytes: int = MAX_BODY_BYTES,
    health: Mapping[str, HealthProbe] | None = None,
    rejections: RejectionLog | None = None,
    health_timeout: float = HEALTH_TIMEOUT,
    jobs: Jobs | None = None,
) -> Starlette:
    """Return the ASGI app serving Slack's requests for the Bolt `app`, for uvicorn;
    `health` names the probes `/healthz` runs (the store, the index), and durable work is
    recorded in `jobs` as it is acknowledged."""
    verifier = SignatureVerifier(signing_secret)
    refused = rejections or RejectionLog(logger)
    probes = dict(health or {})

    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        try:
            raw = await _read_body(request, max_body_bytes)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadSlackRequestError(400, "body is not UTF-8") from exc
            headers = dict(request.headers)
            _check_signature_headers(headers)
            if not verifier.is_valid_request(raw, headers):
                # Nothing about a forged or replayed request is worth parsing.
                raise BadSlackRequestError(401, "invalid request")
            body = parse_slack_body(text, request.headers.get("content-type"))
            bolt_request = SlackRequest(
                body=text,
                query=dict(request.query_params),
                headers=headers,
            )
        except BadSlackRequestError as bad:
            refused.rejected(bad.status, bad.reason)
            record_rejected(bad.status)
            return _problem(bad.status, bad.reason)
        if jobs is not None:
            jobs.record_soon(body)
        if body.get("type") in ACKS_WITH_IO:
            bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        else:
            bolt_response = app.dispatch(bolt_request)
        response = to_starlette_response(bolt_response)
        record_ack(_kind(body), time.perf_counter() - started)
        return response

    async def healthz(request: Request) -> Response:
        failed = []
        for name, probe in probes.items():
            try:
                # Abandon, not wait for, a probe stuck on a dependency that never answers.
                with anyio.fail_after(health_timeout):
                    await anyio.to_thread.run_sync(probe, abandon_on_cancel=True)
            except Exception as exc:  # whatever the dependency raises, it is down
                why = "no answer in time" if isinstance(exc, TimeoutError) else type(exc).__name__
                logger.warning("health check: %s unreachable (%s)", name, why)
                failed.append(name)
        if failed:
            return JSONResponse({"status": "unavailable", "failed": failed}, status_code=503)
        return JSONResponse({"status": "ok"})

    async def metrics(request: Request) -> Response:
        content, content_type = exposition()
        return Response(content, media_type=content_type)

    routes = [
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    return Starlette(routes=routes + _install_routes(app))


def _install_routes(app: App) -> list[Route]:
    """Return the routes of Bolt's OAuth flow ("Add to Slack" and Slack's redirect back),
    none when the app serves one workspace. They read and write the store and call Slack
    (`oauth.v2.access`), so they run on a worker thread, never on the event loop."""
    flow = app.oauth_flow
    if flow is None:
        return []

    def bolt_request(request: Request) -> BoltRequest:
        return BoltRequest(body="", query=request.url.query, headers=dict(request.headers))

    async def install(request: Request) -> Response:
        response = await run_in_threadpool(flow.handle_installation, bolt_request(request))
        return to_starlette_response(response)

    async def redirect(request: Request) -> Response:
        response = await run_in_threadpool(flow.handle_callback, bolt_request(request))
        return to_starlette_response(response)

    return [
        Route(flow.install_path, install, methods=["GET"]),
        Route(flow.redirect_uri_path, redirect, methods=["GET"]),
    ]
