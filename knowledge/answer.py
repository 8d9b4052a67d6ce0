"""Answer composition, offline, from the retrieved passages: the first of these kinds of
answer that fits the question is given.

1. A question about the user's own notes that names someone or asks for the dates of several
   things gets every line of the notes naming them or carrying such a date, in the notes'
   order or by date (`knowledge.note_answer`).
2. A question asking for a set ("what are the levels…", "list…", "which pitfalls…") or how to
   do something, whose passages are items of one list, rows of one table or numbered steps,
   gets that whole unit, or the rows or columns it names (`knowledge.unit_answer`).
3. A short passage under a heading the question uses every word of, or a short one of the
   user's own notes close to a question not asking for a set, is quoted whole.
4. Anything else is answered in sentences: the statement that best answers the question
   first, then the most similar remaining ones (at most two per passage, none repeating one
   already chosen), each followed by its passage's citation number. A statement that points
   back ("This framework…", "Once … defined, the next step…") brings the sentence before it,
   or is not used; asked for a set, a sentence naming three or more things may lead.

What a question asks for is read from its words (`knowledge.question_shapes`); a follow-up
the passages do not cover is told apart before composing (`knowledge.follow_ups`).

Statements are the passages' sentences, list entries and table rows, embedded at index time,
so choosing them costs one matrix product.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from knowledge.embed import Vectors
from knowledge.models import Answer
from knowledge.note_answer import note_lines
from knowledge.passages import (
    MAX_PASSAGES,
    MAX_STATEMENT_CHARS,
    UNIT_HITS,
    Document,
    Statements,
    UnitHits,
    Units,
    citation_for,
)
from knowledge.question_shapes import (
    ASKS_WHAT_TO_ASK,
    HOW_TO,
    MORE_THINGS,
    WHAT_TO_DO,
    asks_for_set,
)
from knowledge.search import Hit
from knowledge.sources import USER_DOC_PREFIX
from knowledge.text import repeats_heading, tokenize
from knowledge.unit_answer import compose_unit

NO_GUIDANCE = (
    "I have no guidance on that. I answer questions about aligning automation, AI and "
    "technology investments with a business's strategy, for example: "
    '"How do I choose KPIs for an automation project?" or "What should we check before '
    'buying an AI tool?"'
)

NO_NOTES = (
    "No notes of your business are indexed yet, so I cannot answer from them. Whoever runs "
    "alignbot can add them (`alignbot index plan.md notes/`, .md, .txt or .pdf); then ask again."
)

MAX_STATEMENTS = 3
MAX_ANSWER_CHARS = 700
_MIN_STATEMENT_CHARS = 25
_REDUNDANT = 0.85
_RANK_PENALTY = 0.03
_ANAPHORA_PENALTY = 0.06
_MIN_EXTRA_SIMILARITY = 0.30
_MAX_EXTRA_GAP = 0.15
_POINTS_BACK = re.compile(
    r"^(?:(?:This|These|That|Those|It|They|Such|Their|Its)\b"
    r"|(?:Once|After|With)\b[^.]{0,80}?,\s+(?:the\s+)?next\b)"
)
_LEAD_IN = re.compile(
    r"^(?:Furthermore|Moreover|However|Similarly|Conversely|Additionally|Therefore|Thus|"
    r"In essence|In conclusion|Ultimately|Finally|First|Second|Third|Fourth|Firstly|Secondly|"
    r"Thirdly|For instance|For example|In this context|In contrast|Consequently),\s+"
)
_ENUMERATION = re.compile(
    r"(?:,[^,;.?!]{1,80}){2,},?\s+(?:and|or)\s+\w|\w[^,;.?!]{2,80},[^,;.?!]{2,80},\s+(?:and|or)\s+\w"
)
"""A sentence naming three or more things: "a, b, c(,) and d", or three with the serial
comma the documents write ("cloud computing, microservices, and API-driven integrations")."""
_ENUMERATION_GAP = 0.25  # how far below the best statement a listing sentence may lead
_ENUMERATION_GAP_HOW = 0.12  # the same for a how-to question (a list is less surely its answer)
_MIN_OWN_SIMILARITY = 0.4
"""A short passage of the user's own notes this similar to the question, and first, is
quoted whole: the user's notes are terse, each sentence of a section carries part of it."""


