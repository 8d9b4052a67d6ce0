"""A workspace's whole lifetime in the store: when it uninstalls the app its data is kept
for a grace period (it may come back), then purged; `purge` removes every row of every
table that carries its team id, the installation's tokens included."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.schema import Base, WorkspaceUninstall
from bot.store.upsert import insert_for


def mark_uninstalled(session: Session, team_id: str, now: datetime, purge_after: datetime) -> None:
    """Record that the workspace uninstalled at `now`; a repeated event keeps the first
    date (Slack sends both app_uninstalled and tokens_revoked)."""
    statement = insert_for(session, WorkspaceUninstall).values(
        team_id=team_id, uninstalled_at=now, purge_after=purge_after
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["team_id"]))


def reinstalled(session: Session, team_id: str) -> bool:
    """Cancel the workspace's pending purge; True when one was pending."""
    gone = session.execute(
        delete(WorkspaceUninstall)
        .where(WorkspaceUninstall.team_id == team_id)
        .returning(WorkspaceUninstall.team_id)
    )
    return gone.first() is not None


def due(session: Session, now: datetime) -> list[str]:
    """Return the workspaces whose grace period is over at `now`."""
    return list(
        session.scalars(
            select(WorkspaceUninstall.team_id).where(WorkspaceUninstall.purge_after <= now)
        )
    )


def purge(session: Session, team_id: str) -> int:
    """Delete every row the workspace has, children before parents; return how many."""
    removed = 0
    # RETURNING, not rowcount: see bot.store.upsert.
    for table in reversed(Base.metadata.sorted_tables):
        if "team_id" in table.c:
            gone = session.execute(
                delete(table).where(table.c.team_id == team_id).returning(table.c.team_id)
            )
            removed += len(gone.all())
    return removed
