"""Slack listeners, one package per kind of Slack input, in Slack's own vocabulary:
`commands` (/align), `events` (mentions, DMs, the App Home opening), `actions` (clicks) and
`views` (modal submissions); each package has one module per surface and a `register`.

Listeners only read the payload (through `bot.slack.payloads`), acknowledge, call a service
(`bot.slack.deps`) and send what `bot.render` returns; slow work runs in Bolt lazy listeners
after the ack. Slack I/O they share (the interview's messages, the Home tab, the failure
guards) lives in `bot.slack`.
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, views
from bot.slack.deps import SlackDeps

PACKAGES = (events, commands, actions, views)


def register(app: App, deps: SlackDeps) -> None:
    """Register every surface's listeners on `app`."""
    for package in PACKAGES:
        package.register(app, deps)
