"""The buttons under the owner's team pulse results: "Close now" closes the pulse (the
answers not given are set aside) and shows the final results in place; "Share to channel"
opens the form that picks the channel (`bot.listeners.views.team_pulse`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.render.pulse import (
    CLOSE_PULSE,
    SHARE_PULSE,
    build_pulse_results_blocks,
    build_share_pulse_view,
    pulse_results_text,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import REPORTS_NOT_AVAILABLE, guarded
from bot.slack.home import refresh_home
from bot.slack.payloads import BlockAction, acknowledge
from bot.team.errors import TeamError


def register(app: App, deps: SlackDeps) -> None:
    """Register "Close now" and "Share to channel"."""

    def close_now(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        actor = BlockAction.of(body).actor
        if deps.team is None:
            respond(response_type="ephemeral", replace_original=False, text=REPORTS_NOT_AVAILABLE)
            return
        try:
            results = deps.team.close(actor.team_id, actor.user_id)
        except TeamError as exc:
            respond(response_type="ephemeral", replace_original=False, text=str(exc))
            return
        text = pulse_results_text(results)
        respond(replace_original=True, text=text, blocks=build_pulse_results_blocks(results))
        refresh_home(client, deps.kpis, actor, deps.nudges, deps.team)

    def open_share(body: dict[str, Any], client: WebClient) -> None:
        client.views_open(trigger_id=BlockAction.of(body).trigger_id, view=build_share_pulse_view())

    app.action(CLOSE_PULSE)(ack=acknowledge, lazy=[guarded(close_now)])
    app.action(SHARE_PULSE)(ack=acknowledge, lazy=[guarded(open_share)])
