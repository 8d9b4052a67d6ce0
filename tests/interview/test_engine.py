from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.interview import InterviewEngine, InterviewStateError, QuestionBank
from bot.interview.engine import ALREADY_ANSWERED, FIRST_QUESTION, Transition
from bot.interview.state import InterviewState
from bot.interview.views import Asked, Completed, Invalid
from bot.render.text_interview import render_question_text
from tests.interview.script import BUSY_OWNER, question_of, run_engine


def _until(
    engine: InterviewEngine, today: date, stop_at: str, answers: dict[str, str] | None = None
) -> InterviewState:
    """Answer from the busy owner's script until the question `stop_at` is shown."""
    answers = answers or BUSY_OWNER
    state = InterviewState()
    outcome: Any = engine.show(state, today)
    while outcome.question.question_id != stop_at:
        transition = engine.answer(
            state, outcome.question.id, answers[outcome.question.question_id], today
        )
        assert isinstance(transition.outcome, Asked), transition.outcome
        state, outcome = transition.state, transition.outcome
    return state


def _shown(transition: Transition) -> str:
    assert isinstance(transition.outcome, Asked | Invalid), transition.outcome
    return transition.outcome.question.id


def test_full_replay_builds_a_valid_assessment_with_every_answer(
    engine: InterviewEngine, today: date
) -> None:
    state, _ = run_engine(engine, BUSY_OWNER)
    assessment = engine.assessment(state)
    assert assessment.business.size_band == "micro"
    assert assessment.business.currency == "EUR"
    objective = assessment.objectives[0]
    assert (objective.id, objective.pillar, objective.deadline) == (
        "obj1",
        "customer_acquisition",
        date(2027, 6, 30),
    )
    assert (objective.baseline_value, objective.target_value, objective.target_unit) == (
        400,
        480,
        "orders",
    )
    assert assessment.checklist.prioritisation == "unknown"
    assert assessment.checklist.kpi_measurement == "yes"
    initiative = assessment.initiatives[0]
    assert (initiative.id, initiative.objective_ids, initiative.stage) == (
        "init1",
        ("obj1",),
        "evaluating",
    )
    assert (initiative.costs.upfront, initiative.costs.yearly_licence) == (12_000, 3_600)
    assert (initiative.costs.implementation, initiative.costs.training) == (2_500, 0)
    assert initiative.costs.yearly_maintenance == 600
    assert (initiative.benefits.yearly_savings, initiative.benefits.yearly_revenue) == (
        5_000,
        12_500,
    )
    kpi = initiative.kpis[0]
    assert (kpi.name, kpi.baseline, kpi.target, kpi.direction) == ("Online orders", 400, 480, "up")
    assert initiative.scorecard.financial == "unknown"  # the detail gate stayed closed
    assert assessment.organisation.review_cadence == "quarterly"
    assert assessment.metrics is None


def test_answer_moves_to_the_next_question_and_echoes_the_value(
    engine: InterviewEngine, fresh: InterviewState, today: date
) -> None:
    transition = engine.answer(fresh, "business.name", "  Crumb & Co ", today)
    assert isinstance(transition.outcome, Asked)
    assert transition.outcome.recorded is not None
    assert transition.outcome.recorded.display == "Crumb & Co"
    assert transition.outcome.question.id == "business.industry"
    assert transition.written == ("business.name",)


def test_unparseable_answer_asks_again_and_keeps_every_earlier_answer(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "initiative.cost_upfront")
    transition = engine.answer(state, "initiative.cost_upfront#1", "a fortune", today)
    assert isinstance(transition.outcome, Invalid)
    assert transition.outcome.question.id == "initiative.cost_upfront#1"
    assert (
        # The sample amount is in the interview's currency (euros here).
        transition.outcome.message == "Please give one amount of money, like 12000, €12k or 1.2m."
    )
    assert transition.outcome.example == "12k"  # the interview is in euros: no dollar sign
    assert transition.state == state
    assert transition.written == ()


