"""The buttons under an answer, clicked through HTTP: votes land in the real store and are
thanked ephemerally; "Share in channel" turns an ephemeral answer into a public one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from bot.listeners.actions.answer_buttons import NOTHING_TO_SHARE, THANKS
from bot.render.answer import HELPFUL, NOT_HELPFUL, SHARE, encode_answer_ref
from bot.store import Store
from tests.slack.conftest import CannedAnswers, RunningBot
from tests.slack.driver import CHANNEL_ID
from tests.slack.fake_slack import FakeSlack

StartBot = Callable[..., AbstractContextManager[RunningBot]]


@pytest.fixture
def bot(start_bot: StartBot, store: Store) -> Iterator[RunningBot]:
    with start_bot(CannedAnswers(), events=store, feedback=store) as running:
        yield running


def answer_message(bot: RunningBot, slack: FakeSlack, question: str) -> dict[str, Any]:
    sent = bot.driver.mention(question)
    reply = slack.wait_for_call("chat.postMessage", lambda c: c.get("thread_ts") == sent.ts)
    return {
        "type": "message",
        "ts": slack.next_ts(),
        "thread_ts": sent.ts,
        "bot_id": slack.bot_id,
        "text": reply["text"],
        "blocks": reply["blocks"],
    }


def button_value(message: dict[str, Any], action_id: str) -> str:
    buttons = message["blocks"][-1]["elements"]
    value: str = next(b["value"] for b in buttons if b["action_id"] == action_id)
    return value


@pytest.mark.parametrize(("action_id", "helpful"), [(HELPFUL, True), (NOT_HELPFUL, False)])
def test_feedback_click_is_recorded_and_thanked_ephemerally(
    bot: RunningBot, slack: FakeSlack, store: Store, action_id: str, helpful: bool
) -> None:
    question = f"Is a chatbot right for us? ({action_id})"
    message = answer_message(bot, slack, question)
    click = bot.driver.click(action_id, button_value(message, action_id), message=message)
    assert click.response.status_code == 200
    thanks = slack.wait_for_call("response_url", lambda c: c.key == click.response_key)
    assert thanks["response_type"] == "ephemeral"
    assert thanks["replace_original"] is False
    assert thanks["text"] == THANKS[helpful]
    bot.executor.wait_idle()
    ref = " ".join(question.lower().split())
    assert store.feedback_counts(slack.team_id, ref) == ((1, 0) if helpful else (0, 1))


def test_second_click_by_the_same_person_replaces_the_first(
    bot: RunningBot, slack: FakeSlack, store: Store
) -> None:
    message = answer_message(bot, slack, "Do we need a KPI dashboard?")
    bot.driver.click(HELPFUL, button_value(message, HELPFUL), message=message)
    bot.driver.click(HELPFUL, button_value(message, HELPFUL), message=message)
    bot.driver.click(NOT_HELPFUL, button_value(message, NOT_HELPFUL), message=message)
    bot.driver.click(HELPFUL, button_value(message, HELPFUL), message=message, user="U0SAM")
    bot.executor.wait_idle()
    assert store.feedback_counts(slack.team_id, "do we need a kpi dashboard?") == (1, 1)


def test_share_posts_the_answer_in_the_channel_and_removes_the_ephemeral_one(
    bot: RunningBot, slack: FakeSlack
) -> None:
    sent = bot.driver.command("ask What is a strategic pillar?")
    ephemeral = slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    value = button_value(ephemeral.params, SHARE)
    click = bot.driver.click(SHARE, value, channel=CHANNEL_ID)
    bot.executor.wait_idle()
    responses = [c for c in slack.calls("response_url") if c.key == click.response_key]
    assert responses[0]["delete_original"] is True
    shared = responses[1]
    assert shared["response_type"] == "in_channel"
    assert shared["blocks"][0]["elements"][0]["text"] == "Shared by <@U0PATBAKER>"
    assert shared["blocks"][1]["elements"][0]["text"] == "*Question:* What is a strategic pillar?"
    assert SHARE not in str(shared["blocks"][-1])


def test_share_of_an_unreadable_button_says_so(bot: RunningBot, slack: FakeSlack) -> None:
    click = bot.driver.click(SHARE, "garbled")
    reply = slack.wait_for_call("response_url", lambda c: c.key == click.response_key)
    assert reply["text"] == NOTHING_TO_SHARE


def test_feedback_failure_in_the_store_is_told_to_the_user(
    start_bot: StartBot, slack: FakeSlack
) -> None:
    class FullStore:
        def record_feedback(
            self, team_id: str, user_id: str, answer_ref: str, helpful: bool
        ) -> None:
            from bot.store import StoreError

            raise StoreError("The database is busy or unreachable right now; please try again")

    with start_bot(CannedAnswers(), feedback=FullStore()) as running:
        click = running.driver.click(HELPFUL, encode_answer_ref("q"))
        running.executor.wait_idle()
    reply = slack.wait_for_call("response_url", lambda c: c.key == click.response_key)
    assert reply["text"].startswith("The database is busy")