@dataclass(frozen=True)
class _Candidate:
    rank: int
    order: int
    text: str
    vector: Vectors
    score: float
    similarity: float
    lists: bool = False
    """A sentence of prose naming three or more things (a table row's cells are not a list)."""
    points_back: bool = False
    """It opens by pointing back to the sentence before it ("This involves…")."""
    sentence: str = ""
    """The statement alone, without the sentence it points back to."""
    elaboration: str = ""
    """The next sentence, when it lists what this one says in general: quoted after it."""


def no_guidance() -> Answer:
    """Return the answer to a question the corpus does not cover."""
    return Answer(answer=NO_GUIDANCE, confident=False, citations=[])


def no_notes() -> Answer:
    """Return the answer to a question about the user's notes when none are indexed."""
    return Answer(answer=NO_NOTES, confident=False, citations=[])


def compose_extractive(
    hits: Sequence[Hit],
    query_vector: Vectors,
    statements: Statements,
    *,
    question: str = "",
    units: Units | None = None,
    unit_hits: UnitHits | None = None,
    expansions: Sequence[str] = (),
    context: str = "",
    names: Collection[str] = (),
    document: Document | None = None,
    today: date | None = None,
) -> Answer:
    """Return the answer to `question` from the retrieved passages: a whole list, table or
    run of steps when the question asks for one and the passages hold it, otherwise the
    statements that best match the query vector, each followed by its citation number.
    `expansions` are the corpus's words for the question's (the lexicon's): a table's column
    may be named by them ("in charge" names "Owner"). `context` is the earlier question of a
    follow-up: "…and by when?" asks for the dates of whom it named. `names` are the words of
    the question and context that name someone or something of the user's notes, however
    they are written ("amira"). `document` gives every passage of a user's note, read whole
    for the lines naming someone or carrying a date; `today` tells the dates ahead from the
    past ones ("what's due?")."""
    noted = (
        note_lines(
            question,
            hits,
            statements,
            units,
            context=context,
            known=names,
            document=document,
            today=today,
        )
        if question
        else None
    )
    if noted is not None:
        return noted
    if units is not None and question:
        extra = unit_hits(query_vector) if unit_hits is not None else ()
        whole = compose_unit(
            question,
            hits,
            units,
            extra,
            expansions=expansions,
            prose_lists=_lists_in_prose(hits[:1], query_vector, statements),
        )
        if whole is not None:
            return whole
    top = list(hits[:MAX_PASSAGES])
    if top and (_names_section(question, top[0]) or _own_short_passage(question, top[0])):
        return Answer(
            answer=f"{top[0].chunk.text} [1]", confident=True, citations=[citation_for(top[0], 1)]
        )
    listing_gap = (
        _ENUMERATION_GAP
        if question
        and (asks_for_set(question) or MORE_THINGS.search(question) or WHAT_TO_DO.search(question))
        else _ENUMERATION_GAP_HOW
        if HOW_TO.search(question)
        else None
    )
    # A question for a set may be answered by a sentence listing it a little further down.
    candidates = _candidates(
        list(hits[:UNIT_HITS]) if listing_gap is not None else top,
        query_vector,
        statements,
        listing_gap=listing_gap,
        rows=_row_reader(units),
        asks_what_to_ask=bool(ASKS_WHAT_TO_ASK.search(question)),
    )
    if not candidates:
        return no_guidance()
    chosen = _with_elaborations(_choose(candidates), candidates)
    ranks = sorted({c.rank for c in chosen})
    number = {rank: n for n, rank in enumerate(ranks, start=1)}
    # The best statement leads; the rest follow in the order of their passages.
    lead, rest = chosen[0], sorted(chosen[1:], key=lambda c: (number[c.rank], c.order))
    ordered = [lead, *rest]
    text = " ".join(
        f"{_tidy(c.text)}{' ' + _tidy(c.elaboration) if c.elaboration else ''} [{number[c.rank]}]"
        for c in ordered
    )
    citations = [citation_for(hits[rank], number[rank]) for rank in ranks]
    return Answer(answer=text, confident=True, citations=citations)


