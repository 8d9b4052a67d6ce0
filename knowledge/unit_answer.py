"""The whole-unit answer: a question asking for a set, or how to do something, whose passages
are items of one list, rows of one table or numbered steps (`knowledge.units`), is answered
with that whole unit: a lead line, then one line per item with its short meaning, in the
corpus's order, cited as one passage. A question that names rows ("level 4", a name in a
user's table, "the most advanced level") gets those rows; one that names a table's columns
gets those columns of every row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.models import Answer, AnswerItem
from knowledge.passages import MAX_PASSAGES, UNIT_HITS, Units, citation_for, content_stems
from knowledge.question_shapes import (
    ASKS_READINESS,
    ASKS_WHAT_TO_CHECK,
    HIGHEST,
    HOW_TO,
    KINDS_OF,
    LOWEST,
    STARTING,
    TROUBLE,
    asks_for_set,
    asks_per_row,
)
from knowledge.search import Hit
from knowledge.sources import USER_DOC_PREFIX
from knowledge.terms import names_in
from knowledge.text import fold, tokenize
from knowledge.units import Unit, UnitItem

MAX_UNIT_CHARS = 1400
"""A whole list or table stays within about one Slack screen: meanings are trimmed to fit,
items are never dropped."""
_ITEM_CHARS = (90, 220)  # an item's line: never shorter (a name and a few words), nor longer
_UNIT_GAP = 0.12  # a unit this close to the best passage may be what a set question asks for
_UNIT_RANK_PENALTY = 0.05  # per rank below the top hit
_OUTSIDE_RANK = 3  # the rank a named unit none of the hits belongs to counts as
_NEAR_UNITS = 3  # units outside the hits that may be taken without being named
_RANK_NOUNS = tuple(tokenize("level stage phase tier step rung"))
_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


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


def _strength(hit: Hit) -> float:
    return max(hit.similarity, hit.best_unit)


def _units_in(
    hits: Sequence[Hit], units: Units, extra: Sequence[Hit]
) -> list[tuple[Unit, Hit, int, int]]:
    """Return each distinct unit among the top hits (then `extra`, ranked after them) with
    its best hit, that hit's rank and how many of the top hits belong to it. A list of the
    user's notes counts from `extra` only when the search found the question to be about
    that note: "If our priority is keeping customers…" is not asking for "Priorities for
    2027"."""
    found: dict[tuple[str, int], tuple[Unit, Hit, int, int]] = {}
    top = list(hits[:UNIT_HITS])
    asked = {h.chunk.doc_id for h in top}
    outside = [
        h
        for h in extra
        if h.chunk.doc_id in asked or not h.chunk.doc_id.startswith(USER_DOC_PREFIX)
    ]
    ranked = [*enumerate(top), *((UNIT_HITS + i, h) for i, h in enumerate(outside))]
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
