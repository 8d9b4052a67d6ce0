"""Targets read against their baseline, lengths of time in one unit, and answers that are
asked again rather than stored wrong (issue 15's misreads), through the engine."""

from __future__ import annotations

from datetime import date

import pytest

from bot.interview import InterviewEngine, QuestionBank
from bot.interview.answers import AnswerContext, parse_answer
from bot.interview.views import Asked, Invalid
from tests.interview.script import BUSY_OWNER, TODAY, run_engine
from tests.interview.test_engine import _until


def _echo(engine: InterviewEngine, answers: dict[str, str], question_id: str) -> str:
    """The echo of the answer to `question_id` (its first occurrence) in a whole run."""
    state = _until(engine, TODAY, question_id, answers)
    shown = engine.show(state, TODAY)
    assert isinstance(shown, Asked)
    transition = engine.answer(state, shown.question.id, answers[question_id], TODAY)
    assert isinstance(transition.outcome, Asked), transition.outcome
    assert transition.outcome.recorded is not None
    return transition.outcome.recorded.display


@pytest.mark.parametrize(
    ("baseline", "target", "value", "echo"),
    [
        ("60 contracts", "30% more", 78, "78 contracts (60 + 30%)"),
        ("60", "double", 120, "120 (60 × 2)"),
        ("25 hours", "half that", 12.5, "12.5 hours (25 × 0.5)"),
        ("90", "a third less", 60, "60 (90 − 33.3%)"),
        ("60", "+15", 75, "75 (60 + 15)"),
        ("25 hours", "down by 2 hours", 23, "23 hours (25 − 2)"),
        ("40", "maybe half", 20, "20 (40 × 0.5)"),
    ],
)
def test_relative_target_is_computed_from_the_baseline_and_the_echo_shows_the_sum(
    engine: InterviewEngine, baseline: str, target: str, value: float, echo: str
) -> None:
    answers = {**BUSY_OWNER, "objective.baseline": baseline, "objective.target": target}
    assert _echo(engine, answers, "objective.target") == echo
    final, _ = run_engine(engine, answers)
    assert engine.assessment(final).objectives[0].target_value == pytest.approx(value)


@pytest.mark.parametrize(("target", "direction"), [("30% more", "up"), ("down by 2", "down")])
def test_kpi_direction_follows_a_relative_target(
    engine: InterviewEngine, target: str, direction: str
) -> None:
    final, shown = run_engine(engine, {**BUSY_OWNER, "kpi.baseline": "60", "kpi.target": target})
    assert "kpi.direction#1.1" not in shown
    assert engine.assessment(final).initiatives[0].kpis[0].direction == direction


def test_duration_baseline_and_target_are_kept_in_one_unit_and_the_echo_says_so(
    engine: InterviewEngine,
) -> None:
    answers = {**BUSY_OWNER, "kpi.baseline": "2 weeks", "kpi.target": "1 day"}
    assert _echo(engine, answers, "kpi.baseline") == "14 days (2 weeks)"
    final, _ = run_engine(engine, answers)
    kpi = engine.assessment(final).initiatives[0].kpis[0]
    assert (kpi.baseline, kpi.target, kpi.unit, kpi.direction) == (14, 1, "days", "down")


def test_target_in_a_smaller_unit_is_converted_into_the_baselines(
    engine: InterviewEngine,
) -> None:
    answers = {**BUSY_OWNER, "kpi.baseline": "2 hours", "kpi.target": "30 minutes"}
    assert _echo(engine, answers, "kpi.target") == "0.5 hours (30 minutes)"


@pytest.mark.parametrize(
    ("baseline", "target", "says"),
    [
        ("12", "12", "same as today (12)"),
        ("60", "60% more than 100 last year", "a number"),
        ("idk", "double", "not given"),
        ("40 orders", "down by 3 hours", "could not put 'hours'"),
        ("10", "down by 20", "below zero"),
        ("60", "reduce to 80", "You said down, but 80 is above today's 60"),
        ("60", "increase it to 40", "You said up, but 40 is below today's 60"),
        ("400 orders", "20%", "Do you mean 20% more than today's 400 orders (480 orders)"),
    ],
)
def test_target_that_cannot_be_stored_right_is_asked_again(
    engine: InterviewEngine, baseline: str, target: str, says: str
) -> None:
    answers = {**BUSY_OWNER, "objective.baseline": baseline}
    state = _until(engine, TODAY, "objective.target", answers)
    transition = engine.answer(state, "objective.target#1", target, TODAY)
    assert isinstance(transition.outcome, Invalid), transition.outcome
    assert says in transition.outcome.message
    assert transition.outcome.question.id == "objective.target#1"
    assert transition.state == state


def test_refused_target_gives_an_example_in_the_baselines_unit(engine: InterviewEngine) -> None:
    state = _until(engine, TODAY, "objective.target", {**BUSY_OWNER, "objective.baseline": "60"})
    transition = engine.answer(state, "objective.target#1", "lots", TODAY)
    assert isinstance(transition.outcome, Invalid)
    assert transition.outcome.example == "72 (or 20% more)"


def test_refused_duration_target_gives_a_shorter_example(engine: InterviewEngine) -> None:
    answers = {**BUSY_OWNER, "kpi.baseline": "2 weeks"}
    state = _until(engine, TODAY, "kpi.target", answers)
    transition = engine.answer(state, "kpi.target#1.1", "soon", TODAY)
    assert isinstance(transition.outcome, Invalid)
    assert transition.outcome.example == "11.2 days (or 20% less)"


@pytest.mark.parametrize("hedged", ["maybe half", "about half", "perhaps half", "half"])
def test_a_hedge_never_changes_a_share(bank: QuestionBank, hedged: str) -> None:
    placed = bank.question("initiative.features_needed")
    context = AnswerContext(placed=placed, options=placed.options(), today=TODAY)
    assert parse_answer(context, hedged).value == 50


def test_question_typed_at_a_text_prompt_gets_the_help_and_the_same_question(
    engine: InterviewEngine, bank: QuestionBank, today: date
) -> None:
    state = _until(engine, today, "business.industry")
    transition = engine.answer(state, "business.industry", "what do you mean by business?", today)
    assert isinstance(transition.outcome, Invalid)
    assert bank.question("business.industry").question.help in transition.outcome.message
    assert transition.outcome.question.id == "business.industry"
    assert transition.state == state


@pytest.mark.parametrize("question_id", ["objective.metric", "kpi.name", "initiative.name"])
def test_bare_number_as_a_name_is_asked_again(
    engine: InterviewEngine, question_id: str, today: date
) -> None:
    state = _until(engine, today, question_id)
    step = engine.show(state, today)
    assert isinstance(step, Asked)
    transition = engine.answer(state, step.question.id, "20", today)
    assert isinstance(transition.outcome, Invalid)
    assert "not a name" in transition.outcome.message


@pytest.mark.parametrize(("target", "value"), [("reduce to 40", 40), ("grow it to 80", 80)])
def test_target_that_states_its_direction_agreeing_with_the_baseline_is_read(
    engine: InterviewEngine, target: str, value: float
) -> None:
    answers = {**BUSY_OWNER, "objective.baseline": "60", "objective.target": target}
    final, _ = run_engine(engine, answers)
    assert engine.assessment(final).objectives[0].target_value == value
