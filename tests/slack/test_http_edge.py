"""The HTTP edge: signature and timestamp checks, garbage bodies, health, and that the bot
keeps serving after each of them. Every request here is real HTTP to uvicorn."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from bot.slack.http import REJECTIONS_LOGGED, BadSlackRequestError, RejectionLog, parse_slack_body
from tests.slack.conftest import CannedAnswers, RunningBot
from tests.slack.fake_slack import FakeSlack


@pytest.fixture
def bot(canned_bot: RunningBot) -> RunningBot:
    return canned_bot


def assert_still_answers(bot: RunningBot, slack: FakeSlack) -> None:
    sent = bot.driver.mention("Are you still there?")
    assert sent.response.status_code == 200
    slack.wait_for_call("chat.postMessage", lambda c: c["thread_ts"] == sent.ts)


def event_body() -> str:
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0ALIGN01",
            "event_id": "Ev0FORGED",
            "event": {
                "type": "app_mention",
                "user": "U0PAT",
                "text": "<@U0ALIGNBOT> hi",
                "ts": "1.0",
                "channel": "C0GENERAL1",
            },
        }
    )


@pytest.mark.parametrize(
    ("how", "kwargs"),
    [
        ("wrong secret", {"secret": "not-the-signing-secret"}),
        ("stale timestamp", {"age": 6 * 60}),
        ("future timestamp", {"age": -6 * 60}),
        ("no signature", {"signed": False}),
    ],
)
def test_unverifiable_request_is_rejected_with_401_and_nothing_is_sent(
    bot: RunningBot, slack: FakeSlack, how: str, kwargs: dict[str, Any]
) -> None:
    if "age" in kwargs:
        kwargs = {"timestamp": int(time.time()) - kwargs["age"]}
    sent = bot.driver.post(event_body(), "application/json", **kwargs)
    assert sent.response.status_code == 401, how
    bot.executor.wait_idle()
    assert [c.method for c in slack.calls() if c.method != "auth.test"] == []


def test_tampered_body_is_rejected_with_401(bot: RunningBot, slack: FakeSlack) -> None:
    stamp = int(time.time())
    signed = bot.driver.post(event_body(), "application/json", timestamp=stamp)
    assert signed.response.status_code == 200
    headers = {
        name: value
        for name, value in signed.response.request.headers.items()
        if name.lower().startswith("x-slack-") or name.lower() == "content-type"
    }
    tampered = event_body().replace("hi", "hi there")
    response = httpx.post(bot.driver.url, content=tampered, headers=headers)
    assert response.status_code == 401


FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"

GARBAGE: list[tuple[str, bytes, str, int]] = [
    ("not JSON", b"{this is not json", "application/json", 400),
    ("JSON array", b"[1, 2, 3]", "application/json", 400),
    ("JSON without type", b'{"hello": "world"}', "application/json", 400),
    (
        "event without event",
        b'{"type": "event_callback", "team_id": "T1"}',
        "application/json",
        400,
    ),
    (
        "event of wrong shape",
        b'{"type": "event_callback", "team_id": "T1", "event_id": "E1", "event": "x"}',
        "application/json",
        400,
    ),
    ("not UTF-8", b"\xff\xfe\x00garbage", "application/json", 400),
    ("XML", b"<event/>", "application/xml", 415),
    ("no content type", b"command=%2Falign", "", 415),
    ("form without command", b"hello=world", "application/x-www-form-urlencoded", 400),
    (
        "command without user",
        b"command=%2Falign&team_id=T1",
        "application/x-www-form-urlencoded",
        400,
    ),
    ("payload not JSON", b"payload=%7Bnope", "application/x-www-form-urlencoded", 400),
    ("payload a list", b"payload=%5B1%5D", "application/x-www-form-urlencoded", 400),
    (
        "click without actions",
        urlencode(
            {"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"}})}
        ).encode(),
        "application/x-www-form-urlencoded",
        400,
    ),
    ("empty body", b"", "application/json", 400),
]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [pytest.param(body, ctype, status, id=name) for name, body, ctype, status in GARBAGE],
)
def test_signed_garbage_gets_a_4xx_and_the_bot_keeps_serving(
    bot: RunningBot, slack: FakeSlack, body: bytes, content_type: str, status: int
) -> None:
    sent = bot.driver.post(body, content_type)
    assert sent.response.status_code == status
    assert sent.response.json()["ok"] is False
    assert_still_answers(bot, slack)


def test_event_missing_fields_the_listeners_need_gets_a_4xx(
    bot: RunningBot, slack: FakeSlack
) -> None:
    sent = bot.driver.send_event({"type": "app_mention", "text": "no channel, no ts"})
    assert 400 <= sent.response.status_code < 500
    bot.executor.wait_idle()
    assert slack.calls("chat.postMessage") == []


def test_huge_body_gets_413_and_the_bot_keeps_serving(bot: RunningBot, slack: FakeSlack) -> None:
    sent = bot.driver.post(b'{"type": "' + b"x" * (2 * 1024 * 1024) + b'"}', "application/json")
    assert sent.response.status_code == 413
    assert_still_answers(bot, slack)


def test_get_on_the_events_endpoint_is_not_allowed(bot: RunningBot) -> None:
    assert httpx.get(bot.driver.url).status_code == 405


def test_healthz_answers_ok(bot: RunningBot) -> None:
    response = httpx.get(f"{bot.url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_url_verification_returns_the_challenge(bot: RunningBot) -> None:
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "3eZbrw1aBm2rZg"})
    sent = bot.driver.post(body, "application/json")
    assert sent.response.status_code == 200
    assert sent.response.json() == {"challenge": "3eZbrw1aBm2rZg"}


def test_ssl_check_is_answered(bot: RunningBot) -> None:
    sent = bot.driver.post("ssl_check=1&token=t", "application/x-www-form-urlencoded")
    assert sent.response.status_code == 200


@pytest.mark.parametrize(
    ("raw", "content_type", "expected"),
    [
        ('{"type": "app_rate_limited"}', "application/json", {"type": "app_rate_limited"}),
        (
            "command=%2Falign&text=ask+what+payload&team_id=T&user_id=U&channel_id=C",
            "application/x-www-form-urlencoded; charset=utf-8",
            {
                "command": "/align",
                "text": "ask what payload",
                "team_id": "T",
                "user_id": "U",
                "channel_id": "C",
            },
        ),
    ],
)
def test_parse_slack_body_returns_the_payload(
    raw: str, content_type: str, expected: dict[str, str]
) -> None:
    assert parse_slack_body(raw, content_type) == expected


def test_parse_slack_body_names_the_missing_fields() -> None:
    with pytest.raises(BadSlackRequestError, match="user_id"):
        parse_slack_body(
            "command=%2Falign&team_id=T&channel_id=C", "application/x-www-form-urlencoded"
        )


def test_view_submission_is_verified_and_reaches_bolt(bot: RunningBot) -> None:
    # No modal is registered yet (the interview adds them): Bolt answers 404, not 400/401.
    sent = bot.driver.submit_view(
        "no_such_modal", {"amount": {"value": {"type": "plain_text_input", "value": "12"}}}
    )
    assert sent.response.status_code == 404


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [
        pytest.param("abc", None, id="timestamp not a number"),
        pytest.param("", None, id="empty timestamp"),
        pytest.param("1796284406.5", None, id="timestamp with a fraction"),
        pytest.param("9" * 5000, None, id="5000-digit timestamp"),
        pytest.param(None, "v0=" + "é" * 64, id="non-ASCII signature"),
        pytest.param(None, "v0=short", id="signature of the wrong length"),
    ],
)
def test_malformed_signature_headers_get_401_and_one_short_log_line(
    start_bot: Callable[..., AbstractContextManager[RunningBot]],
    slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    timestamp: str | None,
    signature: str | None,
) -> None:
    raw = event_body().encode()
    with start_bot(CannedAnswers()) as bot:
        headers = bot.driver.signed_headers(raw, "application/json")
        if timestamp is not None:
            headers["X-Slack-Request-Timestamp"] = timestamp
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        with caplog.at_level(logging.INFO, logger="bot.slack.http"):
            response = httpx.post(
                bot.driver.url,
                content=raw,
                headers={k.encode(): v.encode() for k, v in headers.items()},
            )
        assert response.status_code == 401
        lines = [r for r in caplog.records if r.name == "bot.slack.http"]
        assert len(lines) == 1
        assert lines[0].exc_info is None
        assert len(lines[0].getMessage()) < 200
        assert_still_answers(bot, slack)


def test_a_flood_of_unsigned_requests_logs_a_bounded_number_of_lines(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.slack.http"):
        for _ in range(3 * REJECTIONS_LOGGED):
            response = httpx.post(
                bot.driver.url,
                content=b"{}",
                headers={"Content-Type": "application/json", "X-Slack-Request-Timestamp": "abc"},
            )
            assert response.status_code == 401
    assert len([r for r in caplog.records if r.name == "bot.slack.http"]) <= REJECTIONS_LOGGED


def test_rejection_log_says_how_many_it_left_out_once_the_window_passes() -> None:
    now = [0.0]
    log = logging.getLogger("test.rejections")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        rejections = RejectionLog(log, limit=2, window=60.0, clock=lambda: now[0])
        for _ in range(5):
            rejections.rejected(401, "invalid request")
        now[0] = 61.0
        rejections.rejected(400, "body is not JSON")
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[-1].endswith("(3 more refused requests were not logged)")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def interaction(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


CLICK = {"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"}}
VIEW = {"id": "V1", "type": "modal", "callback_id": "interview_answer", "state": {"values": {}}}

MALFORMED: list[tuple[str, bytes, str]] = [
    ("click with no action", interaction({**CLICK, "actions": []}), FORM),
    ("click whose action has no id", interaction({**CLICK, "actions": [{"type": "button"}]}), FORM),
    (
        "event nested 100,000 deep",
        b'{"type": "event_callback", "x": ' + nested(100_000).encode() + b"}",
        JSON_TYPE,
    ),
    (
        "event nested 500 deep",
        b'{"type": "app_rate_limited", "x": ' + nested(500).encode() + b"}",
        JSON_TYPE,
    ),
    ("payload nested 500 deep", interaction({**CLICK, "actions": json.loads(nested(500))}), FORM),
    (
        "view without type",
        interaction(
            {"type": "view_submission", "user": {"id": "U1"}, "view": {**VIEW, "type": None}}
        ),
        FORM,
    ),
    (
        "view submission without a view",
        interaction({"type": "view_submission", "user": {"id": "U1"}}),
        FORM,
    ),
]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [pytest.param(body, ctype, id=name) for name, body, ctype in MALFORMED],
)
def test_signed_malformed_payload_gets_400_and_the_bot_keeps_serving(
    bot: RunningBot, slack: FakeSlack, body: bytes, content_type: str
) -> None:
    sent = bot.driver.post(body, content_type)
    assert sent.response.status_code == 400
    assert sent.response.json()["ok"] is False
    assert_still_answers(bot, slack)
