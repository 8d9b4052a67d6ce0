"""Question checks: what is refused, and what is let through."""

from __future__ import annotations

import pytest

from knowledge.errors import QuestionError
from knowledge.questions import MAX_QUESTION_CHARS, validate_question


@pytest.mark.parametrize(
    "question",
    [
        "  How do I choose KPIs?  ",
        "KPIs?",
        "Should our café automate ordering?",
        "What does ROI mean for a 3-person firm in 2025?",
        "x" * MAX_QUESTION_CHARS,
        "Is the CRM worth it if staff would die before using it?",
    ],
)
def test_validate_question_lets_english_questions_through(question: str) -> None:
    assert validate_question(question) == question.strip()


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Please type a question"),
        ("x" * (MAX_QUESTION_CHARS + 1), "2,001 characters"),
        ("1234 5678 !!!", "could not find any words"),
        ("🙂", "could not find any words"),
        ("Quelle est la meilleure stratégie pour mon entreprise ?", "English"),
        ("Как согласовать автоматизацию со стратегией?", "English"),
        ("Which KPIs \ud800 should we track?", "not readable text"),
    ],
)
def test_validate_question_refuses_bad_input(question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        validate_question(question)
