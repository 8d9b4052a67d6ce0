"""The Slack app: a Bolt `App` wired to the services, with a retrying Web API client, a
global error handler, and every surface's listeners."""

from __future__ import annotations

import logging
import os
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot import listeners
from bot.metrics import QueueMeasuringExecutor, SlackErrorCounter
from bot.settings import Settings
from bot.slack.deps import SlackDeps
from bot.slack.failures import handle_error
from bot.slack.install import InstallFlow
from bot.slack.jobs import retry_after_seconds
from bot.slack.redaction import install_token_redaction
from bot.slack.workspaces import InstalledWorkspaces, OneWorkspace, WorkspaceAuthorize, Workspaces
from prompts.errors import ConfigError

logger = logging.getLogger(__name__)

# Lazy listeners (answers) run here. Answering is mostly CPU (the embedding model), so one
# thread per core, plus one to overlap the calls to Slack's API, keeps the cores busy;
# more threads only queue on the GIL, which the uvicorn loop acknowledging requests needs.
LISTENER_THREADS = (os.cpu_count() or 2) + 1
# The longest Retry-After a listener thread may sleep through (see BriefRateLimitRetryHandler).
MAX_INLINE_WAIT = 1.0


class BriefRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Retries a 429 in place only when Slack asks to wait at most `MAX_INLINE_WAIT`
    seconds. A longer Retry-After would hold one of the few listener threads (everyone's
    answers and clicks wait behind it), so the error goes to the caller instead: an
    answer's job runs again later (`bot.slack.delivery`), other work tells the person."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after_seconds(response.headers) <= MAX_INLINE_WAIT


@dataclass(frozen=True)
class ManyWorkspaces:
    """What serving many workspaces adds to the app: the installed workspaces (their
    tokens) and Bolt's OAuth flow that installs the app into more."""

    workspaces: InstalledWorkspaces
    flow: InstallFlow


def build_web_client(settings: Settings, *, token_required: bool = True) -> WebClient:
    """Return the bot's Web API client: the bot token (none when serving many workspaces:
    each request's client gets its workspace's), `SLACK_API_URL` as base URL when set,
    retries on rate limits (honouring Retry-After) and on connection errors, and every error
    Slack returns counted for `/metrics`."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if token_required and not token:
        raise ConfigError("SLACK_BOT_TOKEN is not set; copy the bot token (xoxb-…) into .env.")
    base_url = settings.slack_api_url or WebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=token or None,
        base_url=base_url,
        timeout=settings.slack_api_timeout,
        retry_handlers=[
            SlackErrorCounter(),
            ConnectionErrorRetryHandler(max_retry_count=2),
            BriefRateLimitRetryHandler(max_retry_count=2),
        ],
    )


def build_app(
    settings: Settings,
    deps: SlackDeps,
    *,
    client: WebClient | None = None,
    listener_executor: Executor | None = None,
    many: ManyWorkspaces | None = None,
) -> App:
    """Return the Bolt app whose listeners call `deps` (`slack_deps(services)` in
    production). With one workspace (`SLACK_BOT_TOKEN`) it checks the token with
    `auth.test` at once, so a wrong token fails at start, not at the first message; with
    `many`, each request is authorized with its workspace's installation."""
    install_token_redaction()
    client = client or build_web_client(settings, token_required=many is None)
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    executor = listener_executor or QueueMeasuringExecutor(
        max_workers=LISTENER_THREADS, thread_name_prefix="alignbot-slack"
    )
    try:
        app = App(
            name="alignbot",
            client=client,
            signing_secret=secret,
            # HTTP and Socket Mode requests are verified at the edge (bot/slack_http.py) or
            # need no signature; the ack runs inline, slow work in lazy listeners.
            request_verification_enabled=bool(secret),
            process_before_response=True,
            listener_executor=executor,
            oauth_flow=many.flow if many else None,
            # Bolt takes an `Authorize` instance here; its annotation names only functions.
            authorize=WorkspaceAuthorize(many.workspaces) if many else None,  # type: ignore[arg-type]
        )
    except (BoltError, OSError) as exc:
        raise ConfigError(
            f"Slack rejected SLACK_BOT_TOKEN or could not be reached at {client.base_url} ({exc})."
        ) from exc
    app.error(handle_error)
    workspaces: Workspaces = many.workspaces if many else OneWorkspace(client)
    deps.jobs.bind(workspaces, executor)
    listeners.register(app, deps)
    return app
