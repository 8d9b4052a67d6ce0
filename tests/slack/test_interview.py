"""The alignment interview in Slack, end to end: signed requests in, what the bot sends to the
(fake) Slack API out, the real interview on the real store, the real report at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.listeners.actions.interview_buttons import RESTART_KEPT
from bot.listeners.commands.interview import INTERVIEW_USAGE
from bot.render.report import TRACK_KPIS
from bot.slack.failures import (
    INTERVIEW_NOT_AVAILABLE,
    KPIS_NOT_AVAILABLE,
    REPORTS_NOT_AVAILABLE,
)
from tests.interview.script import BUSY_OWNER
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import FakeSlack
from tests.slack.interview_user import (
    WALKTHROUGH,
    InterviewUser,
    answer_current,
    answer_directly,
    elements,
    texts,
)

if TYPE_CHECKING:
    pass


@pytest.fixture
def bot(interview_bot: RunningBot) -> RunningBot:
    """This module's interview bot (tests/slack/conftest.py)."""
    return interview_bot


def test_whole_interview_is_clicked_typed_and_submitted_through_to_the_report(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    seen: list[str] = []
    for _ in range(len(WALKTHROUGH) + 5):
        if person.interview.find_open(person.team_id, person.user) is None:
            break
        question = person.question_id()
        assert question not in seen[-1:], f"{question} was asked again: {person.ephemerals()}"
        seen.append(question)
        how, what = WALKTHROUGH[question]
        answer_current(person, how, what)
    assert seen == list(WALKTHROUGH)
    [pointer, *notices] = person.ephemerals()
    assert pointer.startswith("Your interview is in <https://")
    assert notices == [], "no answer was refused or taken for an old one"
    bot_messages = [m for m in person.dm_messages() if m.get("bot_id")]
    *answered, finished, report = bot_messages
    typed_below = sum(1 for how, _ in WALKTHROUGH.values() if how == "type")
    # One question message, updated in place; each answer typed below it brought it down,
    # leaving the old one as "✓ question → answer".
    assert len(answered) == typed_below
    for old in answered:
        [line] = old["blocks"]
        assert line["type"] == "context"
        assert line["elements"][0]["text"].startswith("✓ ")
    assert "Interview complete" in texts(finished["blocks"])
    assert "Add another initiative" in texts(finished["blocks"])
    stored = person.reports.latest_report(person.team_id, person.user)
    assert stored is not None
    assert report["text"].startswith("Alignment report: Crumb & Co")
    assert f"{stored.evaluation.score:g}/100" in report["text"]
    assert stored.evaluation.findings, "the busy owner's gaps are found"


def test_align_interview_is_acked_empty_and_points_to_the_question_in_the_dm(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    sent = person.command("interview")
    assert sent.response.status_code == 200
    assert sent.response.content == b""
    [posted] = person.posted()
    assert posted["channel"] == person.dm
    assert person.question_id() == "business.name"
    [pointer] = person.ephemerals()
    link = slack.calls("chat.getPermalink")[0]
    assert (link["channel"], link["message_ts"]) == (person.dm, person.live()["ts"])
    assert f"/archives/{person.dm}/p" in pointer
    assert "question 1 of about" in pointer


def test_align_interview_typed_in_the_dm_asks_there_without_a_pointer(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.command("interview", channel=person.dm)
    assert person.question_id() == "business.name"
    assert person.ephemerals() == []


def test_question_message_shows_progress_why_we_ask_and_how_to_type_an_answer(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    message = person.start()
    shown = texts(message["blocks"])
    assert "*Question 1 of about" in shown
    assert "Your business" in shown
    assert "_Why we ask:_" in shown
    assert "type your answer in this chat" in shown
    assert person.question_text(message) == "What is your business called?"


def test_align_interview_again_resumes_at_the_same_question_at_the_bottom_of_the_dm(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    first = person.start()
    person.submit(person.open_modal(), "Crumb & Co")
    asked = person.question_id()
    person.command("interview")
    live = person.live()
    assert live["ts"] != first["ts"]
    assert person.question_id(live) == asked
    assert person.dm_messages()[-1]["ts"] == live["ts"]
    old = slack.message(person.dm, first["ts"])
    assert old["blocks"] == [
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "↓ The interview continues in a newer message below."}
            ],
        }
    ]


def test_pause_then_align_interview_resumes_at_the_same_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.submit(person.open_modal(), "Crumb & Co")
    asked = person.question_id()
    paused = person.live()
    person.click("Pause")
    message = slack.message(person.dm, paused["ts"])
    assert "Interview paused" in texts(message["blocks"])
    assert "question 2 of about" in texts(message["blocks"])
    place = person.interview.find_open(person.team_id, person.user)
    assert place is not None
    assert place.paused
    person.command("interview")
    assert person.question_id() == asked
    resumed = person.interview.find_open(person.team_id, person.user)
    assert resumed is not None
    assert not resumed.paused


def test_resume_button_on_the_paused_message_continues_in_place(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    message = person.start()
    person.click("Pause")
    person.click("Resume", slack.message(person.dm, message["ts"]))
    assert person.live()["ts"] == message["ts"]
    assert person.question_id() == "business.name"


def test_restart_asks_first_and_keeps_every_answer_until_confirmed(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    first = person.start()
    person.submit(person.open_modal(), "Crumb & Co")
    person.command("interview restart")
    confirm = slack.calls("response_url")[-1]
    assert confirm["response_type"] == "ephemeral"
    assert "Start the interview over" in texts(confirm["blocks"])
    assert "You are at question 2" in texts(confirm["blocks"])
    # Nothing is thrown away yet.
    assert person.question_id() == "business.industry"
    person.click_ephemeral(confirm["blocks"], "Start over")
    replaced = slack.calls("response_url")[-1]
    assert replaced["replace_original"] is True
    assert replaced["text"].startswith("Started over: the first question is waiting in <https://")
    assert person.question_id() == "business.name"
    assert person.dm_messages()[-1]["ts"] == person.live()["ts"]
    assert "continues in a newer message" in texts(slack.message(person.dm, first["ts"])["blocks"])
    assert "Current answer" not in texts(person.live()["blocks"])
    record = person.store.open_interview(person.team_id, person.user)
    assert record is not None
    assert record.answers == {}, "the new interview starts empty"


def test_keep_going_leaves_the_interview_where_it_was(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.submit(person.open_modal(), "Crumb & Co")
    person.command("interview restart")
    confirm = slack.calls("response_url")[-1]
    person.click_ephemeral(confirm["blocks"], "Keep going")
    assert slack.calls("response_url")[-1]["text"] == RESTART_KEPT
    assert person.question_id() == "business.industry"


def test_restart_without_an_interview_just_starts_one(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    person.command("interview restart")
    assert person.question_id() == "business.name"
    assert "Start the interview over" not in texts(
        [b for c in slack.calls("response_url") for b in c.get("blocks") or []]
    )


@pytest.mark.parametrize("text", ["interview now please", "interview 3", "interview restart now"])
def test_interview_with_an_unknown_argument_explains_the_usage_in_the_ack(
    bot: RunningBot, slack: FakeSlack, text: str
) -> None:
    person = InterviewUser(bot, slack)
    sent = person.command(text)
    assert sent.response.json() == {"response_type": "ephemeral", "text": INTERVIEW_USAGE}
    assert person.posted() == []


def test_interview_is_not_offered_by_a_bot_without_one(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.command("interview")
    reply = slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert reply["text"] == INTERVIEW_NOT_AVAILABLE


def test_reports_are_not_offered_by_a_bot_without_a_store(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.command("report")
    reply = slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert reply["text"] == REPORTS_NOT_AVAILABLE


def test_kpis_are_not_offered_by_a_bot_without_a_store(
    canned_bot: RunningBot, slack: FakeSlack
) -> None:
    sent = canned_bot.driver.click(TRACK_KPIS, "1")
    reply = slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)
    assert reply["text"] == KPIS_NOT_AVAILABLE
    assert slack.calls("chat.postMessage") == []


def test_back_shows_the_previous_question_with_its_answer_and_keep_answer_moves_on(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    message = person.start()
    person.submit(person.open_modal(), "Crumb & Co")
    person.click("← Back")
    assert person.live()["ts"] == message["ts"]
    assert person.question_id() == "business.name"
    shown = texts(person.live()["blocks"])
    assert "Current answer: *Crumb &amp; Co*" in shown
    person.click("Keep answer")
    assert person.question_id() == "business.industry"


def test_first_question_has_no_back_and_required_ones_no_skip(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    first = person.start()
    labels = [e["text"]["text"] for _, e in elements(first["blocks"]) if "text" in e]
    assert "← Back" not in labels
    assert "Skip" in labels  # the business name is optional
    answer_directly(
        person, {"business.name": "Crumb", "business.industry": "Bakery"}, until="business.size"
    )
    labels = [e["text"]["text"] for _, e in elements(person.live()["blocks"]) if "text" in e]
    assert "Skip" not in labels
    assert "← Back" in labels


def test_skipping_an_optional_question_is_saved_as_skipped(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.click("Skip")
    assert person.question_id() == "business.industry"
    assert "✓ Skipped." in texts(person.live()["blocks"])


def test_next_with_nothing_ticked_is_refused_in_the_message(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="initiative.objectives")
    person.tick([])
    assert person.question_id() == "initiative.objectives"
    assert "⚠️" in texts(person.live()["blocks"])
    person.tick(["Grow online orders 20% by June"])
    assert person.question_id() == "initiative.problem"


def test_add_another_initiative_after_the_report_asks_below_and_scores_again(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="metrics.opt_in")
    person.click("No")
    finished = [m for m in person.dm_messages() if "Interview complete" in texts(m.get("blocks"))]
    assert len(finished) == 1
    person.click("Add another initiative", finished[0])
    assert person.question_id() == "initiative.name"
    assert person.dm_messages()[-1]["ts"] == person.live()["ts"]
    assert "Interview complete" in texts(slack.message(person.dm, finished[0]["ts"])["blocks"])


def test_not_applicable_clicked_to_the_ethics_question_is_scored_as_its_own_answer(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="data.ethics")
    person.click("Not applicable")
    assert "✓ Saved: Not applicable" in texts(person.live()["blocks"])
    answer_current(person, *WALKTHROUGH["data.review"])
    answer_current(person, *WALKTHROUGH["metrics.opt_in"])
    stored = person.reports.latest_report(person.team_id, person.user)
    assert stored is not None
    findings = {f.rule_id: f for f in stored.evaluation.findings}
    # The busy owner's online ordering is in sales: customer data, so "does not apply" is
    # questioned, not read as "don't know" nor as a missing review.
    assert "ethics_review_said_not_applicable" in findings
    assert not {"ethics_review_unknown", "no_ethics_review"} & set(findings)
    assert "does not apply" in findings["ethics_review_said_not_applicable"].title
