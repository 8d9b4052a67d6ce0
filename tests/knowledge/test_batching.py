"""Micro-batching of concurrent query embeddings, over the toy embedder (a fake of our own
`Embedder` seam) that records every call and can hold a pass until the test releases it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pytest

from knowledge.batching import MicroBatchingEmbedder
from knowledge.embed import SentenceTransformerEmbedder
from knowledge.errors import EmbeddingModelError, QuestionError
from tests.conftest import ToyEmbedder


class HeldEmbedder(ToyEmbedder):
    """Records the texts of every call; the first call waits until `release` is set. It
    fails every call when `fail`, and any call holding the text `poison`."""

    def __init__(self, *, fail: bool = False, poison: str | None = None) -> None:
        super().__init__()
        self.batches: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.fail = fail
        self.poison = poison

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Record the call, hold the first one, then embed (or fail)."""
        self.batches.append(list(texts))
        if len(self.batches) == 1:
            self.entered.set()
            assert self.release.wait(10)
        if self.fail or (self.poison is not None and self.poison in texts):
            raise EmbeddingModelError("The embedding model could not run.")
        return super().embed(texts)


def _in_threads(calls: Sequence[Callable[[], object]]) -> list[threading.Thread]:
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    return threads


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_micro_batching_embeds_a_lone_caller_at_once() -> None:
    inner = HeldEmbedder()
    inner.release.set()
    batcher = MicroBatchingEmbedder(inner)
    vectors = batcher.embed(["How do I choose KPIs?", "KPIs (measurement)"])
    assert inner.batches == [["How do I choose KPIs?", "KPIs (measurement)"]]
    assert np.array_equal(
        vectors, ToyEmbedder().embed(["How do I choose KPIs?", "KPIs (measurement)"])
    )


def test_micro_batching_shares_one_pass_between_callers_that_queue() -> None:
    inner = HeldEmbedder()
    batcher = MicroBatchingEmbedder(inner)
    questions = [f"question {n} about automation" for n in range(6)]
    results: dict[str, npt.NDArray[np.float32]] = {}

    def ask(text: str) -> Callable[[], None]:
        return lambda: results.__setitem__(text, batcher.embed([text, f"{text} (bridged)"]))

    first = _in_threads([ask("the first question")])
    assert inner.entered.wait(10)
    rest = _in_threads([ask(q) for q in questions])
    _wait_until(lambda: batcher.queued == len(questions))
    inner.release.set()
    for thread in first + rest:
        thread.join(10)
    assert len(inner.batches) == 2
    assert sorted(inner.batches[1]) == sorted(t for q in questions for t in (q, f"{q} (bridged)"))
    for text, vectors in results.items():
        assert np.array_equal(vectors, ToyEmbedder().embed([text, f"{text} (bridged)"]))


def test_micro_batching_splits_passes_at_max_texts() -> None:
    inner = HeldEmbedder()
    batcher = MicroBatchingEmbedder(inner, max_texts=4)
    first = _in_threads([lambda: batcher.embed(["first"])])
    assert inner.entered.wait(10)
    rest = _in_threads([lambda n=n: batcher.embed([f"a{n}", f"b{n}"]) for n in range(3)])
    _wait_until(lambda: batcher.queued == 3)
    inner.release.set()
    for thread in first + rest:
        thread.join(10)
    assert [len(batch) for batch in inner.batches] == [1, 4, 2]


def test_micro_batching_gives_the_error_of_a_broken_model_to_every_caller() -> None:
    inner = HeldEmbedder(fail=True)
    batcher = MicroBatchingEmbedder(inner)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            batcher.embed(["a question"])
        except EmbeddingModelError as exc:
            errors.append(exc)

    threads = _in_threads([ask])
    assert inner.entered.wait(10)
    threads += _in_threads([ask, ask])
    _wait_until(lambda: batcher.queued == 2)
    inner.release.set()
    for thread in threads:
        thread.join(10)
    assert len(errors) == 3
    inner.fail = False
    assert batcher.embed(["after the failure"]).shape == (1, ToyEmbedder.dimensions)


