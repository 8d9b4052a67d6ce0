"""Starting alignbot to serve many workspaces: the settings it needs are checked at start,
each named when wrong, and the single-workspace mode is kept whenever a bot token is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.cli.serve import check_slack_settings
from bot.settings import Settings
from bot.slack.workspaces import new_secret_key
from prompts.errors import ConfigError

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
