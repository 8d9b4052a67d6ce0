"""The buttons of a KPI nudge: "Snooze until tomorrow", "Stop these", and "Change" under
`/align nudges` (opens the preferences modal, `bot.listeners.views.nudge_preferences`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.render.nudges import EDIT_PREFERENCES, SNOOZE, STOP, build_preferences_view
from bot.slack.deps import SlackDeps
from bot.slack.failures import KPIS_NOT_AVAILABLE, guarded
from bot.slack.payloads import BlockAction, acknowledge

SNOOZED = "Snoozed: no more nudges today; they come back tomorrow."
STOPPED = "Stopped: no more KPI nudges. `/align nudges` turns them back on whenever you like."


def register(app: App, deps: SlackDeps) -> None:
    """Register the nudge buttons."""

    def snooze(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        actor = BlockAction.of(body).actor
        text = KPIS_NOT_AVAILABLE
        if deps.nudges is not None:
            deps.nudges.snooze(actor.team_id, actor.user_id)
            text = SNOOZED
        respond(response_type="ephemeral", replace_original=False, text=text)

    def stop(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        actor = BlockAction.of(body).actor
        text = KPIS_NOT_AVAILABLE
        if deps.nudges is not None:
            deps.nudges.stop(actor.team_id, actor.user_id)
            text = STOPPED
        respond(response_type="ephemeral", replace_original=False, text=text)

    def edit(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = BlockAction.of(body)
        if deps.nudges is None:
            respond(response_type="ephemeral", replace_original=False, text=KPIS_NOT_AVAILABLE)
            return
        prefs = deps.nudges.get(click.actor.team_id, click.actor.user_id)
        client.views_open(trigger_id=click.trigger_id, view=build_preferences_view(prefs))

    app.action(SNOOZE)(ack=acknowledge, lazy=[guarded(snooze)])
    app.action(STOP)(ack=acknowledge, lazy=[guarded(stop)])
    app.action(EDIT_PREFERENCES)(ack=acknowledge, lazy=[guarded(edit)])
