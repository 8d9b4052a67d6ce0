"""The share modal opened by a report's "Share to channel": the submission is answered at
once with a "Sharing…" view; the lazy listener posts the copy and replaces that view with
the outcome: done, or, when the bot is not in the channel, how to invite it, with the form
to try again or pick another channel."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.blocks import Block, channel_mention, decode_private_id, paginate
from bot.render.report import (
    SHARE_CHANNEL_ACTION,
    SHARE_CHANNEL_BLOCK,
    SHARE_VIEW,
    build_report_blocks,
    build_share_outcome_view,
    build_share_view,
    build_shared_view,
    build_sharing_view,
    report_fallback_text,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import REPORTS_NOT_AVAILABLE
from bot.slack.modals import show_outcome
from bot.slack.payloads import ViewSubmission

logger = logging.getLogger(__name__)

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


def chosen_channel(submission: ViewSubmission) -> str:
    """Return the channel picked in the share modal ("" when none)."""
    return submission.field(SHARE_CHANNEL_BLOCK, SHARE_CHANNEL_ACTION, "selected_conversation")


def post_in_channel(
    client: WebClient, channel: str, text: str, pages: Iterable[list[Block]], *, what: str
) -> str | None:
    """Post `pages` (one message each, `text` their notification) in `channel`; return None
    when all went, else the sentence saying why Slack refused and what to do: invite the
    bot when it is not a member, otherwise pick another channel. `what` names the copy in
    the log line."""
    try:
        for page in pages:
            client.chat_postMessage(channel=channel, text=text, blocks=page)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "unknown_error")
        logger.info("sharing %s in %s failed: %s", what, channel, error)
        problem = BOT_NOT_IN_CHANNEL if error in NOT_A_MEMBER else CHANNEL_REFUSED
        return problem.format(channel=channel_mention(channel), error=error)
    return None


def acknowledge_share(ack: Ack, body: dict[str, Any]) -> None:
    """Answer the share modal's submission at once: a field error when no channel is
    picked, else a "Sharing…" view that the lazy listener replaces with the outcome."""
    channel = chosen_channel(ViewSubmission.of(body))
    if not channel:
        ack(response_action="errors", errors={SHARE_CHANNEL_BLOCK: PICK_A_CHANNEL})
        return
    ack(response_action="update", view=build_sharing_view(channel))


def share_report(
    deps: SlackDeps, client: WebClient, submission: ViewSubmission
) -> dict[str, object]:
    """Post the shared copy of the person's own report in the chosen channel; return the
    view saying how it went."""
    evaluation_id = decode_private_id(submission.private_metadata, "e")
    if deps.reports is None or evaluation_id is None:
        return build_share_outcome_view(REPORTS_NOT_AVAILABLE)
    actor, channel = submission.actor, chosen_channel(submission)
    report = deps.reports.report_for(actor.team_id, actor.user_id, evaluation_id)
    problem = post_in_channel(
        client,
        channel,
        report_fallback_text(report),
        paginate(build_report_blocks(report, shared=True, shared_by=actor.user_id)),
        what="a report",
    )
    if problem is not None:
        return build_share_view(evaluation_id, origin_channel=channel, problem=problem)
    return build_shared_view(channel)


def register(app: App, deps: SlackDeps) -> None:
    """Register the share modal's submission."""

    def share(body: dict[str, Any], client: WebClient) -> None:
        submission = ViewSubmission.of(body)
        show_outcome(
            client,
            body,
            submission.view_id,
            lambda: share_report(deps, client, submission),
            build_share_outcome_view,
            doing="sharing",
            where="share_report",
        )

    app.view(SHARE_VIEW)(ack=acknowledge_share, lazy=[share])
