"""The Home tab's buttons: "Start" / "Resume" (the interview continues in the Messages tab),
"Show report" (the latest report posted there), and the select that sets how often a
re-assessment is offered."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.history.cadence import parse_cadence
from bot.render.blocks import paginate
from bot.render.history import PICK_CADENCE
from bot.render.home import RESUME_INTERVIEW, SHOW_REPORT
from bot.render.report import build_report_blocks, parse_report_ref, report_fallback_text
from bot.slack.deps import SlackDeps
from bot.slack.failures import INTERVIEW_NOT_AVAILABLE, guarded_anywhere
from bot.slack.home import dm_channel, refresh_home
from bot.slack.interview_chat import InterviewChat, start_in_dm
from bot.slack.payloads import BlockAction, acknowledge


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
        refresh_home(client, deps.kpis, actor, deps.nudges)

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
        refresh_home(client, deps.kpis, click.actor, deps.nudges)

    app.action(RESUME_INTERVIEW)(ack=acknowledge, lazy=[guarded_anywhere(start_interview)])
    app.action(PICK_CADENCE)(ack=acknowledge, lazy=[guarded_anywhere(pick_cadence)])
    app.action(SHOW_REPORT)(ack=acknowledge, lazy=[guarded_anywhere(show_report)])
