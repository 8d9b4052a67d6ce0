"""The vector store behind a small seam.

`VectorStore` is what the indexer and the retriever need: add and delete chunks (each with
its own vector and one vector per statement, see `passage_units`), re-position chunks, list
what is stored (for the incremental diff), and load everything with its vectors: the
retriever searches that snapshot in memory (exact nearest neighbours, BM25, MMR, extractive
answers), so answering a question makes no round trip to the store. `ChromaStore` is the
real one: a `PersistentClient` under `<data dir>/chroma`, or an `HttpClient` when a Chroma
server is configured (several bot replicas share one index). Embeddings are always passed
in, so the collections never download their default model.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from knowledge.embed import Vectors
from knowledge.errors import VectorIndexError
from knowledge.models import Chunk

log = logging.getLogger(__name__)

PASSAGES = "alignbot_passages"
UNITS = "alignbot_statements"
_BATCH = 512
_LOAD_ATTEMPTS = 3
T = TypeVar("T")

# One lock per index folder, shared by every store opened on it in this process (they share
# one Chroma client): Chroma does not isolate a read from a concurrent write, so a `get` of
# every passage while another thread deletes some fails with "Error finding id".
_FOLDER_LOCKS: dict[str, threading.RLock] = {}
_FOLDER_LOCKS_GUARD = threading.Lock()


def _folder_lock(path: Path) -> threading.RLock:
    with _FOLDER_LOCKS_GUARD:
        return _FOLDER_LOCKS.setdefault(str(path.resolve()), threading.RLock())


def _empty() -> Vectors:
    return np.zeros((0, 0), dtype=np.float32)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk ready to store: its id, vector, and its statements with their vectors."""

    id: str
    chunk: Chunk
    vector: Vectors
    units: list[str]
    unit_vectors: Vectors


@dataclass(frozen=True)
class StoredRef:
    """What the incremental diff needs to know about a stored chunk."""

    id: str
    doc_id: str
    position: int


@dataclass(frozen=True)
class StoredCorpus:
    """Every stored chunk and statement with its vector, chunks ordered by document and
    position; `unit_owner[i]` is the index in `chunks` of the chunk statement i belongs to."""

    ids: list[str]
    chunks: list[Chunk]
    vectors: Vectors
    units: list[str]
    unit_owner: list[int]
    unit_vectors: Vectors

    @classmethod
    def empty(cls) -> StoredCorpus:
        """Return a corpus with nothing in it."""
        return cls([], [], _empty(), [], [], _empty())


