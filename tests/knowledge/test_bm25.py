"""`PostingsBM25` scores exactly as `rank_bm25.BM25Okapi`, which it replaces on the hot path."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from knowledge.bm25 import PostingsBM25
from knowledge.sources import load_shipped_documents
from knowledge.text import tokenize

CORPUS = [
    tokenize(paragraph) for doc in load_shipped_documents() for paragraph in doc.text.split("\n\n")
][:400]


@pytest.mark.parametrize(
    "query",
    [
        "How do we measure the ROI of automation?",
        "kpi kpi churn churn retention",
        "a question about nothing in these documents: sourdough",
        "alignment",
        "",
    ],
)
def test_bm25_scores_equal_rank_bm25s_for_the_same_corpus(query: str) -> None:
    terms = tokenize(query)
    expected = BM25Okapi(CORPUS).get_scores(terms)
    assert np.array_equal(PostingsBM25(CORPUS).scores(terms), expected)


def test_bm25_over_an_empty_corpus_scores_nothing() -> None:
    assert PostingsBM25([]).scores(["kpi"]).shape == (0,)
