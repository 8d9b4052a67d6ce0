"""Incremental indexing on real Chroma on disk, with the toy embedder (quality is not under
test here; what gets embedded, kept and removed is)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pytest
import yaml

from knowledge.base import KnowledgeBase
from knowledge.errors import DocumentError, EmbeddingModelError, VectorIndexError
from knowledge.search import SearchConfig
from knowledge.sources import SOURCES_DIR
from knowledge.store import ChromaStore, StoredCorpus, VectorStore
from tests.conftest import ToyEmbedder


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A writable copy of the shipped sources."""
    return Path(shutil.copytree(SOURCES_DIR, tmp_path / "sources"))


def _open(data_dir: Path, embedder: ToyEmbedder, sources: Path) -> KnowledgeBase:
    return KnowledgeBase(ChromaStore.on_disk(data_dir), embedder, sources_dir=sources)


def test_index_builds_then_embeds_nothing_when_unchanged(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    first = kb.index()
    assert (first.added, first.updated, first.removed, first.unchanged) == (5, 0, 0, 0)
    assert first.chunks_embedded == first.chunks_total > 200
    embedded = toy_embedder.calls

    again = _open(tmp_path / "data", toy_embedder, sources).index()
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert again.chunks_embedded == 0
    assert toy_embedder.calls == embedded


def test_index_re_embeds_only_the_changed_passages_of_a_changed_document(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    total = kb.index().chunks_total
    path = sources / "003_289a40e1141f5323.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Markets are rarely static.", "Markets are never static."), encoding="utf-8"
    )
    report = kb.index()
    assert (report.updated, report.unchanged) == (1, 4)
    assert (report.chunks_embedded, report.chunks_deleted) == (1, 1)
    assert report.chunks_total == total
    hits = kb.retriever.search("Markets are never static").hits
    assert any("never static" in h.chunk.text for h in hits)


