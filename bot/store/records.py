"""What the store hands out: frozen value objects, never ORM rows (no session leaks out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

InterviewStatus = Literal["active", "paused", "finished", "abandoned"]
AnswerState = Literal["answered", "unknown", "skipped"]
Cadence = Literal["daily", "weekdays", "weekly", "monthly"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoredAnswer(_Record):
    """One recorded answer: the parsed value (JSON), what the person typed, and its state
    ("unknown" for "don't know", "skipped" for an optional question passed over)."""

    key: str
    state: AnswerState
    value: Any = None
    raw: str = ""
    answered_at: datetime | None = None


class InterviewRecord(_Record):
    """An interview as stored: position, status, answers and where Slack shows it."""

    id: int
    team_id: str
    user_id: str
    status: InterviewStatus
    revisit: str | None
    current_key: str | None
    bank_version: str
    rubric_version: str | None
    channel_id: str | None
    message_ts: str | None
    version: int
    answers: dict[str, StoredAnswer] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class InterviewChange(_Record):
    """What one interview operation writes, in one transaction: new status and position, the
    answers to insert or replace, and optionally a finished evaluation."""

    status: InterviewStatus
    revisit: str | None
    current_key: str | None
    answers: tuple[StoredAnswer, ...] = ()
    evaluation: NewEvaluation | None = None


class NewEvaluation(_Record):
    """An evaluation to store: the headline figures and the full JSON documents."""

    rubric_version: str
    score: float
    band: str
    maturity_level: int
    confidence: float
    assessment: dict[str, Any]
    evaluation: dict[str, Any]


class EvaluationRecord(_Record):
    """A stored evaluation with its headline figures and the full Evaluation JSON."""

    id: int
    team_id: str
    user_id: str
    interview_id: int | None
    rubric_version: str
    bank_version: str | None
    score: float
    band: str
    maturity_level: int
    confidence: float
    assessment: dict[str, Any]
    evaluation: dict[str, Any]
    created_at: datetime


class KpiDraft(_Record):
    """A KPI to start tracking (e.g. one line of an Evaluation's KPI plan)."""

    owner_user_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=120)
    unit: str = Field(default="", max_length=40)
    direction: Literal["up", "down"] = "up"
    baseline: float | None = None
    target: float | None = None
    target_date: date | None = None
    cadence: Cadence = "weekdays"
    objective: str | None = Field(default=None, max_length=500)
    initiative: str | None = Field(default=None, max_length=120)
    evaluation_id: int | None = None


class KpiRecord(_Record):
    """A tracked KPI."""

    id: int
    team_id: str
    owner_user_id: str
    name: str
    unit: str
    direction: Literal["up", "down"]
    baseline: float | None
    target: float | None
    target_date: date | None
    cadence: Cadence
    objective: str | None
    initiative: str | None
    evaluation_id: int | None
    active: bool
    created_at: datetime
    updated_at: datetime


class ReadingRecord(_Record):
    """One logged KPI value."""

    id: int
    kpi_id: int
    value: float
    observed_on: date
    recorded_by: str
    created_at: datetime


InterviewChange.model_rebuild()


class JobRecord(_Record):
    """Acknowledged Slack work as stored: the event to answer, its kind (which listener
    answers it), its state and how many times a process has taken it up."""

    team_id: str
    event_id: str
    kind: str
    payload: dict[str, Any]
    state: Literal["pending", "running", "done"]
    attempts: int
