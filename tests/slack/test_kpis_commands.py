"""`/align kpi`, `/align nudges` and the nudge's buttons and forms in Slack, end to end: signed
requests to the running app over the real services on a SQLite file of its own, what the
bot sends to the fake Slack API asserted; and the contract of issue 10, from `/align kpi add`
to one nudge sent by two `alignbot nudge --once` processes at the same moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.kpis.forms import FIELDS
from bot.listeners.actions.nudge_buttons import SNOOZED, STOPPED
from bot.listeners.commands.kpi import KPI_USAGE
from bot.render.kpis import KPI_ADD_VIEW, LOG_VALUE, VALUE_ACTION, add_block_id
from bot.render.nudges import (
    DAYS_BLOCK,
    EDIT_PREFERENCES,
    LOG_DAY_BLOCK,
    LOG_NOTE_BLOCK,
    LOG_VALUE_BLOCK,
    LOG_VIEW,
    PAUSE_BLOCK,
    PREFERENCES_VIEW,
    SNOOZE,
    STOP,
    TIME_BLOCK,
)
from bot.store import KpiDraft, Store
from tests.slack.conftest import RunningBot
from tests.slack.driver import Sent
from tests.slack.fake_slack import BOT_TOKEN, TEAM_ID, ApiCall, FakeSlack
from tests.slack.interview_user import running_interview_bot
from tests.slack.limits import block_kit_problems, view_problems

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

ALIGNBOT = Path(sys.executable).with_name("alignbot")
MONDAY_0905_NEW_YORK = "2027-01-04T09:05:00-05:00"


@pytest.fixture(scope="module")
def _kpi_bot(
    fake_slack_server: FakeSlack,
    knowledge_base: KnowledgeBase,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningBot]:
    data = tmp_path_factory.mktemp("kpi-bot")
    store = Store.open(f"sqlite:///{data / 'alignbot.sqlite3'}")
    with running_interview_bot(fake_slack_server, knowledge_base, store, data) as bot:
        yield bot
    store.close()


@pytest.fixture
def bot(_kpi_bot: RunningBot, slack: FakeSlack) -> Iterator[RunningBot]:
    """A bot with the real services on a SQLite file of this module's own."""
    yield _kpi_bot
    _kpi_bot.executor.wait_idle()


def reply_to(slack: FakeSlack, sent: Sent) -> ApiCall:
    return slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)


