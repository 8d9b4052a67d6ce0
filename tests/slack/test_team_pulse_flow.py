"""The team pulse in Slack, end to end through signed HTTP and the fake Slack API with the
real services and store: the owner's `/align team` form, the pulse in each member's DM
(typed answers and buttons), and what the owner sees with `/align team results`: nothing
below 3 answers, aggregates only, and no view that one more answer could be told apart by."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.interview.service import question_of
from bot.render.pulse import (
    CHANNEL_ACTION,
    CHANNEL_BLOCK,
    CLOSE_PULSE,
    DEADLINE_ACTION,
    DEADLINE_BLOCK,
    HOME_CLOSE_PULSE,
    HOME_TEAM_RESULTS,
    PEOPLE_ACTION,
    PEOPLE_BLOCK,
    PICK_SOMEONE,
    PULSE_VIEW,
    SHARE_CHANNEL_ACTION,
    SHARE_CHANNEL_BLOCK,
    SHARE_PULSE_VIEW,
)
from bot.render.question import ANSWER
from bot.team.pulses import closing_instant
from prompts.formatting import format_weekday
from tests.kpis.seed import store_persona
from tests.slack.conftest import RunningBot
from tests.slack.driver import CHANNEL_ID
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.interview_user import InterviewUser, elements
from tests.slack.limits import block_kit_problems, view_problems
from tests.slack.test_home_dashboard import click_in_home, open_home

# What a member types, by the kind of question (the step id's second part).
TYPED = {"top": "1", "rating": "4", "ready": "partly", "knows_kpi": "yes", "involvement": "3"}


def _owner(bot: RunningBot, owner: str) -> None:
    store_persona(bot.store, TEAM_ID, owner, "ecommerce_chatbot", with_assessment=True)


def _send(bot: RunningBot, owner: str, members: list[str], day: date | None = None) -> None:
    picked = (day or (datetime.now(UTC) + timedelta(days=7)).date()).isoformat()
    values: dict[str, dict[str, dict[str, Any]]] = {
        PEOPLE_BLOCK: {PEOPLE_ACTION: {"type": "multi_users_select", "selected_users": members}},
        DEADLINE_BLOCK: {DEADLINE_ACTION: {"type": "datepicker", "selected_date": picked}},
    }
    sent = bot.driver.submit_view(PULSE_VIEW, values, user=owner)
    assert sent.response.status_code == 200
    bot.executor.wait_idle()


def _answer_all(
    bot: RunningBot, slack: FakeSlack, member: str, typed: dict[str, str] | None = None
) -> None:
    """Type the whole pulse in the member's DM, one line per question (`TYPED`, or
    `typed` where it says otherwise)."""
    lines = TYPED | (typed or {})
    pulses = bot.deps.pulses
    assert pulses is not None
    for _ in range(20):
        current = pulses.current(TEAM_ID, member)
        question = None if current is None else question_of(current)
        if question is None:
            return
        kind = question.id.split(".")[1].split("_")[0]
        bot.driver.direct_message(
            lines["knows_kpi" if kind == "knows" else kind],
            channel=slack.dm_channel(member),
            user=member,
        )
        bot.executor.wait_idle()
    pytest.fail("the pulse did not end")


def _pulse_answered(
    bot: RunningBot, slack: FakeSlack, owner: str, *, asked: int, answered: int
) -> list[str]:
    """The owner (with a report) sends a pulse to `asked` people, `answered` of whom answer
    it all; returns those asked."""
    _owner(bot, owner)
    members = [owner + s for s in "ABCDEFGH"[:asked]]
    _send(bot, owner, members)
    for member in members[:answered]:
        _answer_all(bot, slack, member)
    return members


def _results(bot: RunningBot, slack: FakeSlack, owner: str) -> list[dict[str, Any]]:
    sent = bot.driver.command("team results", user=owner)
    assert sent.response.status_code == 200
    bot.executor.wait_idle()
    return [c.params for c in slack.calls("response_url") if c.key == sent.response_key]


def test_team_command_opens_the_pulse_form(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    full_bot.driver.command("team", user=fresh_user)
    full_bot.executor.wait_idle()
    [opened] = slack.calls("views.open")
    view = opened["view"]
    if isinstance(view, str):
        view = json.loads(view)
    assert view["callback_id"] == PULSE_VIEW
    kinds = {b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert kinds == {"multi_users_select", "conversations_select", "datepicker"}


def test_pulse_form_without_anyone_picked_says_what_to_pick(
    full_bot: RunningBot, fresh_user: str
) -> None:
    sent = full_bot.driver.submit_view(PULSE_VIEW, {}, user=fresh_user)
    assert sent.response.json() == {
        "response_action": "errors",
        "errors": {PEOPLE_BLOCK: PICK_SOMEONE},
    }


def test_pulse_before_a_report_says_to_finish_the_interview_first(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _send(full_bot, fresh_user, ["UMEMBER01"])
    outcome = json.dumps(slack.calls("views.update")[-1].params)
    assert "finish the alignment interview first" in outcome
    assert slack.messages(slack.dm_channel("UMEMBER01")) == []


def test_pulse_reaches_each_member_in_their_dm_with_its_first_question(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    members = [fresh_user + "A", fresh_user + "B"]
    _send(full_bot, fresh_user, members)
    outcome = json.dumps(slack.calls("views.update")[-1].params)
    assert "Sent to 2 people" in outcome
    for member in members:
        intro, question = slack.messages(slack.dm_channel(member))[:2]
        assert "anonymous" in intro["text"]
        assert not block_kit_problems(question["blocks"])
        assert "top priorities" in json.dumps(question["blocks"])


def test_team_results_show_nothing_below_three_answers(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    members = [fresh_user + s for s in "ABC"]
    _send(full_bot, fresh_user, members)
    for member in members[:2]:
        _answer_all(full_bot, slack, member)
    [shown] = _results(full_bot, slack, fresh_user)
    text = json.dumps(shown)
    assert "2 answered so far" in text
    assert "Priority" not in text
    assert slack.files() == []


def test_team_results_with_three_then_four_answers_reveal_no_one(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    members = [fresh_user + s for s in "ABCD"]
    _send(full_bot, fresh_user, members)
    for member in members[:3]:
        _answer_all(full_bot, slack, member)
    [three] = _results(full_bot, slack, fresh_user)
    assert not block_kit_problems(three["blocks"])
    report = json.dumps(three["blocks"])
    assert "Team pulse report" in report
    assert all(member not in report for member in members)
    [chart] = slack.files()
    assert chart["channel"] == slack.dm_channel(fresh_user)
    _answer_all(full_bot, slack, members[3])
    [four] = _results(full_bot, slack, fresh_user)
    # The fourth answer is held back: the view is the one of three, so comparing the two
    # tells nothing about the fourth person.
    assert "1 more answer(s) came in" in json.dumps(four["blocks"])
    assert _without_held(four["blocks"]) == _without_held(three["blocks"])


def _without_held(blocks: list[dict[str, Any]]) -> list[str]:
    """The report's lines, less the status line and the count of answers held back."""
    lines = []
    for block in blocks:
        if block["type"] in ("section", "header"):
            lines += [x for x in block["text"]["text"].split("\n") if "came in since" not in x]
    return lines


