"""One scheduler pass over the real store (SQLite and PostgreSQL) and the real slack_sdk
client against the fake Slack API: what goes out, once, and what Slack's refusals do."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.nudges.scheduler import PassOptions, Scheduler, build_scheduler, run_pass
from bot.nudges.slack import METADATA_EVENT, WebApiSlack, everywhere
from bot.settings import load_settings
from bot.store import NudgePreferences, Store
from tests.nudges.conftest import PAT, SAM, TEAM, Waits, add_kpi
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.store.backends import FakeClock

MONDAY = date(2027, 1, 4)
# The weekly digest is tested on its own (test_digest.py).
NUDGES_ONLY = PassOptions(digests=False)


def _texts(fake: FakeSlack, user: str) -> list[str]:
    return [json.dumps(m.get("blocks")) for m in fake.messages(fake.dm_channel(user))]


def test_a_due_nudge_goes_to_the_persons_dm_naming_the_kpi_with_its_key(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    report = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    [message] = fake.messages(fake.dm_channel(PAT))
    assert "Weekly orders" in json.dumps(message["blocks"])
    assert message["metadata"] == {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": f"{TEAM}:{PAT}:2027-01-04:nudge"},
    }
    assert report.sent == [(TEAM, PAT, "nudge")]


def test_a_second_pass_the_same_day_sends_nothing_more(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    monday.advance(minutes=30)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_nothing_goes_out_before_the_persons_nine_oclock(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    monday.advance(minutes=-10)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert fake.calls("chat.postMessage") == []


def test_one_reminder_follows_when_nothing_is_logged_and_none_when_something_is(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    logged = add_kpi(store, SAM, "Refund rate")
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    monday.advance(hours=1)
    store.log_reading(TEAM, logged, value=2, observed_on=MONDAY, recorded_by=SAM)
    monday.advance(hours=3, minutes=1)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    monday.advance(hours=2)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert len(fake.messages(fake.dm_channel(PAT))) == 2
    assert "gentle reminder" in _texts(fake, PAT)[1]
    assert len(fake.messages(fake.dm_channel(SAM))) == 1


def test_a_short_rate_limit_is_waited_out_in_the_pass(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock, waits: Waits
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    fake.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "1"})
    report = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert (report.sent, waits.asked) == ([(TEAM, PAT, "nudge")], [1.0])
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_a_long_rate_limit_leaves_the_nudge_to_the_next_pass_without_waiting(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock, waits: Waits
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    fake.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "30"})
    first = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    monday.advance(minutes=1)
    second = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert (first.retry_later, waits.asked) == ([(TEAM, PAT, "ratelimited")], [])
    assert second.sent == [(TEAM, PAT, "nudge")]


def test_a_slack_server_error_is_retried_once_in_the_pass(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    fake.fail("chat.postMessage", "internal_error", status=500)
    assert run_pass(store, everywhere(slack), monday, NUDGES_ONLY).sent == [(TEAM, PAT, "nudge")]


def test_channel_not_found_is_recorded_and_others_still_get_theirs(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    add_kpi(store, SAM, "Refund rate")
    fake.keep_bot_out(fake.dm_channel(PAT), "channel_not_found")
    report = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    monday.advance(minutes=10)
    again = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert report.failed == [(TEAM, PAT, "channel_not_found")]
    assert report.sent == [(TEAM, SAM, "nudge")]
    assert (again.sent, again.failed) == ([], [])


def test_a_person_who_left_is_skipped_and_stays_skipped(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    add_kpi(store, SAM, "Refund rate")
    fake.remove_user(PAT)
    report = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    monday.advance(days=1)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert report.left == [(TEAM, PAT)]
    assert fake.messages(fake.dm_channel(PAT)) == []
    assert len(fake.messages(fake.dm_channel(SAM))) == 2
    assert len(fake.calls("users.info")) == 3


def test_a_deactivated_person_is_skipped(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    fake.set_user(PAT, tz="America/New_York", deleted=True)
    assert run_pass(store, everywhere(slack), monday, NUDGES_ONLY).left == [(TEAM, PAT)]
    assert fake.calls("chat.postMessage") == []


def test_the_time_zone_is_read_once_a_day(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    for _ in range(3):
        run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
        monday.advance(hours=2)
    monday.advance(days=1)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert len(fake.calls("users.info")) == 2
    assert store.nudge_preferences(TEAM, PAT).tz == "America/New_York"


def test_a_claim_whose_process_died_is_sent_by_the_next_pass_after_its_lease(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    assert store.claim_nudge(TEAM, PAT, MONDAY) is not None
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert fake.calls("chat.postMessage") == []
    monday.advance(minutes=6)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_a_nudge_that_went_out_before_its_process_died_is_not_sent_again(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    held = store.claim_nudge(TEAM, PAT, MONDAY)
    assert held is not None
    slack.post(fake.dm_channel(PAT), text="Time to log", blocks=[], key=held.key)
    monday.advance(minutes=6)
    report = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert report.recovered == [(TEAM, PAT, "nudge")]
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_each_workspace_is_nudged_about_its_own_kpis_only(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    add_kpi(store, PAT, "Secret margin", team="T0OTHER")
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    texts = _texts(fake, PAT)
    assert len(texts) == 2
    assert sum("Secret margin" in t for t in texts) == 1
    assert sum("Weekly orders" in t for t in texts) == 1


def test_paused_nudges_and_paused_kpis_send_nothing(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    store.save_nudge_preferences(TEAM, PAT, NudgePreferences(paused=True))
    paused = add_kpi(store, SAM, "Refund rate")
    store.set_kpi_paused(TEAM, paused, True)
    run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert fake.calls("chat.postMessage") == []


def test_the_scheduler_runs_passes_on_its_tick_until_stopped(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    scheduler = Scheduler(store, everywhere(slack), monday, tick=0.05, options=NUDGES_ONLY).start()
    try:
        fake.wait_for_call("chat.postMessage", timeout=5)
    finally:
        scheduler.stop()
    calls = len(fake.calls("conversations.open"))
    monday.advance(days=1)
    assert calls == 1
    assert len(fake.calls("conversations.open")) == calls


def test_the_serve_scheduler_talks_to_slack_api_url_with_the_bot_token(
    store: Store, fake: FakeSlack, monday: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    add_kpi(store, PAT, "Weekly orders")
    scheduler = build_scheduler(load_settings(), store)
    run_pass(store, scheduler.slack_for, monday, NUDGES_ONLY)
    assert [c.token for c in fake.calls("chat.postMessage")] == [BOT_TOKEN]


def test_time_zone_lookups_are_capped_per_pass_and_the_rest_follow(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    add_kpi(store, SAM, "Refund rate")
    capped = PassOptions(digests=False, tz_lookups=1)
    first = run_pass(store, everywhere(slack), monday, capped)
    monday.advance(seconds=30)
    second = run_pass(store, everywhere(slack), monday, capped)
    assert len(first.sent) == len(second.sent) == 1
    assert len(fake.calls("users.info")) == 2


def test_a_rate_limited_lookup_stops_lookups_for_the_pass(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    add_kpi(store, SAM, "Refund rate")
    fake.fail("users.info", "ratelimited", status=429, headers={"Retry-After": "60"})
    report = run_pass(store, everywhere(slack), monday, NUDGES_ONLY)
    assert (len(fake.calls("users.info")), report.sent) == (1, [])
    monday.advance(seconds=30)
    assert len(run_pass(store, everywhere(slack), monday, NUDGES_ONLY).sent) == 2
