"""Micro-batching of concurrent query embeddings.

Under concurrent questions (Slack's answer threads) each question used to run its own model
pass. A pass streams every weight of the model through the CPU (about 42 MB, more than the
cache holds) whatever the number of texts in it, so a pass over two questions costs far less
than two passes. `MicroBatchingEmbedder` wraps an `Embedder`: a caller that finds the model
idle embeds at once (a lone question waits for nothing); callers that arrive while passes are
running queue up, and the next free pass takes everything queued, in one call.

One caller's bad text must not cost the others their answer: texts are checked before they
join a batch (`check_readable`), and when a shared pass fails all the same, each request of
it is embedded again on its own, so only the one that really fails gets the error.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from knowledge.embed import Embedder, Vectors
from knowledge.questions import check_readable


class _Request:
    """Texts waiting to be embedded, then their vectors or the error; `batch` is set when
    this request's thread is handed the next pass to run."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.ready = threading.Event()
        self.batch: list[_Request] | None = None
        self.vectors: Vectors | None = None
        self.error: BaseException | None = None


class MicroBatchingEmbedder:
    """An `Embedder` that shares model passes between concurrent callers; at most
    `max_passes` passes run at once, and one pass takes at most `max_texts` texts (a single
    larger request still goes alone)."""

    def __init__(self, inner: Embedder, *, max_passes: int = 1, max_texts: int = 32) -> None:
        if max_passes < 1 or max_texts < 1:
            raise ValueError("max_passes and max_texts must be at least 1")
        self.inner = inner
        self._max_passes = max_passes
        self._max_texts = max_texts
        self._lock = threading.Lock()
        # Invariant: requests wait in the queue only while `max_passes` passes run; a pass
        # that ends with requests queued hands its slot to the oldest, with its batch.
        self._queue: list[_Request] = []
        self._running = 0
        self.passes = 0

    @property
    def name(self) -> str:
        """The wrapped embedder's name (the vector space does not change)."""
        return self.inner.name

    @property
    def queued(self) -> int:
        """How many callers are waiting for a pass."""
        with self._lock:
            return len(self._queue)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Return unit vectors for the texts, computed in a pass shared with whatever other
        threads asked meanwhile; a `QuestionError` for a text that is not readable, before
        it joins anyone's pass, and the wrapped embedder's error only to the caller whose
        texts cause it."""
        for text in texts:
            check_readable(text)
        request = _Request(texts)
        with self._lock:
            self._queue.append(request)
            if self._running < self._max_passes:
                self._running += 1
                request.batch = self._take()
        if request.batch is None:
            request.ready.wait()  # until a pass embedded it, or handed it the next pass
        if request.batch is not None:
            self._run(request.batch)
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors

    def _run(self, batch: list[_Request]) -> None:
        """Embed a batch in one call; then hand the slot to the next batch, if any."""
        try:
            vectors = self.inner.embed([text for request in batch for text in request.texts])
            start = 0
            for request in batch:
                request.vectors = np.asarray(vectors[start : start + len(request.texts)])
                start += len(request.texts)
        except Exception as exc:
            if len(batch) == 1:
                batch[0].error = exc
            else:
                self._run_alone(batch)
        except BaseException as exc:  # an interrupt: nobody's pass can go on
            for request in batch:
                request.error = exc
        finally:
            with self._lock:
                self.passes += 1
                successor = None
                if self._queue:
                    following = self._take()
                    successor = following[0]
                    successor.batch = following
                else:
                    self._running -= 1
            for request in batch:
                request.batch = None
                request.ready.set()
            if successor is not None:
                successor.ready.set()

    def _run_alone(self, batch: list[_Request]) -> None:
        """Embed each request of a failed shared pass on its own: the error goes to the
        requests that fail alone, vectors to the others."""
        for request in batch:
            try:
                request.vectors = np.asarray(self.inner.embed(request.texts))
            except Exception as exc:
                request.error = exc

    def _take(self) -> list[_Request]:
        """Remove and return the queued requests of the next pass, oldest first."""
        batch = [self._queue.pop(0)]
        size = len(batch[0].texts)
        while self._queue and size + len(self._queue[0].texts) <= self._max_texts:
            size += len(self._queue[0].texts)
            batch.append(self._queue.pop(0))
        return batch
