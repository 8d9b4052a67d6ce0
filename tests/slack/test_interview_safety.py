"""What must never corrupt an interview in Slack: old buttons, double clicks, modals for
questions already answered or submitted after the bot restarted, someone else's modal, and
several people and workspaces interviewing at once. End to end, on the real store."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.interview.engine import ALREADY_ANSWERED
from bot.listeners.views.interview_answer import NOT_YOURS, SHOW_FAILED
from bot.render.interview_modal import INPUT_BLOCK
from bot.slack.interview_chat import ALREADY_FINISHED
from tests.interview.script import BUSY_OWNER
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import FakeSlack
from tests.slack.interview_user import (
    InterviewUser,
    answer_directly,
    elements,
    running_interview_bot,
    texts,
    tmp_store,
)

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


@pytest.fixture
def bot(interview_bot: RunningBot) -> RunningBot:
    """This module's interview bot (tests/slack/conftest.py)."""
    return interview_bot


def stored_answer(person: InterviewUser, key: str) -> Any:
    """The value the store holds for the step `key` of the person's open interview."""
    record = person.store.open_interview(person.team_id, person.user)
    assert record is not None
    answer = record.answers.get(key)
    return None if answer is None else answer.value


def click_twice_at_once(person: InterviewUser, label: str) -> None:
    """Two clicks of the same button arriving together (a double click, a retry)."""
    message = person.live()
    block, element = next(
        (b, e) for b, e in elements(message["blocks"]) if e.get("text", {}).get("text") == label
    )
    action = {k: element[k] for k in ("type", "action_id", "value", "text")}
    action["block_id"] = block["block_id"]

    def click() -> int:
        sent = person.bot.driver.act(
            action, message=message, channel=person.dm, user=person.user, team_id=person.team_id
        )
        return sent.response.status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(lambda _: click(), range(2))) == [200, 200]
    person.settle()


def test_old_questions_button_gets_a_notice_and_the_current_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="checklist.clear_strategy")
    stale = copy.deepcopy(person.live())  # what a client that missed the update still shows
    person.click("Yes")
    assert person.question_id() == "checklist.process_assessment"
    person.click("No", stale)
    assert person.ephemerals()[-1] == ALREADY_ANSWERED
    assert stored_answer(person, "checklist.clear_strategy") == "yes"
    assert person.question_id() == "checklist.process_assessment"
    assert person.question_id(slack.message(person.dm, stale["ts"])) == (
        "checklist.process_assessment"
    )


def test_double_click_records_one_answer_and_moves_one_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="checklist.clear_strategy")
    notices_before = len(person.ephemerals())
    click_twice_at_once(person, "Yes")
    assert stored_answer(person, "checklist.clear_strategy") == "yes"
    assert stored_answer(person, "checklist.process_assessment") is None
    assert person.question_id() == "checklist.process_assessment"
    assert len(person.ephemerals()) == notices_before, "a double click needs no notice"


def test_last_answer_clicked_twice_posts_one_report(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="metrics.opt_in")
    click_twice_at_once(person, "No")
    reports = [c for c in person.posted() if str(c.get("text", "")).startswith("Alignment report")]
    assert len(reports) == 1
    assert ALREADY_FINISHED in person.ephemerals()
    assert person.reports.latest_report(person.team_id, person.user) is not None


