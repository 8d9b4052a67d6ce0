"""Starting the Slack app: settings are checked before anything loads, the Web API client is
pointed and retried as configured, and a token Slack rejects stops the start."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.cli.serve import check_slack_settings, forget_old_events
from bot.metrics import SlackErrorCounter
from bot.settings import Settings
from bot.slack.app import BriefRateLimitRetryHandler, build_app, build_web_client
from bot.slack.deps import SlackDeps
from bot.store import Store
from prompts.errors import ConfigError
from tests.slack.conftest import CannedAnswers
from tests.slack.fake_slack import FakeSlack

BOT = "xoxb-1-2-abc"
APP = "xapp-1-A1-2-abc"


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({}, "SLACK_BOT_TOKEN is not set"),
        ({"slack_bot_token": "xoxp-1-2-user-token"}, "SLACK_BOT_TOKEN must be the bot token"),
        ({"slack_bot_token": BOT, "slack_app_token": BOT}, "SLACK_APP_TOKEN must be an app-level"),
        ({"slack_bot_token": BOT}, "SLACK_SIGNING_SECRET is not set"),
        ({"slack_bot_token": BOT, "slack_signing_secret": ""}, "SLACK_SIGNING_SECRET is not set"),
    ],
)
def test_check_slack_settings_names_the_variable_that_is_wrong(
    values: dict[str, Any], named: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=named):
        check_slack_settings(Settings(ALIGNBOT_DATA_DIR=tmp_path, **values))


@pytest.mark.parametrize(
    "values",
    [
        {"slack_bot_token": BOT, "slack_app_token": APP},
        {"slack_bot_token": BOT, "slack_signing_secret": "s3cr3t"},
    ],
    ids=["socket mode needs no signing secret", "http mode with a signing secret"],
)
def test_check_slack_settings_accepts_a_working_configuration(
    values: dict[str, Any], tmp_path: Path
) -> None:
    check_slack_settings(Settings(ALIGNBOT_DATA_DIR=tmp_path, **values))


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api", "http://127.0.0.1:9/api/"])
def test_web_client_uses_slack_api_url_as_its_base(url: str, tmp_path: Path) -> None:
    settings = Settings(ALIGNBOT_DATA_DIR=tmp_path, slack_bot_token=BOT, slack_api_url=url)
    assert build_web_client(settings).base_url == "http://127.0.0.1:9/api/"


def test_web_client_defaults_to_slacks_own_api(tmp_path: Path) -> None:
    client = build_web_client(Settings(ALIGNBOT_DATA_DIR=tmp_path, slack_bot_token=BOT))
    assert client.base_url == "https://slack.com/api/"


def test_web_client_retries_brief_rate_limits_and_connection_errors(tmp_path: Path) -> None:
    client = build_web_client(Settings(ALIGNBOT_DATA_DIR=tmp_path, slack_bot_token=BOT))
    kinds = [type(handler) for handler in client.retry_handlers]
    assert kinds == [SlackErrorCounter, ConnectionErrorRetryHandler, BriefRateLimitRetryHandler]


def test_web_client_waits_out_a_brief_rate_limit_in_place(slack: FakeSlack, tmp_path: Path) -> None:
    settings = Settings(
        ALIGNBOT_DATA_DIR=tmp_path, slack_bot_token=slack.bot_token, slack_api_url=slack.api_url
    )
    slack.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "0"})
    build_web_client(settings).chat_postMessage(channel="C1", text="hello")
    assert len(slack.calls("chat.postMessage")) == 2


def test_web_client_hands_a_long_rate_limit_to_the_caller(slack: FakeSlack, tmp_path: Path) -> None:
    settings = Settings(
        ALIGNBOT_DATA_DIR=tmp_path, slack_bot_token=slack.bot_token, slack_api_url=slack.api_url
    )
    slack.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "20"})
    started = time.monotonic()
    with pytest.raises(SlackApiError) as raised:
        build_web_client(settings).chat_postMessage(channel="C1", text="hello")
    assert raised.value.response.status_code == 429
    assert time.monotonic() - started < 1


def test_build_app_stops_when_slack_rejects_the_token(slack: FakeSlack, tmp_path: Path) -> None:
    settings = Settings(
        ALIGNBOT_DATA_DIR=tmp_path,
        slack_bot_token="xoxb-0-0-revoked",
        slack_signing_secret="s",
        slack_api_url=slack.api_url,
    )
    with pytest.raises(ConfigError, match="Slack rejected SLACK_BOT_TOKEN") as raised:
        build_app(settings, SlackDeps(knowledge=CannedAnswers()))
    assert "revoked" not in str(raised.value)


def test_build_app_stops_when_slack_cannot_be_reached(tmp_path: Path) -> None:
    settings = Settings(
        ALIGNBOT_DATA_DIR=tmp_path,
        slack_bot_token=BOT,
        slack_signing_secret="s",
        slack_api_url="http://127.0.0.1:9/api/",
    )
    with pytest.raises(ConfigError, match="could not be reached"):
        build_app(settings, SlackDeps(knowledge=CannedAnswers()))


def test_old_event_ids_are_forgotten_and_recent_ones_kept(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    clock = [now - timedelta(days=2)]
    store = Store.open(f"sqlite:///{tmp_path}/events.sqlite3", clock=lambda: clock[0])
    try:
        assert store.claim_event("T1", "EvOLD")
        clock[0] = now - timedelta(minutes=5)
        assert store.claim_event("T1", "EvNEW")
        stop = forget_old_events(store, every=timedelta(milliseconds=20))
        time.sleep(0.2)
        stop.set()
        assert store.claim_event("T1", "EvOLD") is True
        assert store.claim_event("T1", "EvNEW") is False
    finally:
        store.close()