def _names_section(question: str, hit: Hit) -> bool:
    """Return True when a short passage of prose sits under a heading that the question
    uses every word of ("the delivery van"): the whole passage answers. A heading of the
    shipped documents needs two such words; one of the user's own documents may have one
    if the question repeats the whole heading ("What will we not automate?" for "What we
    will not automate"; "How do I choose KPIs for an automation project?" is not about it,
    nor "where does the money go…" about a section called "Money")."""
    heading = set(tokenize(hit.chunk.section))
    own = hit.chunk.doc_id.startswith(USER_DOC_PREFIX)
    return (
        hit.chunk.kind == "prose"
        and len(heading) >= (1 if own else 2)
        and len(hit.chunk.text) <= MAX_STATEMENT_CHARS
        and heading <= set(tokenize(question))
        and (len(heading) >= 2 or repeats_heading(question, hit.chunk.section))
    )


def _own_short_passage(question: str, hit: Hit) -> bool:
    """Return True when the best passage is a short one of prose from the user's own notes,
    close to a question that does not ask for a set: quoted whole ("the lease is reviewed
    after six months against courier costs" is the second half of the van's answer; "We
    said no." follows what the chatbot would have done)."""
    return (
        hit.chunk.doc_id.startswith(USER_DOC_PREFIX)
        and hit.chunk.kind == "prose"
        and len(hit.chunk.text) <= MAX_ANSWER_CHARS
        and hit.similarity >= _MIN_OWN_SIMILARITY
        and not asks_for_set(question)
    )


@lru_cache(maxsize=8192)
def _names_three(sentence: str) -> bool:
    """Return True when the sentence names three or more things (`_ENUMERATION`); the same
    statements come back answer after answer, so each is read once."""
    return _ENUMERATION.search(sentence) is not None


def _candidates(
    hits: Sequence[Hit],
    query: Vectors,
    statements: Statements,
    *,
    listing_gap: float | None = None,
    rows: Callable[[Hit], str] = lambda hit: hit.chunk.text,
    asks_what_to_ask: bool = False,
) -> list[_Candidate]:
    """Return every quotable statement of the hits, scored against the query. A table row
    is quoted whole, scored by its best-matching cell; a sentence that points back to the
    one before is quoted with it (and dropped when it opens its passage). When the question
    asks for a set or how to do something (`listing_gap` is set), a sentence naming three or
    more things ("…such as a, b, c and d") may lead: it is the list the prose holds."""
    found = []
    for rank, hit in enumerate(hits):
        units = list(statements(hit.id))
        if hit.chunk.kind == "table_row" and units:
            best = max(units, key=lambda unit: float(unit[1] @ query))
            units = [(rows(hit), best[1])]
        for order, (text, vector) in enumerate(units):
            if len(text) < _MIN_STATEMENT_CHARS and hit.chunk.kind == "prose":
                continue
            quoted = text
            if hit.chunk.kind == "prose" and _POINTS_BACK.match(_LEAD_IN.sub("", text)):
                antecedent = (
                    units[order - 1][0] if order else _passage_before(hit, hits, statements)
                )
                if antecedent is None:
                    continue  # it opens its passage, and the passage before was not retrieved
                quoted = f"{_tidy(antecedent)} {text}"
            similarity = float(vector @ query)
            score = similarity - _RANK_PENALTY * rank
            if quoted is not text:
                score -= _ANAPHORA_PENALTY  # two sentences to say one thing: lead less often
            if hit.chunk.kind == "prose" and text.endswith("?") and asks_what_to_ask:
                score += 0.1  # asked what to ask, the documents' own questions answer
            elif hit.chunk.kind == "prose" and text.endswith("?") and not _names_three(text):
                # A rhetorical question rarely answers one; one that names three or more
                # things ("the total cost of ownership, including implementation, training,
                # and ongoing maintenance?") is the documents' checklist of them.
                score -= 0.1
            lists = hit.chunk.kind == "prose" and _names_three(text)
            found.append(
                _Candidate(
                    rank=rank,
                    order=order,
                    text=quoted,
                    vector=vector,
                    score=score,
                    similarity=similarity,
                    lists=lists,
                    points_back=quoted is not text,
                    sentence=text,
                )
            )
    if listing_gap is None:
        return found
    found = [c for c in found if c.rank < MAX_PASSAGES or c.lists]
    return _enumeration_first(found, listing_gap)


def _lists_in_prose(hits: Sequence[Hit], query: Vectors, statements: Statements) -> bool:
    """Return True when one of the passages is prose with a sentence naming three or more
    things that is similar enough to the question to be quoted."""
    return any(
        hit.chunk.kind == "prose"
        and _names_three(text)
        and float(vector @ query) >= _MIN_EXTRA_SIMILARITY
        for hit in hits
        for text, vector in statements(hit.id)
    )