@pytest.mark.parametrize(
    ("question_id", "step_id", "example"),
    [
        # size options are ranges ("2 to 9"), not numbered: a count is the example
        ("business.size", "business.size", "a number such as 12, or an option's name"),
        # one objective and "None of them": "1 and 3" would name an option that is not there
        ("initiative.objectives", "initiative.objectives#1", "1"),
    ],
)
def test_refused_choice_gives_an_example_that_fits_its_options(
    engine: InterviewEngine, today: date, question_id: str, step_id: str, example: str
) -> None:
    state = _until(engine, today, question_id)
    transition = engine.answer(state, step_id, "we already bought it", today)
    assert isinstance(transition.outcome, Invalid)
    assert transition.outcome.example == example


def test_headcount_answered_with_a_count_picks_its_band(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "business.size")
    transition = engine.answer(state, "business.size", "12", today)
    assert transition.state.answers["business.size"].value == "small"


def test_terminal_shows_a_multiple_choice_example_the_question_accepts(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "initiative.objectives")
    shown = engine.show(state, today)
    assert isinstance(shown, Asked)
    assert "Pick one or more (e.g. 1), or none." in render_question_text(shown.question)


def test_terminal_offers_not_applicable_to_the_ethics_question_and_stores_it_typed(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "data.ethics")
    shown = engine.show(state, today)
    assert isinstance(shown, Asked)
    assert "4) Not applicable   5) Don't know" in render_question_text(shown.question)

    transition = engine.answer(state, "data.ethics", "N/A", today)

    assert transition.state.answers["data.ethics"].value == "not_applicable"
    assert transition.state.answers["data.ethics"].state == "answered"


def test_answer_to_an_old_question_is_refused_with_the_current_one(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "business.currency")
    transition = engine.answer(state, "business.name", "Another name", today)
    assert isinstance(transition.outcome, Asked)
    assert transition.outcome.notice == ALREADY_ANSWERED
    assert transition.outcome.question.id == "business.currency"
    assert transition.state == state


def test_the_same_answer_twice_records_once_without_complaint(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "business.currency")
    transition = engine.answer(state, "business.size", "2 to 9", today)
    assert isinstance(transition.outcome, Asked)
    assert transition.outcome.notice is None
    assert transition.written == ()
    assert transition.outcome.question.id == "business.currency"


@pytest.mark.parametrize("step_id", ["nonsense", "initiative.area#9", "kpi.name#x.y", ""])
def test_answer_to_an_unknown_step_changes_nothing(
    engine: InterviewEngine, fresh: InterviewState, today: date, step_id: str
) -> None:
    transition = engine.answer(fresh, step_id, "yes", today)
    assert transition.state == fresh
    assert _shown(transition) == "business.name"


def test_back_reopens_the_previous_question_with_its_answer(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "business.currency")
    transition = engine.back(state, today)
    assert isinstance(transition.outcome, Asked)
    question = transition.outcome.question
    assert (question.id, question.current_answer, question.can_skip) == (
        "business.size",
        "2 to 9",
        True,
    )
    again = engine.answer(transition.state, "business.size", "12", today)
    assert _shown(again) == "business.currency"
    assert again.state.answers["business.size"].value == "small"


def test_back_at_the_first_question_says_so(
    engine: InterviewEngine, fresh: InterviewState, today: date
) -> None:
    transition = engine.back(fresh, today)
    assert isinstance(transition.outcome, Asked)
    assert transition.outcome.notice == FIRST_QUESTION


def test_skip_while_revisiting_keeps_the_answer_and_moves_forward(
    engine: InterviewEngine, today: date
) -> None:
    state = _until(engine, today, "business.currency")
    back_twice = engine.back(engine.back(state, today).state, today)
    assert _shown(back_twice) == "business.industry"
    forward = engine.skip(back_twice.state, "business.industry", today)
    assert _shown(forward) == "business.size"
    assert forward.state.answers == state.answers


def test_skip_of_an_optional_question_records_it_as_skipped(
    engine: InterviewEngine, fresh: InterviewState, today: date
) -> None:
    transition = engine.skip(fresh, "business.name", today)
    assert transition.state.answers["business.name"].state == "skipped"
    assert _shown(transition) == "business.industry"


