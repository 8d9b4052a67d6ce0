"""Shared fixtures. Fakes of our own seams live here; real parts (the embedding model, Chroma
on disk, SQLite, PostgreSQL, the fake Slack API) are used wherever behaviour is under test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# Variables a developer's shell or .env may set that would leak into tests.
_ALIGNBOT_ENV = (
    "ALIGNBOT_DATA_DIR",
    "DATABASE_URL",
    "CHROMA_HOST",
    "CHROMA_PORT",
    "EMBEDDING_MODEL",
    "LLM_MODEL",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "PORT",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from an environment without alignbot's variables, in a fresh working
    directory (so no `.env` file is picked up), with its data dir in a temporary folder."""
    for name in _ALIGNBOT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
