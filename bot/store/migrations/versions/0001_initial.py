"""The first schema: workspaces, interviews and answers, evaluations, KPIs and readings,
nudges sent, processed Slack events, answer feedback.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
OPEN = sa.text("status IN ('active', 'paused')")


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("team_id", name="pk_workspaces"),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("revisit", sa.String(120), nullable=True),
        sa.Column("current_key", sa.String(120), nullable=True),
        sa.Column("bank_version", sa.String(32), nullable=False),
        sa.Column("rubric_version", sa.String(32), nullable=True),
        sa.Column("channel_id", sa.String(64), nullable=True),
        sa.Column("message_ts", sa.String(64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name="fk_interviews_team_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_interviews"),
    )
    op.create_index(
        "uq_interviews_open_per_user",
        "interviews",
        ["team_id", "user_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index(
        "ix_interviews_team_id_user_id_created_at",
        "interviews",
        ["team_id", "user_id", "created_at"],
    )
    op.create_table(
        "interview_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("value", JSON, nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("answered_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_interview_answers_interview_id_interviews",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_interview_answers"),
        sa.UniqueConstraint("interview_id", "key", name="uq_interview_answers_interview_id_key"),
    )
    op.create_index("ix_interview_answers_team_id", "interview_answers", ["team_id"])
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("rubric_version", sa.String(32), nullable=False),
        sa.Column("bank_version", sa.String(32), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("band", sa.String(40), nullable=False),
        sa.Column("maturity_level", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("assessment", JSON, nullable=False),
        sa.Column("evaluation", JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name="fk_evaluations_team_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_evaluations_interview_id_interviews",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evaluations"),
    )
    op.create_index(
        "ix_evaluations_team_id_user_id_created_at",
        "evaluations",
        ["team_id", "user_id", "created_at"],
    )
    op.create_table(
        "kpis",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("owner_user_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("cadence", sa.String(16), nullable=False),
        sa.Column("objective", sa.String(500), nullable=True),
        sa.Column("initiative", sa.String(120), nullable=True),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name="fk_kpis_team_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name="fk_kpis_evaluation_id_evaluations",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_kpis"),
        sa.UniqueConstraint(
            "team_id", "owner_user_id", "name", name="uq_kpis_team_id_owner_user_id_name"
        ),
    )
    op.create_table(
        "kpi_readings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["kpi_id"], ["kpis.id"], name="fk_kpi_readings_kpi_id_kpis", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_kpi_readings"),
        sa.UniqueConstraint("kpi_id", "observed_on", name="uq_kpi_readings_kpi_id_observed_on"),
    )
    op.create_index("ix_kpi_readings_team_id", "kpi_readings", ["team_id"])
    op.create_table(
        "nudges_sent",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", "day", name="pk_nudges_sent"),
    )
    op.create_table(
        "processed_events",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("claimed_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "event_id", name="pk_processed_events"),
    )
    op.create_index("ix_processed_events_claimed_at", "processed_events", ["claimed_at"])
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("answer_ref", sa.String(200), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_answer_feedback"),
        sa.UniqueConstraint(
            "team_id", "user_id", "answer_ref", name="uq_answer_feedback_team_id_user_id_answer_ref"
        ),
    )


def downgrade() -> None:
    for table in (
        "answer_feedback",
        "processed_events",
        "nudges_sent",
        "kpi_readings",
        "kpis",
        "evaluations",
        "interview_answers",
        "interviews",
        "workspaces",
    ):
        op.drop_table(table)
