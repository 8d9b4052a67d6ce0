"""The scorer the interview service uses: the deterministic scoring engine over a rubric."""

from __future__ import annotations

from bot.interview.service import Scored, Scorer
from evaluators import Evaluation, Rubric, evaluate, load_rubric
from evaluators.models import Assessment


def scored(evaluation: Evaluation) -> Scored:
    """Return the headline figures and JSON the store keeps for an Evaluation."""
    return Scored(
        rubric_version=evaluation.rubric_version,
        score=evaluation.score,
        band=evaluation.band.id,
        maturity_level=evaluation.maturity.level,
        confidence=evaluation.confidence.score,
        evaluation=evaluation.model_dump(mode="json"),
    )


def rubric_scorer(rubric: Rubric | None = None) -> Scorer:
    """Return a scorer that evaluates an Assessment against `rubric` (default: the shipped
    `evaluators/rubric.yaml`, read once here)."""
    chosen = rubric or load_rubric()

    def score(assessment: Assessment) -> Scored:
        return scored(evaluate(assessment, chosen))

    return score
