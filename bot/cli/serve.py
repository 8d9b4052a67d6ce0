"""`alignbot serve`: run the bot in Slack.

Socket Mode when `SLACK_APP_TOKEN` is set (no public URL needed: the default for a small
business); otherwise HTTP on `PORT`, with events, interactivity and slash commands all at
`POST /slack/events`, served by uvicorn. The embedding model and the index are loaded before
the bot connects or listens, so the first question is answered as fast as the hundredth.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings, load_settings
from bot.slack.app import LISTENER_THREADS, ManyWorkspaces, build_app
from bot.slack.http import HealthProbe, build_asgi_app
from bot.slack.jobs import Jobs
from bot.slack.redaction import install_token_redaction
from prompts.errors import AlignbotError, ConfigError

if TYPE_CHECKING:
    from bot.slack.install import Installs
    from bot.store import Store

logger = logging.getLogger(__name__)

GIL_SWITCH_INTERVAL = 0.001
EVENT_MEMORY = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=6)
PURGE_EVERY = timedelta(hours=1)


def check_slack_settings(settings: Settings) -> None:
    """Raise a `ConfigError` naming the variable when the Slack settings cannot work: no bot
    token, a token of the wrong kind, or HTTP mode without the signing secret; serving many
    workspaces, no signing secret, Socket Mode, or no valid `ALIGNBOT_SECRET_KEY`."""
    if settings.many_workspaces:
        _check_many_workspaces(settings)
        return
    bot_token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    if not bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is not set; copy the bot token (xoxb-…) into .env.")
    if not bot_token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN must be the bot token, which starts with xoxb- "
            "(OAuth & Permissions in your Slack app's settings)."
        )
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN must be an app-level token, which starts with xapp- "
            "(Basic Information > App-Level Tokens, scope connections:write)."
        )
    secret = settings.slack_signing_secret
    if not app_token and (secret is None or not secret.get_secret_value()):
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests from Slack "
            "(Basic Information > Signing Secret). Or set SLACK_APP_TOKEN to use Socket Mode."
        )


def _check_many_workspaces(settings: Settings) -> None:
    from bot.slack.workspaces import token_cipher

    secret = settings.slack_signing_secret
    if secret is None or not secret.get_secret_value():
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set; serving many workspaces runs in HTTP mode, which "
            "needs it to verify requests from Slack (Basic Information > Signing Secret)."
        )
    if settings.slack_app_token is not None and settings.slack_app_token.get_secret_value():
        raise ConfigError(
            "SLACK_APP_TOKEN is set, but serving many workspaces (SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET) runs over HTTP only; unset SLACK_APP_TOKEN."
        )
    token_cipher(settings)


def tune_for_concurrent_questions() -> None:
    """Tune the process for answering many questions at once. Each question's inference runs
    on one thread: torch's default of one intra-op thread per core made concurrent queries
    fight over the cores (on a busy 2-core machine a 10 ms query took 300-700 ms). And the
    GIL is handed over every 1 ms instead of 5, so the event loop acknowledging Slack gets
    it back sooner from the threads computing answers."""
    import torch

    torch.set_num_threads(1)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)


def every_so_often(name: str, every: timedelta, work: Callable[[], None]) -> threading.Event:
    """Run `work` now and then every `every` in a daemon thread named `name`, until the
    returned event is set; a store failure is logged and the next round tries again."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                work()
            except AlignbotError as exc:
                logger.warning("%s failed: %s", name, exc)
            if stop.wait(every.total_seconds()):
                return

    threading.Thread(target=loop, name=name, daemon=True).start()
    return stop


