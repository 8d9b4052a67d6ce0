"""Answers through Slack's failures, against the fake Slack API's fault modes: a 500 is
retried, a post that hangs past the client timeout is not posted twice, a rate limit never
holds a listener thread, and the person hears once when their answer cannot be sent."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.slack.delivery import ANSWER_EVENT
from bot.slack.jobs import Jobs
from bot.store import Store
from tests.slack.conftest import CannedAnswers, RunningBot
from tests.slack.fake_slack import FakeSlack

StartBot = Callable[..., AbstractContextManager[RunningBot]]
LIMITED = "C0LIMITED"


def _is_answer(params: dict[str, Any]) -> bool:
    return "blocks" in params


def _thread(slack: FakeSlack, channel: str, ts: str) -> list[dict[str, Any]]:
    return slack.messages(channel, thread_ts=ts)


def _answers(slack: FakeSlack, channel: str, ts: str) -> list[dict[str, Any]]:
    return [m for m in _thread(slack, channel, ts) if m.get("blocks")]


@pytest.fixture
def jobs_store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store of its own, for the durable work of one test's bot."""
    opened = Store.open(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def durable_bot(
    start_bot: StartBot, jobs_store: Store
) -> Callable[..., AbstractContextManager[RunningBot]]:
    """A factory of canned bots whose questions are durable work in `jobs_store`."""

    def start(
        max_wait: float = 120.0, listener_threads: int = 8, **settings: Any
    ) -> AbstractContextManager[RunningBot]:
        jobs = Jobs(jobs_store, max_wait=timedelta(seconds=max_wait))
        return start_bot(CannedAnswers(), jobs=jobs, listener_threads=listener_threads, **settings)

    return start


def test_answer_after_a_single_500_is_retried_and_posted_once(
    durable_bot: Callable[..., AbstractContextManager[RunningBot]], slack: FakeSlack
) -> None:
    slack.fail("chat.postMessage", "internal_error", status=500, where=_is_answer)
    with durable_bot() as bot:
        sent = bot.driver.mention("How do we pick a first automation?")
        slack.wait_for(lambda _: len(_answers(slack, sent.channel, sent.ts)) == 1)
        bot.executor.wait_idle()
    thread = _thread(slack, sent.channel, sent.ts)
    assert len(thread) == 1
    assert thread[0]["metadata"]["event_type"] == ANSWER_EVENT


def test_answer_that_hangs_past_the_timeout_but_lands_is_not_posted_again(
    durable_bot: Callable[..., AbstractContextManager[RunningBot]], slack: FakeSlack
) -> None:
    slack.hang("chat.postMessage", 2.5, lands=True, where=_is_answer)
    with durable_bot(slack_api_timeout=1) as bot:
        sent = bot.driver.mention("How do we pick a first automation?")
        slack.wait_for(lambda calls: any(c.method == "conversations.replies" for c in calls))
        bot.executor.wait_idle()
    slack.wait_for_call("chat.postMessage", timeout=5)  # the hung call, recorded on answering
    thread = _thread(slack, sent.channel, sent.ts)
    assert [bool(m.get("blocks")) for m in thread] == [True]
    assert len(slack.calls("chat.postMessage")) == 1


def test_answer_that_hangs_and_is_lost_is_posted_again_once(
    durable_bot: Callable[..., AbstractContextManager[RunningBot]], slack: FakeSlack
) -> None:
    slack.hang("chat.postMessage", 2.5, lands=False, where=_is_answer)
    with durable_bot(slack_api_timeout=1) as bot:
        sent = bot.driver.mention("How do we pick a first automation?")
        slack.wait_for(lambda _: len(_answers(slack, sent.channel, sent.ts)) == 1, timeout=15)
        bot.executor.wait_idle()
    assert len(_thread(slack, sent.channel, sent.ts)) == 1


def test_answer_slack_keeps_refusing_gets_one_apology(
    durable_bot: Callable[..., AbstractContextManager[RunningBot]], slack: FakeSlack
) -> None:
    slack.fail("chat.postMessage", "internal_error", status=500, times=3, where=_is_answer)
    with durable_bot() as bot:
        sent = bot.driver.mention("How do we pick a first automation?")
        slack.wait_for(lambda _: len(_thread(slack, sent.channel, sent.ts)) == 1, timeout=15)
        bot.executor.wait_idle()
    [apology] = _thread(slack, sent.channel, sent.ts)
    assert "Slack kept failing" in apology["text"]
    assert not apology.get("blocks")


def test_rate_limited_answers_leave_the_workers_to_an_unrelated_mention_and_command(
    durable_bot: Callable[..., AbstractContextManager[RunningBot]], slack: FakeSlack
) -> None:
    slack.fail(
        "chat.postMessage",
        "ratelimited",
        status=429,
        times=3,
        headers={"Retry-After": "3"},
        where=lambda p: p.get("channel") == LIMITED and _is_answer(p),
    )
    with durable_bot(listener_threads=2) as bot:
        limited = [bot.driver.mention(f"Question {n}?", channel=LIMITED) for n in range(3)]
        slack.wait_for(lambda calls: len([c for c in calls if c.method == "chat.postMessage"]) == 3)
        started = time.monotonic()
        other = bot.driver.mention("How do we measure ROI?")
        slack.wait_for(lambda _: len(_answers(slack, other.channel, other.ts)) == 1, timeout=5)
        bot.driver.command("ask How do we measure ROI?")
        slack.wait_for_call("response_url", timeout=5)
        assert time.monotonic() - started < 2.5  # the rate limit's 3 s held nobody
        slack.wait_for(
            lambda _: all(len(_answers(slack, LIMITED, s.ts)) == 1 for s in limited), timeout=15
        )
        bot.executor.wait_idle()
    for sent in limited:
        assert len(_thread(slack, LIMITED, sent.ts)) == 1


def test_rate_limit_past_the_total_wait_tells_the_person_once(
    durable_bot: Callable[..., AbstractContextManager[RunningBot]], slack: FakeSlack
) -> None:
    slack.fail(
        "chat.postMessage",
        "ratelimited",
        status=429,
        times=10,
        headers={"Retry-After": "2"},
        where=_is_answer,
    )
    with durable_bot(max_wait=3) as bot:
        sent = bot.driver.mention("How do we pick a first automation?")
        slack.wait_for(lambda _: len(_thread(slack, sent.channel, sent.ts)) == 1, timeout=15)
        time.sleep(0.5)
        bot.executor.wait_idle()
    [notice] = _thread(slack, sent.channel, sent.ts)
    assert "limiting how fast I can post" in notice["text"]
    assert "ask again" in notice["text"]
