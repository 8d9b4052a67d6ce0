"""Fixtures that run the same tests on SQLite and on PostgreSQL.

PostgreSQL comes from `TEST_DATABASE_URL` (default: the trust-auth server on 127.0.0.1:5432,
database `test`). Each test session works in its own schema, dropped at the end, and each
test starts from empty tables, so parallel runs never collide. Where no server answers the
PostgreSQL tests skip with instructions, except under `CI=true`, where that is a failure.

Import the fixtures you need into a `conftest.py` (`from tests.store.backends import ...`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.store import Store
from bot.store.database import resolve_url
from bot.store.schema import Base

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HOW_TO = (
    "PostgreSQL is not reachable at {where}; start a server (trust auth) or set "
    "TEST_DATABASE_URL=postgresql+psycopg://user@host:5432/db to run the PostgreSQL store tests"
)


class FakeClock:
    """A clock that only moves when told to: `clock()` returns the current instant."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward by a `timedelta(**delta)`."""
        self.now += timedelta(**delta)


def _postgres_base_url() -> str:
    return resolve_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL), Path())


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL into a fresh schema of the test PostgreSQL server, for this test session."""
    base = _postgres_base_url()
    where = make_url(base).render_as_string(hide_password=True)
    admin = create_engine(base, connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        admin.dispose()
        message = HOW_TO.format(where=where)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    schema = f"alignbot_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_store_session(postgres_url: str) -> Iterator[Store]:
    """One migrated PostgreSQL store per test session (tables emptied per test)."""
    store = Store.open(postgres_url)
    try:
        yield store
    finally:
        store.close()


def _empty_tables(store: Store) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with store.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The backend the test runs on: "sqlite" or "postgresql"."""
    return str(request.param)


@pytest.fixture
def clock() -> FakeClock:
    """A fixed clock the store and the interview use (a fake of our own seam)."""
    return FakeClock()


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty, migrated database on the test's backend; its URL."""
    if backend == "sqlite":
        url = resolve_url(None, tmp_path / "db")
        Store.open(url).close()
        return url
    store: Store = request.getfixturevalue("postgres_store_session")
    _empty_tables(store)
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(database_url: str, clock: FakeClock) -> Iterator[Store]:
    """A store on an empty database of the test's backend, with the fixed clock."""
    opened = Store.open(database_url, clock=clock, pool_size=5)
    try:
        yield opened
    finally:
        opened.close()
