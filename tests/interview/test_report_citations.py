"""The report's cited passages (bot/interview/report.py) with the real model and the shipped
corpus (`knowledge_base`): a finding never quotes a passage a finding above it already
quotes; it gets the next best passage for its topic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.interview.report import build_report
from bot.store import EvaluationRecord
from evaluators import Assessment, evaluate, load_rubric
from tests.evaluators.conftest import load_persona

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


def test_cite_gives_the_next_best_passage_when_the_best_is_already_quoted(
    knowledge_base: KnowledgeBase,
) -> None:
    topic = "automating a broken process amplifies inefficiencies"
    best = knowledge_base.cite(topic)
    assert best is not None

    other = knowledge_base.cite(topic, avoid={best.text})

    assert other is not None
    assert other.text != best.text


def test_two_findings_on_one_topic_quote_different_passages(
    knowledge_base: KnowledgeBase,
) -> None:
    data = load_persona("b2b_marketing_automation").model_dump(mode="json")
    twin = {**data["initiatives"][0], "id": "second-platform", "name": "Second platform"}
    data["initiatives"].append(twin)
    assessment = Assessment.model_validate(data)
    evaluation = evaluate(assessment, load_rubric())
    record = EvaluationRecord(
        id=1,
        team_id="T",
        user_id="U",
        interview_id=None,
        rubric_version=evaluation.rubric_version,
        bank_version=None,
        score=evaluation.score,
        band=evaluation.band.id,
        maturity_level=evaluation.maturity.level,
        confidence=evaluation.confidence.score,
        assessment=assessment.model_dump(mode="json"),
        evaluation=evaluation.model_dump(mode="json"),
        created_at=datetime(2026, 12, 3, tzinfo=UTC),
    )

    report = build_report(record, knowledge_base.cite)

    first = report.citations["process_not_mapped:marketing-automation"]
    second = report.citations["process_not_mapped:second-platform"]
    assert first is not None
    assert second is not None
    assert first.text != second.text
