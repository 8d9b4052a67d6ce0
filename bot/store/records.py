"""What the store hands out: frozen value objects, never ORM rows (no session leaks out)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

InterviewStatus = Literal["active", "paused", "finished", "abandoned"]
AnswerState = Literal["answered", "unknown", "skipped"]
Cadence = Literal["daily", "weekdays", "weekly", "monthly"]
NudgeKind = Literal["nudge", "reminder", "digest", "reassess"]
# How often the owner wants to be offered a re-assessment ("never": not offered).
ReassessCadence = Literal["monthly", "quarterly", "half-yearly", "yearly", "never"]


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
    # Kept from the previous interview by a re-assessment (not asked again in this one).
    carried: bool = False


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
    # Weekly: the weekday (0 = Monday); monthly: the day of the month; else None.
    cadence_day: int | None = Field(default=None, ge=0, le=31)
    objective: str | None = Field(default=None, max_length=500)
    initiative: str | None = Field(default=None, max_length=120)
    evaluation_id: int | None = None
    digest_channel: str | None = Field(default=None, max_length=64)


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
    cadence_day: int | None = None
    objective: str | None
    initiative: str | None
    evaluation_id: int | None
    active: bool
    paused: bool = False
    digest_channel: str | None = None
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
    note: str | None = None


class NudgePreferences(_Record):
    """When and whether a person is nudged (the defaults when they never said), and the
    Slack time zone last seen for them. `away_until` and `snoozed_until` are local dates:
    nothing is sent on or before `away_until`, nor before `snoozed_until`. The same rules
    time the offer of a re-assessment, every `reassess_cadence` after the latest one."""

    nudge_time: time = time(9, 0)
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    paused: bool = False
    away_until: date | None = None
    snoozed_until: date | None = None
    tz: str | None = None
    tz_checked_at: datetime | None = None
    dm_channel: str | None = None
    left_at: datetime | None = None
    reassess_cadence: ReassessCadence = "quarterly"


class NudgeClaim(_Record):
    """The right to send one nudge (or reminder, or digest): held until marked sent, or
    until `lease_until`, after which the next pass may take it over. `key` goes into the
    message's metadata, so that a send whose result was lost can be found again."""

    team_id: str
    user_id: str
    day: date
    kind: NudgeKind
    token: str
    attempts: int
    lease_until: datetime

    @property
    def key(self) -> str:
        """Return the key carried in the message: unique per person, day and kind."""
        return f"{self.team_id}:{self.user_id}:{self.day.isoformat()}:{self.kind}"

    @property
    def taken_over(self) -> bool:
        """True when an earlier claim on the same row lapsed (its send may have happened)."""
        return self.attempts > 1


class NudgeLogEntry(_Record):
    """A nudge row as the scheduler reads it: which person, day and kind, and whether it
    went out."""

    user_id: str
    day: date
    kind: NudgeKind
    status: Literal["claimed", "sent", "failed"]
    sent_at: datetime | None
    lease_until: datetime | None


class LatestReading(_Record):
    """The most recent day a KPI was logged for, and when a value was last recorded."""

    kpi_id: int
    observed_on: date
    recorded_at: datetime


class NudgeSnapshot(_Record):
    """Everything one scheduler pass needs about one workspace, read in a few queries:
    the KPIs to nudge about, everyone's preferences, the latest readings, recent nudges."""

    team_id: str
    kpis: tuple[KpiRecord, ...]
    preferences: dict[str, NudgePreferences]
    latest: dict[int, LatestReading]
    log: tuple[NudgeLogEntry, ...]


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


PulseStatus = Literal["open", "closed"]


class PulseRecord(_Record):
    """A team pulse as stored: who sent it, the owner's side it compares with (JSON), its
    deadline, and how many answers the owner's last shown view held."""

    id: int
    team_id: str
    owner_id: str
    status: PulseStatus
    owner_side: dict[str, Any]
    bank_version: str
    deadline: datetime
    shown_count: int
    created_at: datetime
    closed_at: datetime | None


class PulseMemberRecord(_Record):
    """One person asked in a pulse and where their pulse interview stands."""

    user_id: str
    interview_id: int | None
    status: InterviewStatus | None
    answered_at: datetime | None
    reminded_at: datetime | None


class PulseStart(_Record):
    """A pulse just created: the pulse, the people now asked, and those left out because
    another pulse of theirs is still open."""

    pulse: PulseRecord
    asked: tuple[str, ...]
    busy: tuple[str, ...]


class ReassessCandidate(_Record):
    """An owner the scheduler may offer a re-assessment: their latest assessment (id, score,
    when), their preferences (cadence, time zone, nudge time) and the due day of the latest
    offer sent to them (None before the first)."""

    team_id: str
    user_id: str
    evaluation_id: int
    score: float
    assessed_at: datetime
    preferences: NudgePreferences
    offered_for: date | None
