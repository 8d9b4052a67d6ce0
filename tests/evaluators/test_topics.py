"""A finding's `topic` is the retrieval query the bot turns into a cited corpus passage: each
one must find a passage, and the passage must be the one the finding is about. Uses the real
model and the shipped corpus indexed once per session (`knowledge_base`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from evaluators import Rubric

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase


def test_every_finding_topic_cites_a_passage(rubric: Rubric, knowledge_base: KnowledgeBase) -> None:
    uncited = [rule.id for rule in rubric.findings if knowledge_base.cite(rule.topic) is None]

    assert uncited == []


@pytest.mark.parametrize(
    ("rule_id", "phrase"),
    [
        ("value_conflict", "robotic arm to knead dough"),
        ("process_not_mapped", "fundamentally broken"),
        ("integration_none", "accounting firm"),
        ("feature_overload", "Pitfall: Feature Overload"),
        ("lack_of_user_adoption", "Pitfall: Lack of User Adoption"),
        ("roi_implausible", "Pitfall: ROI Miscalculation"),
        ("not_linked", "directly linked to your strategic goals"),
        ("value_fit_unknown", "chatbot"),
        ("no_leadership", "champion the strategic vision"),
        ("no_ethics_review", "free from bias"),
        ("ethics_review_said_not_applicable", "customer data is used ethically and responsibly"),
        ("no_pilot", "pilot projects"),
        ("data_underused", "Strategic Data Utilization Rate"),
    ],
)
def test_finding_topic_cites_the_passage_it_is_about(
    rubric: Rubric, knowledge_base: KnowledgeBase, rule_id: str, phrase: str
) -> None:
    rule = next(r for r in rubric.findings if r.id == rule_id)

    citation = knowledge_base.cite(rule.topic)

    assert citation is not None
    assert phrase in citation.text
