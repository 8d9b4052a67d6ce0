"""INSERT … ON CONFLICT for the two backends we run on (SQLite and PostgreSQL share it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session, table: Any) -> Any:
    """Return the dialect's `insert(table)`, which has `on_conflict_do_nothing/_update`."""
    return dialect_insert(session.get_bind().dialect.name, table)


def dialect_insert(dialect_name: str, table: Any) -> Any:
    """Return `insert(table)` of the dialect named `dialect_name` (for a Core connection)."""
    if dialect_name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_ignore(session: Session, table: Any, values: dict[str, Any]) -> bool:
    """Insert one row unless it collides with a unique constraint; True when inserted.
    Atomic across processes: exactly one of several racing callers gets True."""
    # RETURNING, not rowcount: the ORM's insert path does not report rowcount on psycopg.
    key = next(iter(table.__table__.primary_key.columns))
    statement = insert_for(session, table).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None
