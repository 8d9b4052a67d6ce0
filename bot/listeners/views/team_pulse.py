"""The team pulse's forms: `/align team` and "Share to channel".

The `/align team` form: its submission is answered at once ("Sending…", or a field error
when nobody is picked); the lazy listener gathers the people (those picked, plus a picked
channel's members through conversations.members), opens the pulse, sends each person its
intro and first question in their DM, and replaces the form with who was asked. The share
form posts the owner's current results (what they may see, nothing more) in the channel
picked, or says how to invite the bot there."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.views.share_report import post_in_channel
from bot.render.blocks import channel_mention, paginate
from bot.render.pulse import (
    CHANNEL_ACTION,
    CHANNEL_BLOCK,
    DEADLINE_ACTION,
    DEADLINE_BLOCK,
    PEOPLE_ACTION,
    PEOPLE_BLOCK,
    PICK_A_CHANNEL,
    PICK_SOMEONE,
    PULSE_VIEW,
    SENDING,
    SHARE_CHANNEL_ACTION,
    SHARE_CHANNEL_BLOCK,
    SHARE_PULSE_VIEW,
    Skipped,
    build_pulse_intro_blocks,
    build_pulse_outcome_view,
    build_pulse_results_blocks,
    build_share_pulse_view,
    pulse_intro_text,
    pulse_results_text,
    sent_text,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import REPORTS_NOT_AVAILABLE
from bot.slack.interview_chat import InterviewChat, start_in_dm
from bot.slack.modals import show_outcome
from bot.slack.payloads import Actor, ViewSubmission
from bot.team.errors import TeamError
from bot.team.pulse import load_pulse_template
from bot.team.pulses import last_day as closing_day

logger = logging.getLogger(__name__)

CHANNEL_UNREADABLE = (
    "I could not see who is in {channel} (`{error}`). Type `/invite @alignbot` there and "
    "send the pulse again, or pick the people instead."
)
MAX_MEMBERS = 1000
# users.list pages of 200: a small business's workspace fits in a few.
MAX_ACCOUNT_PAGES = 10
SLACKBOT = "USLACKBOT"


def _picked(submission: ViewSubmission) -> tuple[tuple[str, ...], str]:
    people = submission.users(PEOPLE_BLOCK, PEOPLE_ACTION)
    channel = submission.field(CHANNEL_BLOCK, CHANNEL_ACTION, "selected_conversation")
    return people, channel


def acknowledge_pulse(ack: Ack, body: dict[str, Any]) -> None:
    """Answer the form at once: a field error when neither people nor a channel is picked,
    else "Sending…" (replaced by the outcome)."""
    people, channel = _picked(ViewSubmission.of(body))
    if not people and not channel:
        ack(response_action="errors", errors={PEOPLE_BLOCK: PICK_SOMEONE})
        return
    ack(response_action="update", view=build_pulse_outcome_view(SENDING))


@dataclass(frozen=True)
class ChannelPeople:
    """A channel's members worth asking, and how many of its bots and deactivated accounts
    were left out (the app itself and the owner are left out without a word)."""

    people: tuple[str, ...]
    bots: int = 0
    deactivated: int = 0


def _workspace_accounts(client: WebClient) -> dict[str, dict[str, Any]]:
    """Every account of the workspace by id (users.list, up to `MAX_ACCOUNT_PAGES` pages):
    whether each is a bot or deactivated. Empty when Slack refuses; a bot is then found out
    when its DM fails."""
    accounts: dict[str, dict[str, Any]] = {}
    cursor: str | None = None
    try:
        for _ in range(MAX_ACCOUNT_PAGES):
            page = client.users_list(cursor=cursor, limit=200)
            accounts |= {str(a.get("id")): a for a in page.get("members") or []}
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
    except SlackApiError as exc:
        logger.info("users.list failed: %s", exc.response.get("error"))
    return accounts


def channel_members(client: WebClient, channel: str, owner_id: str) -> ChannelPeople:
    """Return a channel's members to ask (every page, up to `MAX_MEMBERS`): not this app,
    not the owner, no bot (`is_bot`, Slackbot) and no deactivated account (`deleted`)."""
    me = str(client.auth_test().get("user_id") or "")
    members: list[str] = []
    cursor: str | None = None
    while len(members) < MAX_MEMBERS:
        page = client.conversations_members(channel=channel, cursor=cursor, limit=200)
        members += [str(m) for m in page.get("members") or [] if m not in (me, owner_id)]
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    accounts = _workspace_accounts(client)
    people: list[str] = []
    bots = deactivated = 0
    for member in members[:MAX_MEMBERS]:
        account = accounts.get(member, {})
        if account.get("is_bot") or member == SLACKBOT:
            bots += 1
        elif account.get("deleted"):
            deactivated += 1
        else:
            people.append(member)
    return ChannelPeople(tuple(people), bots=bots, deactivated=deactivated)


def slack_zone(client: WebClient, user_id: str) -> str | None:
    """Return the person's time zone as Slack has it now (users.info `tz`, as the KPI
    nudges read it); None when Slack does not say, and the zone remembered is used."""
    try:
        found = client.users_info(user=user_id).get("user") or {}
    except SlackApiError as exc:
        logger.info("users.info failed, using the zone remembered: %s", exc.response.get("error"))
        return None
    return str(found.get("tz") or "") or None


def _deadline(submission: ViewSubmission) -> date | None:
    picked = submission.field(DEADLINE_BLOCK, DEADLINE_ACTION, "selected_date")
    try:
        return date.fromisoformat(picked) if picked else None
    except ValueError:
        return None


def send_pulse(deps: SlackDeps, client: WebClient, submission: ViewSubmission) -> str:
    """Open the pulse and DM each person its intro and first question; return what the
    owner reads in the form (mrkdwn)."""
    if deps.team is None or deps.pulses is None:
        return REPORTS_NOT_AVAILABLE
    owner = submission.actor
    people, channel = _picked(submission)
    asked = list(people)
    found = ChannelPeople(())
    if channel:
        try:
            found = channel_members(client, channel, owner.user_id)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            return CHANNEL_UNREADABLE.format(channel=channel_mention(channel), error=error)
    asked += found.people
    tz = slack_zone(client, owner.user_id)
    try:
        start = deps.team.send(owner.team_id, owner.user_id, asked, _deadline(submission), tz)
    except TeamError as exc:
        return str(exc)
    zone = deps.team.owner_zone(owner.team_id, owner.user_id)
    last_day = closing_day(start.pulse.deadline, zone)
    intro = pulse_intro_text(load_pulse_template().intro, owner.user_id, last_day, zone)
    unreached: dict[str, str] = {}
    for member in start.asked:
        chat = InterviewChat(client, deps.pulses, Actor(owner.team_id, member))
        try:
            chat.post(build_pulse_intro_blocks(intro), intro)
            start_in_dm(chat)
        except SlackApiError as exc:
            # One person's DM failing does not stop the others; the owner is told who was
            # not reached, and they are not waited for.
            unreached[member] = str(exc.response.get("error") or "unknown_error")
            logger.info("could not send a pulse DM: %s", unreached[member])
    if unreached:
        deps.team.unreached(owner.team_id, owner.user_id, list(unreached))
    reached = [m for m in start.asked if m not in unreached]
    return sent_text(
        reached,
        start.busy,
        last_day,
        skipped=Skipped(bots=found.bots, deactivated=found.deactivated, unreached=unreached),
    )


def acknowledge_share(ack: Ack, body: dict[str, Any]) -> None:
    """Answer the share form at once: a field error without a channel, else "Sharing…"."""
    channel = ViewSubmission.of(body).field(
        SHARE_CHANNEL_BLOCK, SHARE_CHANNEL_ACTION, "selected_conversation"
    )
    if not channel:
        ack(response_action="errors", errors={SHARE_CHANNEL_BLOCK: PICK_A_CHANNEL})
        return
    ack(response_action="update", view=build_pulse_outcome_view("Sharing the team results…"))


def share_results(
    deps: SlackDeps, client: WebClient, submission: ViewSubmission
) -> dict[str, object]:
    """Post the owner's team results in the channel picked; return the view saying how it
    went (the form again, with the problem, when Slack refuses)."""
    if deps.team is None:
        return build_pulse_outcome_view(REPORTS_NOT_AVAILABLE)
    owner = submission.actor
    channel = submission.field(SHARE_CHANNEL_BLOCK, SHARE_CHANNEL_ACTION, "selected_conversation")
    try:
        results = deps.team.results(owner.team_id, owner.user_id)
    except TeamError as exc:
        return build_pulse_outcome_view(str(exc))
    problem = post_in_channel(
        client,
        channel,
        pulse_results_text(results),
        paginate(build_pulse_results_blocks(results, shared_by=owner.user_id)),
        what="team results",
    )
    if problem is not None:
        return build_share_pulse_view(problem)
    return build_pulse_outcome_view(f"✅ Shared the team results in {channel_mention(channel)}.")


def register(app: App, deps: SlackDeps) -> None:
    """Register the pulse form's and the share form's submissions."""

    def share(body: dict[str, Any], client: WebClient) -> None:
        submission = ViewSubmission.of(body)
        show_outcome(
            client,
            body,
            submission.view_id,
            lambda: share_results(deps, client, submission),
            build_pulse_outcome_view,
            doing="sharing",
            where="share_team_results",
        )

    app.view(SHARE_PULSE_VIEW)(ack=acknowledge_share, lazy=[share])

    def send(body: dict[str, Any], client: WebClient) -> None:
        submission = ViewSubmission.of(body)
        show_outcome(
            client,
            body,
            submission.view_id,
            lambda: build_pulse_outcome_view(send_pulse(deps, client, submission)),
            build_pulse_outcome_view,
            doing="sending",
            where="team_pulse",
        )

    app.view(PULSE_VIEW)(ack=acknowledge_pulse, lazy=[send])