def forget_old_events(store: Store, *, every: timedelta = PRUNE_EVERY) -> threading.Event:
    """Drop claimed event ids older than `EVENT_MEMORY` now and then every `every`, in a
    daemon thread, until the returned event is set; Slack retries within minutes, so a
    day's memory is plenty."""

    def prune() -> None:
        removed = store.prune_events(datetime.now(UTC) - EVENT_MEMORY)
        answered = store.prune_jobs(datetime.now(UTC) - EVENT_MEMORY)
        logger.info("forgot %d processed Slack event ids, %d answered jobs", removed, answered)

    return every_so_often("alignbot-prune-events", every, prune)


def build_slack_app(settings: Settings) -> tuple[App, dict[str, HealthProbe], Jobs]:
    """Return the Slack app over the real services and store, the health probes of the index
    and the store, and its durable work (kept in the store, not yet resuming); loads the
    embedding model and the index (building it if missing) before returning, and starts
    the background work of the process: forgetting old event ids, and the KPI nudge
    scheduler (its own thread, so it never holds up an ack)."""
    from bot.nudges import build_scheduler
    from bot.services import build_services
    from bot.slack.deps import slack_deps

    services = build_services(settings)
    health: dict[str, HealthProbe] = {"index": services.knowledge.ping}
    jobs = Jobs(
        services.store,
        lease=timedelta(seconds=settings.job_lease_seconds),
        max_wait=timedelta(seconds=settings.rate_limit_max_wait_seconds),
    )
    if settings.many_workspaces and services.store is not None:
        many, installs = many_workspaces(settings, services.store)
        app = build_app(settings, slack_deps(services, jobs, installs), many=many)
        purge_uninstalled(services.store)
        build_scheduler(settings, services.store, tokens=many.workspaces).start()
    else:
        app = build_app(settings, slack_deps(services, jobs))
        if services.store is not None:
            build_scheduler(settings, services.store).start()
    if services.store is not None:
        forget_old_events(services.store)
        health["store"] = services.store.ping
    return app, health, jobs


def many_workspaces(settings: Settings, store: Store) -> tuple[ManyWorkspaces, Installs]:
    """Return what serving many workspaces adds to the app (the installed workspaces and
    the OAuth flow, on the store's database) and the service that handles uninstalls."""
    from bot.slack.app import build_web_client
    from bot.slack.install import Installs, install_flow
    from bot.slack.workspaces import installed_workspaces

    template = build_web_client(settings, token_required=False)
    workspaces = installed_workspaces(settings, store.engine, template)
    installs = Installs(workspaces, store, grace=timedelta(days=settings.uninstall_grace_days))
    flow = install_flow(settings, store.engine, installs, template)
    return ManyWorkspaces(workspaces, flow), installs


def purge_uninstalled(store: Store, *, every: timedelta = PURGE_EVERY) -> threading.Event:
    """Purge the data of workspaces whose grace period after uninstalling is over, now and
    then every `every`, in a daemon thread, until the returned event is set."""

    def purge() -> None:
        for team_id in store.purge_due():
            logger.warning("purged the data of workspace %s (uninstalled)", team_id)

    return every_so_often("alignbot-purge", every, purge)


