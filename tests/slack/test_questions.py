"""Questions in Slack, end to end through HTTP: what the bot sends to the (fake) Slack API
for mentions, follow-ups in threads, DMs and `/align`. The knowledge base here is the canned
stand-in; answers from the real knowledge base are tested in test_answers.py."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest

from bot.listeners.commands.ask import ASK_USAGE
from bot.listeners.events.questions import (
    EMPTY_DIRECT_QUESTION,
    EMPTY_QUESTION,
    WORKING_REACTION,
)
from bot.render.answer import HELPFUL, NOT_HELPFUL, SHARE
from knowledge.models import Answer
from tests.slack.conftest import CannedAnswers, RunningBot
from tests.slack.driver import CHANNEL_ID, DM_CHANNEL_ID, USER_ID
from tests.slack.fake_slack import ApiCall, FakeSlack

StartBot = Callable[..., AbstractContextManager[RunningBot]]


def reply_in(slack: FakeSlack, channel: str, thread_ts: str) -> ApiCall:
    return slack.wait_for_call(
        "chat.postMessage", lambda c: c["channel"] == channel and c.get("thread_ts") == thread_ts
    )


def asked(bot: RunningBot) -> list[tuple[str, str | None]]:
    return bot.canned.asked


def test_mention_is_acked_with_an_empty_200_before_it_is_answered(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    with canned_bot.canned.paused():
        sent = canned_bot.driver.mention("How do I align automation with strategy?")
        acked_at = time.perf_counter()
        assert sent.response.status_code == 200
        assert sent.response.content == b""
        assert slack.calls("chat.postMessage") == []
    reply = reply_in(slack, CHANNEL_ID, sent.ts)
    assert reply.at > acked_at


def test_mention_gets_a_cited_answer_in_its_thread(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.mention("How do I align automation with strategy?")
    reply = reply_in(slack, CHANNEL_ID, sent.ts)
    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "Start from your strategy" in text
    assert "Strategic Alignment of Automation — Why alignment matters" in text
    assert [b["action_id"] for b in reply["blocks"][-1]["elements"]] == [HELPFUL, NOT_HELPFUL]
    assert reply["text"].startswith("Start from your strategy")
    assert asked(canned_bot) == [("How do I align automation with strategy?", None)]


def test_mention_gets_a_reaction_while_working_removed_when_done(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.mention("What is a pilot project?")
    calls = slack.wait_for(lambda cs: any(c.method == "reactions.remove" for c in cs))
    methods = [c.method for c in calls if c.method != "auth.test"]
    assert methods == ["reactions.add", "chat.postMessage", "reactions.remove"]
    added = slack.calls("reactions.add")[0]
    assert (added["channel"], added["timestamp"], added["name"]) == (
        CHANNEL_ID,
        sent.ts,
        WORKING_REACTION,
    )
    assert slack.reactions() == set()


def test_follow_up_mention_in_a_thread_is_asked_with_the_earlier_question(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    first = canned_bot.driver.mention("Which KPIs show that customer retention improves?")
    reply_in(slack, CHANNEL_ID, first.ts)
    follow = canned_bot.driver.mention("And which automation fits that?", thread_ts=first.ts)
    reply = reply_in(slack, CHANNEL_ID, first.ts)
    assert reply is not None
    slack.wait_for(lambda cs: len([c for c in cs if c.method == "chat.postMessage"]) == 2)
    assert asked(canned_bot)[-1] == (
        "And which automation fits that?",
        "Which KPIs show that customer retention improves?",
    )
    assert follow.thread_ts == first.ts


def test_follow_up_takes_the_latest_earlier_question_in_the_thread(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    root = canned_bot.driver.mention("What is strategic alignment?")
    second = canned_bot.driver.mention("What about for a bakery?", thread_ts=root.ts)
    slack.add_message(CHANNEL_ID, "thanks, interesting", user="U0OTHER", thread_ts=root.ts)
    canned_bot.driver.mention("How do we measure it?", thread_ts=root.ts)
    slack.wait_for(lambda cs: len([c for c in cs if c.method == "chat.postMessage"]) == 3)
    # The three run concurrently; each is asked with what came before it in the thread.
    assert ("How do we measure it?", "What about for a bakery?") in asked(canned_bot)
    assert ("What about for a bakery?", "What is strategic alignment?") in asked(canned_bot)
    assert second.ts


def test_mention_in_a_thread_started_without_the_bot_uses_the_thread_root(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    root = slack.add_message(CHANNEL_ID, "Should we buy the &lt;new&gt; CRM?", user="U0OTHER")
    canned_bot.driver.mention("what do you think?", thread_ts=root)
    reply_in(slack, CHANNEL_ID, root)
    assert asked(canned_bot) == [("what do you think?", "Should we buy the <new> CRM?")]


def test_follow_up_is_answered_without_context_when_the_thread_cannot_be_read(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    slack.fail("conversations.replies", "missing_scope")
    root = slack.add_message(CHANNEL_ID, "Our tools don't talk to each other", user="U0OTHER")
    canned_bot.driver.mention("is that a problem?", thread_ts=root)
    reply_in(slack, CHANNEL_ID, root)
    assert asked(canned_bot) == [("is that a problem?", None)]


def test_mention_without_a_question_gets_a_hint(canned_bot: RunningBot, slack: FakeSlack) -> None:
    sent = canned_bot.driver.mention("")
    reply = reply_in(slack, CHANNEL_ID, sent.ts)
    assert reply["text"] == EMPTY_QUESTION
    assert asked(canned_bot) == []


def test_empty_direct_message_gets_a_hint_without_a_mention(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.direct_message("   ")
    reply = reply_in(slack, DM_CHANNEL_ID, sent.ts)
    assert reply["text"] == EMPTY_DIRECT_QUESTION


def test_answer_is_posted_even_when_reactions_are_not_allowed(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    slack.fail("reactions.add", "missing_scope")
    slack.fail("reactions.remove", "missing_scope")
    sent = canned_bot.driver.mention("How do we start?")
    reply_in(slack, CHANNEL_ID, sent.ts)


def test_direct_message_gets_an_answer_in_its_thread(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.direct_message("How do I prioritise automation projects?")
    reply = reply_in(slack, DM_CHANNEL_ID, sent.ts)
    assert "Start from your strategy" in json.dumps(reply["blocks"], ensure_ascii=False)
    assert asked(canned_bot) == [("How do I prioritise automation projects?", None)]


def test_direct_message_follow_up_uses_the_earlier_message(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    first = canned_bot.driver.direct_message("What is a balanced scorecard?")
    reply_in(slack, DM_CHANNEL_ID, first.ts)
    canned_bot.driver.direct_message("how would a shop use it?", thread_ts=first.ts)
    slack.wait_for(lambda cs: len([c for c in cs if c.method == "chat.postMessage"]) == 2)
    assert asked(canned_bot)[-1] == ("how would a shop use it?", "What is a balanced scorecard?")


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"subtype": "bot_message", "bot_id": "B0OTHER"},
        {"bot_id": "B0OTHER"},
        {"channel_type": "channel"},
    ],
)
def test_message_events_that_are_not_questions_are_acked_and_ignored(
    canned_bot: RunningBot, slack: FakeSlack, extra: dict[str, str]
) -> None:
    sent = canned_bot.driver.direct_message("edited text", extra=extra)
    assert sent.response.status_code == 200
    canned_bot.executor.wait_idle()
    assert slack.calls("chat.postMessage") == []
    assert asked(canned_bot) == []


def test_the_bots_own_messages_are_ignored(canned_bot: RunningBot, slack: FakeSlack) -> None:
    sent = canned_bot.driver.direct_message(
        "my own answer", user=slack.bot_user_id, extra={"bot_id": slack.bot_id}
    )
    assert sent.response.status_code == 200
    canned_bot.executor.wait_idle()
    assert slack.calls("chat.postMessage") == []


def test_mention_inside_the_dm_is_answered_once(canned_bot: RunningBot, slack: FakeSlack) -> None:
    dm = canned_bot.driver.direct_message(f"<@{slack.bot_user_id}> what is SPAR?")
    mention = {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{slack.bot_user_id}> what is SPAR?",
        "ts": dm.ts,
        "channel": DM_CHANNEL_ID,
    }
    assert canned_bot.driver.send_event(mention).response.status_code == 200
    canned_bot.executor.wait_idle()
    assert len(slack.calls("chat.postMessage")) == 1


def test_long_answer_is_split_into_several_valid_messages(
    start_bot: StartBot, slack: FakeSlack
) -> None:
    class LongAnswers(CannedAnswers):
        def ask(self, question: str, *, context: str | None = None) -> Answer:
            short = super().ask(question, context=context)
            return short.model_copy(update={"answer": "Align each tool with a goal. " * 7000})

    with start_bot(LongAnswers()) as bot:
        sent = bot.driver.mention("Tell me everything")
        bot.executor.wait_idle()
    replies = [c for c in slack.calls("chat.postMessage") if c.get("thread_ts") == sent.ts]
    assert len(replies) >= 2
    assert all(len(c["blocks"]) <= 50 for c in replies)
    assert replies[-1]["blocks"][-1]["type"] == "actions"
    # The fake answers invalid blocks with ok=false; the bot would then have told the user.
    assert not any("something went wrong" in str(c.get("text")) for c in replies)


def test_align_ask_is_acked_empty_and_answered_ephemerally(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.command("ask How do I measure automation ROI?")
    assert sent.response.status_code == 200
    assert sent.response.content == b""
    reply = slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0]["elements"][0]["text"] == (
        "*Question:* How do I measure automation ROI?"
    )
    buttons = [b["action_id"] for b in reply["blocks"][-1]["elements"]]
    assert buttons == [HELPFUL, NOT_HELPFUL, SHARE]
    assert slack.calls("chat.postMessage") == []


def test_align_ask_keeps_a_question_that_mentions_payload(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.command("ask what payload should a pilot carry?")
    slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert asked(canned_bot) == [("what payload should a pilot carry?", None)]


def test_align_ask_without_a_question_explains_the_usage(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.command("ask   ")
    assert sent.response.json() == {"response_type": "ephemeral", "text": ASK_USAGE}
    canned_bot.executor.wait_idle()
    assert asked(canned_bot) == []


@pytest.mark.parametrize("text", ["", "help", "HELP", "  help  "])
def test_align_and_align_help_show_help_in_the_ack(canned_bot: RunningBot, text: str) -> None:
    body = canned_bot.driver.command(text).response.json()
    assert body["response_type"] == "ephemeral"
    assert body["blocks"][0]["text"]["text"] == "What alignbot can do"
    assert "/align ask" in json.dumps(body["blocks"], ensure_ascii=False)


def test_unknown_subcommand_says_so_and_shows_help(canned_bot: RunningBot) -> None:
    body = canned_bot.driver.command("nonsense <!channel>").response.json()
    assert body["blocks"][0]["text"]["text"] == (
        "I don't know `/align nonsense`. Here is what I can do:"
    )
    assert body["blocks"][1]["text"]["text"] == "What alignbot can do"


def test_opening_the_home_tab_publishes_the_home_view(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    event = {"type": "app_home_opened", "user": USER_ID, "channel": DM_CHANNEL_ID, "tab": "home"}
    assert canned_bot.driver.send_event(event).response.status_code == 200
    published = slack.wait_for_call("views.publish")
    assert published["user_id"] == USER_ID
    assert published["view"]["type"] == "home"


def test_opening_the_messages_tab_publishes_nothing(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    event = {
        "type": "app_home_opened",
        "user": USER_ID,
        "channel": DM_CHANNEL_ID,
        "tab": "messages",
    }
    canned_bot.driver.send_event(event)
    canned_bot.executor.wait_idle()
    assert slack.calls("views.publish") == []


def test_align_ask_unescapes_what_slack_escaped(canned_bot: RunningBot, slack: FakeSlack) -> None:
    sent = canned_bot.driver.command("ask Is R&amp;D &lt;automation&gt; worth it?")
    slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert asked(canned_bot) == [("Is R&D <automation> worth it?", None)]