def _pulse_message(user: InterviewUser) -> dict[str, Any]:
    pulses = user.bot.deps.pulses
    assert pulses is not None
    place = pulses.find_open(user.team_id, user.user)
    assert place is not None
    assert place.channel_id is not None
    assert place.message_ts is not None
    return user.slack.message(place.channel_id, place.message_ts)


def test_pulse_answered_with_clicks_leaves_the_members_own_interview_as_it_was(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    member = InterviewUser(full_bot, slack)
    own = member.start()
    own_step = member.step(own)
    _send(full_bot, fresh_user, [member.user])
    pulses = full_bot.deps.pulses
    assert pulses is not None
    for _ in range(20):
        if pulses.find_open(TEAM_ID, member.user) is None:
            break
        message = _pulse_message(member)
        if member.question_id(message) == "priorities.top":
            member.tick(["Something else"], message)
        else:
            block, button = next(
                (b, e) for b, e in elements(message["blocks"]) if e["action_id"].startswith(ANSWER)
            )
            member.act(message, block, button)
    else:
        pytest.fail("the pulse did not end")
    last = slack.messages(member.dm)[-1]
    assert "Thank you, your answers are in" in json.dumps(last["blocks"])
    assert member.step() == own_step
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    [answers] = full_bot.store.pulse_answers(TEAM_ID, pulse.id)
    assert answers.answers["priorities.top"].value == ["something_else"]


def test_close_now_ends_the_pulse_and_shows_its_results_in_place(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    member = fresh_user + "A"
    _send(full_bot, fresh_user, [member])
    [shown] = _results(full_bot, slack, fresh_user)
    assert CLOSE_PULSE in json.dumps(shown["blocks"])
    full_bot.driver.click(CLOSE_PULSE, "1", user=fresh_user, block_id="team_pulse_actions")
    full_bot.executor.wait_idle()
    replaced = [c.params for c in slack.calls("response_url") if c.get("replace_original")]
    assert "closed" in json.dumps(replaced[-1]["blocks"])
    assert CLOSE_PULSE not in json.dumps(replaced[-1]["blocks"])
    assert full_bot.store.open_interview(TEAM_ID, member, "pulse") is None


def test_pulse_to_a_channel_asks_its_members_but_not_the_bot_or_the_owner(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    people = [fresh_user + s for s in "ABC"]
    slack.set_members("C0PULSE01", [*people, slack.bot_user_id, fresh_user])
    values: dict[str, dict[str, dict[str, Any]]] = {
        CHANNEL_BLOCK: {
            CHANNEL_ACTION: {"type": "conversations_select", "selected_conversation": "C0PULSE01"}
        }
    }
    full_bot.driver.submit_view(PULSE_VIEW, values, user=fresh_user)
    full_bot.executor.wait_idle()
    assert "Sent to 3 people" in json.dumps(slack.calls("views.update")[-1].params)
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    asked = [m.user_id for m in full_bot.store.pulse_members(TEAM_ID, pulse.id)]
    assert asked == people


def test_shared_team_results_reach_the_channel_without_buttons(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    members = [fresh_user + s for s in "ABC"]
    _send(full_bot, fresh_user, members)
    for member in members:
        _answer_all(full_bot, slack, member)
    channel = {"type": "conversations_select", "selected_conversation": CHANNEL_ID}
    values = {SHARE_CHANNEL_BLOCK: {SHARE_CHANNEL_ACTION: channel}}
    full_bot.driver.submit_view(SHARE_PULSE_VIEW, values, user=fresh_user)
    full_bot.executor.wait_idle()
    [posted] = slack.messages(CHANNEL_ID)
    assert not block_kit_problems(posted["blocks"])
    text = json.dumps(posted["blocks"])
    assert "Team pulse report" in text
    assert f"shared by <@{fresh_user}>" in text
    assert all(block["type"] != "actions" for block in posted["blocks"])
    assert all(member not in text for member in members)


def test_click_on_a_closed_pulse_says_it_closed_and_leaves_the_own_interview_alone(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    member = InterviewUser(full_bot, slack)
    own_step = member.step(member.start())
    _send(full_bot, fresh_user, [member.user])
    message = _pulse_message(member)
    full_bot.driver.command("team close", user=fresh_user)
    full_bot.executor.wait_idle()
    member.tick(["Something else"], message)
    assert any("has closed" in said for said in member.ephemerals())
    assert member.step() == own_step


def _home_pulse(bot: RunningBot, slack: FakeSlack, user: str) -> str:
    """The team pulse part of the person's Home (after the last divider), as JSON."""
    view = open_home(bot, slack, user)["view"]
    if isinstance(view, str):
        view = json.loads(view)
    assert not view_problems(view)
    return json.dumps(
        [b for b in view["blocks"] if "Team pulse" in json.dumps(b)]
        + [b for b in view["blocks"] if b.get("block_id") == "home_team_pulse"]
    )


def test_home_shows_the_open_pulse_with_answers_counted_and_close_now(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _pulse_answered(full_bot, slack, fresh_user, asked=4, answered=1)
    home = _home_pulse(full_bot, slack, fresh_user)
    assert "1 of 4 answered, closes at the end of" in home
    assert HOME_CLOSE_PULSE in home
    assert HOME_TEAM_RESULTS not in home  # nothing to see below three answers


def test_home_offers_the_results_once_three_answered(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    members = _pulse_answered(full_bot, slack, fresh_user, asked=4, answered=3)
    home = _home_pulse(full_bot, slack, fresh_user)
    assert "3 of 4 answered" in home
    assert "Priority agreement" in home
    assert HOME_TEAM_RESULTS in home
    assert all(member not in home for member in members)


def test_home_shows_no_pulse_to_the_people_asked(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    member = fresh_user + "A"
    _send(full_bot, fresh_user, [member])
    assert _home_pulse(full_bot, slack, member) == "[]"


def test_close_now_on_the_home_closes_posts_the_results_and_shows_the_headline(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _pulse_answered(full_bot, slack, fresh_user, asked=3, answered=3)
    click_in_home(full_bot, HOME_CLOSE_PULSE, fresh_user, value="1")
    full_bot.executor.wait_idle()
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    assert pulse.status == "closed"
    posted = json.dumps(slack.messages(slack.dm_channel(fresh_user)))
    assert "Team pulse report" in posted
    [chart] = slack.files()
    assert chart["channel"] == slack.dm_channel(fresh_user)
    republished = slack.calls("views.publish")[-1]["view"]
    home = json.dumps(republished)
    assert "closed; 3 of 3 answered" in home
    assert HOME_TEAM_RESULTS in home
    assert HOME_CLOSE_PULSE not in home


def test_see_team_results_on_the_home_posts_them_in_the_dm(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _pulse_answered(full_bot, slack, fresh_user, asked=3, answered=3)
    click_in_home(full_bot, HOME_TEAM_RESULTS, fresh_user, value="1")
    full_bot.executor.wait_idle()
    [*_, results] = slack.messages(slack.dm_channel(fresh_user))
    assert not block_kit_problems(results["blocks"])
    assert "3 of 3 answered" in json.dumps(results["blocks"])


def test_pulse_deadline_is_the_end_of_the_day_picked_in_the_owners_zone(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    slack.set_user(fresh_user, tz="Pacific/Kiritimati")
    member = fresh_user + "A"
    zone = ZoneInfo("Pacific/Kiritimati")
    day = datetime.now(zone).date() + timedelta(days=3)
    _send(full_bot, fresh_user, [member], day)
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    assert pulse.deadline == closing_instant(day, zone)
    assert f"until the end of {format_weekday(day)}" in json.dumps(
        slack.calls("views.update")[-1].params
    )
    intro = slack.messages(slack.dm_channel(member))[0]["text"]
    assert f"{format_weekday(day)} (Pacific/Kiritimati time)" in intro
    [shown] = _results(full_bot, slack, fresh_user)
    assert f"open until the end of {format_weekday(day)}" in json.dumps(shown["blocks"])


def test_team_form_proposes_a_week_from_the_owners_today(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    slack.set_user(fresh_user, tz="Pacific/Kiritimati")
    full_bot.driver.command("team", user=fresh_user)
    full_bot.executor.wait_idle()
    view = slack.calls("views.open")[-1]["view"]
    if isinstance(view, str):
        view = json.loads(view)
    [picker] = [b["element"] for b in view["blocks"] if b.get("block_id") == DEADLINE_BLOCK]
    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert picker["initial_date"] == (today + timedelta(days=7)).isoformat()


def test_something_else_asks_what_it_is_and_the_owner_sees_only_how_many_named_one(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    members = [fresh_user + s for s in "ABC"]
    _send(full_bot, fresh_user, members)
    said = ("hiring bakers", "Hiring a baker", "Quentin's cousin needs a job")
    for member, other in zip(members, said, strict=True):
        _answer_all(full_bot, slack, member, {"top": "Something else", "other": other})
    [shown] = _results(full_bot, slack, fresh_user)
    report = json.dumps(shown["blocks"])
    assert "3 people named another priority" in report
    assert "Quentin" not in report
    assert "baker" not in report  # two people are fewer than three
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    written = {
        a.answers["priorities.other"].value for a in full_bot.store.pulse_answers(TEAM_ID, pulse.id)
    }
    assert written == set(said)


def test_pulse_to_a_channel_skips_its_bots_and_deactivated_accounts_and_says_so(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    people = [fresh_user + s for s in "ABC"]
    bot, gone = fresh_user + "BOT", fresh_user + "GONE"
    slack.set_user(bot, is_bot=True)
    slack.set_user(gone, deleted=True)
    slack.set_members("C0PULSE02", [*people, bot, gone, slack.bot_user_id, fresh_user])
    values: dict[str, dict[str, dict[str, Any]]] = {
        CHANNEL_BLOCK: {
            CHANNEL_ACTION: {"type": "conversations_select", "selected_conversation": "C0PULSE02"}
        }
    }
    full_bot.driver.submit_view(PULSE_VIEW, values, user=fresh_user)
    full_bot.executor.wait_idle()
    outcome = json.dumps(slack.calls("views.update")[-1].params)
    assert "Sent to 3 people" in outcome
    assert "Skipped in the channel: 1 bot and 1 deactivated account." in outcome
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    assert [m.user_id for m in full_bot.store.pulse_members(TEAM_ID, pulse.id)] == people


def test_people_the_bot_cannot_dm_are_named_to_the_owner_and_not_waited_for(
    full_bot: RunningBot, slack: FakeSlack, fresh_user: str
) -> None:
    _owner(full_bot, fresh_user)
    reached, gone = fresh_user + "A", fresh_user + "GONE"
    slack.remove_user(gone)
    _send(full_bot, fresh_user, [reached, gone])
    outcome = json.dumps(slack.calls("views.update")[-1].params)
    assert "Sent to 1 person" in outcome
    assert (
        f"Could not reach 1 person (not waited for): <@{gone}> (not in this workspace)" in outcome
    )
    pulse = full_bot.store.latest_pulse(TEAM_ID, fresh_user)
    assert pulse is not None
    assert [m.user_id for m in full_bot.store.pulse_members(TEAM_ID, pulse.id)] == [reached]
    assert full_bot.store.open_interview(TEAM_ID, gone, "pulse") is None
    [shown] = _results(full_bot, slack, fresh_user)
    assert "0 of 1 answered" in json.dumps(shown["blocks"])
