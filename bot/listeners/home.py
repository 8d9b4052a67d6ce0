"""The App Home tab: the person's dashboard, published when they open it (`app_home_opened`)
and again, best effort, when something on it changes (`refresh_home`). Its buttons start or
resume the interview in the Messages tab, and post the latest report there."""

from __future__ import annotations

import functools
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.deps import ReportAdvisor, SlackDeps
from bot.listeners.failures import Listener, guarded, log_failure, user_message
from bot.listeners.interview_chat import NOT_AVAILABLE, start_in_dm
from bot.render.blocks import paginate
from bot.render.home import RESUME_INTERVIEW, SHOW_REPORT, build_dashboard_blocks, build_home_view
from bot.render.report import build_report_blocks, parse_report_ref, report_fallback_text

logger = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    """Acknowledge at once; the work is done by the lazy listener."""
    ack()


def home_view(reports: ReportAdvisor | None, team_id: str, user_id: str) -> dict[str, object]:
    """Return the person's Home view: their dashboard when the advisor keeps reports, else
    only what alignbot can do."""
    if reports is None or not team_id:
        return build_home_view()
    return build_home_view(dashboard=build_dashboard_blocks(reports.dashboard(team_id, user_id)))


def publish_home(
    client: WebClient, reports: ReportAdvisor | None, team_id: str, user_id: str
) -> None:
    """Publish the person's Home tab as it stands now."""
    client.views_publish(user_id=user_id, view=home_view(reports, team_id, user_id))


def refresh_home(
    client: WebClient, reports: ReportAdvisor | None, team_id: str, user_id: str
) -> None:
    """Republish the person's Home after a change (a new report, tracked KPIs, a logged
    value); best effort: a failure is logged, never shown, since the Home is rebuilt
    whenever it is opened."""
    try:
        publish_home(client, reports, team_id, user_id)
    except Exception:
        logger.warning("could not refresh the Home of a user", exc_info=True)


def _who(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    team = body.get("team") or {}
    return str(team.get("id") or user.get("team_id") or ""), str(user.get("id") or "")


def dm_channel(client: WebClient, user_id: str) -> str:
    """Return the id of the person's DM with the bot (the Messages tab)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])


def guarded_anywhere(func: Listener) -> Listener:
    """Return the click listener `func` (taking `body` and `client`) guarded like
    `guarded`, for buttons that may sit on the Home tab: a click there has no response_url,
    so a failure is told in the person's DM with the bot instead."""
    safe = guarded(func)

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        body: dict[str, Any] = kwargs.get("body") or {}
        if body.get("response_url"):
            safe(*args, **kwargs)
            return
        try:
            func(*args, **kwargs)
        except Exception as error:
            log_failure(error, body, func.__name__)
            client: WebClient | None = kwargs.get("client")
            _, user_id = _who(body)
            if client is None or not user_id:
                return
            try:
                client.chat_postMessage(channel=user_id, text=user_message(error, body))
            except SlackApiError as exc:
                logger.warning(
                    "could not tell a user about a failure: %s", exc.response.get("error")
                )

    return run


def register(app: App, deps: SlackDeps) -> None:
    """Register `app_home_opened` for the Home tab (the Messages tab needs nothing) and the
    Home's buttons."""

    def opened(body: dict[str, Any], client: WebClient) -> None:
        event = body.get("event") or {}
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        publish_home(client, deps.reports, str(body.get("team_id", "")), str(event["user"]))

    def start_interview(body: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = _who(body)
        if deps.interview is None:
            client.chat_postMessage(channel=dm_channel(client, user_id), text=NOT_AVAILABLE)
            return
        start_in_dm(client, deps.interview, team_id, user_id)
        refresh_home(client, deps.reports, team_id, user_id)

    def show_report(body: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = _who(body)
        clicked = (body.get("actions") or [{}])[0]
        evaluation_id = parse_report_ref(str(clicked.get("value", "")))
        if deps.reports is None or evaluation_id is None:
            return
        report = deps.reports.report_for(team_id, user_id, evaluation_id)
        text = report_fallback_text(report)
        channel = dm_channel(client, user_id)
        for page in paginate(build_report_blocks(report)):
            client.chat_postMessage(channel=channel, text=text, blocks=page)

    app.event("app_home_opened")(ack=acknowledge, lazy=[guarded(opened)])
    app.action(RESUME_INTERVIEW)(ack=acknowledge, lazy=[guarded_anywhere(start_interview)])
    app.action(SHOW_REPORT)(ack=acknowledge, lazy=[guarded_anywhere(show_report)])
