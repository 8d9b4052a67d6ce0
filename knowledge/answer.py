"""Answer composition, offline: the most relevant statements of the top passages, each
followed by the number of the passage it comes from, short enough for one Slack message.

Statements are the passages' sentences, list entries and table rows, embedded at index time,
so choosing them costs one matrix product. The first statement comes from the top passage;
the others are the most similar remaining ones, at most two per passage and none that repeats
one already chosen. They are quoted in reading order of their passages' ranks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.embed import Vectors
from knowledge.models import Answer, Citation
from knowledge.search import Hit

NO_GUIDANCE = (
    "I have no guidance on that. I answer questions about aligning automation, AI and "
    "technology investments with a business's strategy, for example: "
    '"How do I choose KPIs for an automation project?" or "What should we check before '
    'buying an AI tool?"'
)

MAX_PASSAGES = 3
MAX_STATEMENTS = 3
MAX_ANSWER_CHARS = 700
MAX_STATEMENT_CHARS = 420
_MIN_STATEMENT_CHARS = 25
_REDUNDANT = 0.85
_RANK_PENALTY = 0.03
_ANAPHORA_PENALTY = 0.06
_MIN_EXTRA_SIMILARITY = 0.30
_MAX_EXTRA_GAP = 0.15
_ANAPHORA = re.compile(r"^(?:This|These|That|Those|It|They|Such|Their|Its)\b")
_LEAD_IN = re.compile(
    r"^(?:Furthermore|Moreover|However|Similarly|Conversely|Additionally|Therefore|Thus|"
    r"In essence|In conclusion|Ultimately|Finally|First|Second|Third|Fourth|Firstly|Secondly|"
    r"Thirdly|For instance|For example|In this context|In contrast|Consequently),\s+"
)

Statements = Callable[[str], Sequence[tuple[str, Vectors]]]
"""Returns a passage's statements with their vectors, by passage id."""


@dataclass(frozen=True)
class _Candidate:
    rank: int
    order: int
    text: str
    vector: Vectors
    score: float
    similarity: float


def citation_for(hit: Hit, n: int) -> Citation:
    """Return the citation of a retrieved passage, numbered n."""
    chunk = hit.chunk
    return Citation(
        n=n,
        title=chunk.title,
        source=chunk.source,
        level=chunk.level,
        section=chunk.section,
        text=chunk.text,
        score=round(max(0.0, min(1.0, hit.similarity)), 4),
    )


def no_guidance() -> Answer:
    """Return the answer to a question the corpus does not cover."""
    return Answer(answer=NO_GUIDANCE, confident=False, citations=[])


def compose_extractive(
    hits: Sequence[Hit], query_vector: Vectors, statements: Statements
) -> Answer:
    """Return an answer quoting the statements of the top passages that best match the
    query vector, each followed by its passage's citation number."""
    top = list(hits[:MAX_PASSAGES])
    candidates = _candidates(top, query_vector, statements)
    if not candidates:
        return no_guidance()
    chosen = _choose(candidates)
    ranks = sorted({c.rank for c in chosen})
    number = {rank: n for n, rank in enumerate(ranks, start=1)}
    chosen.sort(key=lambda c: (number[c.rank], c.order))
    text = " ".join(f"{_tidy(c.text)} [{number[c.rank]}]" for c in chosen)
    citations = [citation_for(top[rank], number[rank]) for rank in ranks]
    return Answer(answer=text, confident=True, citations=citations)


def _candidates(hits: Sequence[Hit], query: Vectors, statements: Statements) -> list[_Candidate]:
    """Return every quotable statement of the hits, scored against the query. A table row
    is quoted whole, scored by its best-matching cell."""
    found = []
    for rank, hit in enumerate(hits):
        units = list(statements(hit.id))
        if hit.chunk.kind == "table_row" and units:
            best = max(units, key=lambda unit: float(unit[1] @ query))
            units = [(hit.chunk.text, best[1])]
        for order, (text, vector) in enumerate(units):
            if len(text) < _MIN_STATEMENT_CHARS and hit.chunk.kind == "prose":
                continue
            similarity = float(vector @ query)
            score = similarity - _RANK_PENALTY * rank
            if hit.chunk.kind == "prose":
                if text.endswith("?"):
                    score -= 0.1  # a rhetorical question rarely answers one
                if _ANAPHORA.match(text):
                    score -= _ANAPHORA_PENALTY  # "These metrics…" needs what came before
            found.append(_Candidate(rank, order, text, vector, score, similarity))
    return found


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda c: -c.score)
    first = next((c for c in ordered if c.rank == 0), ordered[0])
    chosen = [first]
    length = len(_tidy(first.text))
    for candidate in ordered:
        if len(chosen) >= MAX_STATEMENTS:
            break
        if candidate is first or sum(1 for c in chosen if c.rank == candidate.rank) >= 2:
            continue
        if (
            candidate.similarity < _MIN_EXTRA_SIMILARITY
            or candidate.score < first.score - _MAX_EXTRA_GAP
        ):
            continue
        if max(float(candidate.vector @ c.vector) for c in chosen) > _REDUNDANT:
            continue
        added = len(_tidy(candidate.text)) + 5
        if length + added > MAX_ANSWER_CHARS:
            continue
        chosen.append(candidate)
        length += added
    return chosen


def _tidy(statement: str) -> str:
    """Return the statement as it reads alone: no dangling lead-in, capitalised, short."""
    text = _LEAD_IN.sub("", statement.strip())
    text = text[:1].upper() + text[1:]
    if len(text) > MAX_STATEMENT_CHARS:
        cut = text[:MAX_STATEMENT_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
        text = f"{cut}…"
    return text
