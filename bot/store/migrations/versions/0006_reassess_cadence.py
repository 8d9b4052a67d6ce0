"""Re-assessment: how often each owner wants one offered (quarterly unless they said), and
which answers of an interview a re-assessment kept from the previous one (its progress
counts only the questions it asks).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "nudge_preferences",
        sa.Column("reassess_cadence", sa.String(16), nullable=False, server_default="quarterly"),
    )
    op.add_column(
        "interview_answers",
        sa.Column("carried", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.execute("DELETE FROM nudges_sent WHERE kind = 'reassess'")
    with op.batch_alter_table("interview_answers") as batch:
        batch.drop_column("carried")
    with op.batch_alter_table("nudge_preferences") as batch:
        batch.drop_column("reassess_cadence")
