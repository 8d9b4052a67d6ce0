"""Many workspaces from one deployment: the "Add to Slack" OAuth flow and uninstalling.

Bolt's OAuth flow serves `GET /slack/install` (the page with the "Add to Slack" button and
the scopes below) and `GET /slack/oauth_redirect` (exchanges the code with
`oauth.v2.access` at `SLACK_API_URL`, stores the installation with slack-sdk's SQLAlchemy
stores in the project's database, its tokens encrypted, and shows what to do next). The
pages' texts are data (`prompts/install.yaml`).

When a workspace uninstalls the app (`app_uninstalled`) or revokes its bot token
(`tokens_revoked`), `Installs.uninstalled` deletes the installation at once and schedules
the purge of the workspace's data after `UNINSTALL_GRACE_DAYS`; installing again before
then cancels the purge.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict
from slack_bolt.error import BoltError
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.slack.workspaces import InstalledWorkspaces
from prompts.data_files import load_yaml_model
from prompts.errors import AlignbotError, ConfigError

logger = logging.getLogger(__name__)

PAGES = Path(__file__).resolve().parents[2] / "prompts" / "install.yaml"
# The bot scopes of slack-manifest.yml (a test keeps the two the same).
BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "groups:history",
    "mpim:history",
    "im:history",
    "im:read",
    "im:write",
    "chat:write",
    "commands",
    "reactions:write",
    "users:read",
    "files:write",
    "channels:read",
    "groups:read",
)
STATE_SECONDS = 600


class _Page(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    heading: str
    lines: list[str]
    button: str | None = None


class InstallPages(BaseModel):
    """The texts of the install, success and failure pages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    install: _Page
    success: _Page
    failure: _Page


def load_install_pages(path: Path = PAGES) -> InstallPages:
    """Return the install pages' texts, validated; a `ConfigError` says what is wrong."""
    return load_yaml_model(path, InstallPages, ConfigError)


def render_page(
    pages: InstallPages, page: _Page, *, link: str | None = None, team: str = ""
) -> str:
    """Return one page as HTML, every text escaped; `link` is the button's target."""
    heading = html.escape(page.heading.replace("{team}", team or "your workspace"))
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in page.lines)
    button = ""
    if link and page.button:
        button = f'<p><a class="button" href="{html.escape(link, quote=True)}">'
        button += f"{html.escape(page.button)}</a></p>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(pages.title)}</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}"
        ".button{background:#4a154b;color:#fff;padding:.7em 1.2em;border-radius:4px;"
        "text-decoration:none}</style></head>"
        f"<body><h1>{heading}</h1>{lines}{button}</body></html>"
    )


class UninstallLedger(Protocol):
    """Where a workspace's uninstall and pending purge are kept (`bot.store.Store`)."""

    def mark_uninstalled(self, team_id: str, *, grace: timedelta) -> datetime:
        """Record the uninstall; when the data will be purged."""
        ...

    def mark_reinstalled(self, team_id: str) -> bool:
        """Cancel a pending purge; True when one was pending."""
        ...


class Installs:
    """A workspace installing and uninstalling the app: its installation's rows (through
    `workspaces`) and its data's purge date (in `ledger`)."""

    def __init__(
        self, workspaces: InstalledWorkspaces, ledger: UninstallLedger, *, grace: timedelta
    ) -> None:
        self.workspaces = workspaces
        self.ledger = ledger
        self.grace = grace

    def installed(self, team_id: str) -> None:
        """Note a new installation: a pending purge is cancelled, the cache refreshed."""
        self.workspaces.forget(team_id)
        if self.ledger.mark_reinstalled(team_id):
            logger.info("workspace %s installed the app again; its data is kept", team_id)

    def uninstalled(self, team_id: str, enterprise_id: str | None) -> None:
        """Delete the workspace's installation (its tokens) now, and schedule the purge of
        its data after the grace period."""
        self.workspaces.installations.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self.workspaces.forget(team_id)
        purge_at = self.ledger.mark_uninstalled(team_id, grace=self.grace)
        logger.warning(
            "workspace %s uninstalled the app; its data will be purged after %s",
            team_id,
            purge_at.isoformat(timespec="minutes"),
        )


class InstallFlow(OAuthFlow):
    """Bolt's OAuth flow with alignbot's own install page (`prompts/install.yaml`)."""

    def __init__(self, *, client: WebClient, settings: OAuthSettings, pages: InstallPages) -> None:
        super().__init__(client=client, logger=logger, settings=settings)
        self.pages = pages

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        """Return the "Add to Slack" page, its button linking to Slack's authorize `url`."""
        return render_page(self.pages, self.pages.install, link=url)

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        """Store the installation; a database failure becomes Bolt's storage error, so the
        admin gets the failure page (and may try again), not a bare 500."""
        try:
            super().store_installation(request, installation)
        except SQLAlchemyError as exc:
            logger.error("could not store an installation: %s", type(exc).__name__)
            raise BoltError("the installation could not be stored") from exc


def install_flow(
    settings: Settings,
    engine: Engine,
    installs: Installs,
    client: WebClient,
    *,
    pages: InstallPages | None = None,
) -> InstallFlow:
    """Return Bolt's OAuth flow: the client id and secret, the manifest's scopes,
    slack-sdk's SQLAlchemy installation and state stores on `engine`, `client` for
    `oauth.v2.access` (its base URL is `SLACK_API_URL`), and pages saying what to do next;
    a new installation cancels its workspace's pending purge."""
    texts = pages or load_install_pages()
    client_id = settings.slack_client_id
    secret = settings.slack_client_secret.get_secret_value() if settings.slack_client_secret else ""
    if not client_id or not secret:
        raise ConfigError(
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must both be set to serve many workspaces "
            "(Basic Information > App Credentials)."
        )

    def success(args: SuccessArgs) -> BoltResponse:
        team_id = args.installation.team_id or ""
        try:
            installs.installed(team_id)
        except AlignbotError as exc:  # the purge check runs again at the next install
            logger.warning("could not cancel the purge of workspace %s: %s", team_id, exc)
        logger.info("installed into workspace %s", team_id)
        page = render_page(texts, texts.success, team=args.installation.team_name or "")
        return BoltResponse(status=200, body=page, headers={"Content-Type": "text/html"})

    def failure(args: FailureArgs) -> BoltResponse:
        logger.warning("an installation failed: %s", args.reason)
        page = render_page(texts, texts.failure, link=args.settings.install_path)
        return BoltResponse(
            status=args.suggested_status_code, body=page, headers={"Content-Type": "text/html"}
        )

    oauth = OAuthSettings(
        client_id=client_id,
        client_secret=secret,
        scopes=list(BOT_SCOPES),
        installation_store=installs.workspaces.installations,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=logger
        ),
        callback_options=CallbackOptions(success=success, failure=failure),
        install_page_rendering_enabled=True,
    )
    return InstallFlow(client=client, settings=oauth, pages=texts)
