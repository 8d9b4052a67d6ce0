"""The team pulse's part of a scheduler pass: one reminder a day after, the deadline
closing the pulse, through the real store and the fake Slack API."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.nudges.scheduler import PassOptions, run_pass
from bot.nudges.slack import WebApiSlack, everywhere
from bot.store import NudgePreferences, Store
from bot.team.pulses import closing_instant
from prompts.formatting import format_weekday
from tests.nudges.conftest import PAT, SAM, TEAM
from tests.slack.fake_slack import FakeSlack
from tests.store.backends import FakeClock

OWNER = "U0OWNER"
NUDGES_OFF = PassOptions(digests=False)


def _pulse(store: Store, clock: FakeClock, *, deadline: timedelta = timedelta(days=3)) -> int:
    start = store.create_pulse(
        TEAM,
        OWNER,
        owner_side={},
        bank_version="pulse-1",
        deadline=clock.now + deadline,
        members=[PAT, SAM],
    )
    return start.pulse.id


def test_one_pulse_reminder_goes_a_day_later_to_who_has_not_answered(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _pulse(store, clock)
    assert run_pass(store, everywhere(slack), clock, NUDGES_OFF).pulse_reminders == []
    clock.advance(days=1, minutes=1)
    report = run_pass(store, everywhere(slack), clock, NUDGES_OFF)
    assert sorted(report.pulse_reminders) == [(TEAM, PAT), (TEAM, SAM)]
    [reminder] = fake.messages(fake.dm_channel(PAT))
    assert "A reminder" in json.dumps(reminder["blocks"])
    clock.advance(hours=5)
    assert run_pass(store, everywhere(slack), clock, NUDGES_OFF).pulse_reminders == []
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_pulse_deadline_closes_it_and_tells_the_owner_once(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    pulse_id = _pulse(store, clock)
    clock.advance(days=3)
    report = run_pass(store, everywhere(slack), clock, NUDGES_OFF)
    assert report.pulses_closed == [(TEAM, pulse_id)]
    assert store.open_interview(TEAM, PAT, "pulse") is None
    [told] = fake.messages(fake.dm_channel(OWNER))
    assert "0 of 2 answered" in told["text"]
    assert run_pass(store, everywhere(slack), clock, NUDGES_OFF).pulses_closed == []


def test_pulse_reminder_names_the_owners_last_day_in_the_owners_zone(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    auckland = ZoneInfo("Pacific/Auckland")
    store.save_nudge_preferences(TEAM, OWNER, NudgePreferences(tz=auckland.key))
    day = clock.now.astimezone(auckland).date() + timedelta(days=3)
    _pulse(store, clock, deadline=closing_instant(day, auckland) - clock.now)
    clock.advance(days=1, minutes=1)
    run_pass(store, everywhere(slack), clock, NUDGES_OFF)
    [reminder] = fake.messages(fake.dm_channel(PAT))
    said = reminder["text"]
    assert format_weekday(day) in said
    assert "(Pacific/Auckland time)" in said