def test_skip_of_a_required_question_is_refused(engine: InterviewEngine, today: date) -> None:
    state = _until(engine, today, "checklist.clear_strategy")
    transition = engine.skip(state, "checklist.clear_strategy", today)
    assert isinstance(transition.outcome, Invalid)
    assert "can't be skipped" in transition.outcome.message
    assert transition.state == state


def test_dont_know_for_the_objective_leaves_it_out_and_skips_its_questions(
    engine: InterviewEngine, today: date
) -> None:
    answers = {**BUSY_OWNER, "objective.statement": "we have none written down"}
    state = _until(engine, today, "objective.statement")
    transition = engine.answer(state, "objective.statement#1", "idk", today)
    assert _shown(transition) == "checklist.clear_strategy"
    final, shown = run_engine(engine, answers)
    assert "initiative.objectives#1" not in shown  # nothing to link to
    assert engine.assessment(final).objectives == ()


def test_a_second_objective_is_offered_to_initiatives(engine: InterviewEngine, today: date) -> None:
    answers = {**BUSY_OWNER}
    state = _until(engine, today, "objective.another", answers)
    state = engine.answer(state, "objective.another#1", "yes", today).state
    for question_id, raw in [
        ("objective.statement#2", "Keep regulars coming back"),
        ("objective.pillar#2", "retention"),
    ]:
        state = engine.answer(state, question_id, raw, today).state
    for step in ["objective.metric#2", "objective.target#2", "objective.deadline#2"]:
        state = engine.skip(state, step, today).state
    question = question_of(engine.answer(state, "objective.another#2", "no", today).outcome)
    while question.question_id != "initiative.objectives":
        transition = engine.answer(state, question.id, BUSY_OWNER[question.question_id], today)
        state, question = transition.state, question_of(transition.outcome)
    assert [o.id for o in question.options] == ["obj1", "obj2", "none"]
    assert question.options[1].label == "Keep regulars coming back"
    state = engine.answer(state, question.id, "2", today).state
    assert engine.assessment(state).initiatives[0].objective_ids == ("obj2",)


def test_detail_gate_opens_the_scorecard_and_intangibles(
    engine: InterviewEngine, today: date
) -> None:
    detail = {
        **BUSY_OWNER,
        "initiative.detail": "yes",
        "initiative.intangible_customer": "4",
        "initiative.intangible_employee": "3",
        "initiative.intangible_risk": "1",
        "initiative.intangible_agility": "2",
        "initiative.scorecard_financial": "some",
        "initiative.scorecard_customer": "strong",
        "initiative.scorecard_process": "some",
        "initiative.scorecard_learning": "none",
    }
    final, shown = run_engine(engine, detail)
    initiative = engine.assessment(final).initiatives[0]
    assert (initiative.intangibles.customer, initiative.intangibles.risk) == (4, 1)
    assert (initiative.scorecard.customer, initiative.scorecard.learning_growth) == (
        "strong",
        "none",
    )
    assert len(shown) == len(run_engine(engine, BUSY_OWNER)[1]) + 8


def test_kpi_direction_is_asked_only_when_it_cannot_be_inferred(
    engine: InterviewEngine, today: date
) -> None:
    answers = {
        **BUSY_OWNER,
        "kpi.name": "Order errors",
        "kpi.baseline": "12 a week",
        "kpi.target": "idk",
        "kpi.direction": "lower",
    }
    final, shown = run_engine(engine, answers)
    assert "kpi.direction#1.1" in shown
    assert engine.assessment(final).initiatives[0].kpis[0].direction == "down"
    falling = {**BUSY_OWNER, "kpi.baseline": "12", "kpi.target": "2"}
    final, shown = run_engine(engine, falling)
    assert "kpi.direction#1.1" not in shown
    assert engine.assessment(final).initiatives[0].kpis[0].direction == "down"


