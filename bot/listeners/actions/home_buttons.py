"""The Home tab's buttons: "Start" / "Resume" (the interview continues in the Messages tab),
"Show report" (the latest report posted there), the select that sets how often a
re-assessment is offered, and the team pulse's "See results" (posted there, with the chart)
and "Close now" (closes it, posts its results, updates the Home)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.history.cadence import parse_cadence
from bot.listeners.commands.team import send_team_chart
from bot.render.blocks import paginate
from bot.render.history import PICK_CADENCE
from bot.render.home import RESUME_INTERVIEW, SHOW_REPORT
from bot.render.pulse import (
    HOME_CLOSE_PULSE,
    HOME_TEAM_RESULTS,
    build_pulse_results_blocks,
    pulse_results_text,
)
from bot.render.report import build_report_blocks, parse_report_ref, report_fallback_text
from bot.slack.deps import SlackDeps, TeamPulses
from bot.slack.failures import INTERVIEW_NOT_AVAILABLE, REPORTS_NOT_AVAILABLE, guarded_anywhere
from bot.slack.home import dm_channel, refresh_home
from bot.slack.interview_chat import InterviewChat, start_in_dm
from bot.slack.payloads import Actor, BlockAction, acknowledge
from bot.team.errors import TeamError
from bot.team.pulses import PulseResults


def register(app: App, deps: SlackDeps) -> None:
    """Register the Home tab's buttons."""

    def start_interview(body: dict[str, Any], client: WebClient) -> None:
        actor = BlockAction.of(body).actor
        chat = InterviewChat.of(deps, client, actor)
        if chat is None:
            client.chat_postMessage(
                channel=dm_channel(client, actor.user_id), text=INTERVIEW_NOT_AVAILABLE
            )
            return
        start_in_dm(chat)
        refresh_home(client, deps.kpis, actor, deps.nudges, deps.team)

    def show_report(body: dict[str, Any], client: WebClient) -> None:
        click = BlockAction.of(body)
        evaluation_id = parse_report_ref(click.value or "")
        if deps.reports is None or evaluation_id is None:
            return
        actor = click.actor
        report = deps.reports.report_for(actor.team_id, actor.user_id, evaluation_id)
        text = report_fallback_text(report)
        channel = dm_channel(client, actor.user_id)
        for page in paginate(build_report_blocks(report)):
            client.chat_postMessage(channel=channel, text=text, blocks=page)

    def pick_cadence(body: dict[str, Any], client: WebClient) -> None:
        click = BlockAction.of(body)
        cadence = parse_cadence(click.value or "")
        if deps.history is None or cadence is None:
            return
        deps.history.set_cadence(click.actor.team_id, click.actor.user_id, cadence)
        refresh_home(client, deps.kpis, click.actor, deps.nudges, deps.team)

    def team_results(body: dict[str, Any], client: WebClient) -> None:
        actor = BlockAction.of(body).actor
        _post_team_results(client, actor, lambda: _team(deps).results(actor.team_id, actor.user_id))

    def close_pulse(body: dict[str, Any], client: WebClient) -> None:
        actor = BlockAction.of(body).actor
        _post_team_results(client, actor, lambda: _team(deps).close(actor.team_id, actor.user_id))
        refresh_home(client, deps.kpis, actor, deps.nudges, deps.team)

    app.action(RESUME_INTERVIEW)(ack=acknowledge, lazy=[guarded_anywhere(start_interview)])
    app.action(PICK_CADENCE)(ack=acknowledge, lazy=[guarded_anywhere(pick_cadence)])
    app.action(SHOW_REPORT)(ack=acknowledge, lazy=[guarded_anywhere(show_report)])
    app.action(HOME_TEAM_RESULTS)(ack=acknowledge, lazy=[guarded_anywhere(team_results)])
    app.action(HOME_CLOSE_PULSE)(ack=acknowledge, lazy=[guarded_anywhere(close_pulse)])


def _team(deps: SlackDeps) -> TeamPulses:
    if deps.team is None:
        raise TeamError(REPORTS_NOT_AVAILABLE)
    return deps.team


def _post_team_results(
    client: WebClient, actor: Actor, results_of: Callable[[], PulseResults]
) -> None:
    """Post what the owner may see of their pulse in their DM (a click on the Home has no
    message to answer under), with the chart; or why not."""
    channel = dm_channel(client, actor.user_id)
    try:
        results = results_of()
    except TeamError as exc:
        client.chat_postMessage(channel=channel, text=str(exc))
        return
    text = pulse_results_text(results)
    for page in paginate(build_pulse_results_blocks(results)):
        client.chat_postMessage(channel=channel, text=text, blocks=page)
    send_team_chart(client, actor.user_id, results)
