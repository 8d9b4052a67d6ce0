from __future__ import annotations

from tests.store.backends import (
    backend,
    clock,
    database_url,
    postgres_store_session,
    postgres_url,
    store,
)

__all__ = [
    "backend",
    "clock",
    "database_url",
    "postgres_store_session",
    "postgres_url",
    "store",
]
