"""The store's health probe (`/healthz`): it answers while the database does, and raises the
store's own error once the database cannot be reached, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store
from bot.store.database import create_db_engine
from bot.store.errors import StoreError


def test_ping_answers_while_the_database_does(store: Store) -> None:
    store.ping()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("postgresql+psycopg://postgres@127.0.0.1:9/test", id="postgresql down"),
        pytest.param("sqlite:///{tmp}/gone/alignbot.sqlite3", id="sqlite folder gone"),
    ],
)
def test_ping_raises_a_store_error_when_the_database_cannot_be_reached(
    url: str, tmp_path: Path
) -> None:
    unreachable = Store(create_db_engine(url.format(tmp=tmp_path)))
    try:
        with pytest.raises(StoreError, match="busy or unreachable"):
            unreachable.ping()
    finally:
        unreachable.close()
