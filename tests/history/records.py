"""Stored evaluations built in memory, for history tests and benches: an assessment scored
by the shipped rubric, as the store would hand it back."""

from __future__ import annotations

from datetime import datetime

from bot.store import EvaluationRecord
from evaluators import Assessment, Evaluation, evaluate, load_rubric


def evaluation_record(
    evaluation_id: int, assessment: Assessment, at: datetime, evaluation: Evaluation | None = None
) -> EvaluationRecord:
    """Return `assessment` (scored unless `evaluation` is given) as the stored evaluation
    `evaluation_id` of user U1, made at `at`."""
    ev = evaluation or evaluate(assessment, load_rubric())
    return EvaluationRecord(
        id=evaluation_id,
        team_id="T1",
        user_id="U1",
        interview_id=None,
        rubric_version=ev.rubric_version,
        bank_version=None,
        score=ev.score,
        band=ev.band.id,
        maturity_level=ev.maturity.level,
        confidence=ev.confidence.score,
        assessment=assessment.model_dump(mode="json"),
        evaluation=ev.model_dump(mode="json"),
        created_at=at,
    )
