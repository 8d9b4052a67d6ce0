"""The report in Slack: `/align report` (the latest report again, ephemerally, with its
buttons), "Share to channel" (a modal to pick the channel, then the shared copy posted there)
and "All findings" (every finding in a modal).

Only the person a report belongs to can see or share it: every action reads the report
through `report_for(team, user, id)` with the team and user Slack says acted, never with
ids that could stand for someone else.

Sharing answers the modal's submission at once with a "Sharing…" view; the lazy listener
posts the copy and replaces that view with the outcome: done, or, when the bot is not in
the channel, how to invite it, with the form to try again or pick another channel.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.deps import SlackDeps
from bot.listeners.failures import guarded, log_failure, user_message
from bot.render.blocks import channel_mention, paginate
from bot.render.report import (
    ALL_FINDINGS,
    SHARE_CHANNEL_ACTION,
    SHARE_CHANNEL_BLOCK,
    SHARE_REPORT,
    SHARE_VIEW,
    build_findings_view,
    build_report_blocks,
    build_share_outcome_view,
    build_share_view,
    build_shared_view,
    build_sharing_view,
    parse_report_ref,
    report_fallback_text,
)

if TYPE_CHECKING:
    from bot.listeners.commands import SubcommandRequest

logger = logging.getLogger(__name__)

NO_REPORT = (
    "You have no report yet. Run `/align interview` to answer the alignment interview; your "
    "report appears when you finish, and `/align report` shows it again any time."
)
NOT_AVAILABLE = (
    "Reports are not available on this bot: it has no database to keep them. Ask whoever "
    "runs alignbot to set one up."
)
PICK_A_CHANNEL = "Pick the channel to share your report in."
BOT_NOT_IN_CHANNEL = (
    "I'm not in {channel}, so I can't post there. Type `/invite @alignbot` in that "
    "channel, then press Share again, or pick another channel."
)
CHANNEL_REFUSED = (
    "Slack would not let me post in {channel} (`{error}`). Pick another channel, or ask "
    "its managers to let apps post there."
)
# The bot cannot see the channel or is not a member: inviting it fixes both.
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


def acknowledge(ack: Ack) -> None:
    """Acknowledge a click at once; the work happens in the lazy listener."""
    ack()


def show_report(command: SubcommandRequest) -> None:
    """`/align report`: the person's latest report, ephemerally, with its buttons."""
    reports = command.deps.reports
    report = None if reports is None else reports.latest_report(command.team_id, command.user_id)
    if report is None:
        text = NOT_AVAILABLE if reports is None else NO_REPORT
        command.respond(response_type="ephemeral", replace_original=False, text=text)
        return
    text = report_fallback_text(report)
    for page in paginate(build_report_blocks(report)):
        command.respond(response_type="ephemeral", replace_original=False, text=text, blocks=page)


def _team_and_user(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    team = body.get("team") or {}
    return str(team.get("id") or user.get("team_id") or ""), str(user.get("id") or "")


@dataclass(frozen=True)
class ReportClick:
    """A click on a report's button: who (as Slack says), where, and which report."""

    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    evaluation_id: int | None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> ReportClick:
        """Return the click a `block_actions` body describes."""
        team_id, user_id = _team_and_user(body)
        clicked = (body.get("actions") or [{}])[0]
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id"
        )
        return cls(
            team_id=team_id,
            user_id=user_id,
            channel_id=str(channel or ""),
            trigger_id=str(body.get("trigger_id") or ""),
            evaluation_id=parse_report_ref(str(clicked.get("value", ""))),
        )


@dataclass(frozen=True)
class ShareSubmission:
    """A submitted share modal: who (as Slack says), which report, which channel."""

    team_id: str
    user_id: str
    view_id: str
    evaluation_id: int | None
    channel: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> ShareSubmission:
        """Return the submission a `view_submission` body describes."""
        team_id, user_id = _team_and_user(body)
        view = body.get("view") or {}
        return cls(
            team_id=team_id,
            user_id=user_id,
            view_id=str(view.get("id") or ""),
            evaluation_id=shared_report_id(view),
            channel=chosen_channel(view),
        )


def shared_report_id(view: dict[str, Any]) -> int | None:
    """Return the report id the share modal's private_metadata carries (None if foreign)."""
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except json.JSONDecodeError:
        return None
    found = data.get("e") if isinstance(data, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def chosen_channel(view: dict[str, Any]) -> str:
    """Return the channel picked in the share modal ("" when none)."""
    values = ((view.get("state") or {}).get("values") or {}).get(SHARE_CHANNEL_BLOCK) or {}
    picked = values.get(SHARE_CHANNEL_ACTION) or {}
    return str(picked.get("selected_conversation") or "")


def acknowledge_share(ack: Ack, view: dict[str, Any]) -> None:
    """Answer the share modal's submission at once: a field error when no channel is
    picked, else a "Sharing…" view that the lazy listener replaces with the outcome."""
    channel = chosen_channel(view)
    if not channel:
        ack(response_action="errors", errors={SHARE_CHANNEL_BLOCK: PICK_A_CHANNEL})
        return
    ack(response_action="update", view=build_sharing_view(channel))


def share_report(deps: SlackDeps, client: WebClient, sub: ShareSubmission) -> dict[str, object]:
    """Post the shared copy of the person's own report in the chosen channel; return the
    view saying how it went."""
    if deps.reports is None or sub.evaluation_id is None:
        return build_share_outcome_view(NOT_AVAILABLE)
    report = deps.reports.report_for(sub.team_id, sub.user_id, sub.evaluation_id)
    text = report_fallback_text(report)
    try:
        for page in paginate(build_report_blocks(report, shared=True, shared_by=sub.user_id)):
            client.chat_postMessage(channel=sub.channel, text=text, blocks=page)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "unknown_error")
        logger.info("sharing a report in %s failed: %s", sub.channel, error)
        problem = BOT_NOT_IN_CHANNEL if error in NOT_A_MEMBER else CHANNEL_REFUSED
        return build_share_view(
            sub.evaluation_id,
            origin_channel=sub.channel,
            problem=problem.format(channel=channel_mention(sub.channel), error=error),
        )
    return build_shared_view(sub.channel)


def register(app: App, deps: SlackDeps) -> None:
    """Register the report's buttons and the share modal."""

    def open_share_modal(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = ReportClick.from_body(body)
        if click.evaluation_id is not None:
            view = build_share_view(click.evaluation_id, origin_channel=click.channel_id)
            client.views_open(trigger_id=click.trigger_id, view=view)

    def open_findings(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = ReportClick.from_body(body)
        if click.evaluation_id is None or deps.reports is None:
            return
        report = deps.reports.report_for(click.team_id, click.user_id, click.evaluation_id)
        client.views_open(trigger_id=click.trigger_id, view=build_findings_view(report))

    def share(body: dict[str, Any], client: WebClient) -> None:
        sub = ShareSubmission.from_body(body)
        try:
            outcome = share_report(deps, client, sub)
        except Exception as error:
            # A modal submission has no response_url: the outcome view is where to say it.
            log_failure(error, body, "share_report")
            outcome = build_share_outcome_view(user_message(error, body))
        try:
            client.views_update(view_id=sub.view_id, view=outcome)
        except SlackApiError as exc:
            logger.warning("could not show how sharing went: %s", exc.response.get("error"))

    app.action(SHARE_REPORT)(ack=acknowledge, lazy=[guarded(open_share_modal)])
    app.action(ALL_FINDINGS)(ack=acknowledge, lazy=[guarded(open_findings)])
    app.view(SHARE_VIEW)(ack=acknowledge_share, lazy=[share])
