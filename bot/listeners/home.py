"""The App Home tab: published when a user opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.listeners.deps import SlackDeps
from bot.listeners.failures import guarded
from bot.render.home import build_home_view


def acknowledge(ack: Ack) -> None:
    """Acknowledge the event at once; the view is published by the lazy listener."""
    ack()


def register(app: App, deps: SlackDeps) -> None:
    """Register `app_home_opened` for the Home tab (the Messages tab needs nothing)."""

    def publish_home(body: dict[str, Any], client: WebClient) -> None:
        event = body.get("event") or {}
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        client.views_publish(user_id=event["user"], view=build_home_view())

    app.event("app_home_opened")(ack=acknowledge, lazy=[guarded(publish_home)])
