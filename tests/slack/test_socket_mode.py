"""Socket Mode end to end: the bot opens the connection through `apps.connections.open` with
its app token, acknowledges each envelope, and answers through the Web API as in HTTP mode."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.cli.serve import start_socket_mode
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.deps import SlackDeps
from tests.slack.conftest import CannedAnswers, TrackingExecutor
from tests.slack.driver import CHANNEL_ID, USER_ID
from tests.slack.fake_slack import ApiCall, FakeSlack
from tests.slack.fake_socket_mode import FakeSocketMode


@pytest.fixture(scope="module")
def socket_server(fake_slack_server: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    fake_slack_server.socket_mode_url = server.url
    yield server
    fake_slack_server.socket_mode_url = None
    server.stop()


@dataclass
class Connection:
    executor: TrackingExecutor
    opened: list[ApiCall]


@pytest.fixture(scope="module")
def _connection(
    fake_slack_server: FakeSlack,
    socket_server: FakeSocketMode,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Connection]:
    # One connection for the module: closing slack_sdk's Socket Mode client takes seconds.
    fake = fake_slack_server
    settings = Settings(
        ALIGNBOT_DATA_DIR=tmp_path_factory.mktemp("socket-mode"),
        slack_bot_token=fake.bot_token,
        slack_app_token=fake.app_token,
        slack_api_url=fake.api_url,
    )
    executor = TrackingExecutor()
    app = build_app(settings, SlackDeps(knowledge=CannedAnswers()), listener_executor=executor)
    handler: SocketModeHandler = start_socket_mode(app, settings)
    socket_server.wait_connected()
    yield Connection(executor=executor, opened=fake.calls("apps.connections.open"))
    executor.wait_idle()
    handler.close()
    executor.shutdown()


@pytest.fixture
def connected(_connection: Connection, slack: FakeSlack) -> Iterator[Connection]:
    yield _connection
    _connection.executor.wait_idle()


def envelope(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "envelope_id": str(uuid.uuid4()),
        "type": kind,
        "accepts_response_payload": kind != "events_api",
        "retry_attempt": 0,
        "retry_reason": "",
        "payload": payload,
    }


def test_socket_mode_opens_the_connection_with_the_app_token(
    slack: FakeSlack, connected: Connection
) -> None:
    [opened] = connected.opened
    assert opened.token == slack.app_token


def test_socket_mode_mention_is_acked_and_answered_in_its_thread(
    slack: FakeSlack, socket_server: FakeSocketMode, connected: Connection
) -> None:
    ts = slack.add_message(CHANNEL_ID, f"<@{slack.bot_user_id}> How do I start?", user=USER_ID)
    sent = envelope(
        "events_api",
        {
            "type": "event_callback",
            "team_id": slack.team_id,
            "event_id": "Ev" + uuid.uuid4().hex[:10],
            "event": {
                "type": "app_mention",
                "user": USER_ID,
                "text": f"<@{slack.bot_user_id}> How do I start?",
                "ts": ts,
                "channel": CHANNEL_ID,
            },
        },
    )
    socket_server.send(sent)
    socket_server.wait_for_ack(sent["envelope_id"])
    reply = slack.wait_for_call("chat.postMessage", lambda c: c.get("thread_ts") == ts)
    assert "Start from your strategy" in reply["text"]


def test_socket_mode_slash_command_help_comes_back_in_the_ack(
    slack: FakeSlack, socket_server: FakeSocketMode, connected: Connection
) -> None:
    sent = envelope(
        "slash_commands",
        {
            "command": "/align",
            "text": "help",
            "team_id": slack.team_id,
            "user_id": USER_ID,
            "channel_id": CHANNEL_ID,
            "response_url": slack.response_url("sock"),
            "trigger_id": "1.2.3",
        },
    )
    socket_server.send(sent)
    ack = socket_server.wait_for_ack(sent["envelope_id"])
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "What alignbot can do" in json.dumps(ack["payload"]["blocks"])
