"""Answers an owner types in everyday words that used to be refused (issue 15), and the
look-alikes that must still be refused rather than misread."""

from __future__ import annotations

from typing import Any

import pytest

from bot.interview import AnswerError, QuestionBank
from bot.interview.answers import AnswerContext, parse_answer
from tests.interview.script import TODAY


def _read(bank: QuestionBank, question_id: str, raw: str) -> Any:
    placed = bank.question(question_id)
    context = AnswerContext(placed=placed, options=placed.options(), today=TODAY)
    return parse_answer(context, raw).value


@pytest.mark.parametrize(
    ("question_id", "raw", "value"),
    [
        ("business.size", "nine people", "micro"),
        ("business.size", "a dozen", "small"),
        ("initiative.stage", "we're trialling it", "piloting"),
        ("initiative.stage", "already using it", "deployed"),
        ("checklist.prioritisation", "none really", "no"),
        ("checklist.automation_alignment", "not really", "no"),
        ("initiative.cost_training", "none really", 0),
        ("kpi.baseline", "a couple hundred", {"value": 200, "unit": ""}),
        ("metrics.reconfigure", "same day", 1),
        ("kpi.deadline", "next spring", "2027-05-31"),
        ("objective.deadline", "end of summer 2027", "2027-08-31"),
    ],
)
def test_everyday_answer_is_read(
    bank: QuestionBank, question_id: str, raw: str, value: Any
) -> None:
    assert _read(bank, question_id, raw) == value


@pytest.mark.parametrize(("raw", "value"), [("1", "yes"), ("2", "partly"), ("3", "no")])
def test_option_number_answers_a_yes_partly_no_question(
    bank: QuestionBank, raw: str, value: str
) -> None:
    assert _read(bank, "checklist.clear_strategy", raw) == value


def test_option_number_of_dont_know_records_dont_know(bank: QuestionBank) -> None:
    placed = bank.question("checklist.clear_strategy")
    context = AnswerContext(placed=placed, options=placed.options(), today=TODAY)
    assert parse_answer(context, str(len(placed.options()))).state == "unknown"


@pytest.mark.parametrize(
    ("question_id", "raw"),
    [
        ("initiative.stage", "not live yet"),
        ("initiative.stage", "we're not testing it"),
        ("initiative.area", "scheduling and invoicing"),
        ("checklist.clear_strategy", "9"),
    ],
)
def test_near_miss_is_refused_rather_than_guessed(
    bank: QuestionBank, question_id: str, raw: str
) -> None:
    with pytest.raises(AnswerError):
        _read(bank, question_id, raw)
