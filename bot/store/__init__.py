"""Persistence for everything stateful: workspaces, interviews and their answers,
evaluations, KPIs and readings, nudges sent, processed Slack events, answer feedback.

SQLite file under `ALIGNBOT_DATA_DIR` by default, PostgreSQL when `DATABASE_URL` is set;
Alembic migrations (kept in this package) are applied by `open_store` before it returns.
See `bot.store.store` for the contract.
"""

from __future__ import annotations

from bot.store.errors import StoreError
from bot.store.records import (
    EvaluationRecord,
    InterviewChange,
    InterviewRecord,
    JobRecord,
    KpiDraft,
    KpiRecord,
    NewEvaluation,
    NudgeClaim,
    NudgePreferences,
    NudgeSnapshot,
    ReadingRecord,
    StoredAnswer,
)
from bot.store.store import Store, open_store

__all__ = [
    "EvaluationRecord",
    "InterviewChange",
    "InterviewRecord",
    "JobRecord",
    "KpiDraft",
    "KpiRecord",
    "NewEvaluation",
    "NudgeClaim",
    "NudgePreferences",
    "NudgeSnapshot",
    "ReadingRecord",
    "Store",
    "StoreError",
    "StoredAnswer",
    "open_store",
]
