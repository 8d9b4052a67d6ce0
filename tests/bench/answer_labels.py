"""The labelled answer set (`answers.yaml`) and how a composed answer is scored on it,
shared by `bench_answers.py` and the answer regression test."""

from __future__ import annotations

import re
import shutil
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from knowledge.base import KnowledgeBase
from knowledge.embed import Embedder
from knowledge.text import fold

ANSWERS_FILE = Path(__file__).resolve().parent / "answers.yaml"
FIXTURES = Path(__file__).resolve().parents[1] / "knowledge" / "fixtures"
COMPANY_NOTE = FIXTURES / "company_note.md"
CLINIC_NOTE = FIXTURES / "clinic_note.md"
AGENCY_NOTE = FIXTURES / "agency_note.md"
NOTES = {"user": COMPANY_NOTE, "clinic": CLINIC_NOTE, "agency": AGENCY_NOTE}
"""The note each `corpus` of a labelled question indexes next to the shipped documents."""
LABELLED_ON = date(2026, 12, 4)
"""The day the answers were labelled: "what deadlines do we have?" is answered as of then
(a date before it is past), whatever day the bench or the tests run."""

Split = Literal[
    "dev",
    "holdout",
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
    "notes2",
    "notes3",
]
_MARKER = re.compile(r"\[\d+\]")


class AnswerQuestion(BaseModel):
    """A list- or how-to-shaped question and the items a complete answer names."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    question: str
    context: str | None = None
    corpus: Literal["shipped", "user", "clinic", "agency"] = "shipped"
    items: list[list[str]] = Field(min_length=1)


class Uncovered(BaseModel):
    """A follow-up the documents do not answer: the answer's first sentence must say so."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    context: str
    question: str
    says: list[str] = Field(min_length=1)


class AnswerSet(BaseModel):
    """The whole labelled answer set."""

    model_config = ConfigDict(extra="forbid")

    questions: list[AnswerQuestion]
    uncovered: list[Uncovered]


def labelled_corpora(folder: Path, embedder: Embedder) -> dict[str, KnowledgeBase]:
    """Return a knowledge base per `corpus` of the labelled questions, indexed under
    `folder`: the shipped documents alone, and each note of `NOTES` next to them, all
    answering as of the day the answers were labelled."""
    shipped = KnowledgeBase.open(folder / "shipped", embedder)
    shipped.index()
    corpora = {"shipped": shipped}
    for corpus, note in NOTES.items():
        corpora[corpus] = copy_with_note(folder / "shipped", folder / corpus, embedder, note)
    return corpora


def copy_with_note(shipped: Path, folder: Path, embedder: Embedder, note: Path) -> KnowledgeBase:
    """Return the shipped index at `shipped`, copied to `folder`, with `note` indexed next
    to it, answering as of the day the answers were labelled."""
    shutil.copytree(shipped, folder)
    kb = KnowledgeBase.open(folder, embedder, clock=lambda: LABELLED_ON)
    kb.index([note])
    return kb


def load_answer_set(path: Path = ANSWERS_FILE) -> AnswerSet:
    """Return the labelled answer set, validated."""
    return AnswerSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def found_items(answer: str, items: Sequence[Sequence[str]]) -> list[bool]:
    """Return, per item, whether the answer names it in one of its accepted spellings."""
    text = fold(answer)
    return [any(fold(spelling) in text for spelling in item) for item in items]


def says_uncovered(answer: str, says: Sequence[str]) -> bool:
    """Return True when the answer's first sentence says the documents do not cover it."""
    first = fold(re.split(r"(?<=[.!?])\s", answer.strip(), maxsplit=1)[0])
    return any(fold(phrase) in first for phrase in says)


def word_count(answer: str) -> int:
    """Return the answer's length in words, citation markers and bullets not counted."""
    return len([w for w in _MARKER.sub(" ", answer).split() if any(c.isalnum() for c in w)])


@dataclass(frozen=True)
class AnswerScore:
    """How well composed answers name their questions' items."""

    n: int
    complete: float
    recall: float
    median_words: float
    misses: tuple[str, ...]

    def row(self, name: str) -> str:
        """Return a fixed-width table row."""
        return (
            f"{name:<22} {self.n:>4} {self.complete:>9.3f} {self.recall:>8.3f} "
            f"{self.median_words:>7.0f}"
        )


ANSWER_HEADER = f"{'answers':<22} {'n':>4} {'complete':>9} {'recall':>8} {'words':>7}"


def score_answers(questions: Sequence[AnswerQuestion], answers: Sequence[str]) -> AnswerScore:
    """Return the share of answers naming every item, the mean item recall, the median
    length in words and the ids (with recall) of the incomplete ones."""
    recalls, misses = [], []
    for question, answer in zip(questions, answers, strict=True):
        found = found_items(answer, question.items)
        recall = sum(found) / len(found)
        recalls.append(recall)
        if recall < 1:
            misses.append(f"{question.id} {recall:.2f}")
    n = len(questions)
    return AnswerScore(
        n=n,
        complete=sum(1 for r in recalls if r == 1) / n,
        recall=sum(recalls) / n,
        median_words=statistics.median(word_count(a) for a in answers),
        misses=tuple(misses),
    )
