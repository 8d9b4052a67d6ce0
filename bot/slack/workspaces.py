"""Which workspace's bot token a piece of work uses.

One deployment serves either one workspace (`SLACK_BOT_TOKEN`: `OneWorkspace`) or every
workspace that installed the app through "Add to Slack" (`SLACK_CLIENT_ID` and
`SLACK_CLIENT_SECRET`: `InstalledWorkspaces`). Listeners get their workspace's client from
Bolt (`WorkspaceAuthorize` below); work that runs outside a request (resumed answers, nudge
passes) asks `Workspaces` for it by team id.

Installations are kept by slack-sdk's SQLAlchemy installation store in the project's own
database (tables created by the migrations, `bot.store.schema`), with every token column
encrypted by Fernet under `ALIGNBOT_SECRET_KEY` (`EncryptedInstallationStore`). Looking one
up happens as a request is acknowledged, on the event loop, so found bots are cached for
`CACHE_SECONDS`: a workspace costs one small read per period, not one per request, and no
`auth.test` at all (the bot's ids were stored at install time).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.types import String, TypeDecorator

from bot.settings import Settings
from bot.store.schema import INSTALLATION_TOKEN_COLUMNS, TOKEN_LENGTH
from prompts.errors import ConfigError

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60.0
KEY_VARIABLE = "ALIGNBOT_SECRET_KEY"


def token_cipher(settings: Settings) -> MultiFernet:
    """Return the cipher of the installed workspaces' tokens from `ALIGNBOT_SECRET_KEY` (one
    or more Fernet keys, comma-separated, the newest first: older ones still decrypt, which
    lets an operator rotate the key); a `ConfigError` naming the variable when it is
    missing or not a Fernet key, so a multi-workspace bot fails at start."""
    raw = settings.secret_key.get_secret_value() if settings.secret_key else ""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    if not keys:
        raise ConfigError(
            f"{KEY_VARIABLE} is not set; serving many workspaces stores their bot tokens "
            "encrypted with it. Create one with `alignbot secret-key` and keep it safe."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ConfigError(
            f"{KEY_VARIABLE} is not a Fernet key (32 url-safe base64-encoded bytes); "
            "create one with `alignbot secret-key`."
        ) from exc


def new_secret_key() -> str:
    """Return a fresh Fernet key for `ALIGNBOT_SECRET_KEY`."""
    return Fernet.generate_key().decode()


class EncryptedToken(TypeDecorator[str]):
    """A token column stored as Fernet ciphertext: written encrypted, read back in clear."""

    impl = String(TOKEN_LENGTH)
    cache_ok = False  # the cipher is not part of a cache key

    def __init__(self, cipher: MultiFernet) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Return the ciphertext of `value` for the database."""
        if value is None:
            return None
        return self.cipher.encrypt(value.encode()).decode()

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        """Return the token a stored ciphertext holds; None (the installation is unusable,
        and said so in the log) when no key of `ALIGNBOT_SECRET_KEY` opens it."""
        if value is None:
            return None
        try:
            return self.cipher.decrypt(value.encode()).decode()
        except InvalidToken:
            logger.error("a stored Slack token does not decrypt with %s", KEY_VARIABLE)
            return None


def _encrypt_columns(table: Table, cipher: MultiFernet) -> None:
    for name in INSTALLATION_TOKEN_COLUMNS:
        if name in table.c:
            table.c[name].type = EncryptedToken(cipher)


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack-sdk's SQLAlchemy installation store on the project's database, its token
    columns encrypted; the tables come from the migrations, never `create_tables`."""

    def __init__(self, client_id: str, engine: Engine, cipher: MultiFernet) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=logger)
        _encrypt_columns(self.bots, cipher)
        _encrypt_columns(self.installations, cipher)


class Workspaces(Protocol):
    """The bot token of each workspace the bot serves."""

    def token(self, team_id: str) -> str | None:
        """Return the workspace's bot token, or None when the bot is not installed there."""
        ...

    def client(self, team_id: str) -> WebClient | None:
        """Return a Web API client for the workspace, or None when not installed there."""
        ...

    def bot_user_id(self, team_id: str) -> str | None:
        """Return the bot's own user id in the workspace (to recognise its mentions)."""
        ...


