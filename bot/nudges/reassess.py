"""The re-assessment offer's part of each scheduler pass: an owner whose re-assessment is
due at their cadence gets one DM ("It's been 3 months since your alignment report…") with
a button that opens the re-assessment's start.

Timed like KPI nudges (their time zone, nudge time, work days, away and snooze), and claimed
like them: a `nudges_sent` row of kind "reassess" for the due day, so the offer goes once
per due period whatever the number of replicas; a process that dies between claim and send
leaves a claim the next pass takes over after its lease, first looking in the DM for the
message carrying the claim's key. Not offered at the cadence "never", while an interview of
the owner's is open, or in a workspace that uninstalled the app.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.history.cadence import months_since, reassessment_due_on
from bot.kpis.preferences import zone_of
from bot.metrics import record_nudge_claimed
from bot.nudges.claims import post_claimed, settle_refusal
from bot.nudges.schedule import FOLLOW_UP, local_day, reassess_offer_due
from bot.nudges.slack import NudgeSlack, SlackFor, SlackSendError
from bot.render.review import build_reassess_offer_blocks, reassess_offer_text
from bot.store import Store
from bot.store.nudges import DEFAULT_LEASE
from bot.store.reassess import REASSESS
from bot.store.records import NudgePreferences, ReassessCandidate

log = logging.getLogger(__name__)

# The shortest cadence, a month, is at least 28 days; a day less leaves room for the
# owner's time zone. Older assessments are the only ones a pass reads.
SHORTEST_CADENCE = timedelta(days=27)
# UTC-12 to UTC+14: the local dates anyone can be in lie within a day of the UTC date.
ZONE_SPAN = timedelta(days=1)


@dataclass
class ReassessPass:
    """What the re-assessment part of one pass did: offers sent (team, user), offers found
    already sent by a process that died (recovered), and offers Slack refused (with why)."""

    offered: list[tuple[str, str]] = field(default_factory=list)
    recovered: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str, str]] = field(default_factory=list)


def run_reassess_pass(
    store: Store,
    slack_for: SlackFor,
    now: datetime,
    *,
    lease: timedelta = DEFAULT_LEASE,
    follow_up: timedelta = FOLLOW_UP,
) -> ReassessPass:
    """Offer a re-assessment to every owner it is due for at `now`, exactly once per due
    period, each workspace through its own Slack calls; returns what was sent. One owner's
    Slack failure never stops the others'."""
    offers = _Offers(store, now, lease, follow_up)
    for candidate in store.reassess_candidates(now - SHORTEST_CADENCE):
        if candidate.preferences.left_at is not None or not _maybe_due(candidate, now):
            continue
        slack = slack_for(candidate.team_id)
        if slack is None:  # the app is not installed there (any more)
            continue
        try:
            offers.offer(slack, candidate)
        except SlackSendError as exc:
            log.warning(
                "re-assessment offer to %s/%s not sent: %s",
                candidate.team_id,
                candidate.user_id,
                exc.error,
            )
            offers.done.refused.append((candidate.team_id, candidate.user_id, exc.error))
    return offers.done


def _maybe_due(candidate: ReassessCandidate, now: datetime) -> bool:
    """Whether the offer may be due in some time zone by now and was not sent for that due
    day: only then is the owner's zone looked up."""
    due = reassessment_due_on(candidate.assessed_at.date(), candidate.preferences.reassess_cadence)
    if due is None or due > (now + ZONE_SPAN).date():
        return False
    return candidate.offered_for is None or candidate.offered_for < due


class _Offers:
    """The offers of one pass at one instant, and what they did."""

    def __init__(self, store: Store, now: datetime, lease: timedelta, follow_up: timedelta) -> None:
        self.store = store
        self.now = now
        self.lease = lease
        self.follow_up = follow_up
        self.done = ReassessPass()

    def _with_zone(self, slack: NudgeSlack, candidate: ReassessCandidate) -> NudgePreferences:
        """The owner's preferences with their Slack time zone and DM, looked up once for
        an owner the KPI nudges never looked up (someone without KPIs)."""
        prefs = candidate.preferences
        if prefs.tz is not None:
            return prefs
        user = slack.user(candidate.user_id)
        fresh = prefs.model_copy(
            update={
                "tz": user.tz or "UTC",
                "tz_checked_at": self.now,
                "dm_channel": None if user.left else slack.open_dm(candidate.user_id),
                "left_at": self.now if user.left else None,
            }
        )
        self.store.save_nudge_preferences(candidate.team_id, candidate.user_id, fresh)
        return fresh

    def offer(self, slack: NudgeSlack, candidate: ReassessCandidate) -> None:
        """Claim and send the owner's offer when it is due now in their zone."""
        prefs = self._with_zone(slack, candidate)
        if prefs.left_at is not None:
            return
        zone = zone_of(prefs)
        due = reassess_offer_due(
            prefs=prefs,
            zone=zone,
            assessed_at=candidate.assessed_at,
            offered_for=candidate.offered_for,
            now=self.now,
            follow_up=self.follow_up,
        )
        if due is None:
            return
        team_id, user_id = candidate.team_id, candidate.user_id
        claim = self.store.claim_nudge(team_id, user_id, due, REASSESS, lease=self.lease)
        if claim is None:  # another process holds it, or it went out already
            return
        record_nudge_claimed(REASSESS)
        try:
            channel = prefs.dm_channel or slack.open_dm(user_id)
            assessed_on = local_day(candidate.assessed_at, zone)
            months = months_since(assessed_on, local_day(self.now, zone))
            recovered = post_claimed(
                self.store,
                slack,
                claim,
                channel,
                text=reassess_offer_text(months, candidate.score, assessed_on),
                blocks=build_reassess_offer_blocks(
                    months, candidate.score, assessed_on, prefs.reassess_cadence
                ),
            )
        except SlackSendError as exc:
            settle_refusal(self.store, claim, exc)
            raise
        (self.done.recovered if recovered else self.done.offered).append((team_id, user_id))
