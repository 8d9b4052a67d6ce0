"""What the composers of answers share about the passages they answer from: how they are read
(a passage's statements, the list, table or run of steps it belongs to, a whole document,
the best units of the corpus for a query), how one is cited, how much of them is looked at
and quoted, and the words of a text that tell one passage or unit from another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from knowledge.embed import Vectors
from knowledge.models import Citation
from knowledge.search import Hit
from knowledge.text import STOP_WORDS, fold, stem
from knowledge.units import Unit

MAX_PASSAGES = 3
MAX_STATEMENT_CHARS = 420
UNIT_HITS = 5  # units are looked for among this many hits, then in the whole corpus
_WEAK_WORDS_TEXT = """strategic strategy strategically automation automate automated automating
    automations smb smbs alignment align aligned aligning business ai key new small company
    firm system systems involve give tell help good main"""
_WEAK_WORDS = frozenset(_WEAK_WORDS_TEXT.split())
"""Words too common in the corpus, or too vague, to tell one unit from another ("strategies",
a plural naming a set, is not one of them)."""

Statements = Callable[[str], Sequence[tuple[str, Vectors]]]
"""Returns a passage's statements with their vectors, by passage id."""

Units = Callable[[str], Unit | None]
"""Returns the whole list, table or run of steps a passage belongs to, by passage id."""

Document = Callable[[str], Sequence[Hit]]
"""Returns every passage of a document, in order, by document id."""

UnitHits = Callable[[Vectors], Sequence[Hit]]
"""Returns, for the units of the whole corpus most similar to a query vector, the passage
holding each one's best statement."""


def citation_for(hit: Hit, n: int, *, text: str | None = None) -> Citation:
    """Return the citation of a retrieved passage, numbered n (`text` replaces the passage's
    own when the answer cites the whole unit it belongs to)."""
    chunk = hit.chunk
    return Citation(
        n=n,
        title=chunk.title,
        source=chunk.source,
        level=chunk.level,
        section=chunk.section,
        text=text if text is not None else chunk.text,
        score=round(max(0.0, min(1.0, hit.similarity)), 4),
    )


@lru_cache(maxsize=4096)
def content_stems(text: str) -> frozenset[str]:
    """Return the text's words that can tell one unit from another, stemmed and cut to their
    first five letters ("matures" and "maturity", "KPIs" and "KPI", "mapping" and "maps"
    meet): stop words, weak words and adverbs left out."""
    return frozenset(
        _undouble(stem(word))[:5]
        for word in re.findall(r"[a-z0-9]+", fold(text))
        if len(word) > 1
        and word not in STOP_WORDS
        and word not in _WEAK_WORDS
        and not word.endswith("ly")  # "simply" names no set ("Simple Steps…")
    )


def _undouble(word: str) -> str:
    """Return the word without a doubled final consonant left by stemming ("mapp": "map")."""
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        return word[:-1]
    return word
