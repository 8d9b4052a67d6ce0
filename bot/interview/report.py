"""The report shown after an interview: the stored Evaluation plus, for each finding, the
corpus passage that backs it (looked up by the finding's topic; None when nothing fits).

`build_report(record, cite)` is the pure part (`cite(topic)` is `KnowledgeBase.cite`; each
distinct topic is looked up once, and again only when its passage is already quoted by a
finding above, for the next best one); `ReportService` reads a person's own reports from the
store and cites them. A report that is not the person's own is as absent as a missing one.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot.interview.errors import InterviewStateError
from bot.store import EvaluationRecord, Store
from evaluators import Evaluation
from knowledge.models import Citation


class Cite(Protocol):
    """`KnowledgeBase.cite`: the best passage for a topic, avoiding passages already quoted."""

    def __call__(self, topic: str, *, avoid: Collection[str] = ...) -> Citation | None: ...


REPORT_NOT_FOUND = (
    "I can't find that report among yours (a report can only be used by the person it "
    "belongs to); `/align report` shows your latest one."
)


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
    quoted: set[str] = set()
    for finding in evaluation.findings:
        if cite is not None and finding.topic not in by_topic:
            by_topic[finding.topic] = cite(finding.topic)
        citation = by_topic.get(finding.topic)
        if cite is not None and citation is not None and citation.text in quoted:
            # A finding does not quote what a finding above it already quotes.
            citation = cite(finding.topic, avoid=frozenset(quoted))
        citations[finding.id] = citation
        if citation is not None:
            quoted.add(citation.text)
    return Report(
        evaluation_id=record.id,
        interview_id=record.interview_id,
        evaluation=evaluation,
        citations=citations,
    )


def own_evaluation(
    store: Store, team_id: str, user_id: str, evaluation_id: int
) -> EvaluationRecord:
    """Return the person's stored evaluation `evaluation_id`; `InterviewStateError` when it
    is another workspace's, another person's, or does not exist, so nobody reads, tracks or
    shares what is not theirs."""
    record = store.get_evaluation(team_id, evaluation_id)
    if record is None or record.user_id != user_id:
        raise InterviewStateError(REPORT_NOT_FOUND)
    return record


class ReportService:
    """A person's reports: their stored evaluations with each finding's cited passage."""

    def __init__(self, store: Store, cite: Cite | None) -> None:
        self.store = store
        self._cite = cite

    def report(self, evaluation: EvaluationRecord) -> Report:
        """Return the report of a stored evaluation (one the caller already holds, such as
        the one an interview just finished with)."""
        return build_report(evaluation, self._cite)

    def latest_report(self, team_id: str, user_id: str) -> Report | None:
        """Return the person's latest report, or None before their first finished interview."""
        record = self.store.latest_evaluation(team_id, user_id)
        return None if record is None else self.report(record)

    def report_for(self, team_id: str, user_id: str, evaluation_id: int) -> Report:
        """Return the person's own report `evaluation_id` (`InterviewStateError` for anyone
        else's)."""
        return self.report(own_evaluation(self.store, team_id, user_id, evaluation_id))