def test_index_removes_the_passages_of_a_removed_document(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    kb.index()
    metadata = yaml.safe_load((sources / "metadata.yaml").read_text(encoding="utf-8"))
    metadata["documents"] = [d for d in metadata["documents"] if not d["file"].startswith("004")]
    (sources / "metadata.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
    (sources / "004_8f07e3dc0aaeb89f.txt").unlink()
    report = kb.index()
    assert (report.removed, report.unchanged) == (1, 4)
    assert "technology-investment-alignment" not in {r.doc_id for r in kb.store.refs()}


def test_index_adds_a_users_document_next_to_the_shipped_ones(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    kb.index()
    plan = tmp_path / "plan.md"
    plan.write_text(
        "# Our plan\n\nWe will pilot the new CRM in the sales team first.\n", encoding="utf-8"
    )
    report = kb.index([plan])
    assert (report.added, report.chunks_embedded) == (1, 1)
    top = kb.retriever.search("pilot the new CRM in the sales team").hits[0].chunk
    assert (top.title, top.source, top.level) == ("Our plan", "plan.md", "")
    assert kb.index().unchanged == 6  # a full re-sync keeps it


def test_index_removes_a_users_document_whose_file_is_gone(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    plan = tmp_path / "plan.md"
    plan.write_text("We will pilot the new CRM in the sales team first.\n", encoding="utf-8")
    kb.index([plan])
    plan.unlink()
    report = kb.index()
    assert report.removed == 1
    assert not any(r.doc_id.startswith("file:") for r in kb.store.refs())


def test_index_keeps_a_users_document_that_became_unreadable(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    plan = tmp_path / "plan.md"
    plan.write_text("We will pilot the new CRM in the sales team first.\n", encoding="utf-8")
    kb.index([plan])
    plan.write_bytes(b"\x00\x01binary now")
    report = kb.index()
    assert report.removed == 0
    assert any(r.doc_id.startswith("file:") for r in kb.store.refs())


def test_index_with_one_bad_file_changes_nothing(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    kb.index()
    before = sorted(r.id for r in kb.store.refs())
    good = tmp_path / "good.md"
    good.write_text("A good note about automation.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\xff\x00")
    with pytest.raises(DocumentError):
        kb.index([good, bad])
    with pytest.raises(DocumentError):
        kb.index([tmp_path / "missing.md"])
    assert sorted(r.id for r in kb.store.refs()) == before


class FailingEmbedder(ToyEmbedder):
    """Embeds `budget` texts, then fails like a model that cannot run."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.calls + len(texts) > self.budget:
            raise EmbeddingModelError("The embedding model could not run.")
        return super().embed(texts)


def test_index_that_fails_while_embedding_loses_nothing(tmp_path: Path, sources: Path) -> None:
    kb = _open(tmp_path / "data", ToyEmbedder(), sources)
    kb.index()
    before = sorted(r.id for r in kb.store.refs())
    path = sources / "000_f35edb1327d5576d.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("bakery", "brewery"), encoding="utf-8")
    failing = _open(tmp_path / "data", FailingEmbedder(budget=0), sources)
    with pytest.raises(EmbeddingModelError):
        failing.index()
    assert sorted(r.id for r in failing.store.refs()) == before


def test_index_rebuilds_when_the_embedding_model_changes(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    _open(tmp_path / "data", toy_embedder, sources).index()

    class OtherModel(ToyEmbedder):
        name = "toy:another-model"

    other = OtherModel()
    report = _open(tmp_path / "data", other, sources).index()
    assert report.added == 5
    assert other.calls > 0


def test_searches_in_several_threads_survive_a_concurrent_re_index(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Chroma does not isolate a read from a concurrent write: a whole-index read while
    another thread deletes passages failed with "Error finding id". Readers reload the
    index on every question here, and keep asking until the writer is done."""
    store = ChromaStore.on_disk(tmp_path / "data")
    writer = KnowledgeBase(store, toy_embedder, sources_dir=sources)
    writer.index()
    reader = KnowledgeBase(
        store, toy_embedder, config=SearchConfig(refresh_seconds=0.0), sources_dir=sources
    )
    note = tmp_path / "note.md"
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def ask_repeatedly() -> None:
        try:
            asked = 0
            while writing.is_set() or asked < 15:
                reader.ask("Should we pilot the new CRM before rolling it out?")
                asked += 1
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=ask_repeatedly) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for version in range(4):
            note.write_text(
                f"Version {version}: pilot the new CRM in sales first.\n", encoding="utf-8"
            )
            writer.index([note])
    finally:
        writing.clear()
        for thread in threads:
            thread.join()
    assert errors == []
    assert "index reload failed" not in caplog.text


class UnreadableStore:
    """A real `ChromaStore` whose whole-index reads fail while `unreadable` is set, as when
    another process keeps rewriting the index."""

    def __init__(self, inner: ChromaStore) -> None:
        self.inner = inner
        self.unreadable = False

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def load(self) -> StoredCorpus:
        """Fail while unreadable, else read the real store."""
        if self.unreadable:
            raise VectorIndexError("The knowledge index could not be read; try again.")
        return self.inner.load()


def test_search_answers_from_the_passages_it_has_while_the_index_cannot_be_read(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    store = ChromaStore.on_disk(tmp_path / "data")
    writer = KnowledgeBase(store, toy_embedder, sources_dir=sources)
    writer.index()
    flaky = UnreadableStore(store)
    reader = KnowledgeBase(
        cast(VectorStore, flaky),  # the rest of the store is delegated to the real one
        toy_embedder,
        config=SearchConfig(refresh_seconds=0.0),
        sources_dir=sources,
    )
    question = "Should we pilot the new CRM in the sales team first?"
    before = reader.ask(question)
    note = tmp_path / "note.md"
    note.write_text("We will pilot the new CRM in the sales team first.\n", encoding="utf-8")
    writer.index([note])
    flaky.unreadable = True
    assert reader.ask(question) == before
    flaky.unreadable = False
    assert "note.md" in {c.source for c in reader.ask(question).citations}


def test_index_with_a_new_model_that_fails_keeps_the_old_index(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    kb = _open(tmp_path / "data", toy_embedder, sources)
    kb.index()
    before = sorted(r.id for r in kb.store.refs())

    class BrokenNewModel(FailingEmbedder):
        name = "toy:a-model-that-cannot-load"

    with pytest.raises(EmbeddingModelError):
        _open(tmp_path / "data", BrokenNewModel(budget=0), sources).index()
    assert sorted(r.id for r in kb.store.refs()) == before
    assert kb.store.embedder_name() == toy_embedder.name


def test_adding_a_file_after_a_model_change_rebuilds_everything(
    tmp_path: Path, toy_embedder: ToyEmbedder, sources: Path
) -> None:
    _open(tmp_path / "data", toy_embedder, sources).index()

    class OtherModel(ToyEmbedder):
        name = "toy:another-model"

    plan = tmp_path / "plan.md"
    plan.write_text("We will pilot the new CRM in the sales team first.\n", encoding="utf-8")
    kb = _open(tmp_path / "data", OtherModel(), sources)
    report = kb.index([plan])
    assert report.added == 6
    assert kb.has_shipped_sources
