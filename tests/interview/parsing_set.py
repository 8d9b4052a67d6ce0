"""The labelled parsing set (`parsing_set.yaml`) and how each row is judged, shared by the
parsing-set test and `tests/bench/bench_parsing.py`.

A row is read right when the stored value is the labelled one (or the answer is refused
where a refusal is labelled), refused when a labelled reading was refused (the person is
asked again: slower, but nothing is lost), and misread when a value was stored that is not
the labelled one: the failure that puts wrong numbers in a report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from bot.interview import AnswerError, QuestionBank
from bot.interview.answers import AnswerContext, Parsed, parse_answer
from bot.interview.parsing.numbers import Quantity

SET_FILE = Path(__file__).resolve().parent / "parsing_set.yaml"
TODAY = date(2026, 11, 23)

Split = Literal["dev", "holdout"]
Outcome = Literal["right", "refused", "misread"]


class Row(BaseModel):
    """One typed answer and its labelled reading (see the file's header)."""

    model_config = ConfigDict(extra="forbid")

    q: str
    say: str
    expect: Any = None
    unit: str | None = None
    refuse: bool = False
    baseline: str | None = None


class ParsingSet(BaseModel):
    """The whole set: the dev split (gated) and the holdout (reported, never tuned on)."""

    model_config = ConfigDict(extra="forbid")

    dev: list[Row]
    holdout: list[Row]

    def split(self, name: Split) -> list[Row]:
        """Return the rows of one split."""
        return self.dev if name == "dev" else self.holdout


def load_parsing_set(path: Path = SET_FILE) -> ParsingSet:
    """Return the labelled set, validated."""
    return ParsingSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _context(bank: QuestionBank, row: Row) -> AnswerContext:
    """The row's question as the engine asks it, with the row's baseline read first."""
    placed = bank.question(row.q)
    baseline = None
    if row.baseline is not None and placed.question.relative_to is not None:
        earlier = bank.question(placed.question.relative_to)
        context = AnswerContext(placed=earlier, options=earlier.options(), today=TODAY)
        value = parse_answer(context, row.baseline).value
        number, unit = (value["value"], value["unit"]) if isinstance(value, dict) else (value, "")
        baseline = Quantity(float(number), unit=str(unit or ""))
    return AnswerContext(placed=placed, options=placed.options(), today=TODAY, baseline=baseline)


def read_row(bank: QuestionBank, row: Row) -> Parsed | None:
    """Return what the interview stores for the row's answer, None when it is refused."""
    try:
        context = _context(bank, row)
        return parse_answer(context, row.say)
    except AnswerError:
        return None


def _same(found: Any, expected: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return math.isclose(float(found), float(expected), rel_tol=1e-3, abs_tol=0.01)
    return bool(found == expected)


def judge(row: Row, parsed: Parsed | None) -> Outcome:
    """Return whether the row was read right, refused, or misread (module docstring)."""
    if parsed is None:
        return "right" if row.refuse else "refused"
    if row.refuse:
        return "misread"
    value: Any = parsed.value
    unit = None
    if isinstance(value, dict):
        value, unit = value.get("value"), value.get("unit")
    if not _same(value, row.expect):
        return "misread"
    if row.unit is not None and unit != row.unit:
        return "misread"
    return "right"


@dataclass(frozen=True)
class Score:
    """A split's figures: rows, read right, refused, misread (with the misread rows)."""

    rows: int
    right: int
    refused: int
    misreads: tuple[tuple[Row, str], ...]

    @property
    def accuracy(self) -> float:
        """The share of rows read right."""
        return self.right / self.rows if self.rows else 0.0


def score(bank: QuestionBank, rows: Iterable[Row]) -> Score:
    """Return the figures for `rows`."""
    total = right = refused = 0
    misreads: list[tuple[Row, str]] = []
    for row in rows:
        parsed = read_row(bank, row)
        outcome = judge(row, parsed)
        total += 1
        right += outcome == "right"
        refused += outcome == "refused"
        if outcome == "misread":
            misreads.append((row, parsed.display if parsed else ""))
    return Score(total, right, refused, tuple(misreads))
