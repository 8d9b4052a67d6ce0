"""Fixtures for the interview: the shipped bank (loaded once), the pure engine, a fixed
"today", and the persisted service on both store backends with a scorer fake."""

from __future__ import annotations

from datetime import date

import pytest

from bot.interview import InterviewEngine, InterviewService, QuestionBank, Scored, load_bank
from bot.interview.state import InterviewState
from bot.store import Store
from evaluators.models import Assessment
from tests.interview.script import TODAY
from tests.store.backends import (
    backend,
    clock,
    database_url,
    postgres_store_session,
    postgres_url,
    store,
)

__all__ = [
    "backend",
    "clock",
    "database_url",
    "postgres_store_session",
    "postgres_url",
    "store",
]


class RecordingScorer:
    """A scorer fake (our own seam): remembers every Assessment it was given and returns
    a fixed result, so service tests do not depend on the rubric."""

    def __init__(self) -> None:
        self.seen: list[Assessment] = []

    def __call__(self, assessment: Assessment) -> Scored:
        self.seen.append(assessment)
        return Scored(
            rubric_version="test",
            score=50.0,
            band="developing",
            maturity_level=2,
            confidence=0.5,
            evaluation={"initiatives": len(assessment.initiatives)},
        )


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    """The shipped question bank."""
    return load_bank()


@pytest.fixture
def engine(bank: QuestionBank) -> InterviewEngine:
    """The pure interview engine over the shipped bank."""
    return InterviewEngine(bank)


@pytest.fixture
def fresh() -> InterviewState:
    """A state with no answers."""
    return InterviewState()


@pytest.fixture
def today() -> date:
    """The fixed "today" every date answer is read against."""
    return TODAY


@pytest.fixture
def scorer() -> RecordingScorer:
    """The scorer fake."""
    return RecordingScorer()


@pytest.fixture
def service(store: Store, bank: QuestionBank, scorer: RecordingScorer) -> InterviewService:
    """The persisted interview on the test's backend."""
    return InterviewService(store, bank, scorer=scorer, today=lambda: TODAY)
