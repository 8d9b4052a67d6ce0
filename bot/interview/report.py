"""The report shown after an interview: the stored Evaluation plus, for each finding, the
corpus passage that backs it (looked up by the finding's topic; None when nothing fits).

Contract: `build_report(record, cite) -> Report`, where `cite(topic)` is
`KnowledgeBase.cite` (the advisor passes it). Each distinct topic is looked up once.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from bot.store import EvaluationRecord
from evaluators import Evaluation
from knowledge.models import Citation

Cite = Callable[[str], Citation | None]


class Report(BaseModel):
    """An evaluation ready to show: where it is stored, the Evaluation, and the citation
    for each finding id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    evaluation_id: int
    interview_id: int | None
    evaluation: Evaluation
    citations: dict[str, Citation | None]


def build_report(record: EvaluationRecord, cite: Cite | None = None) -> Report:
    """Return the report of a stored evaluation, citing each finding when `cite` is given."""
    evaluation = Evaluation.model_validate(record.evaluation)
    by_topic: dict[str, Citation | None] = {}
    citations: dict[str, Citation | None] = {}
    for finding in evaluation.findings:
        if cite is not None and finding.topic not in by_topic:
            by_topic[finding.topic] = cite(finding.topic)
        citations[finding.id] = by_topic.get(finding.topic)
    return Report(
        evaluation_id=record.id,
        interview_id=record.interview_id,
        evaluation=evaluation,
        citations=citations,
    )
