"""The knowledge base on a real Chroma server (`chroma run`), as several bot replicas use it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.errors import VectorIndexError
from knowledge.store import ChromaStore
from tests.conftest import ToyEmbedder

CHROMA = Path(sys.executable).with_name("chroma")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A Chroma server on a free local port, persisted in a temporary folder."""
    if not CHROMA.exists():
        pytest.skip("the chroma server executable is not installed")
    port = _free_port()
    log = tmp_path_factory.mktemp("chroma-log") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(CHROMA),
                "run",
                "--path",
                str(tmp_path_factory.mktemp("chroma")),
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not _accepts(port):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"chroma server did not start: {log.read_text()[-500:]}")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=10)


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
            Path("unused"), ToyEmbedder(), chroma_host="127.0.0.1", chroma_port=_free_port()
        )
