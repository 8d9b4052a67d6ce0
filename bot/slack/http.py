"""HTTP mode: the ASGI application that receives Slack's requests.

Events, interactivity and slash commands all arrive at `POST /slack/events`; `GET /healthz`
answers for load balancers. Before Bolt sees a request it is checked in the order Slack's
own guidance implies: size (413), encoding (400), signature and timestamp (401), then shape
(400/415), so garbage never reaches a listener and a forged request never gets parsed.
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
from typing import Any
from urllib.parse import parse_qsl

from pydantic import BaseModel, ConfigDict, ValidationError
from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

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


class _BlockActions(_Interaction):
    actions: list[dict[str, Any]]


class _SlashCommand(_Shape):
    command: str
    team_id: str
    user_id: str
    channel_id: str
    text: str = ""


def _parse_payload(payload: str) -> dict[str, Any]:
    try:
        parsed = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise BadSlackRequestError(400, "payload is not JSON") from exc
    if not isinstance(parsed, dict):
        raise BadSlackRequestError(400, "payload is not a JSON object")
    return parsed


def _parse_form(raw: str) -> dict[str, Any]:
    params = dict(parse_qsl(raw, keep_blank_values=True))
    if "payload" in params:
        return _parse_payload(params["payload"])
    return dict(params)


def parse_slack_body(raw: str, content_type: str | None) -> dict[str, Any]:
    """Return the parsed body of a Slack request, or raise `BadSlackRequestError` saying why it is
    not one: Slack sends JSON for events and form bodies for commands and interactions."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == JSON:
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BadSlackRequestError(400, "body is not JSON") from exc
        if not isinstance(parsed, dict):
            raise BadSlackRequestError(400, "body is not a JSON object")
        body: dict[str, Any] = parsed
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
            shape = _BlockActions if body.get("type") == "block_actions" else _Interaction
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
    jobs: Jobs | None = None,
) -> Starlette:
    """Return the ASGI app serving Slack's requests for the Bolt `app`, for uvicorn;
    durable work is recorded in `jobs` before it is acknowledged."""
    verifier = SignatureVerifier(signing_secret)

    async def slack_events(request: Request) -> Response:
        try:
            raw = await _read_body(request, max_body_bytes)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadSlackRequestError(400, "body is not UTF-8") from exc
            if not verifier.is_valid_request(raw, dict(request.headers)):
                # Nothing about a forged or replayed request is worth parsing.
                raise BadSlackRequestError(401, "invalid request")
            body = parse_slack_body(text, request.headers.get("content-type"))
            bolt_request = SlackRequest(
                body=text,
                query=dict(request.query_params),
                headers=dict(request.headers),
            )
        except BadSlackRequestError as bad:
            logger.info("rejected a request to /slack/events: %s", bad.reason)
            return _problem(bad.status, bad.reason)
        if jobs is not None:
            jobs.record_soon(body)
        if body.get("type") in ACKS_WITH_IO:
            bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        else:
            bolt_response = app.dispatch(bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
        ]
    )
