"""One nudge pass, and the scheduler that runs passes on a tick in a background thread.

A pass visits each workspace with KPIs, reads it in a fixed few queries (never one per KPI),
refreshes time zones older than a day from `users.info`, asks the pure schedule what is due
for each person, and for each due nudge or reminder: claims it in the database, opens the
person's DM, posts, marks it sent. Exactly once, even with several processes:

- the claim is a unique row per (team, person, local day, kind); one process holds it;
- a process that dies between claim and send leaves a claim that lapses after its lease
  (5 minutes); the next pass takes it over and first looks in the DM for a message carrying
  the claim's key (in its metadata), so a message that did go out is not sent again.

Each pass also closes the team pulses past their deadline and sends each person who has
not finished a pulse a day after it was sent one reminder (`bot.nudges.pulses`), and offers
a re-assessment to each owner whose cadence says it is due (`bot.nudges.reassess`).

On the first of a person's work days each week, after the nudges, the pass also sends the
weekly digest: a chart of their KPIs (files upload v2) with one status line each, in their
DM, and the chart of each KPI that names a digest channel to that channel.

Slack errors never end a pass nor hold up other people (see `bot.nudges.slack`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.kpis.chart import render_chart
from bot.kpis.dashboard import TrackedKpi, tracked_kpi
from bot.kpis.preferences import zone_of
from bot.metrics import record_nudge_claimed, record_nudge_sent
from bot.nudges.claims import post_claimed, settle_refusal
from bot.nudges.pulses import run_pulse_pass
from bot.nudges.reassess import run_reassess_pass
from bot.nudges.schedule import FOLLOW_UP, Due, digest_due, what_is_due
from bot.nudges.slack import (
    NudgeSlack,
    SlackFor,
    SlackSendError,
    Tokens,
    everywhere,
    installed_slacks,
    nudge_slack,
)
from bot.render.nudges import build_nudge_blocks, digest_text, nudge_fallback_text
from bot.settings import Settings
from bot.store import (
    KpiRecord,
    NudgeClaim,
    NudgePreferences,
    NudgeSnapshot,
    ReadingRecord,
    Store,
)
from bot.store.nudges import DEFAULT_LEASE
from bot.team.pulse import load_pulse_template
from prompts.errors import AlignbotError

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
TZ_REFRESH = timedelta(days=1)
# users.info (+ conversations.open) lookups per pass at most: people first seen together
# would otherwise all be looked up again in the same pass every day; the rest keep their
# cached zone until a later pass (users.info allows about 100 calls a minute).
TZ_LOOKUPS = 100
TICK_SECONDS = 30.0
# Nudges sent at once within a pass. Slack allows about one message per second per
# channel and several hundred a minute per workspace: four DMs in flight stay well within.
SENDERS = 4
# UTC-12 to UTC+14: the local dates anyone can be in lie within a day of the UTC date.
ZONE_SPAN = timedelta(days=1)


@dataclass
class PassReport:
    """What one pass did, person by person (team, user, kind or error)."""

    sent: list[tuple[str, str, str]] = field(default_factory=list)
    recovered: list[tuple[str, str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    retry_later: list[tuple[str, str, str]] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)
    held_elsewhere: int = 0
    people: int = 0
    pulses_closed: list[tuple[str, int]] = field(default_factory=list)
    pulse_reminders: list[tuple[str, str]] = field(default_factory=list)
    reassess_offered: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PassOptions:
    """How a pass behaves: claim lease, reminder delay, time-zone refresh."""

    lease: timedelta = DEFAULT_LEASE
    follow_up: timedelta = FOLLOW_UP
    tz_refresh: timedelta = TZ_REFRESH
    tz_lookups: int = TZ_LOOKUPS
    digests: bool = True
    senders: int = SENDERS


def run_pass(
    store: Store, slack_for: SlackFor, clock: Clock, options: PassOptions | None = None
) -> PassReport:
    """Send every nudge and reminder due at `clock()` across workspaces, exactly once each,
    each workspace with its own Slack calls (`slack_for(team_id)`), and return what
    happened; a workspace where the app is not installed is skipped, and one whose
    database read or Slack fails is left for the next pass while the others go on."""
    one = _Pass(store, clock(), options or PassOptions())
    for team_id in store.nudge_teams():
        try:
            slack = slack_for(team_id)
            if slack is None:
                log.info("nudge pass skips team %s: the app is not installed there", team_id)
                continue
            one.team(team_id, slack)
        except SlackSendError as exc:
            log.warning(
                "nudge pass for team %s stopped: Slack refused the bot's token (%s)",
                team_id,
                exc.error,
            )
        except Exception:  # whatever one workspace does, the others get their nudges
            log.exception("nudge pass for team %s stopped", team_id)
    try:
        pulses = run_pulse_pass(store, slack_for, one.now, load_pulse_template())
    except AlignbotError as exc:
        log.error("team pulse pass stopped: %s", exc)
    else:
        one.report.pulses_closed += pulses.closed
        one.report.pulse_reminders += pulses.reminded
    _offer_reassessments(store, slack_for, one)
    return one.report


def _offer_reassessments(store: Store, slack_for: SlackFor, one: _Pass) -> None:
    """The re-assessment offers of the pass (`bot.nudges.reassess`), after the nudges; a
    database failure there is logged and the next pass tries again."""
    try:
        offers = run_reassess_pass(
            store,
            slack_for,
            one.now,
            lease=one.options.lease,
            follow_up=one.options.follow_up,
        )
    except AlignbotError as exc:
        log.error("re-assessment offers stopped: %s", exc)
        return
    one.report.reassess_offered += offers.offered + offers.recovered
    one.report.failed += offers.refused


def _owners(kpis: Sequence[KpiRecord]) -> dict[str, list[KpiRecord]]:
    owned: dict[str, list[KpiRecord]] = defaultdict(list)
    for kpi in kpis:
        owned[kpi.owner_user_id].append(kpi)
    return owned


class _Pass:
    """One pass at one instant: what it reads and sends, workspace by workspace (one at a
    time: `slack` is the current workspace's)."""

    slack: NudgeSlack
    _workspace_gone: SlackSendError | None = None

    def __init__(self, store: Store, now: datetime, options: PassOptions) -> None:
        self.store = store
        self.now = now
        self.options = options
        self.report = PassReport()
        # Guards the report's counter; appending to its lists is atomic already.
        self._lock = threading.Lock()
        self._lookups_left = options.tz_lookups

    def team(self, team_id: str, slack: NudgeSlack) -> None:
        """Send what is due in one workspace, through its `slack`; raises `SlackSendError`
        when the bot's token no longer works there (the rest of the workspace waits)."""
        self.slack = slack
        self._workspace_gone: SlackSendError | None = None
        snapshot = self.store.nudge_snapshot(
            team_id, (self.now - ZONE_SPAN).date(), (self.now + ZONE_SPAN).date()
        )
        logs = defaultdict(list)
        for entry in snapshot.log:
            logs[entry.user_id].append(entry)
        due: list[tuple[str, Due, str | None]] = []
        digests: list[tuple[str, date]] = []
        for user_id, kpis in _owners(snapshot.kpis).items():
            self.report.people += 1
            prefs = self._fresh_preferences(snapshot, user_id)
            if prefs is None or prefs.tz is None or prefs.left_at is not None:
                continue
            found = what_is_due(
                prefs=prefs,
                zone=zone_of(prefs),
                kpis=kpis,
                latest=snapshot.latest,
                log=logs[user_id],
                now=self.now,
                follow_up=self.options.follow_up,
            )
            if found is not None:
                due.append((user_id, found, prefs.dm_channel))
            weekly = digest_due(
                prefs=prefs,
                zone=zone_of(prefs),
                log=logs[user_id],
                now=self.now,
                follow_up=self.options.follow_up,
            )
            if weekly is not None and self.options.digests:
                digests.append((user_id, weekly))
        by_id = {kpi.id: kpi for kpi in snapshot.kpis}
        if due:
            readings = self.store.reading_ends(team_id, [i for _, d, _ in due for i in d.kpi_ids])

            def send(item: tuple[str, Due, str | None]) -> None:
                if self._workspace_gone is not None:
                    return
                user_id, found, channel = item
                tracked = [tracked_kpi(by_id[i], readings.get(i, [])) for i in found.kpi_ids]
                try:
                    self._send(team_id, user_id, found, tracked, channel)
                except AlignbotError as exc:  # the claim lapses; the next pass takes it over
                    log.error("nudge to %s/%s stopped: %s", team_id, user_id, exc)

            # Sending is waiting on Slack's answers: a few at once overlap the waits.
            with ThreadPoolExecutor(self.options.senders, "alignbot-nudge-send") as pool:
                list(pool.map(send, due))
        if self._workspace_gone is not None:
            raise self._workspace_gone
        if digests:
            self._digests(team_id, snapshot, digests)

    def _digests(
        self, team_id: str, snapshot: NudgeSnapshot, digests: list[tuple[str, date]]
    ) -> None:
        """Send the weekly digests due, after every nudge of the pass (a chart takes a
        while): each owner's in their DM, and each KPI's to its digest channel."""
        owners = _owners(snapshot.kpis)
        ids = [k.id for user_id, _ in digests for k in owners[user_id]]
        readings = self.store.readings_of(team_id, ids)
        channels: dict[tuple[str, date], list[TrackedKpi]] = defaultdict(list)
        for user_id, day in digests:
            tracked = [tracked_kpi(k, readings.get(k.id, [])) for k in owners[user_id]]
            self._send_digest(team_id, user_id, None, day, tracked=tracked, readings=readings)
            for item in tracked:
                if item.kpi.digest_channel:
                    channels[(item.kpi.digest_channel, day)].append(item)
        for (channel, day), tracked in channels.items():
            self._send_digest(team_id, channel, channel, day, tracked=tracked, readings=readings)

    def _send_digest(
        self,
        team_id: str,
        recipient: str,
        channel: str | None,
        day: date,
        *,
        tracked: list[TrackedKpi],
        readings: Mapping[int, Sequence[ReadingRecord]],
    ) -> None:
        """Claim and upload one digest: to `channel`, or to `recipient`'s DM when None. A
        digest whose claim was taken over is sent again: an upload carries no key to look
        for, so a crash mid-upload may share the chart twice, never zero times."""
        claim = self.store.claim_nudge(team_id, recipient, day, "digest", lease=self.options.lease)
        if claim is None:
            with self._lock:
                self.report.held_elsewhere += 1
            return
        record_nudge_claimed("digest")
        try:
            target = channel or self.slack.open_dm(recipient)
            self.slack.upload_png(
                target,
                filename=f"kpis-{day.isoformat()}.png",
                title=f"KPIs, week of {day.isoformat()}",
                content=render_chart(tracked, readings),
                comment=digest_text(tracked),
            )
        except SlackSendError as exc:
            self._refused(claim, team_id, recipient, exc)
            return
        self.store.mark_nudge_sent(claim, channel_id=target, message_ts="")
        record_nudge_sent("digest")
        self.report.sent.append((team_id, recipient, "digest"))

    def _fresh_preferences(self, snapshot: NudgeSnapshot, user_id: str) -> NudgePreferences | None:
        """The person's preferences with a time zone at most `tz_refresh` old, from
        users.info when needed; a passing failure keeps the cached zone (None if none)."""
        prefs = snapshot.preferences.get(user_id, NudgePreferences())
        if prefs.left_at is not None or prefs.paused:
            return prefs
        checked = prefs.tz_checked_at
        if (
            prefs.tz is not None
            and checked is not None
            and self.now - checked < self.options.tz_refresh
        ) or self._lookups_left <= 0:
            return prefs
        self._lookups_left -= 1
        channel = prefs.dm_channel
        try:
            user = self.slack.user(user_id)
            if not user.left:
                channel = self.slack.open_dm(user_id)
        except SlackSendError as exc:
            if exc.workspace_gone:
                raise
            if exc.error == "ratelimited":
                self._lookups_left = 0  # the rest wait for a later pass
            if not exc.person_gone:
                log.warning("users.info failed for %s/%s: %s", snapshot.team_id, user_id, exc.error)
                return prefs
            user_left, zone = True, prefs.tz
        else:
            user_left, zone = user.left, user.tz or prefs.tz or "UTC"
        fresh = prefs.model_copy(
            update={
                "tz": zone,
                "tz_checked_at": self.now,
                "dm_channel": channel,
                "left_at": self.now if user_left else None,
            }
        )
        self.store.save_nudge_preferences(snapshot.team_id, user_id, fresh)
        if user_left:
            self.report.left.append((snapshot.team_id, user_id))
        return fresh

    def _refused(self, claim: NudgeClaim, team_id: str, user_id: str, exc: SlackSendError) -> None:
        """Record a refusal: for good (the claim fails; a person gone is skipped from now
        on), or for now (the claim goes back to the next pass)."""
        failed = (team_id, user_id, exc.error)
        if exc.workspace_gone:
            self._workspace_gone = exc
        if exc.person_gone:
            self._mark_left(team_id, user_id)
        settle_refusal(self.store, claim, exc)
        (self.report.failed if exc.permanent else self.report.retry_later).append(failed)
        log.warning("%s to %s/%s not sent: %s", claim.kind, team_id, user_id, exc.error)

    def _mark_left(self, team_id: str, user_id: str) -> None:
        prefs = self.store.nudge_preferences(team_id, user_id)
        self.store.save_nudge_preferences(
            team_id, user_id, prefs.model_copy(update={"left_at": self.now})
        )
        self.report.left.append((team_id, user_id))

    def _send(
        self,
        team_id: str,
        user_id: str,
        due: Due,
        tracked: list[TrackedKpi],
        known_channel: str | None,
    ) -> None:
        claim = self.store.claim_nudge(
            team_id, user_id, due.day, due.kind, lease=self.options.lease
        )
        if claim is None:
            with self._lock:
                self.report.held_elsewhere += 1
            return
        record_nudge_claimed(due.kind)
        outcome = (team_id, user_id, due.kind)
        try:
            channel = known_channel or self.slack.open_dm(user_id)
            reminder = due.kind == "reminder"
            recovered = post_claimed(
                self.store,
                self.slack,
                claim,
                channel,
                text=nudge_fallback_text(tracked, reminder=reminder),
                blocks=build_nudge_blocks(tracked, reminder=reminder),
            )
        except SlackSendError as exc:
            self._refused(claim, team_id, user_id, exc)
            return
        (self.report.recovered if recovered else self.report.sent).append(outcome)


def build_scheduler(
    settings: Settings,
    store: Store,
    *,
    tick: float = TICK_SECONDS,
    tokens: Tokens | None = None,
) -> Scheduler:
    """Return the scheduler `alignbot serve` runs (not started): each workspace's bot token
    from `tokens` when serving many, else `SLACK_BOT_TOKEN`; `SLACK_API_URL`, the wall
    clock, the default pass options."""
    slack_for = (
        installed_slacks(tokens, settings.slack_api_url)
        if tokens is not None
        else everywhere(nudge_slack(settings))
    )
    return Scheduler(store, slack_for, lambda: datetime.now(UTC), tick=tick)


class Scheduler:
    """Runs a pass every `tick` seconds in a daemon thread until stopped; a pass that
    raises is logged and the next tick runs anyway."""

    def __init__(
        self,
        store: Store,
        slack_for: SlackFor,
        clock: Clock,
        *,
        tick: float = TICK_SECONDS,
        options: PassOptions | None = None,
    ) -> None:
        self.store = store
        self.slack_for = slack_for
        self.clock = clock
        self.tick = tick
        self.options = options or PassOptions()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Scheduler:
        """Start running passes in the background; returns self."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="alignbot-nudges", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current pass (waits up to `timeout` seconds for it)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                run_pass(self.store, self.slack_for, self.clock, self.options)
            except Exception:
                log.exception("nudge pass failed; the next tick tries again")
            # Passes start every `tick` seconds (a long pass delays the next one, never
            # more): the latency from a due time to its send stays under a tick plus a pass.
            if self._stop.wait(max(0.0, self.tick - (time.monotonic() - started))):
                return
