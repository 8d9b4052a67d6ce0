"""The database tables, as SQLAlchemy 2 declarative models.

Every table carries the Slack team id, and every query in `bot.store` filters on it: one
workspace never sees another's rows. Rows are written only through `bot.store.Store`; these
classes never leave the package (callers get the frozen records of `bot.store.records`).

Schema changes go through an Alembic migration in `bot/store/migrations/versions/`; a test
checks that the migrated schema and these models agree.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names, so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonValue = JSON().with_variant(JSONB(), "postgresql")

TEAM = 32  # Slack ids are ~11 characters; room for enterprise-grid ids.
SLACK_ID = 64
OPEN_STATUSES = ("active", "paused")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Workspace(Base):
    """A Slack workspace (team) that has used the bot."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(TEAM), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Interview(Base):
    """One person's interview: their own alignment interview (kind "assessment") or a team
    pulse they were asked (kind "pulse"). At most one of each kind is open (active or
    paused) per person, so a pulse never collides with the person's own interview."""

    __tablename__ = "interviews"
    __table_args__ = (
        Index(
            "uq_interviews_open_per_user",
            "team_id",
            "user_id",
            "kind",
            unique=True,
            sqlite_where=text("status IN ('active', 'paused')"),
            postgresql_where=text("status IN ('active', 'paused')"),
        ),
        Index("ix_interviews_team_id_user_id_created_at", "team_id", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(TEAM), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    kind: Mapped[str] = mapped_column(String(16), server_default="assessment")
    status: Mapped[str] = mapped_column(String(16))
    # The step being revisited after "back"; None means "the first unanswered step".
    revisit: Mapped[str | None] = mapped_column(String(120))
    # The step shown last, kept for people and dashboards; the engine recomputes it.
    current_key: Mapped[str | None] = mapped_column(String(120))
    bank_version: Mapped[str] = mapped_column(String(32))
    rubric_version: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    message_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InterviewAnswer(Base):
    """One answer of an interview, keyed by step ("initiative.area#1"). Unique per key: a
    double click or a retried request can never record the same answer twice."""

    __tablename__ = "interview_answers"
    __table_args__ = (UniqueConstraint("interview_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(TEAM), index=True)
    interview_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("interviews.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16))
    value: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    raw: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Kept from the previous interview by a re-assessment: not asked in this one (0006).
    carried: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Evaluation(Base):
    """A scored report: the full Evaluation JSON plus the headline figures for listings."""

    __tablename__ = "evaluations"
    __table_args__ = (
        Index("ix_evaluations_team_id_user_id_created_at", "team_id", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(TEAM), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    interview_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("interviews.id", ondelete="SET NULL")
    )
    rubric_version: Mapped[str] = mapped_column(String(32))
    bank_version: Mapped[str | None] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(40))
    maturity_level: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    assessment: Mapped[Any] = mapped_column(JsonValue)
    evaluation: Mapped[Any] = mapped_column(JsonValue)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Kpi(Base):
    """A KPI someone tracks: owner, what it serves, unit, direction, baseline and target."""

    __tablename__ = "kpis"
    __table_args__ = (UniqueConstraint("team_id", "owner_user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(TEAM), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    owner_user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[str] = mapped_column(String(8))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(16))
    # Weekly: the weekday (0 = Monday); monthly: the day of the month (1-31); else None.
    cadence_day: Mapped[int | None] = mapped_column(Integer)
    objective: Mapped[str | None] = mapped_column(String(500))
    initiative: Mapped[str | None] = mapped_column(String(120))
    evaluation_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("evaluations.id", ondelete="SET NULL")
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Paused: still listed and loggable, left out of nudges until resumed.
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A channel that also gets the weekly digest of this KPI (None: the owner only).
    digest_channel: Mapped[str | None] = mapped_column(String(SLACK_ID))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KpiReading(Base):
    """One logged value of a KPI; one per KPI and day (logging again that day replaces it)."""

    __tablename__ = "kpi_readings"
    __table_args__ = (UniqueConstraint("kpi_id", "observed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(TEAM), index=True)
    kpi_id: Mapped[int] = mapped_column(Integer, ForeignKey("kpis.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    observed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by: Mapped[str] = mapped_column(String(SLACK_ID))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class NudgeSent(Base):
    """A claimed nudge, follow-up reminder or digest: one row per person, local day and kind,
    whatever the number of replicas. A claim is taken before sending and marked sent after;
    one never marked sent is taken over by the next pass once `lease_until` has passed."""

    __tablename__ = "nudges_sent"
    __table_args__ = (Index("ix_nudges_sent_team_id_day", "team_id", "day"),)

    team_id: Mapped[str] = mapped_column(String(TEAM), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True, server_default="nudge")
    # "claimed" (being sent), "sent", or "failed" (Slack refused for good: not retried).
    status: Mapped[str] = mapped_column(String(16), server_default="sent")
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Which claim holds the row now: a taken-over claim can no longer mark it sent.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, server_default="1")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    message_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    error: Mapped[str | None] = mapped_column(String(64))


class NudgePreference(Base):
    """When and whether a person is nudged, and the Slack time zone last seen for them.
    No row means the defaults (09:00, Monday to Friday, not paused)."""

    __tablename__ = "nudge_preferences"

    team_id: Mapped[str] = mapped_column(String(TEAM), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    nudge_time: Mapped[str] = mapped_column(String(5), server_default="09:00")
    # Weekday digits, 0 = Monday: "01234" is Monday to Friday.
    work_days: Mapped[str] = mapped_column(String(7), server_default="01234")
    paused: Mapped[bool] = mapped_column(Boolean, server_default=false())
    away_until: Mapped[date | None] = mapped_column(Date)
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    tz: Mapped[str | None] = mapped_column(String(64))
    tz_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The bot's DM with the person, looked up with the time zone (saves a call per nudge).
    dm_channel: Mapped[str | None] = mapped_column(String(SLACK_ID))
    # Set when Slack says the person left the workspace (deactivated): never nudged again.
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # How often a re-assessment is offered: monthly, quarterly, half-yearly, yearly, never.
    reassess_cadence: Mapped[str] = mapped_column(String(16), server_default="quarterly")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProcessedEvent(Base):
    """A Slack event id already taken by some process: Slack's retries are processed once."""

    __tablename__ = "processed_events"
    __table_args__ = (Index("ix_processed_events_claimed_at", "claimed_at"),)

    team_id: Mapped[str] = mapped_column(String(TEAM), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnswerFeedback(Base):
    """Helpful / not helpful on one answer, one vote per person and answer (a second click
    changes the vote instead of adding one)."""

    __tablename__ = "answer_feedback"
    __table_args__ = (UniqueConstraint("team_id", "user_id", "answer_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(TEAM))
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    answer_ref: Mapped[str] = mapped_column(String(200))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- Durable Slack work (migration 0003) -----------------------------------------------------


class SlackJob(Base):
    """Acknowledged Slack work (a question to answer) until it is answered: recorded before
    the ack, claimed with a lease by the process answering it, and resumed by another
    process when that one dies (its lease runs out) or hands it back on shutdown."""

    __tablename__ = "slack_jobs"
    __table_args__ = (Index("ix_slack_jobs_state_lease_until", "state", "lease_until"),)

    team_id: Mapped[str] = mapped_column(String(TEAM), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[Any] = mapped_column(JsonValue)
    # pending (waiting, maybe reserved by `owner` until `lease_until`), running, done.
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(SLACK_ID))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- Installations into many workspaces (migration 0004) ------------------------------------

# slack-sdk's own table definitions (its SQLAlchemy installation and OAuth state stores use
# them), on this metadata so that the migrated schema is checked against them; only the
# token columns are wider, because they hold Fernet ciphertext (bot.slack.workspaces).
TOKEN_LENGTH = 500
INSTALLATION_TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


def _wider_tokens(table: Table) -> Table:
    for name in INSTALLATION_TOKEN_COLUMNS:
        if name in table.c:
            table.c[name].type = String(TOKEN_LENGTH)
    return table


SLACK_BOTS = _wider_tokens(
    SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
)
SLACK_INSTALLATIONS = _wider_tokens(
    SQLAlchemyInstallationStore.build_installations_table(Base.metadata, "slack_installations")
)
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, "slack_oauth_states"
)


class WorkspaceUninstall(Base):
    """A workspace that uninstalled the app (or revoked its token): its data is purged at
    `purge_after` unless it installs again before then."""

    __tablename__ = "workspace_uninstalls"

    team_id: Mapped[str] = mapped_column(String(TEAM), primary_key=True)
    uninstalled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    purge_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


# --- Team pulses (migration 0005) ----------------------------------------------------------


class TeamPulse(Base):
    """A team pulse the owner sent: the owner's side it compares with (objectives and
    initiatives, JSON), until when it runs, whether it is open, and how many answers the
    owner's last shown view held (a view is only replaced once 3 more have answered)."""

    __tablename__ = "team_pulses"
    __table_args__ = (Index("ix_team_pulses_team_id_owner_id", "team_id", "owner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(
        String(TEAM), ForeignKey("workspaces.team_id", ondelete="CASCADE")
    )
    owner_id: Mapped[str] = mapped_column(String(SLACK_ID))
    status: Mapped[str] = mapped_column(String(16))  # "open" or "closed"
    owner_side: Mapped[Any] = mapped_column(JsonValue)
    bank_version: Mapped[str] = mapped_column(String(32))
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    shown_count: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PulseMember(Base):
    """One person asked in a pulse: the pulse interview they answer (kind "pulse"), when
    they finished it, and when they were reminded (once)."""

    __tablename__ = "pulse_members"
    __table_args__ = (UniqueConstraint("pulse_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(TEAM), index=True)
    pulse_id: Mapped[int] = mapped_column(Integer, ForeignKey("team_pulses.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    interview_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("interviews.id", ondelete="SET NULL"), index=True
    )
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
