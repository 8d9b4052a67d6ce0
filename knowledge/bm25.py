"""BM25 scoring with the term statistics computed once per index revision.

`rank_bm25.BM25Okapi.get_scores` rebuilds, for every query term, a Python list over every
passage; under 40 concurrent Slack questions that loop held the GIL for about 2 ms per
question. `PostingsBM25` takes the idf and term frequencies of a `BM25Okapi` and keeps, per
term, the passages containing it with their precomputed score contributions, so scoring a
query is a few numpy additions. The scores are exactly `BM25Okapi.get_scores`'s (same formula,
same float operations per passage).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rank_bm25 import BM25Okapi

Scores = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]


@dataclass(frozen=True)
class _Posting:
    passages: Indices
    contributions: Scores


class PostingsBM25:
    """BM25 (Okapi, rank_bm25's variant and defaults) over tokenised passages."""

    def __init__(self, corpus: Sequence[Sequence[str]]) -> None:
        self.size = len(corpus)
        self._postings: dict[str, _Posting] = {}
        if not corpus:
            return
        okapi = BM25Okapi([list(tokens) for tokens in corpus])
        doc_len = np.array(okapi.doc_len)
        norm = okapi.k1 * (1 - okapi.b + okapi.b * doc_len / okapi.avgdl)
        holders: dict[str, list[int]] = defaultdict(list)
        for passage, freqs in enumerate(okapi.doc_freqs):
            for term in freqs:
                holders[term].append(passage)
        for term, passages in holders.items():
            rows = np.array(passages, dtype=np.intp)
            freq = np.array([okapi.doc_freqs[p][term] for p in passages], dtype=np.float64)
            idf = okapi.idf.get(term) or 0
            self._postings[term] = _Posting(
                rows, idf * (freq * (okapi.k1 + 1) / (freq + norm[rows]))
            )

    def scores(self, query: Sequence[str]) -> Scores:
        """Return every passage's BM25 score for the query terms (repeats count again)."""
        total = np.zeros(self.size)
        for term in query:
            posting = self._postings.get(term)
            if posting is not None:
                total[posting.passages] += posting.contributions
        return total
