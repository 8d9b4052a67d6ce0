"""Stored evaluations for KPI and report tests: a persona scored by the real rubric, stored
the way a finished interview stores it (one transaction through the store's interview API)."""

from __future__ import annotations

from functools import lru_cache

from bot.store import EvaluationRecord, InterviewChange, NewEvaluation, Store
from evaluators import Evaluation, evaluate, load_rubric
from tests.evaluators.conftest import load_persona


@lru_cache(maxsize=8)
def persona_evaluation(name: str) -> Evaluation:
    """The persona `tests/evaluators/personas/<name>.json` scored by the shipped rubric."""
    return evaluate(load_persona(name), load_rubric())


def store_evaluation(
    store: Store,
    team_id: str,
    user_id: str,
    evaluation: Evaluation,
    assessment: dict[str, object] | None = None,
) -> EvaluationRecord:
    """Store `evaluation` (and the `assessment` it scored, when given) as the result of a
    finished interview of (team, user)."""
    with store.interview_transaction(team_id, user_id) as tx:
        tx.abandon()
        record = tx.start("test-bank")
        stored = tx.apply(
            InterviewChange(
                status="finished",
                revisit=None,
                current_key=None,
                evaluation=NewEvaluation(
                    rubric_version=evaluation.rubric_version,
                    score=evaluation.score,
                    band=evaluation.band.id,
                    maturity_level=evaluation.maturity.level,
                    confidence=evaluation.confidence.score,
                    assessment=assessment or {},
                    evaluation=evaluation.model_dump(mode="json"),
                ),
            ),
            expected_version=record.version,
        )
    assert stored is not None
    return stored


def store_persona(
    store: Store, team_id: str, user_id: str, name: str, *, with_assessment: bool = False
) -> EvaluationRecord:
    """Store the persona `name`'s evaluation as (team, user)'s latest report; with its
    assessment when asked (what a team pulse reads the objectives and initiatives from)."""
    assessment = load_persona(name).model_dump(mode="json") if with_assessment else None
    return store_evaluation(store, team_id, user_id, persona_evaluation(name), assessment)
