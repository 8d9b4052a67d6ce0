"""Confidence: the share of the assessment's answers that are known.

"Unknown" never breaks scoring; it lowers this figure instead. The answers counted are the
ones the rubric scores: the checklist, the organisation, each objective's SMART parts and each
initiative's answers. Optional inputs (the strategic metrics, the business's name) do not
count: leaving them out is not a gap.
"""

from __future__ import annotations

from evaluators.fact_names import (
    BENEFIT_ITEMS,
    CHECKLIST_ITEMS,
    COST_ITEMS,
    ORGANISATION_SCALES,
    SCORECARD_PERSPECTIVES,
)
from evaluators.facts import initiative_path, objective_path
from evaluators.models import Assessment
from evaluators.results import Confidence
from evaluators.rubric import Rubric

_OBJECTIVE_FIELDS = ("pillar", "target_metric", "target_value", "baseline_value", "deadline")
_INITIATIVE_FIELDS = (
    "stage",
    "value_fit",
    "process_mapped",
    "integration",
    "features_needed_pct",
    "pilot_first",
    "user_training",
    "objective_ids",
    "kpis",
)


def measure_confidence(assessment: Assessment, rubric: Rubric) -> Confidence:
    """Return the share of scored answers that are known (0-100), its level, and the field
    paths still unknown, in report order."""
    answers: list[tuple[str, object]] = []
    answers += [(f"checklist.{i}", getattr(assessment.checklist, i)) for i in CHECKLIST_ITEMS]
    answers += [
        (f"organisation.{i}", getattr(assessment.organisation, i)) for i in ORGANISATION_SCALES
    ]
    for objective in sorted(assessment.objectives, key=lambda o: o.id):
        path = objective_path(objective.id)
        answers += [(f"{path}.{f}", getattr(objective, f)) for f in _OBJECTIVE_FIELDS]
    for initiative in sorted(assessment.initiatives, key=lambda i: i.id):
        path = initiative_path(initiative.id)
        answers += [(f"{path}.{f}", getattr(initiative, f)) for f in _INITIATIVE_FIELDS]
        answers += [(f"{path}.costs.{c}", getattr(initiative.costs, c)) for c in COST_ITEMS]
        answers += [
            (f"{path}.benefits.{b}", getattr(initiative.benefits, b)) for b in BENEFIT_ITEMS
        ]
        answers += [
            (f"{path}.intangibles.{k}", v) for k, v in initiative.intangibles.model_dump().items()
        ]
        answers += [
            (f"{path}.scorecard.{p}", getattr(initiative.scorecard, p))
            for p in SCORECARD_PERSPECTIVES
        ]

    unknown = tuple(path for path, value in answers if not _known(value))
    total = len(answers)
    known = total - len(unknown)
    score = round(known / total * 100, 1) if total else 0.0
    spec = rubric.confidence
    level = (
        "high"
        if score >= spec.high_at_least
        else "medium"
        if score >= spec.medium_at_least
        else "low"
    )
    return Confidence(score=score, level=level, known=known, total=total, unknown=unknown)


def _known(value: object) -> bool:
    if value is None or value == "unknown":
        return False
    if isinstance(value, str | tuple):
        return bool(value.strip() if isinstance(value, str) else value)
    return True
