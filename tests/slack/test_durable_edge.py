"""Questions as durable work at the HTTP edge: recorded as they are acked, already this
process's to answer, so a retried delivery (to this process or another replica) is answered
once, and no listener thread writes a job itself (the writer thread writes them all)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.slack.jobs import Jobs
from bot.store import Store
from tests.slack.conftest import CannedAnswers, RunningBot
from tests.slack.driver import CHANNEL_ID, Sent
from tests.slack.fake_slack import FakeSlack

StartBot = Callable[..., AbstractContextManager[RunningBot]]


@pytest.fixture
def jobs_store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store of its own, for the durable work of one test's bots."""
    opened = Store.open(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    yield opened
    opened.close()


def _durable(start_bot: StartBot, store: Store) -> AbstractContextManager[RunningBot]:
    return start_bot(CannedAnswers(), jobs=Jobs(store))


def _again(bot: RunningBot, slack: FakeSlack, sent: Sent, retry_num: int) -> None:
    """Deliver the event of `sent` again to `bot`, as Slack retries it."""
    event = {
        "type": "app_mention",
        "user": "U0PATBAKER",
        "text": f"<@{slack.bot_user_id}> How do I pick a first automation?",
        "ts": sent.ts,
        "channel": CHANNEL_ID,
    }
    again = bot.driver.send_event(event, event_id=sent.event_id, retry_num=retry_num)
    assert again.response.status_code == 200


def _replies(slack: FakeSlack, sent: Sent) -> list[dict[str, Any]]:
    return [c.params for c in slack.calls("chat.postMessage") if c.get("thread_ts") == sent.ts]


def test_retried_deliveries_of_a_recorded_mention_get_one_reply(
    start_bot: StartBot, slack: FakeSlack, jobs_store: Store
) -> None:
    with _durable(start_bot, jobs_store) as bot:
        first = bot.driver.mention("How do I pick a first automation?")
        for retry_num in (1, 2, 3):
            _again(bot, slack, first, retry_num)
        bot.executor.wait_idle()
    assert len(_replies(slack, first)) == 1


def test_a_recorded_mention_delivered_to_two_replicas_gets_one_reply(
    start_bot: StartBot, slack: FakeSlack, jobs_store: Store
) -> None:
    with _durable(start_bot, jobs_store) as one, _durable(start_bot, jobs_store) as two:
        sent = one.driver.mention("How do I pick a first automation?")
        _again(two, slack, sent, 1)
        one.executor.wait_idle()
        two.executor.wait_idle()
    assert len(_replies(slack, sent)) == 1


def test_job_writes_of_answered_mentions_are_the_writer_threads_only(
    start_bot: StartBot, slack: FakeSlack, jobs_store: Store
) -> None:
    writers: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "slack_jobs" in statement:
            writers.append(threading.current_thread().name)

    event.listen(jobs_store.engine, "before_cursor_execute", seen)
    try:
        with _durable(start_bot, jobs_store) as bot:
            sent = [bot.driver.mention(f"Question number {n}?") for n in range(5)]
            bot.executor.wait_idle()
            while_serving = list(writers)
        # The bot has drained (handing back what was unfinished: none), so every record
        # and "done" is written.
    finally:
        event.remove(jobs_store.engine, "before_cursor_execute", seen)
    assert all(len(_replies(slack, s)) == 1 for s in sent)
    assert while_serving
    assert set(while_serving) == {"alignbot-jobs-writer"}
    # Each was marked done: none is left for a next process to take up.
    assert jobs_store.claim_stale_jobs(owner="next", lease=timedelta(seconds=60), limit=10) == []


def test_answered_mentions_are_marked_done_with_the_next_mentions_record(
    start_bot: StartBot, slack: FakeSlack, jobs_store: Store
) -> None:
    transactions: list[str] = []

    def committed(_conn: Any) -> None:
        transactions.append(threading.current_thread().name)

    event.listen(jobs_store.engine, "commit", committed)
    try:
        # "done"s wait for a record as long as the test runs, so the count is exact.
        with start_bot(CannedAnswers(), jobs=Jobs(jobs_store, done_delay=60)) as bot:
            for n in range(5):
                bot.driver.mention(f"Question number {n}?")
                bot.executor.wait_idle()  # answered: its "done" waits for the next record
            while_serving = list(transactions)
    finally:
        event.remove(jobs_store.engine, "commit", committed)
    # One transaction per question, not two: each record took the answer before it along.
    assert while_serving == ["alignbot-jobs-writer"] * 5
    # The drain wrote the last "done": none is left for a next process to take up.
    assert jobs_store.claim_stale_jobs(owner="next", lease=timedelta(seconds=60), limit=10) == []


def _job_states(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        return [str(state) for (state,) in connection.execute(text("SELECT state FROM slack_jobs"))]


def test_an_answered_mention_is_marked_done_after_the_done_delay_when_no_question_follows(
    start_bot: StartBot, slack: FakeSlack, jobs_store: Store
) -> None:
    with start_bot(CannedAnswers(), jobs=Jobs(jobs_store, done_delay=0.05)) as bot:
        bot.driver.mention("How do I pick a first automation?")
        bot.executor.wait_idle()
        deadline = time.monotonic() + 5
        while _job_states(jobs_store) != ["done"] and time.monotonic() < deadline:
            time.sleep(0.02)
        # Still serving: no drain has flushed it.
        assert _job_states(jobs_store) == ["done"]
