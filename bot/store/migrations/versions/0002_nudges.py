"""KPI nudges: cadence day, pause and digest channel per KPI; a note per reading; nudge
preferences per person; nudge claims per kind with a lease, so that a claim whose process
died is taken over.

Rows of `nudges_sent` written before this revision were claims of the old "at most once per
person and day" kind: they become sent nudges.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("kpis") as batch:
        batch.add_column(sa.Column("cadence_day", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("digest_channel", sa.String(64), nullable=True))
    with op.batch_alter_table("kpi_readings") as batch:
        batch.add_column(sa.Column("note", sa.String(500), nullable=True))
    with op.batch_alter_table("nudges_sent") as batch:
        batch.drop_constraint("pk_nudges_sent", type_="primary")
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="nudge"))
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="sent"))
        batch.add_column(sa.Column("lease_until", TS, nullable=True))
        batch.add_column(sa.Column("claim_token", sa.String(32), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("sent_at", TS, nullable=True))
        batch.add_column(sa.Column("channel_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("message_ts", sa.String(64), nullable=True))
        batch.add_column(sa.Column("error", sa.String(64), nullable=True))
        batch.create_primary_key("pk_nudges_sent", ["team_id", "user_id", "day", "kind"])
        batch.create_index("ix_nudges_sent_team_id_day", ["team_id", "day"])
    op.execute("UPDATE nudges_sent SET sent_at = claimed_at WHERE sent_at IS NULL")
    op.create_table(
        "nudge_preferences",
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("nudge_time", sa.String(5), nullable=False, server_default="09:00"),
        sa.Column("work_days", sa.String(7), nullable=False, server_default="01234"),
        sa.Column("paused", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("away_until", sa.Date(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("tz", sa.String(64), nullable=True),
        sa.Column("tz_checked_at", TS, nullable=True),
        sa.Column("dm_channel", sa.String(64), nullable=True),
        sa.Column("left_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name="pk_nudge_preferences"),
    )


def downgrade() -> None:
    op.drop_table("nudge_preferences")
    op.execute("DELETE FROM nudges_sent WHERE kind <> 'nudge'")
    with op.batch_alter_table("nudges_sent") as batch:
        batch.drop_index("ix_nudges_sent_team_id_day")
        batch.drop_constraint("pk_nudges_sent", type_="primary")
        for column in (
            "error",
            "message_ts",
            "channel_id",
            "sent_at",
            "attempts",
            "claim_token",
            "lease_until",
            "status",
            "kind",
        ):
            batch.drop_column(column)
        batch.create_primary_key("pk_nudges_sent", ["team_id", "user_id", "day"])
    with op.batch_alter_table("kpi_readings") as batch:
        batch.drop_column("note")
    with op.batch_alter_table("kpis") as batch:
        for column in ("digest_channel", "paused", "cadence_day"):
            batch.drop_column(column)
