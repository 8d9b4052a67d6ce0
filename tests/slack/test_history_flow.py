"""Alignment over time in Slack, end to end through signed HTTP and the fake Slack API with
the real services and store: `/align history` (ephemeral, the chart in the DM) and the Home's
"over time" lines."""

from __future__ import annotations

import json

from bot.listeners.commands.history import CHART_IN_DM
from bot.render.history import NO_HISTORY
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
