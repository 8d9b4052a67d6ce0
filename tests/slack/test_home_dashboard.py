"""The App Home dashboard, end to end with the real services and store: what `views.publish`
shows a newcomer, someone part way through the interview, and someone with a report and
tracked KPIs; its buttons; and that it shows nobody else's data."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from bot.kpis.service import KpiService
from bot.render.history import PICK_CADENCE
from bot.render.home import NO_KPIS, NO_REPORT, RESUME_INTERVIEW, SHOW_REPORT
from bot.render.kpis import SET_KPI_VALUES
from bot.services import Services
from bot.store import Store
from tests.interview.script import BUSY_OWNER
from tests.kpis.seed import store_persona
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import TEAM_ID, ApiCall, FakeSlack
from tests.slack.interview_user import InterviewUser, answer_directly
from tests.slack.limits import view_problems

OTHER_TEAM = "T0ELSEWHERE"


def services_of(bot: RunningBot) -> Services:
    assert bot.services is not None
    return bot.services


def store_of(bot: RunningBot) -> Store:
    return bot.store


def kpis_of(bot: RunningBot) -> KpiService:
    kpis = services_of(bot).kpis
    assert kpis is not None
    return kpis


def open_home(bot: RunningBot, slack: FakeSlack, user: str, team: str = TEAM_ID) -> ApiCall:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user[1:],
        "tab": "home",
        "event_ts": slack.next_ts(),
    }
    sent = bot.driver.send_event(event, team_id=team)
    assert sent.response.status_code == 200
    return slack.wait_for_call("views.publish", lambda c: c["user_id"] == user)


def click_in_home(bot: RunningBot, action_id: str, user: str, value: str | None = None) -> None:
    """Click a button on the Home tab, as Slack sends it: from a view, no response_url."""
    button: dict[str, Any] = {"action_id": action_id, "block_id": "home", "type": "button"}
    if value is not None:
        button["value"] = value
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "pat", "name": "pat", "team_id": TEAM_ID},
        "api_app_id": "A0ALIGN01",
        "token": "deprecated-verification-token",
        "container": {"type": "view", "view_id": "V0HOME0001"},
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": TEAM_ID, "domain": "acme-bakery"},
        "is_enterprise_install": False,
        "view": {"id": "V0HOME0001", "type": "home", "blocks": [], "private_metadata": ""},
        "actions": [{**button, "action_ts": "1760000000.000001"}],
        "state": {"values": {}},
    }
    sent = bot.driver.post(
        urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )
    assert sent.response.status_code == 200


def text_of(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def accessories(view: dict[str, Any]) -> list[str]:
    return [b["accessory"]["action_id"] for b in view["blocks"] if "accessory" in b]


def test_home_of_a_newcomer_offers_the_interview_and_explains_reports_and_kpis(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    view = open_home(full_bot, slack, fresh_user)["view"]
    assert view_problems(view) == []
    assert view["type"] == "home"
    text = text_of(view)
    assert json.dumps(NO_REPORT)[1:-1] in text
    assert "*Alignment interview*: not started." in text
    assert json.dumps(NO_KPIS)[1:-1] in text
    assert "*What can I do here?*" in text
    assert "`/align report`" in text
    assert accessories(view) == [RESUME_INTERVIEW]


def test_home_during_the_interview_shows_where_it_stands_with_a_resume_button(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    interview = services_of(full_bot).interview
    assert interview is not None
    first: Any = interview.start_or_resume(TEAM_ID, fresh_user)
    interview.answer(TEAM_ID, fresh_user, first.question.id, "Crumb & Co")
    view = open_home(full_bot, slack, fresh_user)["view"]
    assert view_problems(view) == []
    block = next(b for b in view["blocks"] if "Alignment interview" in text_of(b))
    assert "in progress, at question 2 of about " in block["text"]["text"]
    assert block["accessory"]["text"]["text"] == "Resume"
    assert block["accessory"]["action_id"] == RESUME_INTERVIEW


def test_home_with_a_report_and_kpis_shows_score_findings_and_progress(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    store = store_of(full_bot)
    report = store_persona(store, TEAM_ID, fresh_user, "ecommerce_chatbot")
    kpis = {k.name: k for k in kpis_of(full_bot).track(TEAM_ID, fresh_user, report.id)}
    response = kpis["Median first response time"]  # 18 h -> 1 h by 2027-03-31
    store.log_reading(
        TEAM_ID, response.id, value=3.0, observed_on=date(2026, 12, 1), recorded_by=fresh_user
    )
    view = open_home(full_bot, slack, fresh_user)["view"]
    assert view_problems(view) == []
    text = text_of(view)
    assert "*Score 90.8 / 100 · Strongly aligned*, maturity level 3 of 4 (Integrated)" in text
    assert "*Open findings*" in text
    assert "*Alignment interview*: complete." in text
    assert "*Your KPIs* (3)" in text
    line = next(b for b in view["blocks"] if "Median first response time" in text_of(b))
    assert "18 hours → 1 hours by 31 March 2027" in line["text"]["text"]
    assert "88% · 🟢 on track · latest 3 hours on 1 December 2026" in line["text"]["text"]
    assert line["accessory"]["action_id"] == SET_KPI_VALUES
    waiting = next(b for b in view["blocks"] if "Repeat purchase rate" in text_of(b))
    assert "waiting for a first value" in waiting["text"]["text"]
    assert accessories(view)[:3] == [SHOW_REPORT, PICK_CADENCE, RESUME_INTERVIEW]


def test_home_shows_nobody_elses_report_or_kpis(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = store_persona(store_of(full_bot), TEAM_ID, fresh_user, "artisan_bakery")
    kpis_of(full_bot).track(TEAM_ID, fresh_user, report.id)
    for user, team in ((fresh_user + "X", TEAM_ID), (fresh_user, OTHER_TEAM)):
        slack.reset()
        text = text_of(open_home(full_bot, slack, user, team)["view"])
        assert "Crumb" not in text
        assert "Sourdough" not in text
        assert json.dumps(NO_REPORT)[1:-1] in text


def test_home_start_button_posts_the_first_question_in_the_dm_and_refreshes_home(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    click_in_home(full_bot, RESUME_INTERVIEW, fresh_user)
    dm = slack.dm_channel(fresh_user)
    question = slack.wait_for_call("chat.postMessage", lambda c: c["channel"] == dm)
    assert "Question 1 of about" in text_of(question["blocks"])
    published = slack.wait_for_call("views.publish", lambda c: c["user_id"] == fresh_user)
    assert "in progress, at question 1 of about" in text_of(published["view"])


def test_home_show_report_button_posts_the_report_in_the_dm(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = store_persona(store_of(full_bot), TEAM_ID, fresh_user, "artisan_bakery")
    click_in_home(full_bot, SHOW_REPORT, fresh_user, str(report.id))
    dm = slack.dm_channel(fresh_user)
    posted = slack.wait_for_call("chat.postMessage", lambda c: c["channel"] == dm)
    assert posted["blocks"][0]["text"]["text"] == "Alignment report: Crumb & Hearth Bakery"


def test_home_show_report_of_someone_else_is_refused_in_the_dm(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    report = store_persona(store_of(full_bot), TEAM_ID, fresh_user, "artisan_bakery")
    intruder = "U0INTRUDER"
    click_in_home(full_bot, SHOW_REPORT, intruder, str(report.id))
    told = slack.wait_for_call("chat.postMessage", lambda c: c["channel"] == intruder)
    assert "can't find that report among yours" in told["text"]
    assert "blocks" not in told.params


def test_finishing_the_interview_republishes_home_with_the_new_report(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    person = InterviewUser(full_bot, slack, user=fresh_user)
    answer_directly(person, BUSY_OWNER, until="metrics.opt_in")
    person.type("no")  # the last question, answered in the DM
    published = slack.wait_for_call(
        "views.publish",
        lambda c: c["user_id"] == fresh_user and "*Your alignment*\\n*Score" in text_of(c["view"]),
    )
    assert view_problems(published["view"]) == []
    assert "*Alignment interview*: complete." in text_of(published["view"])
    report = [c for c in person.posted() if "Alignment report: Crumb & Co" in text_of(c["blocks"])]
    assert report
