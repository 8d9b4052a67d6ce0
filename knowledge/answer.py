"""Answer composition, offline, from the retrieved passages.

A question asking for a set ("what are the levels…", "list…", "which pitfalls…") or how to
do something, whose passages are items of one list, rows of one table or numbered steps, is
answered with that whole unit (`knowledge.units`): a lead line, then one line per item with
its short meaning, in the corpus's order, each cited. A question that names one row ("level
4") gets that row. Anything else is answered in sentences: the statement that best answers
the question first, then the most similar remaining ones (at most two per passage, none
repeating one already chosen), each followed by its passage's citation number. A statement
that points back ("This framework…", "Once … defined, the next step…") brings the sentence
before it, or is not used.

Statements are the passages' sentences, list entries and table rows, embedded at index time,
so choosing them costs one matrix product.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge.embed import Vectors
from knowledge.models import Answer, AnswerItem
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
    content_stems,
)
from knowledge.question_shapes import (
    ASKS_READINESS,
    ASKS_WHAT_TO_ASK,
    ASKS_WHAT_TO_CHECK,
    HIGHEST,
    HOW_TO,
    KINDS_OF,
    LOWEST,
    MORE_THINGS,
    STARTING,
    TROUBLE,
    WHAT_TO_DO,
    asks_for_set,
    asks_per_row,
)
from knowledge.search import Hit
from knowledge.sources import USER_DOC_PREFIX
from knowledge.terms import names_in
from knowledge.text import fold, tokenize
from knowledge.units import Unit, UnitItem

NO_GUIDANCE = (
    "I have no guidance on that. I answer questions about aligning automation, AI and "
    "technology investments with a business's strategy, for example: "
    '"How do I choose KPIs for an automation project?" or "What should we check before '
    'buying an AI tool?"'
)

MAX_STATEMENTS = 3
MAX_ANSWER_CHARS = 700
MAX_UNIT_CHARS = 1400
"""A whole list or table stays within about one Slack screen: meanings are trimmed to fit,
items are never dropped."""
_ITEM_CHARS = (90, 220)  # an item's line: never shorter (a name and a few words), nor longer
_UNIT_GAP = 0.12  # a unit this close to the best passage may be what a set question asks for
_UNIT_RANK_PENALTY = 0.05  # per rank below the top hit
_OUTSIDE_RANK = 3  # the rank a named unit none of the hits belongs to counts as
_NEAR_UNITS = 3  # units outside the hits that may be taken without being named
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
_RANK_NOUNS = tuple(tokenize("level stage phase tier step rung"))
_ENUMERATION = re.compile(
    r"(?:,[^,;.?!]{1,80}){2,},?\s+(?:and|or)\s+\w|\w[^,;.?!]{2,80},[^,;.?!]{2,80},\s+(?:and|or)\s+\w"
)
"""A sentence naming three or more things: "a, b, c(,) and d", or three with the serial
comma the documents write ("cloud computing, microservices, and API-driven integrations")."""
_ENUMERATION_GAP = 0.25  # how far below the best statement a listing sentence may lead
_ENUMERATION_GAP_HOW = 0.12  # the same for a how-to question (a list is less surely its answer)
_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

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
) -> Answer:
    """Return the answer to `question` from the retrieved passages: a whole list, table or
    run of steps when the question asks for one and the passages hold it, otherwise the
    statements that best match the query vector, each followed by its citation number.
    `expansions` are the corpus's words for the question's (the lexicon's): a table's column
    may be named by them ("in charge" names "Owner"). `context` is the earlier question of a
    follow-up: "…and by when?" asks for the dates of whom it named. `names` are the words of
    the question and context that name someone or something of the user's notes, however
    they are written ("amira"). `document` gives every passage of a user's note, read whole
    for the lines naming someone or carrying a date."""
    noted = (
        note_lines(
            question, hits, statements, units, context=context, known=names, document=document
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
    shipped documents needs two such words, one of the user's own documents one ("What we
    will not automate"): the user wrote it about their own business, and retrieval already
    put the passage first for it."""
    heading = set(tokenize(hit.chunk.section))
    own = hit.chunk.doc_id.startswith(USER_DOC_PREFIX)
    return (
        hit.chunk.kind == "prose"
        and len(heading) >= (1 if own else 2)
        and len(hit.chunk.text) <= MAX_STATEMENT_CHARS
        and heading <= set(tokenize(question))
    )


def _own_short_passage(question: str, hit: Hit) -> bool:
    """Return True when the best passage is a short one of prose from the user's own notes,
    close to a question that does not ask for a set: quoted whole ("the lease is reviewed
    after six months against courier costs" is the second half of the van's answer)."""
    return (
        hit.chunk.doc_id.startswith(USER_DOC_PREFIX)
        and hit.chunk.kind == "prose"
        and len(hit.chunk.text) <= MAX_STATEMENT_CHARS
        and hit.similarity >= _MIN_OWN_SIMILARITY
        and not asks_for_set(question)
    )


def compose_unit(
    question: str,
    hits: Sequence[Hit],
    units: Units,
    extra: Sequence[Hit] = (),
    *,
    expansions: Sequence[str] = (),
    prose_lists: bool = False,
) -> Answer | None:
    """Return the answer giving a whole unit (or the rows the question names), or None when
    the question does not ask for one or no retrieved passage (nor one of `extra`, the best
    units of the whole corpus) belongs to one. `expansions` (the lexicon's words for the
    question's) may name a table's column."""
    found = _units_in(hits, units, extra)
    if not found:
        return None
    # Asked for every level ("at each level, from the first to the most advanced"), the
    # question's "most advanced" names the range, not one row.
    named_rows = None if asks_per_row(question) else _named_rows(question, found)
    if named_rows is not None:
        unit, hit, rows = named_rows
        return _unit_answer(unit, hit, rows, lead=None)
    asks_check = bool(ASKS_READINESS.search(question))
    per_row = asks_per_row(question)
    asks_set = asks_for_set(question) or asks_check or per_row
    asks_how = bool(HOW_TO.search(question))
    # A passage's strength is its own or its best statement's similarity, whichever is
    # higher: a list's caption ("Benefits of…") is in the passage, not in its entries.
    reference = max(_strength(h) for h in hits[:MAX_PASSAGES])
    best: tuple[tuple[int, float], Unit, Hit] | None = None
    words = content_stems(question)
    starting = asks_how and bool(STARTING.search(question))
    first_steps = next((rank for unit, _, rank, _ in found if unit.kind == "steps"), None)
    for unit, hit, rank, members in found:
        if per_row and unit.kind != "table":
            continue  # one thing per member: rows pair them, a list does not
        clustered = members >= 2 and rank == 0
        # How to start is answered by the best run of steps found near the question (one
        # far below it is about starting something else).
        close = _strength(hit) >= reference - _UNIT_GAP
        starts = starting and unit.kind == "steps" and rank == first_steps and close
        own = words & content_stems(unit.header_words)
        # An item's name ("Reduced Costs") names its unit only when the unit is also near
        # the question: "hidden costs" does not ask for a list of benefits.
        # Nor when the best passage lists things in a sentence of its own.
        by_items = (
            words & content_stems(" ".join(item.name for item in unit.items))
            if (close or rank < UNIT_HITS) and not prose_lists
            else frozenset()
        )
        named = (
            len(own)
            + 0.5 * len(by_items - own)
            + _names_kind(question, unit)
            + _names_trouble(question, unit)
            + int(asks_check and _is_checklist(unit))
        )
        # Asked for one thing per row, the table with a column the question names is the
        # one asked about ("how does the way it measures… change": "ROI Measurement").
        by_column = _column_named(question, unit, expansions) if per_row else 0
        named += bool(by_column)
        if unit.kind == "steps" and not (
            (asks_how and (named or clustered or starts)) or (asks_set and named)
        ):
            # One step matching "how do I measure ROI?" does not make it the answer, nor do
            # steps answer a question for another kind of set ("what metrics…").
            continue
        if unit.kind != "steps" and not (asks_set or clustered):
            continue
        if asks_check and not own and not _is_checklist(unit):
            continue  # a self-check is answered by questions to ask, unless it names a unit
        if unit.noun == "question" and not (asks_how or ASKS_WHAT_TO_CHECK.search(question)):
            continue  # questions to ask answer "what should I check?", not "what metrics?"
        counted = _states_count(question, len(unit.items)) and (close or bool(named))
        # A unit far below the best statement is taken only when the question names it
        # ("pitfalls" for the pitfalls table) or its size; a close one when it is asked for.
        # One no retrieved passage belongs to must be named (or counted) to be taken.
        # Of the units no retrieved passage belongs to, only the few most similar ones may
        # be taken unnamed; a named one counts as ranked just below the hits.
        near = rank < UNIT_HITS + _NEAR_UNITS
        # When the best passage lists things in a sentence of its own, a unit the question
        # does not name is less surely what it asks for than that sentence.
        unnamed = (close and near and (asks_set or rank == 0 or clustered)) and (
            clustered or per_row or not prose_lists
        )
        if not (named or counted or starts or unnamed):
            continue
        penalty = _UNIT_RANK_PENALTY * (
            _OUTSIDE_RANK if rank >= UNIT_HITS and named else min(rank, 5)
        )
        score = _strength(hit) - penalty
        score += 0.04 * max(members - 1, 0) + 0.12 * named + (0.1 if counted else 0.0)
        key = (by_column, score)
        if best is None or key > best[0]:
            best = (key, unit, hit)
    if best is None:
        return None
    _, unit, hit = best
    # Only the question's own words cut the rows to a column: a synonym picks the table
    # but may stand for only part of what is asked ("who does what, and by when?").
    columns = _named_columns(question, unit)
    if columns:
        rows = [item.column(columns) for item in unit.items]
        return _unit_answer(unit, hit, rows, lead=_column_lead(unit, columns))
    return _unit_answer(unit, hit, list(unit.items), lead=_lead(unit))


def _column_named(question: str, unit: Unit, expansions: Sequence[str]) -> int:
    """Return 2 when the question names one of the table's columns in its own words, 1 when
    only through the lexicon's words for them ("in charge": "owner"), else 0: its own word
    counts more ("measures" is also the lexicon's word for "numbers", naming KPI columns)."""
    if _named_columns(question, unit):
        return 2
    return int(bool(_named_columns(" ".join(expansions), unit)))


def _named_columns(text: str, unit: Unit) -> list[str]:
    """Return the labels of a table's columns (after the first, which names the rows) that
    the text (a question, or the lexicon's words for it: "in charge" gives "owner") uses a
    word of ("measures" names "ROI Measurement"): the question asks for that column of every
    row."""
    words = content_stems(text)
    return [label for label in unit.labels[1:] if words & content_stems(label)]


def _column_lead(unit: Unit, columns: Sequence[str]) -> str:
    """Return the line introducing one or more columns of a table, row by row."""
    noun = unit.noun.lower() or "row"
    return f"{' and '.join(columns)} for each {noun}, {_from(unit)[:1].lower()}{_from(unit)[1:]}"


def _names_kind(question: str, unit: Unit) -> int:
    """Return 1 when the question asks for kinds of a thing ("what kinds of alignment…")
    and most of the unit's items are named as kinds of it ("Functional Alignment", "Ethical
    Alignment"…), else 0."""
    match = KINDS_OF.search(question)
    names = [fold(item.name).split() for item in unit.items if item.name]
    if match is None or len(names) < 2:
        return 0
    thing = fold(match.group(1))[:5]
    kinds = sum(1 for words in names if words and words[-1][:5] == thing)
    return int(kinds * 2 > len(unit.items))


def _is_checklist(unit: Unit) -> bool:
    """Return True when most of the unit's items are questions to ask ("Pilot Projects: Are
    you starting with small pilot projects…?"): a checklist."""
    asking = sum(1 for item in unit.items if "?" in item.meaning or "?" in item.name)
    return asking * 2 > len(unit.items)


def _names_trouble(question: str, unit: Unit) -> int:
    """Return 1 when the question asks what goes wrong ("what holds us back…", "which
    mistakes…") and the unit calls itself by such a word ("Challenges to…", "Common
    Pitfalls…"), else 0 (a unit the question names by the word itself is named already)."""
    return int(
        bool(TROUBLE.search(question))
        and bool(TROUBLE.search(unit.header_words))
        and not content_stems(unit.header_words)
        & content_stems(question)
        & content_stems(" ".join(TROUBLE.findall(unit.header_words)))
    )


@lru_cache(maxsize=8192)
def _names_three(sentence: str) -> bool:
    """Return True when the sentence names three or more things (`_ENUMERATION`); the same
    statements come back answer after answer, so each is read once."""
    return _ENUMERATION.search(sentence) is not None


def _strength(hit: Hit) -> float:
    return max(hit.similarity, hit.best_unit)


def _units_in(
    hits: Sequence[Hit], units: Units, extra: Sequence[Hit]
) -> list[tuple[Unit, Hit, int, int]]:
    """Return each distinct unit among the top hits (then `extra`, ranked after them) with
    its best hit, that hit's rank and how many of the top hits belong to it."""
    found: dict[tuple[str, int], tuple[Unit, Hit, int, int]] = {}
    top = list(hits[:UNIT_HITS])
    ranked = [*enumerate(top), *((UNIT_HITS + i, h) for i, h in enumerate(extra))]
    for rank, hit in ranked:
        unit = units(hit.id)
        if unit is None:
            continue
        key = (unit.doc_id, min(unit.positions))
        if key in found:
            continue
        members = sum(
            1 for h in top if h.chunk.doc_id == unit.doc_id and h.chunk.position in unit.positions
        )
        found[key] = (unit, hit, rank, members)
    return list(found.values())


def _named_rows(
    question: str, found: Sequence[tuple[Unit, Hit, int, int]]
) -> tuple[Unit, Hit, list[UnitItem]] | None:
    """Return the rows of a table the question names by a numbered first cell ("level 4",
    not every row), by a cell of a user's table holding a name it writes ("Jonas": his
    rows), or by an extreme of its numbered rows ("the most advanced level": the last; "the
    lowest stage": the first), or None."""
    folded = fold(question)
    names = names_in(question)
    for unit, hit, _, _ in found:
        if unit.kind != "table":
            continue
        own = unit.doc_id.startswith(USER_DOC_PREFIX)
        rows = [
            item
            for item in unit.items
            if any(
                any(ch.isdigit() for ch in part)
                and re.search(rf"\b{re.escape(fold(part))}\b", folded)
                for part in item.name.split(", ")
            )
            or (own and any(set(tokenize(value)) <= names for _, value in item.cells if value))
        ]
        if 0 < len(rows) < len(unit.items):
            return unit, hit, rows
        extreme = _extreme_row(question, unit)
        if extreme is not None:
            return unit, hit, [extreme]
    return None


def _extreme_row(question: str, unit: Unit) -> UnitItem | None:
    """Return the last (or first) of a table's numbered rows when the question asks for its
    top (or bottom) one by a rank word the rows are counted in ("level", "stage"…)."""
    numbered = [item for item in unit.items if any(ch.isdigit() for ch in item.name)]
    if len(numbered) < 2 or len(numbered) != len(unit.items):
        return None
    counted_in = [
        part for item in numbered for part in item.name.split(", ") if re.search(r"\d", part)
    ]  # "Level 1" of "Level 1, Reactive"
    rank_words = {*_RANK_NOUNS, *tokenize(" ".join(counted_in)), *tokenize(unit.noun)}
    if not rank_words & set(tokenize(question)):
        return None
    if HIGHEST.search(question):
        return numbered[-1]
    if LOWEST.search(question):
        return numbered[0]
    return None


def _states_count(question: str, count: int) -> bool:
    """Return True when the question names the unit's size ("the 5 pitfalls", "four areas")."""
    words = {str(count)}
    if count < len(_COUNT_WORDS):
        words.add(_COUNT_WORDS[count])
    return any(re.search(rf"\b{w}\b", question, flags=re.IGNORECASE) for w in words)


def _lead(unit: Unit) -> str:
    """Return the line that introduces a whole unit: how many items, and where from."""
    count = len(unit.items)
    number = _COUNT_WORDS[count].capitalize() if count < len(_COUNT_WORDS) else str(count)
    noun = unit.noun.lower() if unit.noun else "points"
    if unit.noun and not noun.endswith("s"):
        noun = f"{noun}s"
    if unit.kind == "steps":
        noun = "steps"
    return f"{number} {noun}, {_from(unit)[:1].lower()}{_from(unit)[1:]}"


def _from(unit: Unit) -> str:
    return f"From \u201c{unit.title}\u201d"


def _unit_answer(unit: Unit, hit: Hit, rows: list[UnitItem], *, lead: str | None) -> Answer:
    """Return the answer listing `rows` of the unit, citing the unit as passage 1."""
    limit = max(_ITEM_CHARS[0], min(_ITEM_CHARS[1], MAX_UNIT_CHARS // len(rows)))
    if lead is None:  # the rows the question named: in full, within the whole budget
        limit = max(limit, MAX_UNIT_CHARS // len(rows) // 2)
    lines = [item.line(limit) for item in rows]
    items = [AnswerItem(text=line, n=1) for line in lines]
    if unit.kind == "steps":
        body = "\n".join(f"{i}. {line} [1]" for i, line in enumerate(lines, start=1))
    else:
        body = "\n".join(f"- {line} [1]" for line in lines)
    head = f"{lead or _from(unit)} [1]:"
    citation = citation_for(hit, 1, text=unit.text())
    return Answer(answer=f"{head}\n{body}", confident=True, citations=[citation], items=items)


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
