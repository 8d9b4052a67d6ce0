"""What happens when Slack retries, when the bot fails inside, and when Slack's API pushes
back: one reply per event, a friendly message instead of silence, no token in the logs."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from slack_sdk import WebClient

from bot.slack.failures import GENERIC_FAILURE, handle_error
from bot.store import Store
from knowledge.errors import QuestionError
from tests.slack.conftest import CannedAnswers, RunningBot
from tests.slack.driver import CHANNEL_ID
from tests.slack.fake_slack import FakeSlack

StartBot = Callable[..., AbstractContextManager[RunningBot]]


def replies_to(slack: FakeSlack, ts: str) -> list[object]:
    return [c for c in slack.calls("chat.postMessage") if c.get("thread_ts") == ts]


def test_retried_event_gets_one_reply(start_bot: StartBot, slack: FakeSlack, store: Store) -> None:
    with start_bot(CannedAnswers(), events=store) as bot:
        first = bot.driver.mention("How do I pick a first automation?")
        event = {
            "type": "app_mention",
            "user": "U0PATBAKER",
            "text": f"<@{slack.bot_user_id}> How do I pick a first automation?",
            "ts": first.ts,
            "channel": CHANNEL_ID,
        }
        retries = [
            bot.driver.send_event(event, event_id=first.event_id, retry_num=n) for n in (1, 2, 3)
        ]
        bot.executor.wait_idle()
    assert all(r.response.status_code == 200 for r in retries)
    assert len(replies_to(slack, first.ts)) == 1
    assert len(slack.calls("reactions.add")) == 1


def test_duplicate_event_to_two_replicas_gets_one_reply(
    start_bot: StartBot, slack: FakeSlack, store: Store
) -> None:
    with (
        start_bot(CannedAnswers(), events=store) as one,
        start_bot(CannedAnswers(), events=store) as two,
    ):
        sent = one.driver.mention("Should we automate invoicing?")
        event = {
            "type": "app_mention",
            "user": "U0PATBAKER",
            "text": f"<@{slack.bot_user_id}> Should we automate invoicing?",
            "ts": sent.ts,
            "channel": CHANNEL_ID,
        }
        two.driver.send_event(event, event_id=sent.event_id, retry_num=1)
        one.executor.wait_idle()
        two.executor.wait_idle()
    assert len(replies_to(slack, sent.ts)) == 1


def test_events_with_different_ids_are_each_answered(
    start_bot: StartBot, slack: FakeSlack, store: Store
) -> None:
    with start_bot(CannedAnswers(), events=store) as bot:
        sent = [bot.driver.mention(f"Question number {i}?") for i in range(3)]
        bot.executor.wait_idle()
    assert all(len(replies_to(slack, s.ts)) == 1 for s in sent)


class BrokenLedger:
    def claim_event(self, team_id: str, event_id: str) -> bool:
        raise ConnectionError("database unreachable")


def test_event_is_still_answered_when_the_ledger_is_unreachable(
    start_bot: StartBot, slack: FakeSlack
) -> None:
    with start_bot(CannedAnswers(), events=BrokenLedger()) as bot:
        sent = bot.driver.mention("Is anyone there?")
        bot.executor.wait_idle()
    assert len(replies_to(slack, sent.ts)) == 1


def test_internal_error_gives_a_friendly_reply_and_logs_ids_but_no_token(
    start_bot: StartBot, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    broken = CannedAnswers(error=RuntimeError(f"index broke while using {slack.bot_token}"))
    with caplog.at_level(logging.INFO), start_bot(broken) as bot:
        sent = bot.driver.mention("What is SSAI?")
        bot.executor.wait_idle()
    [reply] = replies_to(slack, sent.ts)
    assert reply["text"] == GENERIC_FAILURE.format(ref=sent.event_id)  # type: ignore[index]
    assert "index broke" not in reply["text"]  # type: ignore[index]
    assert slack.reactions() == set()
    assert slack.bot_token not in caplog.text
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert f"event={sent.event_id}" in failure.getMessage()
    assert f"channel={CHANNEL_ID}" in failure.getMessage()
    assert "Traceback" in caplog.text
    assert "[redacted token]" in caplog.text


def test_internal_error_in_align_ask_is_answered_ephemerally(
    start_bot: StartBot, slack: FakeSlack
) -> None:
    with start_bot(CannedAnswers(error=KeyError("boom"))) as bot:
        sent = bot.driver.command("ask What is CJAI?")
        bot.executor.wait_idle()
    reply = slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Sorry, something went wrong on my side")
    assert "boom" not in reply["text"]


def test_user_error_is_shown_as_its_own_sentence(start_bot: StartBot, slack: FakeSlack) -> None:
    problem = "Your question is 4,000 characters long; please keep it under 1,000."
    with start_bot(CannedAnswers(error=QuestionError(problem))) as bot:
        sent = bot.driver.mention("x" * 4000)
        bot.executor.wait_idle()
    [reply] = replies_to(slack, sent.ts)
    assert reply["text"] == problem  # type: ignore[index]


def test_rate_limited_post_is_retried_after_retry_after(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    slack.fail("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "0"})
    sent = canned_bot.driver.mention("What does integration mean here?")
    canned_bot.executor.wait_idle()
    posts = [c for c in slack.calls("chat.postMessage") if c.get("thread_ts") == sent.ts]
    assert len(posts) == 2  # the 429, then the retry that got through
    assert "Start from your strategy" in posts[-1]["text"]


def test_failed_post_is_logged_and_the_bot_keeps_serving(
    canned_bot: RunningBot, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fail("chat.postMessage", "channel_not_found", times=2)
    with caplog.at_level(logging.WARNING):
        canned_bot.driver.mention("Will this reach anyone?")
        canned_bot.executor.wait_idle()
    assert "channel_not_found" in caplog.text
    later = canned_bot.driver.mention("And this one?")
    slack.wait_for_call("chat.postMessage", lambda c: c.get("thread_ts") == later.ts)


def test_forty_concurrent_mentions_are_acked_within_3s_and_all_answered(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=40) as pool:
        sent = list(pool.map(lambda i: canned_bot.driver.mention(f"Question {i}?"), range(40)))
    assert all(s.response.status_code == 200 for s in sent)
    assert max(s.elapsed for s in sent) < 3.0
    threads = {s.ts for s in sent}
    slack.wait_for(
        lambda cs: threads <= {c.get("thread_ts") for c in cs if c.method == "chat.postMessage"},
        timeout=30,
    )
    assert time.perf_counter() - started < 30


def test_error_while_acknowledging_an_event_is_told_in_the_thread_and_acked(
    slack: FakeSlack,
) -> None:
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    body = {
        "type": "event_callback",
        "team_id": slack.team_id,
        "event_id": "Ev0ACKFAIL",
        "event": {"type": "app_mention", "channel": CHANNEL_ID, "ts": "1.5", "user": "U1"},
    }
    response = handle_error(RuntimeError("boom"), body, client)
    assert response.status == 200
    reply = slack.wait_for_call("chat.postMessage")
    assert (reply["channel"], reply["thread_ts"]) == (CHANNEL_ID, "1.5")
    assert reply["text"] == GENERIC_FAILURE.format(ref="Ev0ACKFAIL")


def test_error_while_acknowledging_a_command_answers_in_the_ack(slack: FakeSlack) -> None:
    client = WebClient(token=slack.bot_token, base_url=slack.api_url)
    body = {"command": "/align", "text": "ask x", "trigger_id": "t.1", "team_id": "T1"}
    response = handle_error(QuestionError("Please ask in English."), body, client)
    assert response.status == 200
    assert response.body == json.dumps(
        {"response_type": "ephemeral", "text": "Please ask in English."}
    )
