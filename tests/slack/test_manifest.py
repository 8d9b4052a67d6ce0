"""The Slack app manifest matches what the code listens to and calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.listeners.commands.align import COMMAND
from bot.render.help import SUBCOMMANDS
from bot.slack.install import BOT_SCOPES

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def test_manifest_subscribes_to_the_events_the_bot_handles(manifest: dict[str, Any]) -> None:
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {
        "app_mention",
        "message.im",
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
    }


@pytest.mark.parametrize(
    ("scope", "why"),
    [
        ("app_mentions:read", "app_mention events"),
        ("im:history", "message.im events"),
        ("chat:write", "chat.postMessage"),
        ("commands", "/align"),
        ("reactions:write", "reactions.add / reactions.remove"),
        ("channels:history", "conversations.replies in public channels"),
        ("groups:history", "conversations.replies in private channels"),
        ("users:read", "users.info time zones"),
        ("im:write", "opening DMs"),
        ("files:write", "the weekly digest chart (files upload v2)"),
        ("channels:read", "conversations.members of a public channel for a team pulse"),
        ("groups:read", "conversations.members of a private channel for a team pulse"),
    ],
)
def test_manifest_grants_every_scope_the_bot_uses(
    manifest: dict[str, Any], scope: str, why: str
) -> None:
    assert scope in manifest["oauth_config"]["scopes"]["bot"], why


def test_manifest_declares_the_align_command_with_its_subcommands(
    manifest: dict[str, Any],
) -> None:
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    for sub in SUBCOMMANDS:
        assert sub.name in command["usage_hint"]


def test_manifest_enables_interactivity_home_messages_and_socket_mode(
    manifest: dict[str, Any],
) -> None:
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] is True
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False


def test_manifest_texts_fit_slacks_limits(manifest: dict[str, Any]) -> None:
    info = manifest["display_information"]
    assert len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert len(manifest["features"]["bot_user"]["display_name"]) <= 80


def test_manifest_scopes_are_the_ones_add_to_slack_asks_for(manifest: dict[str, Any]) -> None:
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)


def test_manifest_redirect_url_is_the_oauth_redirect_route(manifest: dict[str, Any]) -> None:
    [url] = manifest["oauth_config"]["redirect_urls"]
    assert url.startswith("https://")
    assert url.endswith("/slack/oauth_redirect")
