"""`alignbot chat` (the terminal conversation) and `alignbot run` (what `make run` starts:
the index brought up to date, then Slack when `SLACK_BOT_TOKEN` is set, else the chat)."""

from __future__ import annotations

import typer

from bot.settings import load_settings


def chat() -> None:
    """Talk to alignbot in the terminal (works with piped input too)."""
    from bot.cli.progress import tqdm_progress
    from bot.services import build_services
    from bot.terminal import TerminalChat

    services = build_services(load_settings(), progress=tqdm_progress)
    raise typer.Exit(TerminalChat.of(services).run())


def run() -> None:
    """Update the index (instant when unchanged), then serve Slack or chat in the terminal.

    Slack when SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) is set; the
    terminal chat otherwise."""
    from bot.cli.progress import tqdm_progress
    from bot.services import build_services
    from bot.terminal import TerminalChat
    from knowledge.base import KnowledgeBase

    settings = load_settings()
    if settings.slack_enabled or settings.many_workspaces:
        from bot.cli.serve import check_slack_settings

        check_slack_settings(settings)  # a missing secret fails now, not after indexing
    report = KnowledgeBase.from_settings(settings).index(progress=tqdm_progress)
    if report.chunks_embedded or report.chunks_deleted:
        typer.echo(f"alignbot: index updated: {report.summary()}", err=True)
    if settings.slack_enabled or settings.many_workspaces:
        from bot.cli.serve import run_slack

        run_slack(settings)
        return
    services = build_services(settings, progress=tqdm_progress)
    raise typer.Exit(TerminalChat.of(services).run())


def register(app: typer.Typer) -> None:
    """Add `chat` and `run` to the CLI."""
    app.command("chat")(chat)
    app.command("run")(run)
