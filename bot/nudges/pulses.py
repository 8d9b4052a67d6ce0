"""The team pulse's part of each scheduler pass: a pulse whose deadline has passed is
closed (its owner gets a DM saying so), and each person who has not finished a pulse a
day after it was sent gets one reminder in their DM.

Each is claimed in the database before it is sent (closing an open pulse, marking a member
reminded), so with several processes it happens once; a send that then fails is logged and
not retried (a missed reminder is better than two).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.kpis.preferences import zone_of
from bot.nudges.slack import NudgeSlack, SlackFor, SlackSendError
from bot.render.blocks import section, user_mention
from bot.render.pulse import member_deadline
from bot.store import Store
from bot.store.records import PulseMemberRecord, PulseRecord
from bot.team.pulse import PulseTemplate
from bot.team.pulses import last_day

log = logging.getLogger(__name__)

REMIND_AFTER = timedelta(days=1)
OPEN = ("active", "paused")


@dataclass
class PulsePass:
    """What the pulse part of one pass did: pulses closed, people reminded (team, id)."""

    closed: list[tuple[str, int]] = field(default_factory=list)
    reminded: list[tuple[str, str]] = field(default_factory=list)


def to_remind(pulse: PulseRecord, members: Sequence[PulseMemberRecord], now: datetime) -> list[str]:
    """Return who gets the reminder now: a day after the pulse was sent, those whose pulse
    is still open and who were not reminded yet."""
    if pulse.status != "open" or now - pulse.created_at < REMIND_AFTER or now >= pulse.deadline:
        return []
    return [m.user_id for m in members if m.status in OPEN and m.reminded_at is None]


def _send(slack: NudgeSlack, user_id: str, text: str, key: str) -> None:
    channel = slack.open_dm(user_id)
    slack.post(channel, text=text, blocks=[section(text)], key=key)


def run_pulse_pass(
    store: Store, slack_for: SlackFor, now: datetime, template: PulseTemplate
) -> PulsePass:
    """Close the pulses past their deadline and send the reminders due at `now`, each
    workspace with its own Slack calls; a workspace where the app is not installed waits."""
    done = PulsePass()
    for pulse in store.due_pulses(now):
        slack = slack_for(pulse.team_id)
        if slack is None:
            continue
        if not store.close_pulse(pulse.team_id, pulse.id):
            continue  # another process closed it
        done.closed.append((pulse.team_id, pulse.id))
        members = store.pulse_members(pulse.team_id, pulse.id)
        answered = sum(1 for m in members if m.status == "finished")
        text = template.closed.format(answered=answered, asked=len(members))
        try:
            _send(slack, pulse.owner_id, text, f"pulse-closed-{pulse.id}")
        except SlackSendError as exc:
            log.warning("could not tell the owner their pulse closed: %s", exc)
    for pulse in store.open_pulses():
        slack = slack_for(pulse.team_id)
        if slack is None:
            continue
        members = store.pulse_members(pulse.team_id, pulse.id)
        # The owner's last day in their zone (where `/align team` remembered it).
        zone = zone_of(store.nudge_preferences(pulse.team_id, pulse.owner_id))
        deadline = member_deadline(last_day(pulse.deadline, zone), zone)
        for user_id in to_remind(pulse, members, now):
            if not store.mark_pulse_reminded(pulse.team_id, pulse.id, user_id):
                continue
            text = template.reminder.format(owner=user_mention(pulse.owner_id), deadline=deadline)
            try:
                _send(slack, user_id, text, f"pulse-reminder-{pulse.id}")
            except SlackSendError as exc:
                log.warning("could not send a pulse reminder: %s", exc)
                continue
            done.reminded.append((pulse.team_id, user_id))
    return done
