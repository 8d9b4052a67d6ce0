"""The real embedder's pass planning and its oneDNN linear layers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from knowledge.embed import SentenceTransformerEmbedder, plan_passes
from knowledge.onednn import OneDnnLinear


@pytest.mark.parametrize(
    "lengths",
    [[12], [12, 40], [40, 12, 15, 45, 18, 35], [30] * 70, list(range(1, 100, 7))],
)
def test_plan_passes_covers_every_text_once_within_the_size_limit(lengths: list[int]) -> None:
    passes = plan_passes(lengths, max_size=32)
    assert sorted(i for members in passes for i in members) == list(range(len(lengths)))
    assert all(1 <= len(members) <= 32 for members in passes)


@pytest.mark.parametrize(
    ("lengths", "expected"),
    [
        ([16, 18, 15], [[2, 0, 1]]),  # similar lengths: one pass
        ([12, 15, 18, 120, 125, 130], [[0, 1, 2], [3, 4, 5]]),  # short and long apart
    ],
)
def test_plan_passes_groups_texts_of_similar_length(
    lengths: list[int], expected: list[list[int]]
) -> None:
    assert plan_passes(lengths, max_size=32) == expected


def test_onednn_linear_computes_what_the_linear_layer_computes() -> None:
    torch.manual_seed(0)
    dense = torch.nn.Linear(384, 1536)
    inputs = torch.randn(3, 40, 384)
    with torch.inference_mode():
        expected = dense(inputs)
        actual = OneDnnLinear(dense)(inputs)
    assert torch.allclose(actual, expected, atol=1e-4, rtol=1e-5)


@pytest.mark.skipif(not torch.backends.mkldnn.is_available(), reason="torch without oneDNN")
def test_onednn_layers_replace_every_linear_layer_of_the_model(
    embedder: SentenceTransformerEmbedder,
) -> None:
    assert not any(type(m) is torch.nn.Linear for m in embedder.load().modules())


def test_embedder_returns_unit_vectors_in_the_order_of_the_texts(
    embedder: SentenceTransformerEmbedder,
) -> None:
    texts = ["KPIs", "How do we measure the return on an automation project over three years?"]
    together = embedder.embed(texts)
    apart = np.vstack([embedder.embed([text]) for text in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, apart, atol=1e-5)
