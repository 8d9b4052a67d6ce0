"""Alembic environment. alignbot runs migrations itself on start (`bot.store.database.migrate`),
passing an open connection in `config.attributes["connection"]`.

To write a new migration by hand: add `versions/NNNN_what.py` with `revision`,
`down_revision` and `upgrade()`; `tests/store/test_migrations.py` checks that the migrated
schema matches `bot/store/schema.py` on SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.store.schema import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through bot.store.database.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