def text_of(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def add_form(**typed: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The `/align kpi add` form's state: typed fields, picked direction and cadence."""
    picked = {
        "direction": typed.pop("direction", "up"),
        "cadence": typed.pop("cadence", "weekdays"),
    }
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for field in FIELDS:
        if field in picked:
            option = {"value": picked[field]} if picked[field] else None
            element: dict[str, Any] = {"type": "static_select", "selected_option": option}
        elif field == "target_date":
            element = {"type": "datepicker", "selected_date": typed.get(field)}
        else:
            element = {"type": "plain_text_input", "value": typed.get(field)}
        values[add_block_id(field)] = {VALUE_ACTION: element}
    return values


def add_kpi(bot: RunningBot, user: str, name: str, **fields: object) -> int:
    draft = KpiDraft.model_validate({"owner_user_id": user, "name": name, **fields})
    return bot.store.upsert_kpi(TEAM_ID, draft).id


def test_kpi_add_opens_a_form_that_refuses_what_it_cannot_read_and_stores_the_rest(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    bot.driver.command("kpi add", user=fresh_user)
    opened = slack.wait_for_call("views.open")
    assert opened["view"]["callback_id"] == KPI_ADD_VIEW
    assert view_problems(opened["view"]) == []
    refused = bot.driver.submit_view(
        KPI_ADD_VIEW, add_form(name="Weekly orders", baseline="lots"), user=fresh_user
    )
    errors = refused.response.json()["errors"]
    assert list(errors) == [add_block_id("baseline")]
    assert bot.store.list_kpis(TEAM_ID, fresh_user) == []
    added = bot.driver.submit_view(
        KPI_ADD_VIEW,
        add_form(name="Weekly orders", unit="orders", baseline="120", target="$150"),
        user=fresh_user,
    )
    assert added.response.json()["response_action"] == "update"
    [kpi] = bot.store.list_kpis(TEAM_ID, fresh_user)
    assert (kpi.name, kpi.baseline, kpi.target, kpi.cadence) == (
        "Weekly orders",
        120.0,
        150.0,
        "weekdays",
    )


def test_kpi_add_with_a_name_already_tracked_is_refused_under_the_name(
    bot: RunningBot, fresh_user: str
) -> None:
    add_kpi(bot, fresh_user, "Weekly orders")
    sent = bot.driver.submit_view(KPI_ADD_VIEW, add_form(name="weekly orders"), user=fresh_user)
    assert list(sent.response.json()["errors"]) == [add_block_id("name")]


def test_kpi_lists_the_persons_kpis_with_a_log_value_button(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    add_kpi(bot, fresh_user, "Weekly orders", baseline=100, target=150)
    add_kpi(bot, "U0SOMEONEELSE", "Their secret KPI")
    reply = reply_to(slack, bot.driver.command("kpi", user=fresh_user))
    assert "Weekly orders" in text_of(reply["blocks"])
    assert "Their secret KPI" not in text_of(reply.params)
    assert LOG_VALUE in text_of(reply["blocks"])
    assert block_kit_problems(reply["blocks"]) == []


def test_kpi_log_logs_a_typed_value_with_a_forgiving_name_and_keeps_the_note(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    kpi_id = add_kpi(bot, fresh_user, "Weekly orders", baseline=100, target=150)
    reply = reply_to(
        slack, bot.driver.command("kpi log weekly ordres $130 busy week", user=fresh_user)
    )
    assert "Logged." in text_of(reply["blocks"])
    [reading] = bot.store.list_readings(TEAM_ID, kpi_id)
    assert (reading.value, reading.note) == (130.0, "busy week")


@pytest.mark.parametrize("typed", ["kpi log Weekly orders lots", "kpi log Nonexistent 5"])
def test_kpi_log_that_cannot_be_read_says_why_and_stores_nothing(
    bot: RunningBot, slack: FakeSlack, fresh_user: str, typed: str
) -> None:
    kpi_id = add_kpi(bot, fresh_user, "Weekly orders")
    reply = reply_to(slack, bot.driver.command(typed, user=fresh_user))
    assert "Weekly orders" in reply["text"]  # the usage example, or the person's KPIs listed
    assert bot.store.list_readings(TEAM_ID, kpi_id) == []


@pytest.mark.parametrize("typed", ["kpi frobnicate", "kpi log", "kpi pause"])
def test_kpi_usage_mistakes_are_explained_in_the_ack(bot: RunningBot, typed: str) -> None:
    sent = bot.driver.command(typed)
    assert sent.response.json() == {"response_type": "ephemeral", "text": KPI_USAGE}


def test_kpi_pause_resume_and_delete_change_one_kpi_by_name(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    kpi_id = add_kpi(bot, fresh_user, "Weekly orders")
    reply_to(slack, bot.driver.command("kpi pause weekly orders", user=fresh_user))
    assert bot.store.get_kpi(TEAM_ID, kpi_id).paused
    reply_to(slack, bot.driver.command("kpi resume Weekly Orders", user=fresh_user))
    assert not bot.store.get_kpi(TEAM_ID, kpi_id).paused
    reply = reply_to(slack, bot.driver.command("kpi delete Weekly orders", user=fresh_user))
    assert "Deleted" in reply["text"]
    assert bot.store.list_kpis(TEAM_ID, fresh_user, active_only=False) == []


def test_log_value_button_opens_a_form_that_logs_a_value_with_its_note_and_day(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    kpi_id = add_kpi(bot, fresh_user, "Weekly orders", baseline=100, target=150)
    bot.driver.click(LOG_VALUE, str(kpi_id), user=fresh_user)
    opened = slack.wait_for_call("views.open")
    assert opened["view"]["callback_id"] == LOG_VIEW
    form = {
        LOG_VALUE_BLOCK: {VALUE_ACTION: {"type": "plain_text_input", "value": "18%"}},
        LOG_NOTE_BLOCK: {VALUE_ACTION: {"type": "plain_text_input", "value": "a <!channel> day"}},
        LOG_DAY_BLOCK: {VALUE_ACTION: {"type": "datepicker", "selected_date": "2026-11-20"}},
    }
    metadata = str(opened["view"]["private_metadata"])
    refused = bot.driver.submit_view(
        LOG_VIEW,
        {**form, LOG_VALUE_BLOCK: {VALUE_ACTION: {"type": "plain_text_input", "value": "??"}}},
        private_metadata=metadata,
        user=fresh_user,
    )
    assert list(refused.response.json()["errors"]) == [LOG_VALUE_BLOCK]
    bot.executor.wait_idle()
    assert slack.calls("views.update") == [], "a refused form stays open, unreplaced"
    sent = bot.driver.submit_view(LOG_VIEW, form, private_metadata=metadata, user=fresh_user)
    assert sent.response.json()["response_action"] == "update"
    shown = slack.wait_for_call("views.update")
    assert "Logged." in text_of(shown["view"])
    assert "<!channel>" not in text_of(shown["view"])
    [reading] = bot.store.list_readings(TEAM_ID, kpi_id)
    assert (reading.value, str(reading.observed_on), reading.note) == (
        18.0,
        "2026-11-20",
        "a <!channel> day",
    )


def test_someone_elses_kpi_cannot_be_logged_from_a_forged_form(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    kpi_id = add_kpi(bot, "U0OWNER0001", "Weekly orders")
    form = {
        LOG_VALUE_BLOCK: {VALUE_ACTION: {"type": "plain_text_input", "value": "5"}},
        LOG_DAY_BLOCK: {VALUE_ACTION: {"type": "datepicker", "selected_date": "2026-11-20"}},
    }
    bot.driver.submit_view(
        LOG_VIEW, form, private_metadata=json.dumps({"k": kpi_id}), user=fresh_user
    )
    shown = slack.wait_for_call("views.update")
    assert "Logged." not in text_of(shown["view"])
    assert bot.store.list_readings(TEAM_ID, kpi_id) == []


def test_snooze_and_stop_buttons_change_the_preferences_and_say_so(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    assert reply_to(slack, bot.driver.click(SNOOZE, "snooze", user=fresh_user))["text"] == SNOOZED
    services = bot.services
    assert services is not None
    assert services.nudges is not None
    assert services.nudges.get(TEAM_ID, fresh_user).snoozed_until is not None
    assert reply_to(slack, bot.driver.click(STOP, "stop", user=fresh_user))["text"] == STOPPED
    assert services.nudges.get(TEAM_ID, fresh_user).paused


def test_nudges_shows_the_preferences_and_its_form_changes_them(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    reply = reply_to(slack, bot.driver.command("nudges", user=fresh_user))
    assert "09:00" in text_of(reply.params)
    assert "Monday to Friday" in text_of(reply.params)
    bot.driver.click(EDIT_PREFERENCES, "edit", user=fresh_user)
    assert slack.wait_for_call("views.open")["view"]["callback_id"] == PREFERENCES_VIEW
    nothing_ticked: dict[str, dict[str, dict[str, Any]]] = {
        TIME_BLOCK: {VALUE_ACTION: {"type": "timepicker", "selected_time": "07:30"}},
        DAYS_BLOCK: {VALUE_ACTION: {"type": "checkboxes", "selected_options": []}},
    }
    refused = bot.driver.submit_view(PREFERENCES_VIEW, nothing_ticked, user=fresh_user)
    assert list(refused.response.json()["errors"]) == [DAYS_BLOCK]
    form: dict[str, dict[str, dict[str, Any]]] = {
        TIME_BLOCK: {VALUE_ACTION: {"type": "timepicker", "selected_time": "07:30"}},
        DAYS_BLOCK: {
            VALUE_ACTION: {
                "type": "checkboxes",
                "selected_options": [{"value": "0"}, {"value": "2"}],
            }
        },
        PAUSE_BLOCK: {VALUE_ACTION: {"type": "checkboxes", "selected_options": []}},
    }
    saved = bot.driver.submit_view(PREFERENCES_VIEW, form, user=fresh_user)
    assert saved.response.json()["response_action"] == "update"
    services = bot.services
    assert services is not None
    assert services.nudges is not None
    prefs = services.nudges.get(TEAM_ID, fresh_user)
    assert (prefs.nudge_time.isoformat(), prefs.work_days) == ("07:30:00", (0, 2))


def test_contract_kpi_added_in_slack_is_listed_and_nudged_once_by_two_processes(
    bot: RunningBot, slack: FakeSlack, fresh_user: str, tmp_path: Path
) -> None:
    slack.set_user(fresh_user, tz="America/New_York")
    bot.driver.command("kpi add", user=fresh_user)
    slack.wait_for_call("views.open")
    bad = bot.driver.submit_view(
        KPI_ADD_VIEW, add_form(name="Repeat orders", target="a lot"), user=fresh_user
    )
    assert list(bad.response.json()["errors"]) == [add_block_id("target")]
    bot.driver.submit_view(
        KPI_ADD_VIEW, add_form(name="Repeat orders", baseline="40", target="55"), user=fresh_user
    )
    listed = reply_to(slack, bot.driver.command("kpi", user=fresh_user))
    assert "Repeat orders" in text_of(listed["blocks"])
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SLACK_BOT_TOKEN")}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": str(bot.store.engine.url),
        "ALIGNBOT_DATA_DIR": str(tmp_path / "data"),
    }
    command = [str(ALIGNBOT), "nudge", "--once", "--now", MONDAY_0905_NEW_YORK]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    dm = slack.dm_channel(fresh_user)
    nudges = [c for c in slack.calls("chat.postMessage") if c["channel"] == dm]
    assert len(nudges) == 1
    assert "Repeat orders" in text_of(nudges[0]["blocks"])


def test_home_shows_when_the_nudges_come_with_a_button_to_change_it(
    bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    add_kpi(bot, fresh_user, "Weekly orders")
    event = {"type": "app_home_opened", "user": fresh_user, "tab": "home", "channel": "D0X"}
    bot.driver.send_event(event | {"event_ts": slack.next_ts()})
    published = slack.wait_for_call("views.publish", lambda c: c["user_id"] == fresh_user)
    assert "Your KPI nudges" in text_of(published["view"])
    assert EDIT_PREFERENCES in text_of(published["view"])
