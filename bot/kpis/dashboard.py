"""What a person's App Home shows, as plain values (no Slack types): their latest
evaluation, where their interview stands, and their KPIs with progress."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.kpis.progress import KpiProgress
from bot.store import KpiRecord
from evaluators import Evaluation


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InterviewStatus(_Value):
    """The person's interview: none yet, open at a question, or finished (a report exists
    and nothing is open). `label` is "question 7 of about 51, Readiness checklist"."""

    state: Literal["not_started", "in_progress", "finished"]
    label: str | None = None
    number: int | None = None
    total: int | None = None


class TrackedKpi(_Value):
    """A KPI the person owns and where it stands."""

    kpi: KpiRecord
    progress: KpiProgress


class Dashboard(_Value):
    """Everything the App Home shows one person."""

    evaluation_id: int | None = None
    evaluated_at: datetime | None = None
    evaluation: Evaluation | None = None
    interview: InterviewStatus
    kpis: tuple[TrackedKpi, ...] = ()