class DrainingServer(uvicorn.Server):
    """uvicorn's server, noting when it was told to stop, so the drain that follows keeps
    to `SHUTDOWN_DRAIN_SECONDS` counted from the signal."""

    stop_requested_at: float | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Note the time of the first stop signal, then stop as uvicorn does; but a SIGTERM
        is not raised again once uvicorn has stopped (its default action would kill the
        process before the drain), so the process exits normally after draining."""
        if self.stop_requested_at is None:
            self.stop_requested_at = time.monotonic()
        super().handle_exit(sig, frame)
        if sig == signal.SIGTERM:
            self._captured_signals.remove(sig)


def drain_and_exit(jobs: Jobs, settings: Settings, since: float | None) -> None:
    """Let answers in progress finish until `SHUTDOWN_DRAIN_SECONDS` after `since` (the stop
    signal), hand the rest back to the next process, and exit at once if some Slack call is
    still hanging (its thread would hold the interpreter's exit)."""
    elapsed = 0.0 if since is None else time.monotonic() - since
    if not jobs.drain(max(0.0, settings.shutdown_drain_seconds - elapsed)):
        logging.shutdown()
        sys.stderr.flush()
        os._exit(0)


def start_socket_mode(app: App, settings: Settings) -> SocketModeHandler:
    """Connect `app` to Slack over Socket Mode and return the handler (not blocking)."""
    assert settings.slack_app_token is not None
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    handler.connect()  # type: ignore[no-untyped-call]  # Bolt leaves it unannotated
    return handler


def build_http_server(
    app: App,
    settings: Settings,
    *,
    health: dict[str, HealthProbe] | None = None,
    jobs: Jobs | None = None,
) -> DrainingServer:
    """Return the uvicorn server for HTTP mode (not started), listening on `HOST`; questions
    are recorded in `jobs` as they are acknowledged."""
    assert settings.slack_signing_secret is not None
    secret = settings.slack_signing_secret.get_secret_value()
    asgi = build_asgi_app(
        app,
        signing_secret=secret,
        health=health,
        health_timeout=settings.health_timeout_seconds,
        jobs=jobs,
    )
    config = uvicorn.Config(
        asgi,
        host=settings.host,
        port=settings.port,
        log_config=None,
        lifespan="off",
        proxy_headers=True,
        timeout_graceful_shutdown=max(1, int(settings.shutdown_drain_seconds)),
    )
    return DrainingServer(config)


def run_slack(settings: Settings) -> None:
    """Serve Slack until interrupted: Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP."""
    check_slack_settings(settings)
    install_token_redaction()
    logging.getLogger().setLevel((settings.log_level or "INFO").upper())
    typer.echo("alignbot: loading the knowledge base…", err=True)
    tune_for_concurrent_questions()
    app, health, jobs = build_slack_app(settings)
    jobs.start(capacity=LISTENER_THREADS)
    if settings.slack_app_token is not None and settings.slack_app_token.get_secret_value():
        handler = start_socket_mode(app, settings)
        typer.echo("alignbot: connected to Slack over Socket Mode. Ctrl+C stops.", err=True)
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        try:
            stopped.wait()
        finally:
            handler.close()  # type: ignore[no-untyped-call]
            drain_and_exit(jobs, settings, time.monotonic())
        return
    base = f"http://{settings.host}:{settings.port}"
    typer.echo(f"alignbot: serving Slack over HTTP at {base}/slack/events", err=True)
    if settings.many_workspaces:
        typer.echo(f"alignbot: Add to Slack at {base}/slack/install", err=True)
    server = build_http_server(app, settings, health=health, jobs=jobs)
    try:
        server.run()
    finally:
        drain_and_exit(jobs, settings, server.stop_requested_at)


def serve() -> None:
    """Serve alignbot in Slack: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT."""
    run_slack(load_settings())


def purge(
    team: Annotated[str, typer.Option("--team", help="The workspace's team id (T…).")],
) -> None:
    """Delete everything a workspace has in the store now (its interviews, reports, KPIs,
    nudges and installation), without waiting for the grace period after an uninstall."""
    from bot.store import open_store

    if not re.fullmatch(r"[TE][A-Z0-9]{2,31}", team):
        raise ConfigError(f"--team must be a Slack team id like T0123ABCD (got {team!r})")
    store = open_store(load_settings())
    try:
        removed = store.purge_team(team)
    finally:
        store.close()
    typer.echo(f"alignbot: purged workspace {team} ({removed} rows).", err=True)


def secret_key() -> None:
    """Print a new key for ALIGNBOT_SECRET_KEY (encrypts installed workspaces' tokens)."""
    from bot.slack.workspaces import new_secret_key

    typer.echo(new_secret_key())


def register(app: typer.Typer) -> None:
    """Add `serve`, `purge` and `secret-key` to the CLI."""
    app.command("serve")(serve)
    app.command("purge")(purge)
    app.command("secret-key")(secret_key)
