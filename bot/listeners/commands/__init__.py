"""Slash commands: `/align` and its subcommands (`align`), each subcommand's work in a module
of its own (`ask`, `interview`, `report`)."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.commands import align
from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Register every slash command."""
    align.register(app, deps)
