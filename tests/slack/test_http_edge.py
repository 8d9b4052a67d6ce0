"""The HTTP edge: signature and timestamp checks, garbage bodies, health, and that the bot
keeps serving after each of them. Every request here is real HTTP to uvicorn."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from bot.slack.http import BadSlackRequestError, parse_slack_body
from tests.slack.conftest import RunningBot
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
