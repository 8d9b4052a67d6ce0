"""Shared fixtures. Fakes of our own seams live here; real parts (the embedding model, Chroma
on disk, SQLite, PostgreSQL, the fake Slack API) are used wherever behaviour is under test."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import settings as hypothesis_settings

from knowledge.offline import stay_offline

stay_offline()

# CI runs every property test on the same examples, and keeps no example database between
# runs, so a CI result is reproducible; a local run keeps exploring new examples. A failure
# found locally becomes an explicit `@example` on its test.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "explore")

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.embed import SentenceTransformerEmbedder

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
    "LOG_LEVEL",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from an environment without alignbot's variables, in a fresh working
    directory (so no `.env` file is picked up), with its data dir in a temporary folder."""
    for name in _ALIGNBOT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


# --- knowledge base: the embedder seam and the indexed shipped corpus -----------------------


class ToyEmbedder:
    """A deterministic `Embedder` fake for tests where retrieval quality is not under test:
    each word (as BM25 tokenises it) is hashed into one of 64 dimensions, so texts sharing
    words are similar. `calls` counts the texts embedded (to prove nothing was re-embedded)."""

    name = "toy:hashed-words-64"
    dimensions = 64

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Return one unit vector per text."""
        from knowledge.text import tokenize

        self.calls += len(texts)
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in tokenize(text) or [text.lower()]:
                digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
                vectors[row, digest[0] % self.dimensions] += 1.0 if digest[1] % 2 else -1.0
            norm = float(np.linalg.norm(vectors[row]))
            vectors[row] = vectors[row] / norm if norm else 1.0 / np.sqrt(self.dimensions)
        return vectors


@pytest.fixture
def toy_embedder() -> ToyEmbedder:
    """A fresh deterministic toy embedder (fast; no model)."""
    return ToyEmbedder()


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real embedding model, loaded once per test session (about 4 s)."""
    from knowledge.embed import SentenceTransformerEmbedder

    model = SentenceTransformerEmbedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def knowledge_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data dir (ALIGNBOT_DATA_DIR) holding the session's index; read-only: copy it
    (`shutil.copytree`) to change anything."""
    return tmp_path_factory.mktemp("knowledge")


@pytest.fixture(scope="session")
def knowledge_base(
    embedder: SentenceTransformerEmbedder, knowledge_data_dir: Path
) -> KnowledgeBase:
    """The shipped corpus indexed once per session with the real model into real Chroma on
    disk under `knowledge_data_dir`. Read-only: tests that index or change anything build
    their own."""
    from knowledge.base import KnowledgeBase

    kb = KnowledgeBase.open(knowledge_data_dir, embedder)
    kb.index()
    return kb
