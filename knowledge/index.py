"""Incremental indexing: bring the vector store in line with a set of documents, embedding
only what changed.

A chunk's id is its document plus a hash of its content (text, title, level, section, kind),
so an unchanged corpus embeds nothing, a changed document re-embeds only its changed
passages, and a document that is gone loses its chunks. New vectors are computed before
anything is deleted: an embedding failure leaves the index exactly as it was.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from knowledge.chunk import DEFAULT_MAX_CHARS, chunk_document, passage_units
from knowledge.embed import Embedder
from knowledge.models import Chunk, IndexReport
from knowledge.sources import Document
from knowledge.store import StoredChunk, StoredRef, VectorStore

log = logging.getLogger(__name__)

_EMBED_BATCH = 64
INDEX_FORMAT = 2
"""Part of every chunk id: bump it when cleaning, chunking or `passage_units` change what is
stored for a chunk whose text is the same, so the next index run re-embeds it."""


class ProgressBar(Protocol):
    """The part of `tqdm` the indexer uses."""

    def update(self, n: int = 1) -> object:
        """Advance by n items."""
        ...

    def close(self) -> None:
        """Finish the bar."""
        ...


ProgressFactory = Callable[[int, str], ProgressBar]
"""Called with (total, description) when there is embedding work to show."""


@dataclass
class _Plan:
    new_chunks: list[Chunk] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)
    stale_ids: list[str] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)
    report: IndexReport = field(default_factory=IndexReport)


def chunk_ids(chunks: Sequence[Chunk]) -> list[str]:
    """Return content-derived ids; identical passages within a document get a suffix."""
    seen: dict[str, int] = defaultdict(int)
    ids = []
    for chunk in chunks:
        digest = hashlib.sha256(f"{INDEX_FORMAT}|{chunk.content_hash}".encode()).hexdigest()
        base = f"{chunk.doc_id}::{digest[:24]}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}::{seen[base]}")
    return ids


def sync_documents(
    store: VectorStore,
    embedder: Embedder,
    documents: Sequence[Document],
    *,
    remove_missing: Callable[[str], bool] = lambda _doc_id: False,
    progress: ProgressFactory | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> IndexReport:
    """Index `documents` incrementally and return what changed. Stored documents that are not
    among `documents` are removed when `remove_missing(doc_id)` says so (the shipped corpus
    when it is re-synced), and kept otherwise (adding one user file removes nothing). A store
    built with another embedding model is rebuilt from `documents`; its old vectors are
    dropped only once every new one has been computed."""
    started = time.perf_counter()
    current = store.embedder_name()
    rebuild = current != embedder.name
    plan = _plan([] if rebuild else store.refs(), documents, remove_missing, max_chars)
    entries = _embed(embedder, plan.new_ids, plan.new_chunks, progress)
    if rebuild:
        if current:
            log.warning("index was built with %s, now %s: rebuilt", current, embedder.name)
        store.reset(embedder.name)
    if entries:
        store.add(entries)
    if plan.stale_ids:
        store.delete(plan.stale_ids)
    store.reposition(plan.moved)
    report = plan.report
    report.chunks_embedded = len(plan.new_ids)
    report.chunks_deleted = len(plan.stale_ids)
    report.chunks_total = len(store.refs())
    report.seconds = round(time.perf_counter() - started, 3)
    log.info("index: %s", report.summary())
    return report


def _plan(
    refs: Sequence[StoredRef],
    documents: Sequence[Document],
    remove_missing: Callable[[str], bool],
    max_chars: int,
) -> _Plan:
    """Compare the documents' chunks with what is stored: what to embed, delete, move."""
    stored: dict[str, dict[str, int]] = defaultdict(dict)
    for ref in refs:
        stored[ref.doc_id][ref.id] = ref.position
    plan = _Plan()
    seen_docs: set[str] = set()
    for document in documents:
        if document.doc_id in seen_docs:
            continue
        seen_docs.add(document.doc_id)
        chunks = chunk_document(document, max_chars=max_chars)
        ids = chunk_ids(chunks)
        existing = stored.get(document.doc_id, {})
        fresh = [(i, c) for i, c in zip(ids, chunks, strict=True) if i not in existing]
        stale = [i for i in existing if i not in set(ids)]
        moved = {
            i: c.position
            for i, c in zip(ids, chunks, strict=True)
            if i in existing and existing[i] != c.position
        }
        plan.new_ids.extend(i for i, _ in fresh)
        plan.new_chunks.extend(c for _, c in fresh)
        plan.stale_ids.extend(stale)
        plan.moved.update(moved)
        if not existing:
            plan.report.added += 1
        elif fresh or stale or moved:
            plan.report.updated += 1
        else:
            plan.report.unchanged += 1
    for doc_id, chunk_positions in stored.items():
        if doc_id not in seen_docs and remove_missing(doc_id):
            plan.stale_ids.extend(chunk_positions)
            plan.report.removed += 1
    return plan


def _embed(
    embedder: Embedder,
    ids: Sequence[str],
    chunks: Sequence[Chunk],
    progress: ProgressFactory | None,
) -> list[StoredChunk]:
    """Embed each new chunk and its statements, in batches, with a progress bar."""
    if not chunks:
        return []
    bar = progress(len(chunks), "Embedding passages") if progress else None
    entries: list[StoredChunk] = []
    try:
        for start in range(0, len(chunks), _EMBED_BATCH):
            batch = list(
                zip(
                    ids[start : start + _EMBED_BATCH],
                    chunks[start : start + _EMBED_BATCH],
                    strict=True,
                )
            )
            units = [passage_units(chunk) for _, chunk in batch]
            texts = [chunk.embed_text for _, chunk in batch] + [u for us in units for u in us]
            vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
            offset = len(batch)
            for (chunk_id, chunk), chunk_units, row in zip(
                batch, units, range(len(batch)), strict=True
            ):
                entries.append(
                    StoredChunk(
                        id=chunk_id,
                        chunk=chunk,
                        vector=vectors[row],
                        units=chunk_units,
                        unit_vectors=vectors[offset : offset + len(chunk_units)],
                    )
                )
                offset += len(chunk_units)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    return entries
