"""The knowledge base on a real Chroma server (`chroma run`), as several bot replicas use it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.errors import VectorIndexError
from knowledge.store import ChromaStore
from tests.chroma import free_port, running_chroma_server
from tests.conftest import ToyEmbedder


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A Chroma server on a free local port, persisted in a temporary folder."""
    with running_chroma_server(tmp_path_factory.mktemp("chroma")) as address:
        yield address


@pytest.fixture
def server_stores(chroma_server: tuple[str, int]) -> Iterator[tuple[ChromaStore, ChromaStore]]:
    """Two clients of the same server, as two bot replicas hold them."""
    stores = (ChromaStore.on_server(*chroma_server), ChromaStore.on_server(*chroma_server))
    yield stores
    for store in stores:
        store.close()


def test_replicas_share_one_index_on_a_chroma_server(
    server_stores: tuple[ChromaStore, ChromaStore],
) -> None:
    first = KnowledgeBase(server_stores[0], ToyEmbedder())
    second_embedder = ToyEmbedder()
    second = KnowledgeBase(server_stores[1], second_embedder)

    built = first.index()
    assert built.added == 5
    assert second.has_shipped_sources
    again = second.index()
    assert (again.unchanged, again.chunks_embedded) == (5, 0)
    assert second_embedder.calls == 0
    second.retriever.refresh(force=True)
    assert second.retriever.size == built.chunks_total
    assert second.ask("Should we start with small pilot projects?").confident


def test_open_reports_an_unreachable_server_in_one_line() -> None:
    with pytest.raises(VectorIndexError, match=r"cannot be reached; check CHROMA_HOST"):
        KnowledgeBase.open(
            Path("unused"), ToyEmbedder(), chroma_host="127.0.0.1", chroma_port=free_port()
        )
