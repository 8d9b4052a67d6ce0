"""The buttons under a report: "Share to channel" (opens the share modal, see
`bot.listeners.views.share_report`), "Details" (the rest of the report in a modal, with
"Previous" / "Next" between its pages; "All findings" on reports sent before it opens the
same) and "Track these KPIs" (the report's KPI plan tracked, confirmed ephemerally, the
Home refreshed).

Only the person a report belongs to can use it: every button reads the report through the
services with the team and user Slack says clicked, never with ids that could stand for
someone else.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.kpis import build_tracked_blocks, tracked_fallback_text
from bot.render.report import (
    ALL_FINDINGS,
    DETAILS,
    DETAILS_PAGE,
    SHARE_REPORT,
    TRACK_KPIS,
    build_details_view,
    build_share_view,
    parse_details_ref,
    parse_report_ref,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import KPIS_NOT_AVAILABLE, guarded
from bot.slack.home import refresh_home
from bot.slack.payloads import BlockAction, acknowledge


def turn_page(client: WebClient, click: BlockAction, view: dict[str, object]) -> None:
    """Show `view` in place of the modal `click` came from, unless that modal changed since
    it was shown: a double click on "Next" turns one page, not two, and the click that lost
    the race says nothing (the page it wanted to leave is already gone)."""
    try:
        client.views_update(view_id=click.view_id, hash=click.view_hash or None, view=view)
    except SlackApiError as exc:
        if exc.response.get("error") != "hash_conflict":
            raise


def register(app: App, deps: SlackDeps) -> None:
    """Register the report's buttons."""

    def open_share_modal(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = BlockAction.of(body)
        evaluation_id = parse_report_ref(click.value or "")
        if evaluation_id is not None:
            view = build_share_view(evaluation_id, origin_channel=click.channel_id)
            client.views_open(trigger_id=click.trigger_id, view=view)

    def open_details(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = BlockAction.of(body)
        ref = parse_details_ref(click.value or "")
        if ref is None or deps.reports is None:
            return
        actor = click.actor
        report = deps.reports.report_for(actor.team_id, actor.user_id, ref[0])
        view = build_details_view(report, ref[1])
        if click.view_id:  # "Previous" / "Next" inside the modal: turn its page
            turn_page(client, click, view)
        else:
            client.views_open(trigger_id=click.trigger_id, view=view)

    def track(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = BlockAction.of(body)
        if deps.kpis is None:
            respond(response_type="ephemeral", replace_original=False, text=KPIS_NOT_AVAILABLE)
            return
        evaluation_id = parse_report_ref(click.value or "")
        if evaluation_id is None:
            return
        kpis = deps.kpis.track(click.actor.team_id, click.actor.user_id, evaluation_id)
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=tracked_fallback_text(kpis),
            blocks=build_tracked_blocks(kpis),
        )
        refresh_home(client, deps.kpis, click.actor, deps.nudges, deps.team)

    app.action(SHARE_REPORT)(ack=acknowledge, lazy=[guarded(open_share_modal)])
    for action_id in (DETAILS, ALL_FINDINGS, DETAILS_PAGE):
        app.action(action_id)(ack=acknowledge, lazy=[guarded(open_details)])
    app.action(TRACK_KPIS)(ack=acknowledge, lazy=[guarded(track)])