def test_add_another_opens_a_second_initiative_after_finishing(
    engine: InterviewEngine, today: date
) -> None:
    state, _ = run_engine(engine, BUSY_OWNER)
    transition = engine.add_another(state, "initiative", today)
    assert _shown(transition) == "initiative.name#2"
    assert question_of(transition.outcome).progress.item == "initiative 2"


def test_add_another_stops_at_the_maximum(engine: InterviewEngine, today: date) -> None:
    state, _ = run_engine(engine, BUSY_OWNER)
    for _ in range(2, 6):
        state, _ = run_engine(
            engine, BUSY_OWNER, engine.add_another(state, "initiative", today).state
        )
    assert len(engine.assessment(state).initiatives) == 5
    with pytest.raises(InterviewStateError, match="already have the maximum of 5 initiatives"):
        engine.add_another(state, "initiative", today)


def test_add_another_of_a_nested_or_unknown_group_is_refused(
    engine: InterviewEngine, fresh: InterviewState, today: date
) -> None:
    with pytest.raises(InterviewStateError):
        engine.add_another(fresh, "kpi", today)
    with pytest.raises(InterviewStateError):
        engine.add_another(fresh, "spaceship", today)


def test_metrics_part_cannot_exceed_its_total(engine: InterviewEngine, today: date) -> None:
    answers = {**BUSY_OWNER, "metrics.opt_in": "yes", "metrics.touchpoints_total": "10"}
    state = _until(engine, today, "metrics.touchpoints_automated", answers)
    transition = engine.answer(state, "metrics.touchpoints_automated", "12", today)
    assert isinstance(transition.outcome, Invalid)
    assert (
        transition.outcome.message
        == "That is more than the total you gave earlier (10); give a number from 0 to 10."
    )


def test_completed_when_the_last_step_is_answered(engine: InterviewEngine, today: date) -> None:
    state = _until(engine, today, "metrics.opt_in")
    transition = engine.answer(state, "metrics.opt_in", "no", today)
    assert isinstance(transition.outcome, Completed)
    assert engine.show(transition.state, today) == Completed()


def test_progress_names_the_section_and_the_item(engine: InterviewEngine, today: date) -> None:
    state = _until(engine, today, "initiative.area")
    question = question_of(engine.show(state, today))
    assert question.progress.label.startswith(f"question {question.progress.number} of about ")
    assert question.progress.label.endswith("Initiatives: initiative 1 (Online ordering)")
    assert question.text == "Which area of the business does Online ordering automate?"
    assert 1 <= question.progress.minutes_left <= 10


def test_pause_and_resume_keep_the_position(engine: InterviewEngine, today: date) -> None:
    state = _until(engine, today, "checklist.pilot_projects")
    paused = engine.pause(state)
    assert paused.status == "paused"
    resumed = engine.resume(paused)
    assert question_of(engine.show(resumed, today)).id == "checklist.pilot_projects"


def test_question_view_offers_dont_know_where_it_is_recorded(
    engine: InterviewEngine, fresh: InterviewState, today: date, bank: QuestionBank
) -> None:
    state = _until(engine, today, "business.size")
    question = question_of(engine.show(state, today))
    assert [o.id for o in question.options] == ["solo", "micro", "small", "medium", "unknown"]
    assert question.numbered is False  # people type a headcount here, not an option number
    currency = question_of(engine.answer(state, "business.size", "7", today).outcome)
    assert "unknown" not in [o.id for o in currency.options]


@pytest.mark.parametrize(
    ("question_id", "raw", "stored"),
    [
        ("business.size", "micro", "micro"),
        ("business.size", "unknown", None),
        ("checklist.clear_strategy", "partly", "partly"),
        ("initiative.objectives", "obj1", ["obj1"]),
        ("initiative.objectives", "none", []),
    ],
)
def test_buttons_send_option_ids(
    engine: InterviewEngine, today: date, question_id: str, raw: str, stored: object
) -> None:
    state = _until(engine, today, question_id)
    step = question_of(engine.show(state, today)).id
    transition = engine.answer(state, step, raw, today)
    assert transition.written == (step,)
    assert transition.state.answers[step].value == stored
