"""The re-assessment offer's part of a scheduler pass, over the real store (SQLite and
PostgreSQL) and the real slack_sdk client against the fake Slack API: offered once per due
period at the owner's nudge time, never at "never", mid-interview or once uninstalled."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

from bot.nudges.scheduler import PassOptions, PassReport, run_pass
from bot.nudges.slack import METADATA_EVENT, WebApiSlack, everywhere
from bot.render.review import REASSESS_OFFER
from bot.store import Store
from prompts.formatting import format_score
from tests.kpis.seed import store_persona
from tests.nudges.conftest import MONDAY_0905, PAT, SAM, TEAM
from tests.slack.fake_slack import FakeSlack
from tests.store.backends import FakeClock

# Sunday 4 October 2026, 11:00 in New York: quarterly, due on Monday 4 January 2027.
ASSESSED = datetime(2026, 10, 4, 15, 0, tzinfo=UTC)
DUE = date(2027, 1, 4)
OFFERS_ONLY = PassOptions(digests=False)


def _assessed(store: Store, clock: FakeClock, user: str = PAT) -> float:
    clock.now = ASSESSED
    score = store_persona(store, TEAM, user, "artisan_bakery").score
    clock.now = MONDAY_0905
    return score


def _pass(store: Store, slack: WebApiSlack, clock: FakeClock) -> PassReport:
    return run_pass(store, everywhere(slack), clock, OFFERS_ONLY)


def test_a_due_reassessment_is_offered_in_the_dm_with_its_score_and_button(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    score = _assessed(store, clock)
    report = _pass(store, slack, clock)
    assert report.reassess_offered == [(TEAM, PAT)]
    [offer] = fake.messages(fake.dm_channel(PAT))
    assert offer["text"] == (
        "It's been 3 months since your alignment report of 4 October 2026 "
        f"(score {format_score(score)}). Re-assess: only what changed needs answering."
    )
    assert offer["blocks"][0]["accessory"]["action_id"] == REASSESS_OFFER
    assert offer["metadata"] == {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": f"{TEAM}:{PAT}:{DUE.isoformat()}:reassess"},
    }


def test_the_offer_goes_once_per_due_period(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    _pass(store, slack, clock)
    clock.advance(minutes=30)
    _pass(store, slack, clock)
    clock.advance(days=1)
    assert _pass(store, slack, clock).reassess_offered == []
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_no_offer_before_it_is_due_nor_before_the_owners_nudge_time(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    clock.now = MONDAY_0905 - timedelta(days=3)  # Friday 1 January: not due yet
    assert _pass(store, slack, clock).reassess_offered == []
    clock.now = MONDAY_0905 - timedelta(minutes=10)  # 08:55 in New York
    assert _pass(store, slack, clock).reassess_offered == []
    assert fake.calls("chat.postMessage") == []


def test_the_owners_cadence_decides_when_it_is_due(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    store.set_reassess_cadence(TEAM, PAT, "half-yearly")
    assert _pass(store, slack, clock).reassess_offered == []
    store.set_reassess_cadence(TEAM, PAT, "monthly")
    assert _pass(store, slack, clock).reassess_offered == [(TEAM, PAT)]


def test_never_means_no_offer(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    store.set_reassess_cadence(TEAM, PAT, "never")
    assert _pass(store, slack, clock).reassess_offered == []
    assert fake.calls("chat.postMessage") == []


def test_no_offer_while_an_interview_is_in_progress(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    with store.interview_transaction(TEAM, PAT) as tx:
        tx.start("test-bank")
    assert _pass(store, slack, clock).reassess_offered == []
    assert fake.calls("chat.postMessage") == []


def test_no_offer_in_a_workspace_that_uninstalled_the_app(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    store.mark_uninstalled(TEAM, grace=timedelta(days=30))
    assert _pass(store, slack, clock).reassess_offered == []
    assert fake.calls("chat.postMessage") == []


def test_each_owner_is_offered_their_own(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock, PAT)
    _assessed(store, clock, SAM)
    assert sorted(_pass(store, slack, clock).reassess_offered) == [(TEAM, PAT), (TEAM, SAM)]


def test_two_replicas_passing_at_once_offer_it_once(
    store: Store, database_url: str, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    other = Store.open(database_url, clock=clock, pool_size=5)
    try:
        with ThreadPoolExecutor(2) as pool:
            reports = list(pool.map(lambda s: _pass(s, slack, clock), [store, other]))
    finally:
        other.close()
    assert sum(len(r.reassess_offered) for r in reports) == 1
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_an_offer_that_went_out_before_its_process_died_is_not_sent_again(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    _assessed(store, clock)
    held = store.claim_nudge(TEAM, PAT, DUE, "reassess")
    assert held is not None
    slack.post(fake.dm_channel(PAT), text="It's been 3 months", blocks=[], key=held.key)
    assert _pass(store, slack, clock).reassess_offered == []  # the claim is still held
    clock.advance(minutes=6)
    assert _pass(store, slack, clock).reassess_offered == [(TEAM, PAT)]
    assert len(fake.messages(fake.dm_channel(PAT))) == 1


def test_an_owner_without_kpis_is_offered_it_at_their_own_nine_oclock(
    store: Store, fake: FakeSlack, slack: WebApiSlack, clock: FakeClock
) -> None:
    fake.set_user("U0TOKYO", tz="Asia/Tokyo")
    clock.now = ASSESSED
    store_persona(store, TEAM, "U0TOKYO", "artisan_bakery")
    clock.now = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)  # Tuesday 08:30 in Tokyo
    assert _pass(store, slack, clock).reassess_offered == []
    assert store.nudge_preferences(TEAM, "U0TOKYO").tz == "Asia/Tokyo"
    clock.advance(minutes=31)
    assert _pass(store, slack, clock).reassess_offered == [(TEAM, "U0TOKYO")]
    [offer] = fake.messages(fake.dm_channel("U0TOKYO"))
    assert "It's been 3 months" in json.dumps(offer["blocks"])
