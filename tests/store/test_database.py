from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.settings import load_settings
from bot.store import Store, StoreError, open_store
from bot.store.database import create_db_engine, migrate, resolve_url
from bot.store.schema import Base


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrate_twice_changes_nothing(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        before = sorted(inspect(engine).get_table_names())
        migrate(engine)
        assert sorted(inspect(engine).get_table_names()) == before
        assert "alembic_version" in before
    finally:
        engine.dispose()


def _open_and_claim(url: str, event_id: str) -> bool:
    store = Store.open(url)
    try:
        return store.claim_event("T1", event_id)
    finally:
        store.close()


def test_processes_starting_together_migrate_once_and_claim_once(tmp_path: Path) -> None:
    url = resolve_url(None, tmp_path / "fresh")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_open_and_claim, [(url, "Ev-start")] * 4)
    assert sorted(results) == [False, False, False, True]


def test_open_store_defaults_to_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    store = open_store(load_settings())
    try:
        assert store.backend == "sqlite"
        assert (tmp_path / "data" / "alignbot.db").exists()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_resolve_url_reads_plain_postgres_urls_as_psycopg(given: str, expected: str) -> None:
    assert resolve_url(given, Path("unused")) == expected


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "not a valid database URL"),
        ("mysql+nosuchdriver://u:hunter2@h/db", "cannot use"),
    ],
)
def test_bad_database_url_fails_with_one_clear_sentence(url: str, says: str) -> None:
    with pytest.raises(StoreError, match=says) as caught:
        Store.open(url)
    assert "hunter2" not in str(caught.value)


def test_unreachable_database_fails_without_showing_the_password() -> None:
    with pytest.raises(StoreError, match="could not be opened") as caught:
        Store.open("postgresql+psycopg://alice:hunter2@127.0.0.1:9/db?connect_timeout=1")
    assert "hunter2" not in str(caught.value)
