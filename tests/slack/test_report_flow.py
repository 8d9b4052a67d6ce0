"""The report in Slack, end to end through signed HTTP and the fake Slack API, with the real
services (knowledge base citing each finding, SQLite store): `/align report` as one
message, "Share to channel", "Details" and its pages, and that nobody sees or shares a
report that is not theirs."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from bot.listeners.commands.report import NO_REPORT
from bot.listeners.views.share_report import BOT_NOT_IN_CHANNEL, PICK_A_CHANNEL
from bot.render.blocks import encode_private_metadata
from bot.render.report import (
    ACTIONS_BLOCK_ID,
    ALL_FINDINGS,
    DETAILS,
    DETAILS_PAGE,
    SHARE_CHANNEL_ACTION,
    SHARE_CHANNEL_BLOCK,
    SHARE_REPORT,
    SHARE_VIEW,
    TRACK_KPIS,
)
from bot.store import EvaluationRecord, Store
from tests.kpis.seed import store_persona
from tests.slack.conftest import RunningBot
from tests.slack.driver import CHANNEL_ID, Sent
from tests.slack.fake_slack import TEAM_ID, ApiCall, FakeSlack
from tests.slack.limits import block_kit_problems, view_problems

OTHER_CHANNEL = "C0MARKETING"
OTHER_TEAM = "T0ELSEWHERE"


def store_of(bot: RunningBot) -> Store:
    return bot.store


def seeded(bot: RunningBot, user: str, persona: str = "artisan_bakery") -> EvaluationRecord:
    return store_persona(store_of(bot), TEAM_ID, user, persona)


def response_to(slack: FakeSlack, sent: Sent) -> ApiCall:
    return slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)


def text_of(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def share_submission(channel: str | None) -> dict[str, dict[str, dict[str, Any]]]:
    picked: dict[str, Any] = {"type": "conversations_select", "selected_conversation": channel}
    return {SHARE_CHANNEL_BLOCK: {SHARE_CHANNEL_ACTION: picked}}


# --- /align report --------------------------------------------------------------------------


def test_report_command_without_a_report_says_how_to_get_one(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    sent = full_bot.driver.command("report", user=fresh_user)
    assert sent.response.status_code == 200
    reply = response_to(slack, sent)
    assert reply["text"] == NO_REPORT
    assert reply["response_type"] == "ephemeral"
    assert "`/align interview`" in reply["text"]


def test_report_command_shows_the_latest_report_with_cited_findings_and_buttons(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    seeded(full_bot, fresh_user, "ecommerce_chatbot")
    latest = seeded(full_bot, fresh_user, "artisan_bakery")
    sent = full_bot.driver.command("report", user=fresh_user)
    assert sent.response.content == b""  # acked empty; the report follows
    reply = response_to(slack, sent)
    blocks = reply["blocks"]
    assert reply["response_type"] == "ephemeral"
    assert block_kit_problems(blocks, "message") == []
    assert blocks[0]["text"]["text"] == "Alignment report: Crumb & Hearth Bakery"
    assert "Score: 39.2 / 100 · Misaligned" in text_of(blocks)
    # the real knowledge base names the passage each top finding cites
    assert text_of(blocks).count("Source: _") == 3
    buttons = next(b for b in blocks if b.get("block_id") == ACTIONS_BLOCK_ID)
    assert [e["action_id"] for e in buttons["elements"]] == [TRACK_KPIS, SHARE_REPORT, DETAILS]
    assert {e["value"] for e in buttons["elements"]} == {str(latest.id)}


def test_report_command_sends_one_message_with_the_summary(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user, "artisan_bakery")
    sent = full_bot.driver.command("report", user=fresh_user)
    reply = response_to(slack, sent)
    time.sleep(0.3)  # a second page would follow at once
    replies = [c for c in slack.calls("response_url") if c.key == sent.response_key]
    assert len(replies) == 1
    text = text_of(reply["blocks"])
    evaluation = report.evaluation
    assert f"Weakest dimension*\\n{evaluation['weakest_dimension']['label']}" in text
    for result in evaluation["initiatives"]:
        assert f"{result['rank']}. *{result['name']}*: {result['quadrant']['label']}" in text
    for finding in evaluation["findings"][:3]:
        assert json.dumps(finding["next_step"], ensure_ascii=False)[1:-1] in text
    assert json.dumps(evaluation["findings"][3]["title"], ensure_ascii=False)[1:-1] not in text
    assert "*Next 30 days*" in text
    assert "Why " not in text


def test_report_command_shows_only_the_persons_own_report(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    seeded(full_bot, fresh_user)
    sent = full_bot.driver.command("report", user=fresh_user + "X")
    assert response_to(slack, sent)["text"] == NO_REPORT


def test_report_command_in_another_workspace_shows_nothing(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    seeded(full_bot, fresh_user)
    sent = full_bot.driver.command("report", user=fresh_user, team_id=OTHER_TEAM)
    assert response_to(slack, sent)["text"] == NO_REPORT


# --- Share to channel -------------------------------------------------------------------------


def test_share_button_opens_a_channel_picker_set_to_the_current_channel(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.click(SHARE_REPORT, str(report.id), user=fresh_user, channel=CHANNEL_ID)
    opened = slack.wait_for_call("views.open")
    view = opened["view"]
    assert view_problems(view) == []
    assert view["callback_id"] == SHARE_VIEW
    select = next(b for b in view["blocks"] if b.get("block_id") == SHARE_CHANNEL_BLOCK)
    assert select["element"]["type"] == "conversations_select"
    assert select["element"]["initial_conversation"] == CHANNEL_ID
    assert json.loads(view["private_metadata"]) == {"e": report.id}


def test_share_from_a_dm_picks_no_channel_for_the_person(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.click(SHARE_REPORT, str(report.id), user=fresh_user, channel="D0PATBOT01")
    select = slack.wait_for_call("views.open")["view"]["blocks"][-1]["element"]
    assert "initial_conversation" not in select


def test_sharing_posts_the_shared_copy_in_the_chosen_channel(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    sent = full_bot.driver.submit_view(
        SHARE_VIEW,
        share_submission(OTHER_CHANNEL),
        private_metadata=encode_private_metadata({"e": report.id}),
        user=fresh_user,
    )
    ack = sent.response.json()
    assert ack["response_action"] == "update"
    assert "Sharing your report" in text_of(ack["view"])
    posted = slack.wait_for_call("chat.postMessage", lambda c: c["channel"] == OTHER_CHANNEL)
    blocks = posted["blocks"]
    assert block_kit_problems(blocks, "message") == []
    assert blocks[1]["elements"][0]["text"] == f"Shared by <@{fresh_user}>"
    assert action_ids(blocks) == []
    assert "Score: 39.2 / 100 · Misaligned" in text_of(blocks)
    done = slack.wait_for_call("views.update")
    assert done["view_id"] == "V0MODAL001"
    assert f"Shared your report in <#{OTHER_CHANNEL}>" in text_of(done["view"])


def test_sharing_where_the_bot_is_not_invited_says_to_invite_it(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    slack.keep_bot_out(OTHER_CHANNEL)
    full_bot.driver.submit_view(
        SHARE_VIEW,
        share_submission(OTHER_CHANNEL),
        private_metadata=encode_private_metadata({"e": report.id}),
        user=fresh_user,
    )
    updated = slack.wait_for_call("views.update")["view"]
    assert view_problems(updated) == []
    assert BOT_NOT_IN_CHANNEL.format(channel=f"<#{OTHER_CHANNEL}>") in text_of(updated)
    assert "`/invite @alignbot`" in text_of(updated)
    # the form is back, to press Share again once invited or to pick another channel
    assert updated["callback_id"] == SHARE_VIEW
    assert slack.messages(OTHER_CHANNEL) == []  # Slack refused the post


def test_sharing_in_a_private_channel_the_bot_cannot_see_says_to_invite_it(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    slack.keep_bot_out("G0SECRET", error="channel_not_found")
    full_bot.driver.submit_view(
        SHARE_VIEW,
        share_submission("G0SECRET"),
        private_metadata=encode_private_metadata({"e": report.id}),
        user=fresh_user,
    )
    updated = slack.wait_for_call("views.update")["view"]
    assert "`/invite @alignbot`" in text_of(updated)


def test_sharing_without_a_channel_is_a_field_error(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    sent = full_bot.driver.submit_view(
        SHARE_VIEW,
        share_submission(None),
        private_metadata=encode_private_metadata({"e": report.id}),
        user=fresh_user,
    )
    assert sent.response.json() == {
        "response_action": "errors",
        "errors": {SHARE_CHANNEL_BLOCK: PICK_A_CHANNEL},
    }


def test_nobody_shares_another_persons_report(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.submit_view(
        SHARE_VIEW,
        share_submission(OTHER_CHANNEL),
        private_metadata=encode_private_metadata({"e": report.id}),
        user="U0INTRUDER",
    )
    updated = slack.wait_for_call("views.update")["view"]
    assert "can't find that report among yours" in text_of(updated)
    assert slack.calls("chat.postMessage") == []


def test_nobody_shares_a_report_from_another_workspace(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.submit_view(
        SHARE_VIEW,
        share_submission(OTHER_CHANNEL),
        private_metadata=encode_private_metadata({"e": report.id}),
        user=fresh_user,
        team_id=OTHER_TEAM,
    )
    updated = slack.wait_for_call("views.update")["view"]
    assert "can't find that report among yours" in text_of(updated)
    assert slack.calls("chat.postMessage") == []


# --- Details -----------------------------------------------------------------------------------


@pytest.mark.parametrize("button", [DETAILS, ALL_FINDINGS], ids=["details", "older-report"])
def test_details_open_the_first_page_of_everything_else_in_a_modal(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str, button: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.click(button, str(report.id), user=fresh_user)
    view = slack.wait_for_call("views.open")["view"]
    assert view_problems(view) == []
    assert view["title"]["text"] == "Report details"
    findings = report.evaluation["findings"]
    assert f"*All {len(findings)} findings*" in text_of(view)
    assert "> “" in text_of(view)  # each finding quotes its cited passage
    assert view["blocks"][0]["elements"][0]["text"].startswith("Page 1 of ")
    assert action_ids(view["blocks"]) == [DETAILS_PAGE]


def _page_label(view: dict[str, Any]) -> str:
    return str(view["blocks"][0]["elements"][0]["text"])


def _nav(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _updated(slack: FakeSlack, count: int) -> ApiCall:
    """The `count`-th views.update call, once it has arrived."""
    calls = slack.wait_for(
        lambda calls: len([c for c in calls if c.method == "views.update"]) >= count
    )
    return [c for c in calls if c.method == "views.update"][count - 1]


def test_next_and_previous_turn_the_details_pages_in_place(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.click(DETAILS, str(report.id), user=fresh_user)
    page = {**slack.wait_for_call("views.open")["view"], "id": "V0DETAILS1"}
    total = int(_page_label(page).split(" of ")[1].split(" ")[0])
    assert total >= 2
    pages = [page]
    for number in range(2, total + 1):
        forward = _nav(page)[-1]
        assert forward["text"]["text"] == "Next →"
        full_bot.driver.act(forward, user=fresh_user, view=page)
        call = _updated(slack, number - 1)
        assert call["view_id"] == "V0DETAILS1"
        assert view_problems(call["view"]) == []
        page = {**call["view"], "id": "V0DETAILS1"}
        assert _page_label(page).startswith(f"Page {number} of {total}")
        pages.append(page)
    assert [e["text"]["text"] for e in _nav(page)] == ["← Previous"]
    everything = text_of(pages)
    assert "*Why 39.2?*" in everything
    assert "*Assumptions:*" in everything
    for finding in report.evaluation["findings"]:
        assert json.dumps(finding["title"], ensure_ascii=False)[1:-1] in everything
    full_bot.driver.click_in_view(page, DETAILS_PAGE, user=fresh_user)
    back = _updated(slack, total)
    assert back["view_id"] == "V0DETAILS1"
    assert _page_label(back["view"]).startswith(f"Page {total - 1} of {total}")


def test_a_double_click_on_next_turns_one_page_and_says_nothing_about_the_other(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    full_bot.driver.click(DETAILS, str(report.id), user=fresh_user)
    page = {**slack.wait_for_call("views.open")["view"], "id": "V0DOUBLE1", "hash": "1.first"}
    forward = _nav(page)[-1]
    full_bot.driver.act(forward, user=fresh_user, view=page)
    full_bot.driver.act(forward, user=fresh_user, view=page)
    first, second = _updated(slack, 1), _updated(slack, 2)
    assert first["hash"] == second["hash"] == "1.first"  # both name the page they saw
    assert slack.view_hash("V0DOUBLE1") not in (None, "1.first")  # one of them landed
    time.sleep(0.3)  # the refused one has had time to (wrongly) apologise
    assert [c.method for c in slack.calls() if c.method.startswith("chat.")] == []


def test_another_persons_findings_are_not_shown(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    sent = full_bot.driver.click(DETAILS, str(report.id), user="U0INTRUDER")
    reply = response_to(slack, sent)
    assert "can't find that report among yours" in reply["text"]
    assert slack.calls("views.open") == []
