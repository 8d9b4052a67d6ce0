"""Answers typed in the bot's DM during the interview, and the DMs that stay questions.

The rule (said on every question message): while an interview is open and not paused, a
top-level DM is the answer to the current question, and so is a reply in the question
message's thread; a message starting with "ask", a reply in any other thread, a DM while
paused and every DM without an interview are questions for the knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.render.question import INTERVIEW_HELP, RESTART_CONFIRM_TEXT
from bot.slack.interview_chat import NO_INTERVIEW_HERE
from tests.interview.script import BUSY_OWNER
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import ApiCall, FakeSlack
from tests.slack.interview_user import (
    InterviewUser,
    answer_directly,
    texts,
)

if TYPE_CHECKING:
    pass


@pytest.fixture
def bot(interview_bot: RunningBot) -> RunningBot:
    """This module's interview bot (tests/slack/conftest.py)."""
    return interview_bot


def answered_as_question(person: InterviewUser, ts: str) -> ApiCall:
    """The cited answer posted in the thread of the DM message `ts`."""
    [answer] = [c for c in person.posted() if c.get("thread_ts") == ts and c.get("blocks")]
    assert "Sources" in texts(answer["blocks"]) or "no guidance" in str(answer["text"])
    return answer


def test_top_level_dm_is_the_answer_and_the_next_question_comes_below_it(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    first = person.start()
    typed = person.type("Crumb &amp; Co")
    assert person.question_id() == "business.industry"
    messages = person.dm_messages()
    assert [m["ts"] for m in messages[-2:]] == [typed.ts, person.live()["ts"]]
    assert "✓ Saved: Crumb &amp; Co" in texts(person.live()["blocks"])
    old = slack.message(person.dm, first["ts"])
    assert old["text"] == "What is your business called? → Crumb & Co"
    assert not any(c.get("thread_ts") == typed.ts for c in person.posted()), "not asked"


def test_reply_in_the_questions_thread_is_the_answer_updated_in_place(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    message = person.start()
    person.type("Crumb & Co", in_thread=True)
    assert person.live()["ts"] == message["ts"]
    assert person.question_id() == "business.industry"
    [reply] = person.thread_replies(message["ts"])
    assert reply["text"] == (
        "✓ Crumb &amp; Co\nNext, question 2: *What does the business do, in a few words?*"
    )


def test_dm_without_an_interview_is_a_question_for_the_knowledge_base(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    typed = person.type("How do I choose KPIs for an automation project?")
    answered_as_question(person, typed.ts)
    assert person.interview.find_open(person.team_id, person.user) is None


def test_dm_starting_with_ask_is_a_question_during_the_interview(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    typed = person.type("ask: what is a SMART objective?")
    answer = answered_as_question(person, typed.ts)
    assert "SMART" in texts(answer["blocks"]) or "no guidance" in answer["text"]
    assert person.question_id() == "business.name", "the interview did not move"


def test_reply_in_another_thread_is_a_follow_up_question(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    asked = person.type("What is a balanced scorecard?")
    answered_as_question(person, asked.ts)
    person.start()
    follow = person.bot.driver.direct_message(
        "how would a bakery use it?",
        channel=person.dm,
        user=person.user,
        thread_ts=asked.ts,
        team_id=person.team_id,
    )
    person.settle()
    replies = [c for c in person.posted() if c.get("thread_ts") == asked.ts]
    assert len(replies) == 2, "the follow-up is answered in its thread"
    assert follow.response.status_code == 200
    assert person.question_id() == "business.name"


def test_dm_while_paused_is_a_question_and_resume_picks_up(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.click("Pause")
    typed = person.type("Crumb & Co")
    answered_as_question(person, typed.ts)
    place = person.interview.find_open(person.team_id, person.user)
    assert place is not None
    assert place.paused
    person.type("resume")
    assert person.question_id() == "business.name"
    assert person.dm_messages()[-1]["ts"] == person.live()["ts"]


def test_reply_in_the_paused_questions_thread_answers_and_resumes(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    message = person.start()
    person.click("Pause")
    person.type("Crumb & Co", in_thread=True)
    place = person.interview.find_open(person.team_id, person.user)
    assert place is not None
    assert not place.paused
    assert person.live()["ts"] == message["ts"]
    assert person.question_id() == "business.industry"


def test_typed_answer_that_cannot_be_read_gets_one_sentence_an_example_and_the_same_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="objective.baseline")
    person.type("lots")
    assert person.question_id() == "objective.baseline"
    shown = texts(person.live()["blocks"])
    assert "⚠️" in shown
    assert "For example: _60 online orders_" in shown
    person.type("400 orders", in_thread=True)
    assert person.question_id() == "objective.target"


def test_typed_invalid_answer_in_the_thread_is_explained_there(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    message = person.start()
    answer_directly(person, BUSY_OWNER, until="objective.baseline")
    message = person.live()
    person.type("lots", in_thread=True)
    [reply] = person.thread_replies(message["ts"])
    assert reply["text"].startswith("⚠️ ")
    assert reply["text"].endswith("For example: _60 online orders_")


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("skip", "What does the business do, in a few words?"),
        ("Skip.", "What does the business do, in a few words?"),
        ("next", "What does the business do, in a few words?"),
        ("pause", "Interview paused"),
        ("Stop", "Interview paused"),
    ],
)
def test_typed_commands_work_like_the_buttons(
    bot: RunningBot, slack: FakeSlack, line: str, shown: str
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.type(line)
    assert shown in texts(person.live()["blocks"])
    record = person.store.open_interview(person.team_id, person.user)
    assert record is not None
    assert record.status == ("paused" if shown == "Interview paused" else "active")
    assert [(k, a.state) for k, a in record.answers.items()] == (
        [] if record.status == "paused" else [("business.name", "skipped")]
    )


def test_typed_back_goes_back_with_the_answer_shown(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.type("Crumb & Co")
    person.type("back")
    assert person.question_id() == "business.name"
    assert "Current answer: *Crumb &amp; Co*" in texts(person.live()["blocks"])


def test_typed_help_explains_and_shows_the_question_again_below(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.type("help")
    *_, helped, question = person.dm_messages()
    assert helped["text"] == INTERVIEW_HELP
    assert question["ts"] == person.live()["ts"]
    assert person.question_id() == "business.name"


def test_typed_restart_asks_for_confirmation_first(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.type("Crumb & Co")
    person.type("restart")
    confirm = person.dm_messages()[-1]
    assert confirm["text"] == RESTART_CONFIRM_TEXT
    assert person.question_id() == "business.industry"
    person.click("Start over", confirm)
    assert person.question_id() == "business.name"


def test_typed_add_another_initiative_after_the_report_reopens_the_interview(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="metrics.opt_in")
    person.type("no")
    assert person.interview.find_open(person.team_id, person.user) is None
    person.type("add another initiative")
    assert person.question_id() == "initiative.name"


def test_typed_add_another_initiative_without_any_interview_is_a_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    typed = person.type("add another initiative")
    answered_as_question(person, typed.ts)
    assert person.interview.find_open(person.team_id, person.user) is None
    assert NO_INTERVIEW_HERE not in str([c.get("text") for c in person.posted()])


def test_a_typed_answer_slack_delivers_twice_answers_one_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    first = person.type("Crumb & Co")
    retried = {
        "type": "message",
        "channel_type": "im",
        "user": person.user,
        "text": "Crumb & Co",
        "ts": first.ts,
        "channel": person.dm,
        "event_ts": first.ts,
        "team": person.team_id,
    }
    again = bot.driver.send_event(
        retried, event_id=first.event_id, retry_num=1, team_id=person.team_id
    )
    person.settle()
    assert again.response.status_code == 200
    assert person.question_id() == "business.industry", "the next question is not answered"
    record = person.store.open_interview(person.team_id, person.user)
    assert record is not None
    assert list(record.answers) == ["business.name"]