def _passage_before(hit: Hit, hits: Sequence[Hit], statements: Statements) -> str | None:
    """Return the last statement of the passage just before `hit` in its section when that
    passage was retrieved too ("…implement ethical guidelines for AI." before "This includes
    conducting ethical impact assessments…"), else None."""
    chunk = hit.chunk
    for other in hits:
        if (
            other.chunk.doc_id == chunk.doc_id
            and other.chunk.section == chunk.section
            and other.chunk.position == chunk.position - 1
            and other.chunk.kind == "prose"
        ):
            said = statements(other.id)
            return said[-1][0] if said else None
    return None


def _row_reader(units: Units | None) -> Callable[[Hit], str]:
    """Return how a table row reads quoted alone: as its table's answer lines read ("Pilot
    Projects: Are you starting with small pilot projects…?"), with the table's name; the
    passage's own record when its table is unknown."""

    def read(hit: Hit) -> str:
        unit = units(hit.id) if units is not None else None
        item = (
            next((i for i in unit.items if i.position == hit.chunk.position), None)
            if unit is not None
            else None
        )
        if unit is None or item is None:
            return hit.chunk.text
        return f"{item.line(MAX_STATEMENT_CHARS)} ({unit.title})"

    return read


def _enumeration_first(found: list[_Candidate], gap: float) -> list[_Candidate]:
    """Return the candidates with the best sentence naming three or more things scored
    first, when it is at most `gap` below the best one: in prose, that sentence is the list
    a set question asks for."""
    if not found:
        return found
    top = max(c.score for c in found)
    listing = [
        c
        for c in found
        if c.lists and c.similarity >= _MIN_EXTRA_SIMILARITY and c.score >= top - gap
    ]
    if not listing:
        return found
    best = max(listing, key=lambda c: c.score)
    promoted = replace(best, score=top + 0.01)
    return [promoted if c is best else c for c in found]


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda c: -c.score)
    first = ordered[0]
    chosen = [first]
    length = len(_tidy(first.text))
    for candidate in ordered:
        if len(chosen) >= MAX_STATEMENTS:
            break
        if candidate is first or sum(1 for c in chosen if c.rank == candidate.rank) >= 2:
            continue
        # A sentence quoted with the one before it goes on from it: it may take that one's
        # place even when it is less similar to the question ("This framework proposes…
        # four key perspectives" after "…is the Balanced Scorecard approach").
        antecedent = next((i for i, c in enumerate(chosen) if c.text in candidate.text), None)
        if candidate.similarity < _MIN_EXTRA_SIMILARITY or (
            antecedent is None and candidate.score < first.score - _MAX_EXTRA_GAP
        ):
            continue
        if (
            antecedent is None
            and max(float(candidate.vector @ c.vector) for c in chosen) > _REDUNDANT
        ):
            continue
        if any(candidate.text in c.text for c in chosen):
            continue
        if antecedent is not None:
            length -= len(_tidy(chosen[antecedent].text))
            chosen[antecedent] = candidate
            length += len(_tidy(candidate.text))
            continue
        added = len(_tidy(candidate.text)) + 5
        if length + added > MAX_ANSWER_CHARS:
            continue
        chosen.append(candidate)
        length += added
    return chosen


def _with_elaborations(chosen: list[_Candidate], found: list[_Candidate]) -> list[_Candidate]:
    """Return the chosen statements, each followed by the next sentence of its passage when
    that one points back to it and lists things: "It requires ensuring that all departments
    … understand the strategic role of technology." is said in general; "This involves
    training programs, cross-functional collaboration, and…" says what it takes."""
    quoted = " ".join(c.text for c in chosen)
    result = []
    for c in chosen:
        after = next(
            (
                e
                for e in found
                if e.rank == c.rank
                and e.order == c.order + 1
                and e.points_back
                and e.lists
                and e.sentence not in quoted
            ),
            None,
        )
        result.append(replace(c, elaboration=after.sentence) if after is not None else c)
    return result


def _tidy(statement: str) -> str:
    """Return the statement as it reads alone: no dangling lead-in, capitalised, short."""
    text = _LEAD_IN.sub("", statement.strip())
    text = text[:1].upper() + text[1:]
    if len(text) > MAX_STATEMENT_CHARS:
        cut = text[:MAX_STATEMENT_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
        text = f"{cut}…"
    return text
