"""KPI tracking in Slack, end to end with the real services and store: "Track these KPIs" under
a report, clicked once or twice, by the owner or not, and "Set values" with its modal."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from bot.kpis.values import NOTHING_GIVEN
from bot.listeners.views.kpi_values import FORM_UNREADABLE
from bot.render.kpis import (
    BASELINE_BLOCK,
    DATE_BLOCK,
    KPI_VALUES_VIEW,
    OBSERVED_BLOCK,
    READING_BLOCK,
    SET_KPI_VALUES,
    TARGET_BLOCK,
    VALUE_ACTION,
)
from bot.render.report import TRACK_KPIS
from bot.store import EvaluationRecord, KpiRecord, Store
from tests.kpis.seed import store_persona
from tests.slack.conftest import RunningBot
from tests.slack.driver import Sent
from tests.slack.fake_slack import TEAM_ID, ApiCall, FakeSlack
from tests.slack.limits import block_kit_problems, view_problems

OTHER_TEAM = "T0ELSEWHERE"


def store_of(bot: RunningBot) -> Store:
    return bot.store


def seeded(bot: RunningBot, user: str, persona: str = "artisan_bakery") -> EvaluationRecord:
    return store_persona(store_of(bot), TEAM_ID, user, persona)


def response_to(slack: FakeSlack, sent: Sent) -> ApiCall:
    return slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)


def text_of(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def track(bot: RunningBot, slack: FakeSlack, user: str, report: EvaluationRecord) -> ApiCall:
    sent = bot.driver.click(TRACK_KPIS, str(report.id), user=user)
    assert sent.response.status_code == 200
    return response_to(slack, sent)


def values_form(
    baseline: str = "",
    target: str = "",
    day: str | None = None,
    value: str = "",
    observed_on: str | None = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    def typed(text: str) -> dict[str, dict[str, Any]]:
        return {VALUE_ACTION: {"type": "plain_text_input", "value": text or None}}

    def picked(when: str | None) -> dict[str, dict[str, Any]]:
        return {VALUE_ACTION: {"type": "datepicker", "selected_date": when}}

    return {
        READING_BLOCK: typed(value),
        OBSERVED_BLOCK: picked(observed_on),
        BASELINE_BLOCK: typed(baseline),
        TARGET_BLOCK: typed(target),
        DATE_BLOCK: picked(day),
    }


def tracked(bot: RunningBot, slack: FakeSlack, user: str) -> list[KpiRecord]:
    track(bot, slack, user, seeded(bot, user))
    return store_of(bot).list_kpis(TEAM_ID, user)


# --- Track these KPIs -------------------------------------------------------------------------


def test_track_these_kpis_tracks_the_plan_for_the_person_and_confirms(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    reply = track(full_bot, slack, fresh_user, report)
    kpis = store_of(full_bot).list_kpis(TEAM_ID, fresh_user)
    assert [(k.name, k.baseline, k.target) for k in kpis] == [
        ("Sourdough loaves sold per week", 600.0, 690.0),
        ("Dough batches kneaded per morning", 6.0, None),
    ]
    assert all(k.owner_user_id == fresh_user and k.cadence == "weekdays" for k in kpis)
    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False
    assert block_kit_problems(reply["blocks"], "message") == []
    assert "Now tracking 2 KPIs for you." in text_of(reply["blocks"])


def test_track_these_kpis_says_which_values_are_missing_and_how_to_add_them(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    reply = track(full_bot, slack, fresh_user, seeded(full_bot, fresh_user))
    blocks = reply["blocks"]
    dough = store_of(full_bot).list_kpis(TEAM_ID, fresh_user)[1]
    assert "Press *Set values*" in text_of(blocks)
    missing = next(b for b in blocks if "Dough batches" in text_of(b) and "accessory" in b)
    assert "_no target yet_" in missing["text"]["text"]
    assert missing["accessory"]["action_id"] == SET_KPI_VALUES
    assert missing["accessory"]["value"] == str(dough.id)


def test_track_these_kpis_twice_tracks_each_kpi_once(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user, "ecommerce_chatbot")
    track(full_bot, slack, fresh_user, report)
    first = store_of(full_bot).list_kpis(TEAM_ID, fresh_user, active_only=False)
    again = track(full_bot, slack, fresh_user, report)
    second = store_of(full_bot).list_kpis(TEAM_ID, fresh_user, active_only=False)
    assert [k.id for k in second] == [k.id for k in first]
    assert len(second) == 3
    assert "Now tracking 3 KPIs for you." in text_of(again["blocks"])


def test_track_these_kpis_refreshes_the_home_tab(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    track(full_bot, slack, fresh_user, seeded(full_bot, fresh_user))
    published = slack.wait_for_call("views.publish", lambda c: c["user_id"] == fresh_user)
    assert "Sourdough loaves sold per week" in text_of(published["view"])


def test_nobody_tracks_another_persons_report(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    reply = track(full_bot, slack, "U0INTRUDER", report)
    assert "can't find that report among yours" in reply["text"]
    assert store_of(full_bot).list_kpis(TEAM_ID, "U0INTRUDER") == []


def test_nobody_tracks_a_report_from_another_workspace(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = seeded(full_bot, fresh_user)
    sent = full_bot.driver.click(TRACK_KPIS, str(report.id), user=fresh_user, team_id=OTHER_TEAM)
    assert "can't find that report among yours" in response_to(slack, sent)["text"]
    assert store_of(full_bot).list_kpis(OTHER_TEAM) == []


# --- Set values -------------------------------------------------------------------------------


def test_set_values_opens_a_form_filled_with_what_is_stored(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    dough = tracked(full_bot, slack, fresh_user)[1]
    full_bot.driver.click(SET_KPI_VALUES, str(dough.id), user=fresh_user)
    view = slack.wait_for_call("views.open")["view"]
    assert view_problems(view) == []
    assert view["callback_id"] == KPI_VALUES_VIEW
    assert json.loads(view["private_metadata"]) == {"k": dough.id}
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs[OBSERVED_BLOCK]["initial_date"] == date.today().isoformat()
    assert inputs[BASELINE_BLOCK]["initial_value"] == "6"
    assert "initial_value" not in inputs[TARGET_BLOCK]
    assert inputs[DATE_BLOCK]["initial_date"] == "2027-09-30"


def test_set_values_saves_the_values_and_says_so(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    dough = tracked(full_bot, slack, fresh_user)[1]
    sent = full_bot.driver.submit_view(
        KPI_VALUES_VIEW,
        values_form(target="9 batches", day="2027-06-30"),
        private_metadata=json.dumps({"k": dough.id}),
        user=fresh_user,
    )
    ack = sent.response.json()
    assert ack["response_action"] == "update"
    assert "Saving…" in text_of(ack["view"])
    saved = slack.wait_for_call("views.update")["view"]
    assert view_problems(saved) == []
    assert "Saved." in text_of(saved)
    assert "6 batches → 9 batches by 30 June 2027" in text_of(saved)
    kpi = store_of(full_bot).get_kpi(TEAM_ID, dough.id)
    assert (kpi.baseline, kpi.target, kpi.target_date) == (6.0, 9.0, date(2027, 6, 30))


def test_logging_a_value_shows_the_progress_it_makes(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    loaves = tracked(full_bot, slack, fresh_user)[0]  # 600 -> 690 loaves/week
    yesterday = date.today() - timedelta(days=1)
    full_bot.driver.submit_view(
        KPI_VALUES_VIEW,
        values_form(value="about 645", observed_on=yesterday.isoformat()),
        private_metadata=json.dumps({"k": loaves.id}),
        user=fresh_user,
    )
    saved = slack.wait_for_call("views.update")["view"]
    assert "`▰▰▰▰▰▱▱▱▱▱` 50%" in text_of(saved)
    assert "latest 645 loaves/week" in text_of(saved)
    [reading] = store_of(full_bot).list_readings(TEAM_ID, loaves.id)
    assert (reading.value, reading.observed_on, reading.recorded_by) == (
        645.0,
        yesterday,
        fresh_user,
    )
    # the Home is published again with the new value (after the one Track these KPIs did)
    slack.wait_for_call(
        "views.publish",
        lambda c: c["user_id"] == fresh_user and "latest 645 loaves/week" in text_of(c["view"]),
    )


def test_set_values_with_an_unreadable_number_is_a_field_error(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    dough = tracked(full_bot, slack, fresh_user)[1]
    sent = full_bot.driver.submit_view(
        KPI_VALUES_VIEW,
        values_form(target="lots more"),
        private_metadata=json.dumps({"k": dough.id}),
        user=fresh_user,
    )
    ack = sent.response.json()
    assert ack["response_action"] == "errors"
    assert set(ack["errors"]) == {TARGET_BLOCK}
    assert "Please give a number" in ack["errors"][TARGET_BLOCK]
    assert store_of(full_bot).get_kpi(TEAM_ID, dough.id).target is None
    full_bot.executor.wait_idle()
    assert slack.calls("views.update") == [], "a refused form stays open, unreplaced"


def test_set_values_with_nothing_filled_in_asks_for_a_value(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    dough = tracked(full_bot, slack, fresh_user)[1]
    sent = full_bot.driver.submit_view(
        KPI_VALUES_VIEW,
        values_form(),
        private_metadata=json.dumps({"k": dough.id}),
        user=fresh_user,
    )
    assert sent.response.json() == {
        "response_action": "errors",
        "errors": {BASELINE_BLOCK: NOTHING_GIVEN},
    }


def test_nobody_changes_another_persons_kpi(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    dough = tracked(full_bot, slack, fresh_user)[1]
    full_bot.driver.submit_view(
        KPI_VALUES_VIEW,
        values_form(target="9"),
        private_metadata=json.dumps({"k": dough.id}),
        user="U0INTRUDER",
    )
    refused = slack.wait_for_call("views.update")["view"]
    assert "can't find that KPI among yours" in text_of(refused)
    assert fresh_user not in json.dumps(refused)
    assert store_of(full_bot).get_kpi(TEAM_ID, dough.id).target is None


def test_nobody_opens_another_persons_kpi_form(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    dough = tracked(full_bot, slack, fresh_user)[1]
    sent = full_bot.driver.click(SET_KPI_VALUES, str(dough.id), user="U0INTRUDER")
    told = response_to(slack, sent)
    assert "can't find that KPI among yours" in told["text"]
    assert fresh_user not in json.dumps(told.params)
    assert slack.calls("views.open") == []


def test_a_values_form_naming_no_kpi_says_it_could_not_be_read(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    full_bot.driver.submit_view(
        KPI_VALUES_VIEW, values_form(target="9"), private_metadata="not json", user=fresh_user
    )
    outcome = slack.wait_for_call("views.update")["view"]
    assert view_problems(outcome) == []
    assert json.dumps(FORM_UNREADABLE, ensure_ascii=False)[1:-1] in text_of(outcome)
