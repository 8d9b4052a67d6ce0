"""Alignment over time in Slack, end to end through signed HTTP and the fake Slack API with
the real services and store: `/align history` (ephemeral, the chart in the DM) and the Home's
"over time" lines."""

from __future__ import annotations

import json

from bot.listeners.commands.history import CADENCE_SET, CHART_IN_DM, HISTORY_USAGE
from bot.render.history import NO_HISTORY, PICK_CADENCE
from tests.kpis.seed import store_persona
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.limits import block_kit_problems
from tests.slack.test_home_dashboard import open_home


def _replies(bot: RunningBot, slack: FakeSlack, user: str, count: int) -> list[dict[str, object]]:
    sent = bot.driver.command("history", user=user)
    assert sent.response.status_code == 200
    bot.executor.wait_idle()
    calls = [c for c in slack.calls("response_url") if c.key == sent.response_key]
    assert len(calls) == count
    return [c.params for c in calls]


def test_history_command_without_an_assessment_says_how_to_get_one(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    [reply] = _replies(full_bot, slack, fresh_user, 1)
    assert reply["text"] == NO_HISTORY
    assert reply["response_type"] == "ephemeral"
    assert slack.files() == []


def test_history_command_shows_what_changed_and_shares_the_chart_in_the_dm(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    store_persona(full_bot.store, TEAM_ID, fresh_user, "artisan_bakery")
    store_persona(full_bot.store, TEAM_ID, fresh_user, "ecommerce_chatbot")
    shown, chart_said = _replies(full_bot, slack, fresh_user, 2)
    blocks = shown["blocks"]
    assert isinstance(blocks, list)
    assert not block_kit_problems(blocks)
    text = json.dumps(blocks)
    assert "2 assessments" in text
    assert "Findings resolved" in text
    assert "New findings" in text
    assert chart_said["text"] == CHART_IN_DM
    [shared] = slack.files()
    assert shared["channel"] == slack.dm_channel(fresh_user)


def test_home_shows_the_scores_over_time_after_a_second_assessment(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    store_persona(full_bot.store, TEAM_ID, fresh_user, "artisan_bakery")
    first = json.dumps(open_home(full_bot, slack, fresh_user)["view"])
    assert "Over time" not in first
    store_persona(full_bot.store, TEAM_ID, fresh_user, "ecommerce_chatbot")
    slack.reset()
    second = json.dumps(open_home(full_bot, slack, fresh_user)["view"])
    assert "Over time" in second
    assert "/align history" in second


def _say(bot: RunningBot, slack: FakeSlack, user: str, argument: str) -> dict[str, object]:
    sent = bot.driver.command(argument, user=user)
    assert sent.response.status_code == 200
    return slack.wait_for_call("response_url", lambda c: c.key == sent.response_key).params


def test_history_cadence_is_kept_and_times_the_next_reassessment(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    store_persona(full_bot.store, TEAM_ID, fresh_user, "artisan_bakery")
    said = _say(full_bot, slack, fresh_user, "history cadence every six months")
    assert said["text"] == CADENCE_SET.format(every="every six months")
    prefs = full_bot.store.nudge_preferences(TEAM_ID, fresh_user)
    assert prefs.reassess_cadence == "half-yearly"
    shown = _say(full_bot, slack, fresh_user, "history")
    assert "(every six months)" in json.dumps(shown["blocks"])


def test_history_cadence_not_understood_lists_the_choices_in_the_ack(
    full_bot: RunningBot, fresh_user: str
) -> None:
    sent = full_bot.driver.command("history cadence fortnightly", user=fresh_user)
    assert sent.response.json() == {"response_type": "ephemeral", "text": HISTORY_USAGE}
    assert "monthly, quarterly (the default), half-yearly" in HISTORY_USAGE


def test_home_cadence_picker_sets_the_cadence_and_shows_it(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    store_persona(full_bot.store, TEAM_ID, fresh_user, "artisan_bakery")
    view = open_home(full_bot, slack, fresh_user)["view"]
    [picker] = [
        b["accessory"]
        for b in view["blocks"]
        if b.get("accessory", {}).get("action_id") == PICK_CADENCE
    ]
    assert picker["initial_option"]["value"] == "quarterly"
    slack.reset()
    [yearly] = [o for o in picker["options"] if o["value"] == "yearly"]
    selected = {"type": "static_select", "action_id": PICK_CADENCE, "block_id": "home"}
    home = {"id": "V0HOME0001", "type": "home", "blocks": [], "private_metadata": ""}
    sent = full_bot.driver.act({**selected, "selected_option": yearly}, user=fresh_user, view=home)
    assert sent.response.status_code == 200
    republished = slack.wait_for_call("views.publish", lambda c: c["user_id"] == fresh_user)
    assert "(every year)" in json.dumps(republished["view"])
    assert full_bot.store.nudge_preferences(TEAM_ID, fresh_user).reassess_cadence == "yearly"
