"""The labelled question set (`questions.yaml`) and the ranking metrics computed on it,
shared by `bench_retrieval.py` and the retrieval regression test."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from knowledge.text import fold

QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.yaml"

Split = Literal["dev", "holdout"]


class Label(BaseModel):
    """One acceptable answer: a passage of `source`, under `section`, containing `text`."""

    model_config = ConfigDict(extra="forbid")

    source: str
    section: str
    text: str = Field(min_length=8)


class Question(BaseModel):
    """An in-scope question and every passage that answers it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    question: str
    answers: list[Label] = Field(min_length=1)


class FollowUp(Question):
    """A question asked in the thread of an earlier one (`context`), labelled in its light."""

    context: str


class OffTopic(BaseModel):
    """A question the corpus does not cover: it must abstain. `known_miss` says why one that
    the bot still answers does (a holdout question is not tuned away once seen)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    question: str
    known_miss: str = ""


class QuestionSet(BaseModel):
    """The whole labelled set."""

    model_config = ConfigDict(extra="forbid")

    questions: list[Question]
    probes: list[Question]
    follow_ups: list[FollowUp]
    off_topic: list[OffTopic]

    def in_split(self, split: Split | None) -> list[Question]:
        """Return the in-scope questions of a split (all when None)."""
        return [q for q in self.questions if split is None or q.split == split]


def load_questions(path: Path = QUESTIONS_FILE) -> QuestionSet:
    """Return the labelled set, validated."""
    return QuestionSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Passage:
    """What a ranking returns, in the shape the labels are checked against."""

    source: str
    text: str


def is_hit(passage: Passage, question: Question) -> bool:
    """Return True when the passage is one of the question's labelled answers."""
    folded = fold(passage.text)
    return any(
        passage.source == label.source and fold(label.text) in folded for label in question.answers
    )


@dataclass(frozen=True)
class Metrics:
    """Ranking quality over a set of questions."""

    n: int
    hit1: float
    hit3: float
    hit5: float
    mrr: float
    misses: tuple[str, ...]

    def row(self, name: str) -> str:
        """Return a fixed-width table row."""
        return (
            f"{name:<34} {self.n:>4} {self.hit1:>7.3f} {self.hit3:>7.3f} "
            f"{self.hit5:>7.3f} {self.mrr:>7.3f}"
        )


HEADER = f"{'retrieval':<34} {'n':>4} {'hit@1':>7} {'hit@3':>7} {'hit@5':>7} {'MRR':>7}"


def evaluate(
    rank: Callable[[str], Sequence[Passage]], questions: Sequence[Question], k: int = 5
) -> Metrics:
    """Return hit@1/3/5 and MRR (over the top k) of a ranking function on the questions."""
    ranks: list[int | None] = []
    for question in questions:
        passages = list(rank(question.question))[:k]
        first = next((i for i, p in enumerate(passages, 1) if is_hit(p, question)), None)
        ranks.append(first)
    n = len(questions)

    def hit(at: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= at) / n

    mrr = sum(1 / r for r in ranks if r is not None) / n
    misses = tuple(q.id for q, r in zip(questions, ranks, strict=True) if r is None or r > 3)
    return Metrics(n=n, hit1=hit(1), hit3=hit(3), hit5=hit(5), mrr=mrr, misses=misses)
