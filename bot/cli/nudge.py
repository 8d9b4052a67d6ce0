"""`alignbot nudge --once`: one nudge pass, then exit (for cron-style deployments). Reads the
same settings as `serve` (SLACK_BOT_TOKEN, or the installed workspaces' tokens when serving
many; SLACK_API_URL, DATABASE_URL, ALIGNBOT_DATA_DIR);
`--now` runs the pass as if at that instant."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Annotated

import typer

from prompts.errors import ConfigError

NOW_HELP = (
    "Run the pass as if at this instant (ISO 8601 with an offset, e.g. 2027-01-04T09:05:00-05:00)."
)


def parse_instant(text: str) -> datetime:
    """Return the aware instant `text` names; `ConfigError` with an example otherwise."""
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ConfigError(
            "--now must be an instant with its offset, like 2027-01-04T09:05:00-05:00 "
            f"(got {text!r})"
        )
    return instant.astimezone(UTC)


def nudge(
    once: Annotated[bool, typer.Option("--once", help="Run one pass and exit.")] = False,
    now: Annotated[str | None, typer.Option("--now", help=NOW_HELP)] = None,
) -> None:
    """Send the KPI nudges and reminders that are due, once (`--once`)."""
    from bot.nudges.scheduler import run_pass
    from bot.nudges.slack import everywhere, installed_slacks, nudge_slack
    from bot.settings import load_settings
    from bot.slack.app import build_web_client
    from bot.slack.redaction import install_token_redaction
    from bot.slack.workspaces import installed_workspaces
    from bot.store import open_store

    if not once:
        raise ConfigError(
            "alignbot nudge runs one pass with --once; `alignbot serve` runs the scheduler."
        )
    instant = parse_instant(now) if now else None
    settings = load_settings()
    one = None if settings.many_workspaces else nudge_slack(settings)
    install_token_redaction()
    # One clock for the pass and the store: claims and their leases live at `--now` too.
    clock = (lambda: instant) if instant else (lambda: datetime.now(UTC))
    store = open_store(settings, clock=clock)
    try:
        if one is not None:
            slack_for = everywhere(one)
        else:
            template = build_web_client(settings, token_required=False)
            workspaces = installed_workspaces(settings, store.engine, template)
            slack_for = installed_slacks(workspaces, settings.slack_api_url)
        report = run_pass(store, slack_for, clock)
    finally:
        store.close()
    sent = Counter(kind for _team, _user, kind in report.sent)
    typer.echo(
        f"alignbot: nudge pass: sent {sent['nudge']} nudges, {sent['reminder']} reminders, "
        f"{sent['digest']} digests; {len(report.recovered)} found already sent, "
        f"{report.held_elsewhere} held by another process, {len(report.retry_later)} to retry, "
        f"{len(report.failed)} failed, {len(report.left)} left the workspace.",
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add `nudge` to the CLI."""
    app.command("nudge")(nudge)
