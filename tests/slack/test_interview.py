"""The alignment interview in Slack, end to end: signed requests in, what the bot sends to the
(fake) Slack API out, the real interview on the real store, the real report at the end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from bot.store import Store
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import FakeSlack
from tests.slack.interview_user import InterviewUser, running_interview_bot, texts

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


@pytest.fixture(scope="module")
def _bot(
    fake_slack_server: FakeSlack,
    knowledge_base: KnowledgeBase,
    store: Store,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningBot]:
    data = tmp_path_factory.mktemp("interview-bot")
    with running_interview_bot(fake_slack_server, knowledge_base, store, data) as bot:
        yield bot


@pytest.fixture
def bot(_bot: RunningBot, slack: FakeSlack) -> Iterator[RunningBot]:
    """The interview bot, with nothing left running from the previous test."""
    yield _bot
    _bot.executor.wait_idle()


# The busy owner's interview: how each question is answered and with what. "click" and
# "choose" name the option as shown, "tick" the options, "modal" / "type" / "thread" the
# words typed in the modal, at the bottom of the DM, or in the question's thread.
WALKTHROUGH: dict[str, tuple[str, Any]] = {
    "business.name": ("modal", "Crumb & Co"),
    "business.industry": ("type", "Artisan bakery, two shops"),
    "business.size": ("click", "2 to 9"),
    "business.currency": ("choose", "Euro (EUR)"),
    "objective.statement": ("thread", "Grow online orders 20% by June"),
    "objective.pillar": ("choose", "Winning new customers"),
    "objective.metric": ("modal", "Online orders per month"),
    "objective.baseline": ("modal", "400 orders"),
    "objective.target": ("type", "480 orders"),
    "objective.deadline": ("modal", "end of Q2"),
    "objective.another": ("click", "No"),
    "checklist.clear_strategy": ("click", "Yes"),
    "checklist.process_assessment": ("click", "Partly"),
    "checklist.automation_alignment": ("type", "not really"),
    "checklist.prioritisation": ("click", "Don't know"),
    "checklist.pilot_projects": ("click", "No"),
    "checklist.team_involvement": ("thread", "yes"),
    "checklist.kpi_measurement": ("click", "Yes"),
    "checklist.continuous_monitoring": ("click", "No"),
    "initiative.name": ("modal", "Online ordering"),
    "initiative.area": ("choose", "Sales"),
    "initiative.stage": ("click", "Comparing tools"),
    "initiative.objectives": ("tick", ["Grow online orders 20% by June"]),
    "initiative.problem": ("type", "Phone orders get lost"),
    "initiative.value_fit": ("click", "It strengthens it"),
    "initiative.process_mapped": ("click", "Partly"),
    "initiative.integration": ("click", "Partly"),
    "initiative.features_needed": ("modal", "60%"),
    "initiative.pilot_first": ("click", "Yes"),
    "initiative.training": ("click", "Partly"),
    "initiative.cost_upfront": ("modal", "€12k"),
    "initiative.cost_implementation": ("thread", "2,500"),
    "initiative.cost_training": ("modal", "nothing"),
    "initiative.cost_yearly": ("modal", "300 a month"),
    "initiative.cost_maintenance": ("type", "50 a month"),
    "initiative.savings": ("modal", "about 5 grand"),
    "initiative.revenue": ("modal", "10-15k"),
    "kpi.name": ("modal", "Online orders"),
    "kpi.baseline": ("modal", "400"),
    "kpi.target": ("type", "480"),
    "kpi.deadline": ("modal", "June"),
    "kpi.another": ("click", "No"),
    "initiative.detail": ("click", "No"),
    "initiative.another": ("click", "No"),
    "people.leadership": ("click", "Yes"),
    "people.communication": ("click", "Partly"),
    "people.training_plan": ("click", "No"),
    "data.practices": ("click", "Partly"),
    "data.ethics": ("click", "No"),
    "data.review": ("choose", "Every quarter"),
    "metrics.opt_in": ("click", "No"),
}


def answer_current(person: InterviewUser, how: str, what: Any) -> None:
    """Answer the live question the way `how` says."""
    if how == "click":
        person.click(what)
    elif how == "choose":
        person.choose(what)
    elif how == "tick":
        person.tick(what)
    elif how == "modal":
        sent = person.submit(person.open_modal(), what)
        assert sent.response.status_code == 200
        assert sent.response.content == b"", sent.response.content  # closed: accepted
    elif how == "type":
        person.type(what)
    else:
        person.type(what, in_thread=True)


def test_whole_interview_is_clicked_typed_and_submitted_through_to_the_report(
    bot: RunningBot, slack: FakeSlack
) -> None:
    person = InterviewUser(bot, slack)
    person.start()
    seen: list[str] = []
    for _ in range(len(WALKTHROUGH) + 5):
        if person.advisor.open_interview(person.team_id, person.user) is None:
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
    stored = person.advisor.latest_report(person.team_id, person.user)
    assert stored is not None
    assert report["text"].startswith("Alignment report: Crumb & Co")
    assert f"{stored.evaluation.score:g}/100" in report["text"]
    assert stored.evaluation.findings, "the busy owner's gaps are found"
