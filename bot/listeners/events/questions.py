"""Questions asked in conversation: an `app_mention` in a channel, or a message in the bot's
DM. Both are acknowledged at once; the answer is posted in the question's thread by a lazy
listener, with a reaction on the question while it works. A follow-up in a thread is asked
with the thread's earlier question as context. A DM that answers the person's open
interview goes to the interview instead (`bot.slack.interview_dm`)."""

from __future__ import annotations

import logging
import time
from typing import Any, Literal

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.metrics import measured_answer
from bot.render.answer import answer_fallback_text, build_answer_blocks
from bot.render.blocks import paginate
from bot.slack.delivery import post_answer
from bot.slack.deps import SlackDeps
from bot.slack.failures import guarded
from bot.slack.interview_dm import take_direct_message
from bot.slack.payloads import (
    Actor,
    MessageEvent,
    acknowledge,
    event_team,
    mentions,
    message_event,
    next_cursor,
    plain_text_from_slack,
    thread_messages,
)

logger = logging.getLogger(__name__)

WORKING_REACTION = "hourglass_flowing_sand"
EMPTY_QUESTION = (
    "What would you like to know? Ask me after the mention, e.g. "
    "`@alignbot How do we decide which process to automate first?`"
)
EMPTY_DIRECT_QUESTION = (
    "What would you like to know? Type your question, e.g. "
    "_How do we decide which process to automate first?_"
)
_THREAD_PAGES = 5


def is_channel_question(body: dict[str, Any]) -> bool:
    """Matcher: a person's mention of the bot outside its DM (where `message` handles it)."""
    event = message_event(body)
    return event is not None and event.is_from_person and not event.in_dm


def is_direct_question(body: dict[str, Any]) -> bool:
    """Matcher: a person's message in the bot's DM."""
    event = message_event(body)
    return event is not None and event.is_from_person and event.channel_type == "im"


def earlier_question(client: WebClient, event: MessageEvent, bot_user_id: str | None) -> str | None:
    """Return the question this thread asked before `event`: in a channel the latest earlier
    message that mentioned the bot, else the thread's first message; in a DM the latest
    earlier message. None when there is none or the thread cannot be read."""
    if event.thread_ts is None:
        return None
    messages: list[MessageEvent] = []
    cursor: str | None = None
    try:
        for _ in range(_THREAD_PAGES):
            page = client.conversations_replies(
                channel=event.channel, ts=event.thread_ts, limit=200, cursor=cursor
            )
            messages += thread_messages(page.data, event.channel)
            cursor = next_cursor(page.data)
            if cursor is None:
                break
    except SlackApiError as exc:
        logger.warning(
            "could not read thread %s in %s: %s",
            event.thread_ts,
            event.channel,
            exc.response.get("error"),
        )
        return None
    earlier = [
        m
        for m in messages
        if m.is_from_person and m.user != bot_user_id and float(m.ts) < float(event.ts)
    ]
    for message in reversed(earlier):
        if event.in_dm or (bot_user_id is not None and mentions(message.text, bot_user_id)):
            question = plain_text_from_slack(message.text, bot_user_id=bot_user_id)
            if question:
                return question
    root = next((m for m in earlier if m.ts == event.thread_ts), None)
    if root is None:
        return None
    return plain_text_from_slack(root.text, bot_user_id=bot_user_id) or None


def _react(client: WebClient, method: Literal["add", "remove"], event: MessageEvent) -> None:
    try:
        if method == "add":
            client.reactions_add(channel=event.channel, timestamp=event.ts, name=WORKING_REACTION)
        else:
            client.reactions_remove(
                channel=event.channel, timestamp=event.ts, name=WORKING_REACTION
            )
    except SlackApiError as exc:
        # A missing scope or a reaction someone removed must not cost the answer.
        logger.info("reactions.%s failed: %s", method, exc.response.get("error"))


def answer_in_thread(
    client: WebClient, deps: SlackDeps, event: MessageEvent, bot_user_id: str | None
) -> None:
    """Answer `event`'s question in its thread, with the working reaction on it meanwhile."""
    question = plain_text_from_slack(event.text, bot_user_id=bot_user_id)
    if not question:
        hint = EMPTY_DIRECT_QUESTION if event.in_dm else EMPTY_QUESTION
        client.chat_postMessage(channel=event.channel, thread_ts=event.reply_thread, text=hint)
        return
    started = time.perf_counter()
    _react(client, "add", event)
    try:
        context = earlier_question(client, event, bot_user_id)
        answer = measured_answer(deps.knowledge.ask, question, context=context)
        blocks = build_answer_blocks(answer, question=question)
        text = answer_fallback_text(answer)
        post_answer(
            client,
            channel=event.channel,
            thread_ts=event.reply_thread,
            pages=paginate(blocks),
            text=text,
        )
    finally:
        _react(client, "remove", event)
    logger.info(
        "answered in %.0f ms (channel=%s ts=%s follow_up=%s confident=%s citations=%d)",
        (time.perf_counter() - started) * 1000,
        event.channel,
        event.ts,
        context is not None,
        answer.confident,
        len(answer.citations),
    )


def register(app: App, deps: SlackDeps) -> None:
    """Register the question listeners for mentions and DMs, and quiet acks for the other
    message events Slack sends (edits, deletions, bot messages)."""

    def answer_mention(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        event = message_event(body)
        if event is not None:
            answer_in_thread(client, deps, event, context.bot_user_id)

    def answer_direct_message(
        body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        event = message_event(body)
        if event is None or event.user is None:
            return
        question = take_direct_message(
            client,
            deps,
            actor=Actor(event_team(body), event.user),
            channel_id=event.channel,
            thread_ts=event.thread_ts,
            text=event.text,
        )
        if question is not None:  # not an interview answer: a question, as ever
            event = event.model_copy(update={"text": question})
            answer_in_thread(client, deps, event, context.bot_user_id)

    # Durable: recorded before the ack, answered exactly once even across restarts.
    mention = deps.jobs.durable(
        "mention", is_channel_question, guarded(answer_mention), events=deps.events
    )
    direct = deps.jobs.durable(
        "direct_message", is_direct_question, guarded(answer_direct_message), events=deps.events
    )
    app.event("app_mention", matchers=[is_channel_question])(ack=acknowledge, lazy=[mention])
    app.event("message", matchers=[is_direct_question])(ack=acknowledge, lazy=[direct])
    # Everything else of these kinds is acknowledged and ignored, so Slack does not retry it.
    app.event("message")(acknowledge)
    app.event("app_mention", matchers=[lambda body: message_event(body) is not None])(acknowledge)
