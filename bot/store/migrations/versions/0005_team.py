"""Team pulses: an interview kind (a pulse does not collide with the person's own
interview), the pulses an owner sends and the people asked in each.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
OPEN = sa.text("status IN ('active', 'paused')")


def _open_index(columns: list[str]) -> None:
    op.create_index(
        "uq_interviews_open_per_user",
        "interviews",
        columns,
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def upgrade() -> None:
    op.add_column(
        "interviews",
        sa.Column("kind", sa.String(16), server_default="assessment", nullable=False),
    )
    op.drop_index("uq_interviews_open_per_user", table_name="interviews")
    _open_index(["team_id", "user_id", "kind"])
    op.create_table(
        "team_pulses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner_side", JSON, nullable=False),
        sa.Column("bank_version", sa.String(32), nullable=False),
        sa.Column("deadline", TS, nullable=False),
        sa.Column("shown_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("closed_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name="fk_team_pulses_team_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_team_pulses"),
    )
    op.create_index("ix_team_pulses_team_id_owner_id", "team_pulses", ["team_id", "owner_id"])
    op.create_table(
        "pulse_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("pulse_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", TS, nullable=True),
        sa.Column("reminded_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["pulse_id"],
            ["team_pulses.id"],
            name="fk_pulse_members_pulse_id_team_pulses",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name="fk_pulse_members_interview_id_interviews",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pulse_members"),
        sa.UniqueConstraint("pulse_id", "user_id", name="uq_pulse_members_pulse_id_user_id"),
    )
    op.create_index("ix_pulse_members_team_id", "pulse_members", ["team_id"])
    op.create_index("ix_pulse_members_interview_id", "pulse_members", ["interview_id"])


def downgrade() -> None:
    op.drop_index("ix_pulse_members_interview_id", table_name="pulse_members")
    op.drop_index("ix_pulse_members_team_id", table_name="pulse_members")
    op.drop_table("pulse_members")
    op.drop_index("ix_team_pulses_team_id_owner_id", table_name="team_pulses")
    op.drop_table("team_pulses")
    op.drop_index("uq_interviews_open_per_user", table_name="interviews")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("kind")
    _open_index(["team_id", "user_id"])
