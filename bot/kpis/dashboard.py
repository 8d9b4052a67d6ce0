"""What a person's App Home shows, as plain values (no Slack types): their latest
evaluation, where their interview stands, and their KPIs with progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.history.timeline import History
from bot.kpis.progress import KpiProgress, Reading, kpi_progress
from bot.store import KpiRecord, ReadingRecord
from bot.store.records import ReassessCadence
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


def tracked_kpi(kpi: KpiRecord, readings: Sequence[ReadingRecord]) -> TrackedKpi:
    """Return the KPI with its progress after `readings` (tracked since it was created)."""
    progress = kpi_progress(
        direction=kpi.direction,
        baseline=kpi.baseline,
        target=kpi.target,
        started_on=kpi.created_at.date(),
        deadline=kpi.target_date,
        readings=[Reading(observed_on=r.observed_on, value=r.value) for r in readings],
    )
    return TrackedKpi(kpi=kpi, progress=progress)


class Dashboard(_Value):
    """Everything the App Home shows one person."""

    evaluation_id: int | None = None
    evaluated_at: datetime | None = None
    evaluation: Evaluation | None = None
    interview: InterviewStatus
    kpis: tuple[TrackedKpi, ...] = ()
    # Every assessment kept, oldest first (the Home's "over time" lines), and the day it is
    # for the person (is a re-assessment due?).
    history: History | None = None
    today: date | None = None
    # How often the person wants a re-assessment offered (the Home's picker shows it).
    reassess_cadence: ReassessCadence = "quarterly"
