"""The team pulse in Slack: the owner's form (`/align team`: people or a channel, and a
deadline), what the form becomes once sent, the intro a member gets in their DM, and the
owner's results (`/align team results`: the team report of `bot.render.team` under a status
line, with "Close now" while the pulse is open). Aggregates only; no answer is ever shown
next to a person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.render.blocks import (
    Block,
    actions,
    button,
    context,
    divider,
    escape_mrkdwn,
    fallback_text,
    modal_button,
    modal_title,
    plain_text,
    section,
    user_mention,
)
from bot.render.report import SEVERITY_EMOJI
from bot.render.team import build_team_blocks, render_team_text
from bot.render.words import counted
from bot.team.pulses import PulseResults
from prompts.formatting import format_weekday

PULSE_VIEW = "team_pulse"
PEOPLE_BLOCK = "pulse_people"
PEOPLE_ACTION = "pulse_people_pick"
CHANNEL_BLOCK = "pulse_channel"
CHANNEL_ACTION = "pulse_channel_pick"
DEADLINE_BLOCK = "pulse_deadline"
DEADLINE_ACTION = "pulse_deadline_pick"
CLOSE_PULSE = "team_pulse_close"
HOME_CLOSE_PULSE = "home_team_pulse_close"
HOME_TEAM_RESULTS = "home_team_results"
SHARE_PULSE = "team_pulse_share"
SHARE_PULSE_VIEW = "team_pulse_share_view"
SHARE_CHANNEL_BLOCK = "pulse_share_channel"
SHARE_CHANNEL_ACTION = "pulse_share_channel_pick"
PICK_A_CHANNEL = "Pick the channel to share the team results in."
DEFAULT_DAYS = 7
MAX_LISTED = 30

PICK_SOMEONE = "Pick some people, or a channel whose members to ask."
SENDING = "Sending the pulse… Each person gets it in a DM from me."


def build_pulse_modal(today: date) -> dict[str, object]:
    """Return the `/align team` form: people to ask or a channel whose members to ask, and
    the last day to answer (a week from `today` by default)."""
    blocks: list[Block] = [
        section(
            "Ask your team a few quick questions (under 3 minutes) about your priorities and "
            "initiatives. You see only totals, and nothing until at least 3 people answer."
        ),
        {
            "type": "input",
            "block_id": PEOPLE_BLOCK,
            "optional": True,
            "label": plain_text("People to ask", 2000),
            "element": {
                "type": "multi_users_select",
                "action_id": PEOPLE_ACTION,
                "placeholder": plain_text("Pick people", 150),
            },
        },
        {
            "type": "input",
            "block_id": CHANNEL_BLOCK,
            "optional": True,
            "label": plain_text("…or everyone in a channel", 2000),
            "element": {
                "type": "conversations_select",
                "action_id": CHANNEL_ACTION,
                "placeholder": plain_text("Pick a channel", 150),
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
        },
        {
            "type": "input",
            "block_id": DEADLINE_BLOCK,
            "label": plain_text("Last day to answer", 2000),
            "element": {
                "type": "datepicker",
                "action_id": DEADLINE_ACTION,
                "initial_date": (today + timedelta(days=DEFAULT_DAYS)).isoformat(),
            },
        },
    ]
    return {
        "type": "modal",
        "callback_id": PULSE_VIEW,
        "title": modal_title("Team pulse"),
        "submit": modal_button("Send"),
        "close": modal_button("Cancel"),
        "blocks": blocks,
    }


def build_pulse_outcome_view(text: str) -> dict[str, object]:
    """Return what the form becomes: "Sending…", then how it went (mrkdwn `text`)."""
    return {
        "type": "modal",
        "title": modal_title("Team pulse"),
        "close": modal_button("Done"),
        "blocks": [section(text)],
    }


def _people(user_ids: Sequence[str]) -> str:
    shown = ", ".join(user_mention(u) for u in user_ids[:MAX_LISTED])
    more = len(user_ids) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


# Why Slack would not take a DM, as the owner reads it.
NOT_REACHED = {
    "cannot_dm_bot": "a bot",
    "user_not_found": "not in this workspace",
    "users_not_found": "not in this workspace",
    "account_inactive": "deactivated",
    "user_disabled": "deactivated",
}


@dataclass(frozen=True)
class Skipped:
    """Who a pulse left out: a channel's bots and deactivated accounts (counted), and
    those whose DM Slack refused (by id, with Slack's error)."""

    bots: int = 0
    deactivated: int = 0
    unreached: Mapping[str, str] = field(default_factory=dict)


def _skipped_lines(skipped: Skipped) -> list[str]:
    left_out = [
        counted(n, one, many)
        for n, one, many in (
            (skipped.bots, "bot", "bots"),
            (skipped.deactivated, "deactivated account", "deactivated accounts"),
        )
        if n
    ]
    lines = [f"Skipped in the channel: {' and '.join(left_out)}."] if left_out else []
    if skipped.unreached:
        who = ", ".join(
            f"{user_mention(u)} ({escape_mrkdwn(NOT_REACHED.get(e, e))})"
            for u, e in list(skipped.unreached.items())[:MAX_LISTED]
        )
        more = len(skipped.unreached) - MAX_LISTED
        lines.append(
            f"Could not reach {counted(len(skipped.unreached), 'person', 'people')} (not "
            f"waited for): {who}{f' and {more} more' if more > 0 else ''}."
        )
    return lines


def sent_text(
    asked: Sequence[str], busy: Sequence[str], deadline: date, skipped: Skipped | None = None
) -> str:
    """Return how sending went: who was asked, who was left out (bots and deactivated
    accounts of a channel, people Slack would not let the bot DM, people with another
    pulse still open), until when (the owner's last day, in their zone), and how to
    see the results."""
    lines = [f"Sent to {counted(len(asked), 'person', 'people')}: {_people(asked) or 'nobody'}."]
    lines += _skipped_lines(skipped or Skipped())
    lines.append(
        f"They can answer until the end of {format_weekday(deadline)}; those who have not "
        "answered after a day get one reminder."
    )
    if busy:
        lines.append(f"Left out, as another pulse of theirs is still open: {_people(busy)}.")
    lines.append("See the results with `/align team results` (from 3 answers).")
    return "\n".join(lines)


def build_pulse_intro_blocks(intro: str) -> list[Block]:
    """Return the message a member gets before the pulse's first question."""
    return [section(f"👋 {escape_mrkdwn(intro)}")]


def member_deadline(deadline: date, zone: ZoneInfo) -> str:
    """Return the owner's last day as a member reads it: the day and the owner's zone,
    since the member may live in another ("Tue 9 December (Europe/Berlin time)")."""
    return f"{format_weekday(deadline)} ({zone.key} time)"


def pulse_intro_text(template_intro: str, owner_id: str, deadline: date, zone: ZoneInfo) -> str:
    """Return the intro a member reads: the template's, with the owner and the last day."""
    return template_intro.format(
        owner=user_mention(owner_id), deadline=member_deadline(deadline, zone)
    )


def _status(results: PulseResults, answered: int) -> str:
    last_day = format_weekday(results.last_day)
    open_ = results.pulse.status == "open"
    state = "open until the end of " + last_day if open_ else "closed"
    return f"{answered} of {results.asked} answered · {state}"


def pulse_results_text(results: PulseResults) -> str:
    """Return the plain text of the owner's results, for a message's `text` (notifications,
    screen readers) next to `build_pulse_results_blocks`."""
    return fallback_text(render_team_text(results.team, held=results.held))


def build_pulse_results_blocks(
    results: PulseResults, *, shared_by: str | None = None
) -> list[Block]:
    """Return the owner's results: the team report (aggregates only), a status line, and
    "Share to channel" (plus "Close now" while the pulse is open); a copy `shared_by` the
    owner says who shared it and has no buttons."""
    pulse = results.pulse
    answered = results.team.respondents + results.held
    report = build_team_blocks(results.team, held=results.held)
    status = _status(results, answered)
    if shared_by is not None:
        return [*report, context([f"{status} · shared by {user_mention(shared_by)}"])]
    buttons = [button("Share to channel", SHARE_PULSE, value=str(pulse.id))]
    if pulse.status == "open":
        buttons.append(button("Close now", CLOSE_PULSE, value=str(pulse.id), style="danger"))
    return [*report, context([status]), actions(buttons, block_id="team_pulse_actions")]


def build_share_pulse_view(problem: str | None = None) -> dict[str, object]:
    """Return the modal that picks the channel to share the team results in, with
    `problem` (mrkdwn) first when a previous attempt failed."""
    blocks: list[Block] = [section(f"⚠️ {problem}")] if problem else []
    blocks += [
        section(
            "Post the team results in a channel: everyone there sees the totals and findings "
            "(never anyone's own answers), without the buttons."
        ),
        {
            "type": "input",
            "block_id": SHARE_CHANNEL_BLOCK,
            "label": plain_text("Channel", 2000),
            "element": {
                "type": "conversations_select",
                "action_id": SHARE_CHANNEL_ACTION,
                "placeholder": plain_text("Pick a channel", 150),
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
        },
    ]
    return {
        "type": "modal",
        "callback_id": SHARE_PULSE_VIEW,
        "title": modal_title("Share team results"),
        "submit": modal_button("Share"),
        "close": modal_button("Cancel"),
        "blocks": blocks,
    }


def _headline(results: PulseResults) -> str:
    """The released view in one line: priority agreement and the top finding (a problem
    before a strength); only what the full results show, so nothing more is told."""
    team = results.team
    if not team.shown:
        return (
            f"Fewer than {team.min_respondents} people answered, so there are no results to "
            "show: totals only, and only from that many answers."
        )
    parts = [f"{team.respondents} answers in the results."]
    if team.priority_agreement is not None:
        agreement = team.priority_agreement
        shown = int(agreement) if float(agreement).is_integer() else agreement
        parts.append(f"Priority agreement: {shown}%.")
    problems = [f for f in team.findings if f.severity != "strength"]
    top = (problems or list(team.findings))[:1]
    for finding in top:
        parts.append(f"{SEVERITY_EMOJI[finding.severity]} {escape_mrkdwn(finding.title)}")
    return "\n".join(parts)


def build_pulse_home_blocks(results: PulseResults | None) -> list[Block]:
    """Return the owner's team pulse on their Home tab: while it is open, how many of those
    asked answered and when it closes, with "See results" (once results show) and "Close
    now"; once closed, the latest results' headline with "See team results". Nothing before
    the owner's first pulse. Counts and released aggregates only, as everywhere else."""
    if results is None:
        return []
    pulse = results.pulse
    answered = results.team.respondents + results.held
    asked = f"{answered} of {results.asked} answered"
    buttons: list[Block] = []
    if pulse.status == "open":
        text = f"*Team pulse*: {asked}, closes at the end of {format_weekday(results.last_day)}."
        if results.team.shown:
            text += "\n" + _headline(results)
            buttons.append(button("See results", HOME_TEAM_RESULTS, value=str(pulse.id)))
        buttons.append(button("Close now", HOME_CLOSE_PULSE, value=str(pulse.id), style="danger"))
    else:
        text = f"*Team pulse* (closed; {asked})\n{_headline(results)}"
        if results.team.shown:
            buttons.append(button("See team results", HOME_TEAM_RESULTS, value=str(pulse.id)))
    blocks = [divider(), section(text)]
    if buttons:
        blocks.append(actions(buttons, block_id="home_team_pulse"))
    return blocks
