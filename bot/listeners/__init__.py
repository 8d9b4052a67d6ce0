"""Slack listeners, one module per surface, each exposing `register(app, deps)`.

Listeners only parse the payload, acknowledge, call the advisor and send what `bot.render`
returns; slow work runs in Bolt lazy listeners after the ack.
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, home, interview, kpis, report
from bot.listeners.deps import SlackDeps

MODULES = (events, commands, actions, home, interview, report, kpis)


def register(app: App, deps: SlackDeps) -> None:
    """Register every surface's listeners on `app`."""
    for module in MODULES:
        module.register(app, deps)
