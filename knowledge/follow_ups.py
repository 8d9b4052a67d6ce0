"""Follow-ups: telling a question that goes on from an earlier one in a thread ("what about the
cost?", "and how long will it take?"), what it asks beyond the earlier question, whether the
passages found for the two together speak of it, and the sentence saying they do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.embed import Vectors
from knowledge.passages import UNIT_HITS, Statements
from knowledge.search import Hit
from knowledge.text import surface, tokenize

ASPECT_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok|okay|and|so|but)\W+)*(?:what|how)\s+about\b", flags=re.IGNORECASE
)
"""A follow-up asking for another aspect of the same topic: "what about the cost?"."""
GOING_ON = re.compile(
    r"^\W*(?:(?:ok|okay|and|so|but)\W+)+(?:how|what|when|who|where|which|is|are|does|do|"
    r"will|would|can|could|should)\b",
    flags=re.IGNORECASE,
)
"""A follow-up that goes on from the earlier question: "and how long will it take?"."""
_ASPECTS = (
    (re.compile(r"\bhow\s+long\b|\bhow\s+many\s+(?:weeks|months|days)\b", re.I), "time"),
    (re.compile(r"\bhow\s+much\b|\b(?:cost|price|budget)\b", re.I), "cost"),
    (re.compile(r"\bwhen\b", re.I), "timing"),
)
"""What a question word asks about, when the follow-up names no subject of its own."""
_FOLLOW_UP_SIMILARITY = 0.30
"""A statement this similar to a follow-up asked alone speaks to it, even in other words
than the follow-up's ("what about the cost?" after a chatbot question reaches 0.26)."""
_VAGUE = frozenset(tokenize("ok okay about look like mean say tell else next then again also more"))


def follow_up_gap(
    question: str,
    context: str,
    hits: Sequence[Hit],
    *,
    statements: Statements,
    alone: Vectors,
    expansions: Sequence[str],
) -> list[str]:
    """Return the words a follow-up adds to the earlier question ("cost" in "what about the
    cost?") when none of the passages found for the two together speaks of them: no passage
    uses one of them (or a bridged word), and no statement is similar to the follow-up asked
    alone (`alone`, its vector). Return [] when the passages cover the follow-up."""
    earlier = set(tokenize(context)) | _VAGUE
    new = {w: None for w in tokenize(question) if w not in earlier}
    if not new:
        return []
    words = set(new) | set(tokenize(" ".join(expansions)))
    top = hits[:UNIT_HITS]
    for hit in top:
        chunk = hit.chunk
        if words & set(tokenize(f"{chunk.embed_text} {chunk.level} {chunk.title}")):
            return []
    similarities = [float(v @ alone) for hit in top for _, v in statements(hit.id)]
    if similarities and max(similarities) >= _FOLLOW_UP_SIMILARITY:
        return []
    return [surface(question, token) for token in new]


def asked_aspect(question: str, context: str) -> list[str]:
    """Return what a follow-up asks about beyond the earlier question: "time" for "how
    long…", "cost" for "how much…", else the words it adds ("training" in "and what about
    training?"); [] when it adds nothing."""
    for pattern, aspect in _ASPECTS:
        if pattern.search(question):
            return [aspect]
    earlier = set(tokenize(context)) | _VAGUE
    new = {w: None for w in tokenize(question) if w not in earlier}
    return [surface(question, token) for token in new]


def uncovered_sentence(words: Sequence[str], *, general: bool = True) -> str:
    """Return the sentence saying the documents do not cover what a follow-up asks, leading
    to what they say about it generally (or, when they say nothing, saying so)."""
    said = (
        "The documents don't cover that: none of the passages on your earlier question "
        f"speaks of {' or '.join(words)}"
    )
    if not general:
        return f"{said}, and no other passage does either."
    return f"{said}. What they say about {' and '.join(words)} in automation generally:"