class VectorStore(Protocol):
    """Where chunks, statements and their embeddings live."""

    def embedder_name(self) -> str | None:
        """Return the embedder the stored vectors came from, None when the store is new."""
        ...

    def reset(self, embedder_name: str) -> None:
        """Drop everything and start an empty store for vectors of `embedder_name`."""
        ...

    def refs(self) -> list[StoredRef]:
        """Return a reference to every stored chunk."""
        ...

    def add(self, entries: Sequence[StoredChunk]) -> None:
        """Store new chunks with their vectors and statements."""
        ...

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks (and their statements) by id."""
        ...

    def reposition(self, positions: Mapping[str, int]) -> None:
        """Update the position of chunks whose content did not change."""
        ...

    def load(self) -> StoredCorpus:
        """Return every chunk and statement with its vector."""
        ...

    def revision(self) -> str:
        """Return a token that changes whenever the stored chunks change."""
        ...


class ChromaStore:
    """`VectorStore` on Chroma (two collections: passages and statements), on disk or on a
    Chroma server. Writes and whole-index reads in one process take turns (`lock`); a read
    that still meets a concurrent write (another process, a server's other client) is
    retried."""

    def __init__(self, client: Any, *, lock: threading.RLock | None = None) -> None:
        self._client = client
        self._lock = lock or threading.RLock()
        self._passages = self._open(PASSAGES, None)
        self._units = self._open(UNITS, None)

    @classmethod
    def on_disk(cls, data_dir: Path) -> ChromaStore:
        """Return a store persisted under `<data_dir>/chroma`."""
        import chromadb
        from chromadb.config import Settings

        path = data_dir / "chroma"
        try:
            path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(
                path=str(path), settings=Settings(anonymized_telemetry=False)
            )
        except Exception as exc:  # Chroma raises its own and Rust-side error types
            raise VectorIndexError(f"The index folder {path} cannot be opened ({exc}).") from exc
        return cls(client, lock=_folder_lock(path))

    @classmethod
    def on_server(cls, host: str, port: int) -> ChromaStore:
        """Return a store on the Chroma server at host:port."""
        import chromadb
        from chromadb.config import Settings

        try:
            client = chromadb.HttpClient(
                host=host, port=port, settings=Settings(anonymized_telemetry=False)
            )
            client.heartbeat()
        except Exception as exc:  # the HTTP client raises many unrelated types
            raise VectorIndexError(
                f"The Chroma server at {host}:{port} cannot be reached; check CHROMA_HOST and "
                "CHROMA_PORT."
            ) from exc
        return cls(client)

    def _open(self, name: str, embedder_name: str | None) -> Any:
        try:
            return self._client.get_or_create_collection(
                name,
                metadata={"embedder": embedder_name or "", "revision": "0"},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        except Exception as exc:
            raise VectorIndexError(
                f"The index collection {name} cannot be opened ({exc})."
            ) from exc

    def _retrying(self, operation: Callable[[], T]) -> T:
        """Run an operation; if another replica recreated the collections meanwhile (a
        rebuild for a new model), reopen them and run it once more."""
        from chromadb.errors import NotFoundError

        try:
            return operation()
        except NotFoundError:
            log.info("index collections were recreated elsewhere: reopening them")
            self._passages = self._open(PASSAGES, None)
            self._units = self._open(UNITS, None)
            return operation()

    def close(self) -> None:
        """Release the client's connections (a server's HTTP sessions); the store cannot be
        used afterwards. Stores on disk share one client per folder in a process: leave
        those open."""
        self._client.close()
        # chromadb 1.5's close() releases its System but not the HTTP connection pools of the
        # client and of its internal admin client; close those too, or their sockets outlive
        # the store.
        for owner in (self._client, getattr(self._client, "_admin_client", None)):
            session = getattr(getattr(owner, "_server", None), "_session", None)
            if session is not None:
                session.close()

    def embedder_name(self) -> str | None:
        """Return the embedder recorded with the passages, None if it was never set."""
        name = (self._fresh(PASSAGES).metadata or {}).get("embedder")
        return str(name) if name else None

    def reset(self, embedder_name: str) -> None:
        """Start an empty store for vectors of `embedder_name`: a new store is only labelled;
        one holding vectors of another model is deleted and recreated."""
        with self._lock:
            self._reset(embedder_name)

    def _reset(self, embedder_name: str) -> None:
        if self._retrying(lambda: self._passages.count() + self._units.count()) == 0:
            metadata = dict(self._fresh(PASSAGES).metadata or {})
            self._retrying(
                lambda: self._passages.modify(metadata={**metadata, "embedder": embedder_name})
            )
            return
        for name in (PASSAGES, UNITS):
            try:
                self._client.delete_collection(name)
            except Exception:  # an absent collection: nothing to delete
                log.debug("collection %s did not exist", name)
        self._passages = self._open(PASSAGES, embedder_name)
        self._units = self._open(UNITS, embedder_name)

    def refs(self) -> list[StoredRef]:
        """Return every stored chunk's id, document and position."""
        with self._lock:
            got = self._retrying(lambda: self._passages.get(include=["metadatas"]))
        return [
            StoredRef(id=i, doc_id=str(m["doc_id"]), position=int(m["position"]))
            for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)
        ]

    def add(self, entries: Sequence[StoredChunk]) -> None:
        """Add chunks and their statements in batches."""
        with self._lock:
            self._add(entries)

    def _add(self, entries: Sequence[StoredChunk]) -> None:
        for start in range(0, len(entries), _BATCH):
            batch = entries[start : start + _BATCH]
            self._retrying(partial(self._add_passages, batch))
        units = [
            (e.id, i, text, e.unit_vectors[i]) for e in entries for i, text in enumerate(e.units)
        ]
        for start in range(0, len(units), _BATCH):
            batch_units = units[start : start + _BATCH]
            self._retrying(partial(self._add_units, batch_units))
        if entries:
            self._bump()

    def _add_passages(self, batch: Sequence[StoredChunk]) -> None:
        self._passages.add(
            ids=[e.id for e in batch],
            embeddings=np.vstack([e.vector for e in batch]),
            documents=[e.chunk.text for e in batch],
            metadatas=[_metadata(e.chunk) for e in batch],
        )

    def _add_units(self, batch: Sequence[tuple[str, int, str, Vectors]]) -> None:
        self._units.add(
            ids=[f"{cid}#{i}" for cid, i, _, _ in batch],
            embeddings=np.vstack([v for _, _, _, v in batch]),
            documents=[text for _, _, text, _ in batch],
            metadatas=[{"chunk_id": cid, "index": i} for cid, i, _, _ in batch],
        )

    def _delete_batch(self, batch: list[str]) -> None:
        self._units.delete(where={"chunk_id": {"$in": batch}})
        self._passages.delete(ids=batch)

    def delete(self, ids: Sequence[str]) -> None:
        """Delete chunks and their statements by chunk id, in batches."""
        with self._lock:
            self._delete(ids)

    def _delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            batch = list(ids[start : start + _BATCH])
            self._retrying(partial(self._delete_batch, batch))
        if ids:
            self._bump()

    def reposition(self, positions: Mapping[str, int]) -> None:
        """Rewrite the `position` of chunks that moved within their document."""
        if not positions:
            return
        with self._lock:
            got = self._retrying(
                lambda: self._passages.get(ids=list(positions), include=["metadatas"])
            )
            metadatas = [
                {**m, "position": positions[i]}
                for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)
            ]
            self._retrying(lambda: self._passages.update(ids=got["ids"], metadatas=metadatas))
            self._bump()

    def load(self) -> StoredCorpus:
        """Return every chunk and statement with its vector, chunks ordered by document and
        position, statements in order within their chunk. Raises `VectorIndexError` when the
        index stays unreadable (rewritten elsewhere the whole time)."""
        from chromadb.errors import InternalError

        attempt = 1
        while True:
            try:
                with self._lock:
                    return self._load()
            except InternalError as exc:
                # Chroma reads ids, then their records: a write by another process (or by
                # another client of a server) in between makes the second step fail.
                if attempt == _LOAD_ATTEMPTS:
                    raise VectorIndexError(
                        "The knowledge index could not be read while it was being updated; "
                        "try again in a moment."
                    ) from exc
                log.info("index changed while it was read (%s): reading it again", exc)
                time.sleep(0.05 * attempt)
                attempt += 1

    def _load(self) -> StoredCorpus:
        got = self._retrying(
            lambda: self._passages.get(include=["metadatas", "documents", "embeddings"])
        )
        if not got["ids"] or got["embeddings"] is None:
            return StoredCorpus.empty()
        metas = got["metadatas"] or []
        order = sorted(
            range(len(got["ids"])),
            key=lambda i: (str(metas[i]["doc_id"]), int(metas[i]["position"])),
        )
        ids = [got["ids"][i] for i in order]
        chunks = [_chunk(metas[i], (got["documents"] or [])[i]) for i in order]
        vectors = np.asarray(got["embeddings"], dtype=np.float32)[order]
        position = {cid: n for n, cid in enumerate(ids)}
        units_got = self._retrying(
            lambda: self._units.get(include=["metadatas", "documents", "embeddings"])
        )
        unit_rows = sorted(
            (
                (position[str(m["chunk_id"])], int(m["index"]), text, n)
                for n, (m, text) in enumerate(
                    zip(units_got["metadatas"] or [], units_got["documents"] or [], strict=True)
                )
                if str(m["chunk_id"]) in position
            ),
        )
        unit_vectors = (
            np.asarray(units_got["embeddings"], dtype=np.float32)[[row[3] for row in unit_rows]]
            if unit_rows and units_got["embeddings"] is not None
            else _empty()
        )
        return StoredCorpus(
            ids=ids,
            chunks=chunks,
            vectors=vectors,
            units=[row[2] for row in unit_rows],
            unit_owner=[row[0] for row in unit_rows],
            unit_vectors=unit_vectors,
        )

    def revision(self) -> str:
        """Return the passages collection's revision counter (bumped on every write)."""
        return str((self._fresh(PASSAGES).metadata or {}).get("revision", "0"))

    def _fresh(self, name: str) -> Any:
        return self._client.get_collection(name, embedding_function=None)

    def _bump(self) -> None:
        metadata = dict(self._fresh(PASSAGES).metadata or {})
        metadata["revision"] = str(int(metadata.get("revision", "0")) + 1)
        self._retrying(lambda: self._passages.modify(metadata=metadata))


def _metadata(chunk: Chunk) -> dict[str, str | int]:
    return {
        "doc_id": chunk.doc_id,
        "source": chunk.source,
        "title": chunk.title,
        "level": chunk.level,
        "section": chunk.section,
        "kind": chunk.kind,
        "position": chunk.position,
    }


def _chunk(meta: Mapping[str, Any], text: str) -> Chunk:
    return Chunk(
        doc_id=str(meta["doc_id"]),
        source=str(meta["source"]),
        title=str(meta["title"]),
        level=str(meta["level"]),
        section=str(meta["section"]),
        kind=meta["kind"],
        position=int(meta["position"]),
        text=text,
    )
