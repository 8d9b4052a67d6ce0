"""Re-assessment in Slack, end to end with the real services and store:
`/align interview reassess` shows the latest answers by section with tick boxes; "Re-assess"
with nothing ticked re-scores at once (two clicks in all); with a section ticked, its first
question is posted in the DM."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.interview import Asked, InterviewService
from bot.listeners.actions.reassess_buttons import REASSESSED, STARTED
from bot.render.review import (
    REASSESS,
    REVIEW_BLOCK,
    REVIEW_PICK,
    SETS_ASIDE,
    build_reassess_offer_blocks,
)
from bot.slack.interview_chat import NO_EARLIER
from tests.interview.script import BUSY_OWNER
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.limits import block_kit_problems


def _interview(bot: RunningBot) -> InterviewService:
    assert bot.services is not None
    assert bot.services.interview is not None
    return bot.services.interview


def _finish(bot: RunningBot, user: str) -> None:
    service = _interview(bot)
    reply: Any = service.start_or_resume(TEAM_ID, user)
    while isinstance(reply, Asked):
        reply = service.answer(
            TEAM_ID, user, reply.question.id, BUSY_OWNER[reply.question.question_id]
        )


def _card(bot: RunningBot, slack: FakeSlack, user: str) -> dict[str, Any]:
    sent = bot.driver.command("interview reassess", user=user)
    assert sent.response.status_code == 200
    return slack.wait_for_call("response_url", lambda c: c.key == sent.response_key).params


def _press(bot: RunningBot, slack: FakeSlack, user: str, ticked: list[str]) -> dict[str, Any]:
    picked = {"type": "checkboxes", "selected_options": [{"value": s} for s in ticked]}
    button = {
        "action_id": REASSESS,
        "block_id": REVIEW_BLOCK,
        "type": "button",
        "value": "reassess",
    }
    sent = bot.driver.act(button, user=user, state={REVIEW_BLOCK: {REVIEW_PICK: picked}})
    assert sent.response.status_code == 200
    return slack.wait_for_call(
        "response_url", lambda c: c.key == sent.response_key and c.get("replace_original")
    ).params


def test_reassess_without_a_finished_interview_says_how_to_start(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    assert _card(full_bot, slack, fresh_user)["text"] == NO_EARLIER


def test_reassess_with_nothing_changed_takes_two_clicks_and_adds_a_report(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _finish(full_bot, fresh_user)
    card = _card(full_bot, slack, fresh_user)
    assert not block_kit_problems(card["blocks"])
    assert "Your business" in json.dumps(card["blocks"])
    done = _press(full_bot, slack, fresh_user, [])
    assert done["text"].startswith(REASSESSED.split("{", 1)[0])
    assert len(full_bot.store.list_evaluations(TEAM_ID, fresh_user)) == 2


def test_reassess_with_a_section_ticked_asks_its_first_question_in_the_dm(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _finish(full_bot, fresh_user)
    _card(full_bot, slack, fresh_user)
    done = _press(full_bot, slack, fresh_user, ["checklist"])
    assert done["text"].startswith(STARTED.split("{", 1)[0])
    [question] = slack.messages(slack.dm_channel(fresh_user))[-1:]
    assert "Readiness checklist" in json.dumps(question["blocks"])
    assert len(full_bot.store.list_evaluations(TEAM_ID, fresh_user)) == 1


def test_reassess_card_warns_that_an_interview_in_progress_is_set_aside(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _finish(full_bot, fresh_user)
    _interview(full_bot).restart(TEAM_ID, fresh_user)
    card = _card(full_bot, slack, fresh_user)
    assert SETS_ASIDE in json.dumps(card["blocks"])


def test_the_offers_button_opens_the_reassess_card_whose_progress_counts_what_is_asked(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _finish(full_bot, fresh_user)
    offer = build_reassess_offer_blocks(3, 62.0, date(2026, 10, 4), "quarterly")
    assert not block_kit_problems(offer)
    button = {**offer[0]["accessory"], "block_id": "offer"}
    sent = full_bot.driver.act(button, user=fresh_user)
    assert sent.response.status_code == 200
    card = slack.wait_for_call(
        "response_url", lambda c: c.key == sent.response_key and c.get("replace_original")
    ).params
    assert card["text"].startswith("Re-assessment: your answers")
    assert REVIEW_PICK in json.dumps(card["blocks"])
    _press(full_bot, slack, fresh_user, ["checklist"])
    [question] = slack.messages(slack.dm_channel(fresh_user))[-1:]
    assert "*Question 1 of about 8*" in json.dumps(question["blocks"])
