"""Starting alignbot to serve many workspaces: the settings it needs are checked at start,
each named when wrong, and the single-workspace mode is kept whenever a bot token is set."""

from __future__ import annotations

import shutil
import signal
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from bot.cli.serve import check_slack_settings
from bot.settings import Settings
from bot.slack.workspaces import new_secret_key
from prompts.errors import ConfigError
from tests.slack.driver import SlackDriver
from tests.slack.fake_slack import FakeSlack
from tests.slack.served import run_alignbot, serving_alignbot

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


OAUTH = {"slack_client_id": "1.2", "slack_client_secret": "s3cr3t", "slack_signing_secret": "x"}


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(ALIGNBOT_DATA_DIR=tmp_path, **values)


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({}, "ALIGNBOT_SECRET_KEY is not set"),
        ({"ALIGNBOT_SECRET_KEY": "not-a-fernet-key"}, "ALIGNBOT_SECRET_KEY is not a Fernet key"),
        ({"slack_signing_secret": ""}, "SLACK_SIGNING_SECRET is not set"),
        ({"slack_app_token": "xapp-1-A1-2-abc"}, "SLACK_APP_TOKEN is set"),
    ],
)
def test_check_many_workspaces_names_the_variable_that_is_wrong(
    values: dict[str, Any], named: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=named):
        check_slack_settings(settings(tmp_path, **(OAUTH | values)))


def test_check_many_workspaces_accepts_rotated_keys(tmp_path: Path) -> None:
    keys = f"{new_secret_key()}, {new_secret_key()}"
    check_slack_settings(settings(tmp_path, ALIGNBOT_SECRET_KEY=keys, **OAUTH))


def test_many_workspaces_needs_both_client_id_and_secret(tmp_path: Path) -> None:
    assert settings(tmp_path, **OAUTH).many_workspaces
    assert not settings(tmp_path, slack_client_id="1.2").many_workspaces


def test_bot_token_keeps_the_single_workspace_mode(tmp_path: Path) -> None:
    assert not settings(tmp_path, slack_bot_token="xoxb-1-2-abc", **OAUTH).many_workspaces


def test_serve_many_workspaces_without_the_key_fails_fast_naming_it(tmp_path: Path) -> None:
    env = {
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "s3cr3t",
        "SLACK_SIGNING_SECRET": "x",
        "ALIGNBOT_DATA_DIR": str(tmp_path / "data"),
    }
    done = run_alignbot("serve", env, cwd=tmp_path, drop=("SLACK_", "PORT", "ALIGNBOT_"))
    assert done.returncode == 1
    assert done.stderr.strip().startswith("alignbot: ALIGNBOT_SECRET_KEY is not set")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_serve_many_workspaces_installs_then_answers_with_the_workspaces_token(
    slack: FakeSlack, knowledge_base: KnowledgeBase, knowledge_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    env = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": slack.client_id,
        "SLACK_CLIENT_SECRET": slack.client_secret,
        "ALIGNBOT_SECRET_KEY": new_secret_key(),
    }
    with serving_alignbot(slack, data_dir, cwd=tmp_path, env=env) as (process, served):
        url = served.url.removesuffix("/slack/events")
        page = httpx.get(f"{url}/slack/install")
        state = page.headers["set-cookie"].split(";")[0].split("=", 1)[1]
        workspace, code = slack.add_workspace("T0SERVED" + uuid.uuid4().hex[:4].upper(), "Served")
        done = httpx.get(
            f"{url}/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"Cookie": f"slack-app-oauth-state={state}"},
        )
        assert done.status_code == 200, done.text
        driver = SlackDriver(
            url, slack, team_id=workspace.team_id, bot_user_id=workspace.bot_user_id
        )
        sent = driver.mention("How do we know an automation project paid off?")
        reply = slack.wait_for_call(
            "chat.postMessage", lambda c: c.get("thread_ts") == sent.ts, timeout=30
        )
        driver.close()
        assert reply.token == workspace.bot_token
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert "Add to Slack at" in stderr
    assert workspace.bot_token not in stderr
    assert slack.client_secret not in stderr
