"""Themes of the team's free text ("something else" among the priorities), as aggregates
the owner may see: a word or two-word phrase counts once per person who wrote it, and only
those written by at least the anonymity threshold of people come out. Anything fewer people
wrote stays unseen, so no wording can point at its writer.

Words are compared lowercased, letters and digits only, without the rubric's stop words,
short words or a plural "s" ("Hiring more bakers" and "hiring baker" share "hiring baker").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

from evaluators.team_models import Theme

_WORD = re.compile(r"[^\W_]+")


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _terms(text: str, stop_words: frozenset[str], min_length: int) -> set[str]:
    """The words and two-word phrases of one person's text (each once)."""
    words = [
        _stem(w)
        for w in _WORD.findall(text.lower())
        if len(w) >= min_length and w not in stop_words
    ]
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def shared_themes(
    texts: Iterable[str],
    *,
    min_people: int,
    stop_words: Iterable[str] = (),
    min_length: int = 3,
    limit: int = 5,
) -> tuple[Theme, ...]:
    """Return the themes at least `min_people` people wrote (most written first, at most
    `limit`); a word is left out when a phrase holding it was written by as many people,
    since it says nothing more."""
    stops = frozenset(w.lower() for w in stop_words)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_terms(text, stops, min_length))
    kept = {term: n for term, n in counts.items() if n >= min_people}
    phrases = [term for term in kept if " " in term]
    themes = [
        Theme(text=term, count=n)
        for term, n in kept.items()
        if " " in term or not any(term in p.split() and kept[p] == n for p in phrases)
    ]
    themes.sort(key=lambda t: (-t.count, -len(t.text.split()), t.text))
    return tuple(themes[:limit])
