"""Opening the database: which URL, how each backend is tuned, and migrations on start.

- No `DATABASE_URL`: a SQLite file `alignbot.db` in `ALIGNBOT_DATA_DIR`, in WAL mode, every
  transaction `BEGIN IMMEDIATE` so that concurrent writers queue instead of failing half-way,
  with a generous busy timeout (several processes may share the file). Committed answers
  survive the process being killed (synchronous=NORMAL, see `_tune_sqlite`).
- `DATABASE_URL=postgresql://…`: PostgreSQL through psycopg 3 (`postgresql://` and
  `postgres://` are read as `postgresql+psycopg://`).
- `migrate(engine)` brings the schema to the newest Alembic revision, in one transaction, and
  holds a lock while doing so: several replicas starting at once migrate exactly once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.store.errors import StoreError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "alignbot.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Any constant: the key of the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK_KEY = 0x616C69676E  # "align"


def resolve_url(database_url: str | None, data_dir: Path) -> str:
    """Return the SQLAlchemy URL to use: `database_url` normalised to a driver we ship, or
    the SQLite file in `data_dir` (created if missing) when it is unset."""
    if not database_url:
        data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url.removeprefix(prefix)
    return database_url


def create_db_engine(url: str, *, pool_size: int = 10, **kwargs: Any) -> Engine:
    """Return an Engine for `url`, tuned for its backend (see the module docstring)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            "DATABASE_URL is not a valid database URL; "
            "expected e.g. postgresql+psycopg://user@host/db"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        _tune_sqlite(engine)
        return engine
    try:
        return create_engine(
            parsed, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, **kwargs
        )
    except (ImportError, ArgumentError) as exc:
        raise StoreError(
            f"DATABASE_URL names a database alignbot cannot use ({parsed.get_backend_name()}); "
            "use PostgreSQL (postgresql+psycopg://…) or leave it unset for SQLite"
        ) from exc


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite opens transactions lazily and only before writes, so a read followed by a
    # write can fail with "database is locked" under concurrency. Take the write lock up
    # front instead (SQLAlchemy's documented recipe, with IMMEDIATE).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # In WAL mode NORMAL keeps every committed transaction across a crash or a kill of
        # the process (what "committed before the next question" needs); only a power cut
        # can lose the last few. FULL would fsync on every answer, ~5 ms each here.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision, once, even with several processes
    starting together. Raises `StoreError` when the database cannot be reached."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        log.error("database migration failed: %s", type(exc).__name__)
        raise StoreError(
            "The database could not be opened or upgraded; check DATABASE_URL "
            "(or ALIGNBOT_DATA_DIR) and that the database server is running"
        ) from exc
