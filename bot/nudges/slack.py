"""The Slack calls a nudge pass makes, behind one small Protocol (`NudgeSlack`), and its
implementation over slack_sdk's `WebClient`.

Slack's refusals become a `SlackSendError` that says what to do about them:

- `person_gone`: the person left the workspace or was deactivated; skip them from now on.
- `permanent`: this message cannot go (no such channel, blocks refused); record it.
- `workspace_gone`: the bot's token no longer works in the workspace (uninstalled, revoked,
  the workspace closed); nothing else is tried there this pass.
- otherwise passing (rate limited, Slack 5xx, a dropped connection): give the claim back so
  the next pass tries again. A short Retry-After (at most `MAX_WAIT`) is waited out once in
  the pass itself; a longer one is never waited for, so one person never holds up others.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.settings import Settings
from prompts.errors import AlignbotError, ConfigError

MAX_WAIT = 3.0
SERVER_RETRY_WAIT = 0.5
WEB_API_TIMEOUT = 15
METADATA_EVENT = "alignbot_nudge"
# How far back a recovering pass looks for a message it may have sent already: the
# bot's own DM with one person, where a day holds a nudge, a reminder and a few replies.
HISTORY_LOOKBACK = 50
GONE = frozenset(
    {"user_not_found", "users_not_found", "user_disabled", "account_inactive_user", "deleted"}
)
PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "msg_too_long",
        "cannot_dm_bot",
        "user_is_bot",
        "restricted_action",
        "file_not_found",
        "invalid_arguments",
    }
)

# The bot's token no longer works anywhere in the workspace.
WORKSPACE_GONE = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)

T = TypeVar("T")


class SlackSendError(AlignbotError):
    """Slack refused a call (see the module docstring for what each kind means)."""

    def __init__(self, error: str, *, person_gone: bool = False, permanent: bool = False) -> None:
        super().__init__(f"Slack refused the call: {error}")
        self.error = error
        self.person_gone = person_gone
        self.permanent = permanent or person_gone
        self.workspace_gone = error in WORKSPACE_GONE


class SlackUser(BaseModel):
    """What `users.info` says about a person that nudges need."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tz: str | None
    left: bool


class NudgeSlack(Protocol):
    """The Slack calls a pass makes (each raises `SlackSendError`)."""

    def user(self, user_id: str) -> SlackUser:
        """Return the person's time zone and whether they left the workspace."""

    def open_dm(self, user_id: str) -> str:
        """Return the id of the bot's DM with the person."""

    def post(self, channel: str, *, text: str, blocks: list[dict[str, Any]], key: str) -> str:
        """Post a message carrying `key` in its metadata; return its ts."""

    def find_key(self, channel: str, key: str) -> str | None:
        """Return the ts of a recent message of `channel` carrying `key`, if any."""

    def upload_png(
        self, channel: str, *, filename: str, title: str, content: bytes, comment: str
    ) -> None:
        """Share a PNG in `channel` (files upload v2)."""


def build_nudge_client(token: str, api_url: str | None) -> WebClient:
    """Return a Web API client for passes: retries dropped connections; rate limits are
    handled by the pass itself (never a long sleep holding up everyone else)."""
    base_url = api_url or WebClient.BASE_URL
    return WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=WEB_API_TIMEOUT,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2)],
    )


def _failure(exc: SlackApiError) -> tuple[SlackSendError, float | None]:
    response = exc.response
    error = str(response.get("error") or f"http_{response.status_code}")
    if response.status_code == 429 or error == "ratelimited":
        header = response.headers.get("Retry-After") or response.headers.get("retry-after")
        wait = float(header) if header and str(header).isdigit() else MAX_WAIT + 1
        return SlackSendError("ratelimited"), wait
    if response.status_code >= 500:
        return SlackSendError(error), SERVER_RETRY_WAIT
    return SlackSendError(error, person_gone=error in GONE, permanent=error in PERMANENT), None


SlackFor = Callable[[str], "NudgeSlack | None"]
"""The Slack calls of one workspace (by team id), or None where the app is not installed."""


class Tokens(Protocol):
    """The bot token of each workspace (`bot.slack.workspaces.Workspaces`)."""

    def token(self, team_id: str) -> str | None:
        """Return the workspace's bot token, or None when the app is not installed there."""
        ...


def everywhere(slack: NudgeSlack) -> SlackFor:
    """Return `slack` for every workspace: the single-workspace bot (and tests)."""
    return lambda _team_id: slack


def nudge_slack(settings: Settings) -> WebApiSlack:
    """Return the passes' Slack client from the settings (`SLACK_BOT_TOKEN`,
    `SLACK_API_URL`); `ConfigError` naming the variable when the token is missing."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if not token:
        raise ConfigError("SLACK_BOT_TOKEN is not set; copy the bot token (xoxb-…) into .env.")
    return WebApiSlack(build_nudge_client(token, settings.slack_api_url))


def installed_slacks(tokens: Tokens, api_url: str | None) -> SlackFor:
    """Return each installed workspace's Slack calls, with its own bot token (None where
    the app is not installed, or no longer)."""

    def slack_for(team_id: str) -> NudgeSlack | None:
        token = tokens.token(team_id)
        return WebApiSlack(build_nudge_client(token, api_url)) if token else None

    return slack_for


class WebApiSlack:
    """`NudgeSlack` over slack_sdk's WebClient; `sleep` is injectable for tests."""

    def __init__(self, client: WebClient, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self._sleep = sleep

    def _call(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except SlackApiError as exc:
            failure, wait = _failure(exc)
        except OSError as exc:
            raise SlackSendError(type(exc).__name__) from exc
        if wait is None or wait > MAX_WAIT:
            raise failure
        self._sleep(wait)
        try:
            return action()
        except SlackApiError as exc:
            raise _failure(exc)[0] from exc
        except OSError as exc:
            raise SlackSendError(type(exc).__name__) from exc

    def user(self, user_id: str) -> SlackUser:
        """Return the person's tz and whether they left (deleted) the workspace."""
        response = self._call(lambda: self.client.users_info(user=user_id))
        found: dict[str, Any] = response.get("user") or {}
        return SlackUser(tz=found.get("tz") or None, left=bool(found.get("deleted")))

    def open_dm(self, user_id: str) -> str:
        """Return the DM channel id with the person (conversations.open)."""
        response = self._call(lambda: self.client.conversations_open(users=[user_id]))
        channel: dict[str, Any] = response.get("channel") or {}
        return str(channel["id"])

    def post(self, channel: str, *, text: str, blocks: list[dict[str, Any]], key: str) -> str:
        """Post the message with `key` in its metadata (chat.postMessage); return its ts."""
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}}
        response = self._call(
            lambda: self.client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, metadata=metadata
            )
        )
        return str(response["ts"])

    def find_key(self, channel: str, key: str) -> str | None:
        """Return the ts of a recent message in `channel` whose metadata carries `key`."""
        response = self._call(
            lambda: self.client.conversations_history(
                channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
            )
        )
        for message in response.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key:
                return str(message["ts"])
        return None

    def upload_png(
        self, channel: str, *, filename: str, title: str, content: bytes, comment: str
    ) -> None:
        """Share a PNG in `channel` with files_upload_v2 (getUploadURLExternal, the upload,
        completeUploadExternal)."""
        self._call(
            lambda: self.client.files_upload_v2(
                channel=channel,
                filename=filename,
                title=title,
                content=content,
                initial_comment=comment,
                request_file_info=False,
            )
        )
