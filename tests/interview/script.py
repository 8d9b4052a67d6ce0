"""A complete, messy, one-objective one-initiative interview: the answers a busy owner
types, by question id, used by engine, service, CLI and bench tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.interview import InterviewEngine
from bot.interview.state import InterviewState
from bot.interview.views import Asked, Invalid, Outcome, QuestionView

TODAY = date(2026, 11, 23)

BUSY_OWNER: dict[str, str] = {
    "business.name": "Crumb & Co",
    "business.industry": "Artisan bakery, two shops",
    "business.size": "7 people",
    "business.currency": "EUR",
    "objective.statement": "Grow online orders 20% by June",
    "objective.pillar": "acquisition",
    "objective.metric": "Online orders per month",
    "objective.baseline": "400 orders",
    "objective.target": "480 orders",
    "objective.deadline": "end of Q2",
    "objective.another": "no",
    "checklist.clear_strategy": "yep",
    "checklist.process_assessment": "kind of",
    "checklist.automation_alignment": "not really",
    "checklist.prioritisation": "idk",
    "checklist.pilot_projects": "no",
    "checklist.team_involvement": "yes",
    "checklist.kpi_measurement": "👍",
    "checklist.continuous_monitoring": "nope",
    "initiative.name": "Online ordering",
    "initiative.area": "sales",
    "initiative.stage": "comparing tools",
    "initiative.objectives": "1",
    "initiative.problem": "Phone orders get lost",
    "initiative.value_fit": "it strengthens it",
    "initiative.process_mapped": "partly",
    "initiative.integration": "partly",
    "initiative.features_needed": "60%",
    "initiative.pilot_first": "yes",
    "initiative.training": "sort of",
    "initiative.cost_upfront": "€12k",
    "initiative.cost_implementation": "2,500",
    "initiative.cost_training": "nothing",
    "initiative.cost_yearly": "300 a month",
    "initiative.cost_maintenance": "50 a month",
    "initiative.savings": "about 5 grand",
    "initiative.revenue": "10-15k",
    "kpi.name": "Online orders",
    "kpi.measures": "the objective itself",
    "kpi.baseline": "400",
    "kpi.target": "480",
    "kpi.deadline": "June",
    "kpi.another": "no",
    "initiative.detail": "no",
    "initiative.another": "no",
    "people.leadership": "yes",
    "people.communication": "partly",
    "people.training_plan": "no",
    "data.practices": "partly",
    "data.ethics": "no",
    "data.review": "quarterly",
    "metrics.opt_in": "no",
}


def run_engine(
    engine: InterviewEngine, answers: dict[str, str], state: InterviewState | None = None
) -> tuple[InterviewState, list[str]]:
    """Answer every question shown from `answers` (by question id) until the interview is
    complete; returns the final state and the step ids shown, in order."""
    state = state or InterviewState()
    shown: list[str] = []
    outcome: Any = engine.show(state, TODAY)
    while isinstance(outcome, Asked):
        question = outcome.question
        shown.append(question.id)
        transition = engine.answer(state, question.id, answers[question.question_id], TODAY)
        assert transition.outcome.kind != "invalid", (question.id, transition.outcome)
        state, outcome = transition.state, transition.outcome
    return state, shown


def question_of(outcome: Outcome) -> QuestionView:
    """The question an outcome shows (fails the test when it shows none)."""
    assert isinstance(outcome, Asked | Invalid), outcome
    return outcome.question