class OneWorkspace:
    """The single workspace of `SLACK_BOT_TOKEN`: every team id gets its client."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._bot_user_id: str | None = None

    def token(self, team_id: str) -> str | None:
        """Return the configured bot token."""
        return self._client.token

    def client(self, team_id: str) -> WebClient | None:
        """Return the app's client."""
        return self._client

    def bot_user_id(self, team_id: str) -> str | None:
        """Return the bot's user id, asked of `auth.test` once (None while Slack fails)."""
        if self._bot_user_id is None:
            try:
                self._bot_user_id = self._client.auth_test().get("user_id")
            except SlackApiError as exc:
                logger.warning("auth.test failed: %s", exc.response.get("error"))
        return self._bot_user_id


@dataclass(frozen=True)
class _Cached:
    bot: Bot | None
    until: float


class InstalledWorkspaces:
    """The workspaces that installed the app, read from `installations` and cached for
    `ttl` seconds per team; clients copy `template`'s base URL, timeout and retries."""

    def __init__(
        self, installations: SQLAlchemyInstallationStore, template: WebClient, *, ttl: float
    ) -> None:
        self.installations = installations
        self._template = template
        self._ttl = ttl
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def bot(self, team_id: str) -> Bot | None:
        """Return the workspace's installed bot (cached), or None when not installed."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(team_id)
        if cached is not None and cached.until > now:
            return cached.bot
        found = self.installations.find_bot(enterprise_id=None, team_id=team_id)
        if found is not None and not found.bot_token:
            found = None
        with self._lock:
            self._cache[team_id] = _Cached(found, now + self._ttl)
        return found

    def forget(self, team_id: str) -> None:
        """Drop what is cached of the workspace (it installed again, or uninstalled)."""
        with self._lock:
            self._cache.pop(team_id, None)

    def token(self, team_id: str) -> str | None:
        """Return the workspace's bot token, or None when not installed."""
        bot = self.bot(team_id)
        return bot.bot_token if bot is not None else None

    def client(self, team_id: str) -> WebClient | None:
        """Return a client carrying the workspace's bot token, or None when not installed."""
        token = self.token(team_id)
        if token is None:
            return None
        template = self._template
        return WebClient(
            token=token,
            base_url=template.base_url,
            timeout=template.timeout,
            team_id=team_id,
            logger=template.logger,
            retry_handlers=list(template.retry_handlers or []),
        )

    def bot_user_id(self, team_id: str) -> str | None:
        """Return the bot's user id in the workspace, as stored at install time."""
        bot = self.bot(team_id)
        return bot.bot_user_id if bot is not None else None


class WorkspaceAuthorize(Authorize):
    """Bolt's authorization of a request from an installed workspace: its bot token and
    ids from `workspaces` (cached), with no `auth.test` per request."""

    def __init__(self, workspaces: InstalledWorkspaces) -> None:
        self.workspaces = workspaces

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_: Any,
    ) -> AuthorizeResult | None:
        """Return the workspace's authorization, or None when the app is not installed
        there (Bolt then tells the person to reinstall)."""
        bot = self.workspaces.bot(team_id) if team_id else None
        if bot is None:
            logger.warning("a request from workspace %s, where the app is not installed", team_id)
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


def installed_workspaces(
    settings: Settings, engine: Engine, template: WebClient
) -> InstalledWorkspaces:
    """Return the workspaces that installed the app, from the project's database `engine`,
    their tokens decrypted with `ALIGNBOT_SECRET_KEY` (a `ConfigError` naming it when it is
    missing or wrong), their clients shaped like `template`."""
    cipher = token_cipher(settings)
    if not settings.slack_client_id:
        raise ConfigError(
            "SLACK_CLIENT_ID is not set; copy it from Basic Information > App Credentials."
        )
    installations = EncryptedInstallationStore(settings.slack_client_id, engine, cipher)
    return InstalledWorkspaces(installations, template, ttl=CACHE_SECONDS)