def test_old_questions_back_button_does_not_move_the_interview(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    person.submit(person.open_modal(), "Crumb & Co")
    stale = copy.deepcopy(person.live())  # business.industry
    person.type("Artisan bakery")
    assert person.question_id() == "business.size"
    person.click("← Back", stale)
    person.click("Skip", stale)
    assert person.question_id() == "business.size"
    assert person.ephemerals()[-2:] == [ALREADY_ANSWERED, ALREADY_ANSWERED]
    assert stored_answer(person, "business.industry") == "Artisan bakery"


def test_old_questions_answer_button_opens_no_modal(bot: RunningBot, slack: FakeSlack) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    stale = copy.deepcopy(person.live())
    person.type("Crumb & Co")
    with pytest.raises(AssertionError, match="no modal was opened"):
        person.open_modal(stale)
    assert person.ephemerals()[-1] == ALREADY_ANSWERED


def test_modal_with_a_bad_number_shows_a_field_error_and_the_same_question(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    answer_directly(person, BUSY_OWNER, until="objective.baseline")
    view = person.open_modal()
    sent = person.submit(view, "lots and lots")
    body = sent.response.json()
    assert body["response_action"] == "errors"
    error = body["errors"][INPUT_BLOCK]
    assert error.endswith("For example: 60 online orders")  # fits "Online orders per month"
    assert error.count(".") >= 1
    assert person.question_id() == "objective.baseline"
    assert stored_answer(person, "objective.baseline#1") is None
    # The same modal, corrected, goes through.
    assert person.submit(view, "400 orders").response.content == b""
    assert person.question_id() == "objective.target"
    assert "Saved: 400 orders" in texts(person.live()["blocks"])


def test_modal_for_a_question_already_answered_closes_with_a_notice(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    view = person.open_modal()
    person.type("Crumb & Co")
    sent = person.submit(view, "Another name")
    assert sent.response.content == b"", "the modal closes"
    assert person.ephemerals()[-1] == ALREADY_ANSWERED
    assert stored_answer(person, "business.name") == "Crumb & Co"
    assert person.question_id() == "business.industry"


def test_modal_submitted_after_the_bot_restarted_is_accepted(
    slack: FakeSlack, knowledge_base: KnowledgeBase, tmp_path: Path
) -> None:
    database = tmp_path / "alignbot.sqlite3"
    before = tmp_store(database)
    with running_interview_bot(slack, knowledge_base, before, tmp_path / "a") as first:
        person = InterviewUser(first, slack)
        message = person.start()
        view = person.open_modal()
    before.close()
    after = tmp_store(database)  # a new process: new app, new server, the same database
    try:
        with running_interview_bot(slack, knowledge_base, after, tmp_path / "b") as second:
            person.bot = second
            sent = person.submit(view, "Crumb & Co")
            assert sent.response.content == b""
            assert person.live()["ts"] == message["ts"]
            assert person.question_id() == "business.industry"
            assert "Saved: Crumb &amp; Co" in texts(person.live()["blocks"])
    finally:
        after.close()


def test_someone_elses_modal_is_refused(bot: RunningBot, slack: FakeSlack) -> None:
    owner = InterviewUser(bot, slack)
    owner.start()
    view = owner.open_modal()
    intruder = InterviewUser(bot, slack)
    sent = intruder.submit(view, "Taken over")
    assert sent.response.json()["errors"] == {INPUT_BLOCK: NOT_YOURS}
    assert stored_answer(owner, "business.name") is None
    assert owner.question_id() == "business.name"


def test_two_people_of_one_workspace_interview_without_seeing_each_other(
    bot: RunningBot, slack: FakeSlack
) -> None:
    pat, sam = InterviewUser(bot, slack), InterviewUser(bot, slack)
    pat.start()
    sam.start()
    pat.submit(pat.open_modal(), "Pat's Bakery")
    sam.type("Sam's Garage")
    sam.type("Car repairs")
    assert pat.question_id() == "business.industry"
    assert sam.question_id() == "business.size"
    assert stored_answer(pat, "business.name") == "Pat's Bakery"
    assert stored_answer(sam, "business.name") == "Sam's Garage"
    assert "Sam" not in texts([b for m in slack.messages(pat.dm) for b in m.get("blocks") or []])


def test_a_click_naming_someone_elses_message_never_edits_it(
    bot: RunningBot, slack: FakeSlack
) -> None:
    pat, sam = InterviewUser(bot, slack), InterviewUser(bot, slack)
    pat.start()
    sam.start()
    pats_message = pat.live()
    block, pause = next(
        (b, e) for b, e in elements(sam.live()["blocks"]) if e["text"]["text"] == "Pause"
    )
    action = {k: pause[k] for k in ("type", "action_id", "value", "text")} | {
        "block_id": block["block_id"]
    }
    updates_before = len(slack.calls("chat.update"))
    bot.driver.act(action, message=pats_message, channel=pat.dm, user=sam.user, team_id=sam.team_id)
    sam.settle()
    edited = [(c["channel"], c["ts"]) for c in slack.calls("chat.update")[updates_before:]]
    assert (pat.dm, pats_message["ts"]) not in edited
    assert slack.message(pat.dm, pats_message["ts"]) == pats_message
    assert sam.store.open_interview(sam.team_id, sam.user).status == "paused"  # type: ignore[union-attr]
    assert (sam.dm, sam.live()["ts"]) in edited


def test_two_workspaces_keep_apart_the_interviews_of_the_same_user_id(
    bot: RunningBot, slack: FakeSlack
) -> None:
    here = InterviewUser(bot, slack)
    there = InterviewUser(bot, slack, user=here.user, team_id="T0OTHERTEAM")
    here.start()
    there.start()
    here.type("Crumb & Co")
    there.submit(there.open_modal(), "Spanner Ltd")
    there.click("Skip")
    assert stored_answer(here, "business.name") == "Crumb & Co"
    assert stored_answer(there, "business.name") == "Spanner Ltd"
    assert here.question_id() == "business.industry"
    assert there.question_id() == "business.size"
    assert here.live()["ts"] != there.live()["ts"]


def test_question_message_that_cannot_be_updated_is_posted_anew(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    first = person.start()
    slack.fail("chat.update", "message_not_found")
    person.click("Skip")
    assert person.question_id() == "business.industry"
    assert person.live()["ts"] != first["ts"]
    assert person.dm_messages()[-1]["ts"] == person.live()["ts"]


def test_an_answer_from_a_modal_is_kept_when_the_dm_cannot_show_what_follows(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    view = person.open_modal()
    slack.fail("chat.update", "message_not_found")
    slack.fail("chat.postMessage", "channel_not_found")
    assert person.submit(view, "Crumb & Co").response.content == b""
    assert person.ephemerals()[-1] == SHOW_FAILED
    assert stored_answer(person, "business.name") == "Crumb & Co"