def test_micro_batching_gives_a_failed_pass_error_only_to_the_caller_that_causes_it() -> None:
    inner = HeldEmbedder(poison="the poisoned text")
    batcher = MicroBatchingEmbedder(inner)
    results: dict[str, object] = {}

    def ask(text: str) -> Callable[[], None]:
        def run() -> None:
            try:
                results[text] = batcher.embed([text])
            except EmbeddingModelError as exc:
                results[text] = exc

        return run

    questions = ["first question", "second question", "the poisoned text", "third question"]
    threads = _in_threads([ask("holding the pass")])
    assert inner.entered.wait(10)
    threads += _in_threads([ask(q) for q in questions])
    _wait_until(lambda: batcher.queued == len(questions))
    inner.release.set()
    for thread in threads:
        thread.join(10)
    assert sorted(inner.batches[1]) == sorted(questions)  # they did share the pass
    assert isinstance(results.pop("the poisoned text"), EmbeddingModelError)
    for text, vectors in results.items():
        assert isinstance(vectors, np.ndarray)
        assert np.array_equal(vectors, ToyEmbedder().embed([text]))


def test_micro_batching_refuses_unreadable_text_before_it_joins_a_pass() -> None:
    inner = HeldEmbedder()
    inner.release.set()
    batcher = MicroBatchingEmbedder(inner)
    with pytest.raises(QuestionError, match="not readable text"):
        batcher.embed(["fine", "broken \ud800 emoji"])
    assert inner.batches == []


def test_a_lone_surrogate_costs_nobody_else_their_vectors_with_the_real_model(
    embedder: SentenceTransformerEmbedder,
) -> None:
    batcher = MicroBatchingEmbedder(embedder)
    good = [f"How do we measure the ROI of automation project {n}?" for n in range(6)]
    alone = {text: embedder.embed([text]) for text in good}
    bad = "Which KPIs \ud800 should we track?"
    for _ in range(3):
        results = _embed_at_once(batcher, [*good, bad])
        assert isinstance(results.pop(bad), QuestionError)
        assert set(results) == set(good)
        for text, vectors in results.items():
            assert isinstance(vectors, np.ndarray)
            assert np.allclose(vectors, alone[text], atol=1e-4)


def _embed_at_once(batcher: MicroBatchingEmbedder, texts: Sequence[str]) -> dict[str, object]:
    """Embed each text in its own thread, all released at once; return each text's vectors
    or the error it got."""
    start = threading.Barrier(len(texts))
    results: dict[str, object] = {}

    def ask(text: str) -> None:
        start.wait(10)
        try:
            results[text] = batcher.embed([text])
        except Exception as exc:
            results[text] = exc

    for thread in _in_threads([lambda t=t: ask(t) for t in texts]):
        thread.join(30)
    return results


class SlowEmbedder(ToyEmbedder):
    """Takes a millisecond a pass, so that concurrent callers queue; counts passes in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed after a millisecond, tracking how many passes overlap."""
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(0.001)
        with self.lock:
            self.in_flight -= 1
        return super().embed(texts)


@pytest.mark.parametrize("max_passes", [1, 2, 3])
def test_micro_batching_under_many_threads_answers_every_caller_with_its_own_vectors(
    max_passes: int,
) -> None:
    inner = SlowEmbedder()
    batcher = MicroBatchingEmbedder(inner, max_passes=max_passes, max_texts=8)
    wrong: list[str] = []

    def ask_repeatedly(worker: int) -> None:
        for n in range(40):
            texts = [f"worker {worker} question {n}"] * (1 + n % 3)
            if not np.array_equal(batcher.embed(texts), ToyEmbedder().embed(texts)):
                wrong.append(texts[0])

    threads = _in_threads([lambda w=w: ask_repeatedly(w) for w in range(8)])
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert wrong == []
    assert inner.most_in_flight <= max_passes
    assert batcher.queued == 0
    assert batcher.embed(["a lone question afterwards"]).shape == (1, ToyEmbedder.dimensions)


@pytest.mark.parametrize("settings", [{"max_passes": 0}, {"max_texts": 0}])
def test_micro_batching_refuses_settings_that_could_never_embed(settings: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        MicroBatchingEmbedder(ToyEmbedder(), **settings)
