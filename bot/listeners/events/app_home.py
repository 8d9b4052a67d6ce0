"""`app_home_opened`: the Home tab shows the person's dashboard (the Messages tab needs
nothing)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.failures import guarded
from bot.slack.home import publish_home
from bot.slack.payloads import Actor, HomeOpened, acknowledge


def register(app: App, deps: SlackDeps) -> None:
    """Register the Home tab's publisher."""

    def opened(body: dict[str, Any], client: WebClient) -> None:
        event = HomeOpened.of(body)
        if event.tab == "home" and event.user_id:
            actor = Actor(event.team_id, event.user_id)
            publish_home(client, deps.kpis, actor, deps.nudges, deps.team)

    app.event("app_home_opened")(ack=acknowledge, lazy=[guarded(opened)])
