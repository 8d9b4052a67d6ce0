""" "Set values" / "Log a value" on a KPI (in a KPI confirmation or on the Home tab): opens the
values modal (`bot.listeners.views.kpi_values`) filled in with what is stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.render.kpis import LOG_VALUE, SET_KPI_VALUES, build_kpi_values_view, parse_kpi_ref
from bot.render.nudges import build_log_value_view
from bot.slack.deps import SlackDeps
from bot.slack.failures import guarded_anywhere
from bot.slack.payloads import BlockAction, acknowledge


def register(app: App, deps: SlackDeps) -> None:
    """Register "Set values" and "Log value"."""

    def open_values(body: dict[str, Any], client: WebClient) -> None:
        click = BlockAction.of(body)
        kpi_id = parse_kpi_ref(click.value or "")
        if deps.kpis is None or kpi_id is None:
            return
        kpi = deps.kpis.kpi_of(click.actor.team_id, click.actor.user_id, kpi_id)
        view = build_kpi_values_view(kpi, today=date.today())
        client.views_open(trigger_id=click.trigger_id, view=view)

    def open_log(body: dict[str, Any], client: WebClient) -> None:
        click = BlockAction.of(body)
        kpi_id = parse_kpi_ref(click.value or "")
        if deps.kpis is None or deps.nudges is None or kpi_id is None:
            return
        team, user = click.actor.team_id, click.actor.user_id
        deps.kpis.kpi_of(team, user, kpi_id)  # refuses another person's KPI
        tracked = next(t for t in deps.kpis.tracked(team, user) if t.kpi.id == kpi_id)
        view = build_log_value_view(tracked, today=deps.nudges.today(team, user))
        client.views_open(trigger_id=click.trigger_id, view=view)

    app.action(SET_KPI_VALUES)(ack=acknowledge, lazy=[guarded_anywhere(open_values)])
    app.action(LOG_VALUE)(ack=acknowledge, lazy=[guarded_anywhere(open_log)])
