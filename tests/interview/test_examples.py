"""Every example shown with a question is an answer that question accepts, in its unit.

The whole bank is walked with the engine, every optional part opened, and each question
answered with the example it shows (each alternative of "X (or Y)" is tried too): a refused
example fails the test with the question and the reason. A number that measures something
named earlier (a KPI, an objective's metric) shows an example in that thing's unit: the
issue's "e.g. 80,000 USD" for a contract count and "e.g. 2.1%" for days are the cases here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

import pytest

from bot.interview import InterviewEngine
from bot.interview.state import InterviewState
from bot.interview.views import Asked, Invalid, QuestionView
from tests.interview.script import TODAY


class Case(NamedTuple):
    """What the KPI and the objective's metric are called, the interview's currency and
    day, the example their baseline must show, and the unit it is then stored in."""

    name: str
    currency: str
    today: date
    example: str
    unit: str


CASES = [
    Case("Contracts signed", "USD", TODAY, "60 contracts signed", "contracts signed"),
    Case("Days to send a quote", "EUR", date(2027, 7, 1), "3 days", "days"),
    Case("Online sales revenue", "GBP", TODAY, "£80,000", "GBP"),
    Case("Website conversion rate", "USD", date(2029, 12, 31), "12%", "%"),
    Case("Baker hours per morning", "EUR", TODAY, "3 hours", "hours"),
    Case("Customer satisfaction score", "SEK", TODAY, "42", ""),
    Case(
        "Number of repeat customers per month",
        "CHF",
        TODAY,
        "60 repeat customers",
        "repeat customers",
    ),
    Case("Orders/week", "JPY", TODAY, "60 orders", "orders"),
]
MEASURED = ("objective.baseline", "kpi.baseline")
TARGETS = ("objective.target", "kpi.target")
NAMES = ("objective.metric", "kpi.name")


def alternatives(example: str) -> list[str]:
    """The answers an example offers: "96 (or 20% more)" -> ["96", "20% more"];
    '2027-06-30 (or "end of Q2", "in 9 months")' -> the three."""
    head, _, rest = example.partition(" (or ")
    if not rest:
        return [head]
    rest = rest.removesuffix(")")
    return [head, *(re.findall(r'"([^"]+)"', rest) or [rest])]


def _picked(question: QuestionView, currency: str) -> str:
    """The answer clicked on a question with options: the interview's currency, "yes" to
    open every optional part, "no" to adding another item, else the first option."""
    if question.question_id == "business.currency":
        return currency
    if question.question_id.endswith(".another"):
        return "no"
    if question.type == "gate":
        return "yes"
    return question.options[0].id


def _walk_with_examples(
    engine: InterviewEngine, name: str, currency: str, today: date
) -> dict[str, QuestionView]:
    """Answer the whole interview with each question's own example; return the questions
    shown by id. Fails at the first example refused."""
    state = InterviewState()
    outcome = engine.show(state, today)
    shown: dict[str, QuestionView] = {}
    while isinstance(outcome, Asked):
        question = outcome.question
        shown[question.question_id] = question
        typed = question.type not in ("yes_no", "gate", "choice")
        answers = alternatives(question.example) if typed else []
        for answer in answers:
            tried = engine.answer(state, question.id, answer, today)
            assert not isinstance(tried.outcome, Invalid), (
                f"{question.id}: example {answer!r} refused: {tried.outcome.message}"
            )
        chosen = name if question.question_id in NAMES else (answers or [""])[0]
        if not typed:
            chosen = _picked(question, currency)
        transition = engine.answer(state, question.id, chosen, today)
        assert not isinstance(transition.outcome, Invalid), (question.id, chosen)
        state, outcome = transition.state, transition.outcome
    return shown


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_example_shown_is_accepted_by_its_own_question(
    engine: InterviewEngine, case: Case
) -> None:
    shown = _walk_with_examples(engine, case.name, case.currency, case.today)
    assert {"initiative.intangible_customer", "metrics.reconfigure"} <= shown.keys()
    for question_id in MEASURED:
        assert shown[question_id].example == case.example


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_measured_number_example_carries_the_unit_of_what_it_measures(
    engine: InterviewEngine, case: Case
) -> None:
    state = InterviewState()
    outcome = engine.show(state, case.today)
    units: dict[str, str] = {}
    while isinstance(outcome, Asked):
        question = outcome.question
        if question.type in ("yes_no", "gate", "choice"):
            raw = _picked(question, case.currency)
        elif question.question_id in NAMES:
            raw = case.name
        else:
            raw = alternatives(question.example)[0]
        transition = engine.answer(state, question.id, raw, case.today)
        state, outcome = transition.state, transition.outcome
        stored = state.answers[question.id].value
        if question.question_id in (*MEASURED, *TARGETS) and isinstance(stored, dict):
            units[question.question_id] = str(stored["unit"])
    assert units == dict.fromkeys((*MEASURED, *TARGETS), case.unit)


def test_money_examples_carry_no_other_currency_than_the_interviews(
    engine: InterviewEngine,
) -> None:
    shown = _walk_with_examples(engine, "Online sales revenue", "EUR", TODAY)
    money = [q for q in shown.values() if q.type == "money"]
    assert money
    for question in money:
        assert "EUR" in (question.unit_hint or "")
        assert not re.search(r"[$£¥₹]|USD|GBP", question.example), question.example


def test_a_target_example_is_said_against_the_baseline_in_its_unit(
    engine: InterviewEngine,
) -> None:
    shown = _walk_with_examples(engine, "Days to send a quote", "EUR", TODAY)
    assert shown["kpi.target"].example == "2.4 days (or 20% less)"
    assert shown["objective.target"].example == "2.4 days (or 20% less)"
