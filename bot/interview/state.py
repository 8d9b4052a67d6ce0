"""The interview's state: every answer by step key, the step being revisited, the status.

It is a plain value: the engine returns a new one for every operation and the store keeps
it (one row per answer, so an answer is never lost or duplicated). Step keys name a
question and, inside repeated groups, the item numbers: `business.size`,
`initiative.area#2` (second initiative), `kpi.target#1.2` (initiative 1, KPI 2),
`objective.another#1` (asked after the first objective).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

AnswerState = Literal["answered", "unknown", "skipped"]
Status = Literal["active", "paused", "finished", "abandoned"]


class Answer(BaseModel):
    """One stored answer: the parsed `value` (JSON), what was typed, and its state."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    state: AnswerState
    value: Any = None
    raw: str = ""
    # Kept from the previous interview by a re-assessment: answered, but not asked this time.
    carried: bool = False

    @property
    def known(self) -> bool:
        """True when the answer holds a real value (not "don't know", not skipped)."""
        return self.state == "answered"


class InterviewState(BaseModel):
    """Answers, position and status of one interview."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answers: dict[str, Answer] = Field(default_factory=dict)
    revisit: str | None = None
    status: Status = "active"

    def with_answer(self, key: str, answer: Answer) -> InterviewState:
        """Return the state with `answer` recorded under `key` and no step revisited."""
        return self.model_copy(update={"answers": {**self.answers, key: answer}, "revisit": None})


def step_key(question_id: str, path: tuple[int, ...]) -> str:
    """Return the key of a question inside the items `path` (e.g. ("kpi.name", (1, 2)))."""
    if not path:
        return question_id
    return f"{question_id}#{'.'.join(str(n) for n in path)}"


def split_key(key: str) -> tuple[str, tuple[int, ...]]:
    """Return (question id, item path) of a step key; the inverse of `step_key`."""
    question_id, _, path = key.partition("#")
    if not path:
        return question_id, ()
    return question_id, tuple(int(n) for n in path.split("."))
