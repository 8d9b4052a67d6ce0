"""Whole units of the corpus: a bulleted list, a table, a run of numbered steps written as
prose ("First, … Second, … Finally, …"), of questions to ask, or of things a section names
one sentence at a time ("One common pitfall is… Another is… Furthermore, a lack of…"),
gathered around one of its passages so an answer can give all of it, in order, one line per
item.

The chunker keeps each list whole and each table row as a passage of its own; a table is the
run of consecutive `table_row` passages of one document and section that share their column
labels. Items are read back from the chunks' text ("Label: value." records, "- Name — meaning"
entries, ordinal sentences), so nothing about the index changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from knowledge.models import Chunk
from knowledge.text import split_sentences

UnitKind = Literal["list", "table", "steps"]

_CELL_LABEL = re.compile(r"(?:^|(?<=[.?!:] ))([A-Z][\w()&/,' -]{0,60}?): ")
_ENTRY_NAME = re.compile(r"^(.{2,80}?)\s+[—–-]\s+(.+)$")
_ORDINAL = re.compile(
    r"^(First|Firstly|Second|Secondly|Third|Thirdly|Fourth|Fourthly|Fifth|Next|Then|Finally|"
    r"Lastly),\s+(.+)$"
)
_FIRST_ORDINALS = ("First", "Firstly")
_ANOTHER = re.compile(r"^Another\b")
_FURTHER = re.compile(
    r"^(?:Furthermore|Additionally|Moreover|In addition|Finally|Lastly|Also),\s+"
    r"(?:an?|the)\s+(?!result\b)"
)
"""A sentence adding one more thing of the kind the list names ("Furthermore, a lack of
in-house expertise…"), not one going on about the last ("Furthermore, this…")."""
_MIN_QUESTIONS = 3
_MIN_PROSE_ITEMS = 3
_SENTENCE_BREAK = re.compile(r"(?<=[.?!]) ")
_SHORT_CELL_WORDS = 3


@dataclass(frozen=True)
class UnitItem:
    """One entry of a unit: its name (a list entry's or a row's first cell, may be empty),
    its meaning, and the position of the passage it comes from."""

    name: str
    meaning: str
    position: int
    cells: tuple[tuple[str, str], ...] = ()
    """A table row's cells after its first, as (column label, value)."""
    labelled: bool = False
    """The meaning opens with a column's label ("Owner: Jonas. Deadline: April 2027")."""

    def line(self, limit: int) -> str:
        """Return the item as one line, its meaning trimmed to keep it within `limit`."""
        joint = ". " if self.labelled else ": "
        head = f"{self.name}{joint}" if self.name and self.meaning else self.name
        return head + _trim(self.meaning, max(limit - len(head), 40))

    def column(self, labels: Sequence[str]) -> UnitItem:
        """Return the row with only the cells of the given columns as its meaning ("Level 1,
        Reactive: Basic cost savings"): what a question about one column of a table reads."""
        values = [value for label, value in self.cells if label in labels]
        return replace(self, meaning=". ".join(values), labelled=False) if values else self


@dataclass(frozen=True)
class Unit:
    """A whole list, table or run of steps: what it is called, how its items are counted
    (`noun`), the items in corpus order and the positions of the passages it spans."""

    kind: UnitKind
    doc_id: str
    title: str
    noun: str
    items: tuple[UnitItem, ...]
    positions: frozenset[int]
    header_words: str
    """What the unit calls itself: its caption (its section's heading when it has none) and
    column labels; a question using these words names the unit."""
    labels: tuple[str, ...] = ()
    """A table's column labels, its first (the rows' names) included."""

    def text(self) -> str:
        """Return the whole unit as text: its title, then one line per item in full."""
        if self.kind == "steps":
            lines = [f"{i}. {item.line(10_000)}" for i, item in enumerate(self.items, start=1)]
        else:
            lines = [f"- {item.line(10_000)}" for item in self.items]
        return "\n".join([f"{self.title}:", *lines])


def unit_around(chunks: Sequence[Chunk], index: int) -> Unit | None:
    """Return the whole unit the passage at `index` belongs to (chunks ordered by document
    and position), or None for prose that holds no numbered steps."""
    chunk = chunks[index]
    if chunk.kind in ("list", "takeaways"):
        return _list_unit(chunk)
    if chunk.kind == "table_row":
        return _table_unit(chunks, index)
    return _steps_unit(chunks, index) or _questions_unit(chunk) or _prose_list_unit(chunks, index)


def _list_unit(chunk: Chunk) -> Unit | None:
    lines = chunk.text.splitlines()
    caption = lines[0].rstrip(":").strip() if lines and not lines[0].startswith("- ") else ""
    entries = [line[2:].strip() for line in lines if line.startswith("- ")]
    if len(entries) < 2:
        return None
    items = []
    for entry in entries:
        match = _ENTRY_NAME.match(entry)
        name, meaning = (match.group(1), match.group(2)) if match else ("", entry)
        items.append(UnitItem(name.strip(), meaning.strip(), chunk.position))
    return Unit(
        kind="list",
        doc_id=chunk.doc_id,
        title=caption or chunk.section,
        noun="",
        items=tuple(items),
        positions=frozenset({chunk.position}),
        header_words=caption or chunk.section,
    )


def _caption_and_record(chunk: Chunk) -> tuple[str, str]:
    caption, sep, record = chunk.text.partition(" — ")
    if sep and _CELL_LABEL.match(record) and not _CELL_LABEL.match(chunk.text):
        return caption.strip(), record.strip()
    return "", chunk.text


def _labels(record: str) -> list[str]:
    return [m.group(1) for m in _CELL_LABEL.finditer(record)]


def _table_unit(chunks: Sequence[Chunk], index: int) -> Unit | None:
    chunk = chunks[index]
    caption, record = _caption_and_record(chunk)
    labels = _labels(record)
    if not labels:
        return None

    def same_table(other: Chunk) -> bool:
        other_caption, other_record = _caption_and_record(other)
        return (
            other.kind == "table_row"
            and other.doc_id == chunk.doc_id
            and other.section == chunk.section
            and other_caption == caption
            and _labels(other_record)[: len(labels)] == labels
        )

    start = index
    while start > 0 and same_table(chunks[start - 1]):
        start -= 1
    end = index + 1
    while end < len(chunks) and same_table(chunks[end]):
        end += 1
    rows = [_row_item(chunks[i], labels) for i in range(start, end)]
    if len(rows) < 2:
        return None
    return Unit(
        kind="table",
        doc_id=chunk.doc_id,
        title=caption or chunk.section,
        noun=labels[0],
        items=tuple(_without_shared_tail(rows)),
        positions=frozenset(chunks[i].position for i in range(start, end)),
        header_words=" ".join([caption or chunk.section, *labels]),
        labels=tuple(labels),
    )


def _row_item(chunk: Chunk, labels: Sequence[str]) -> UnitItem:
    """Return a row as "first cell: second cell. Label: cell. …" (a level's "Level 2 —
    Functional" reads "Level 2, Functional")."""
    _, record = _caption_and_record(chunk)
    cells: list[tuple[str, str]] = []
    matches = [m for m in _CELL_LABEL.finditer(record) if m.group(1) in labels]
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(record)
        value = record[match.end() : end].strip().rstrip(".").strip()
        cells.append((match.group(1), value))
    if not cells:
        return UnitItem("", record, chunk.position)
    name = cells[0][1].replace(" — ", ", ")
    # The second cell reads as the row's meaning ("Level 2, Functional: Departmental…")
    # unless it is a word or two (a name, a date), which need their label: "…for all
    # shops. Owner: Jonas. Deadline: April 2027".
    labelled = len(cells) > 1 and len(cells[1][1].split()) <= _SHORT_CELL_WORDS
    rest = [
        value if i == 0 and not labelled else f"{label}: {value}"
        for i, (label, value) in enumerate(cells[1:])
    ]
    return UnitItem(name, ". ".join(rest), chunk.position, tuple(cells[1:]), labelled)


def _without_shared_tail(rows: list[UnitItem]) -> list[UnitItem]:
    """Drop a sentence every row ends with (a "Yes/No." answer column carries nothing)."""
    tails = [_SENTENCE_BREAK.split(row.meaning)[-1] for row in rows]
    if len(set(tails)) == 1 and all(
        len(tail) < len(row.meaning) for tail, row in zip(tails, rows, strict=True)
    ):
        return [replace(row, meaning=row.meaning[: -len(tails[0])].rstrip(" .")) for row in rows]
    return rows


def _steps_unit(chunks: Sequence[Chunk], index: int) -> Unit | None:
    """Return the numbered steps of the prose section around `index`: sentences opening
    with "First," / "Firstly," and going on with "Second," … "Finally,"."""
    section = _prose_section(chunks, index)
    steps: list[UnitItem] = []
    started = False
    for i in section:
        for sentence in split_sentences(chunks[i].text):
            match = _ORDINAL.match(sentence)
            if match is None:
                continue
            if match.group(1) in _FIRST_ORDINALS:
                if started:
                    break
                started = True
            if started:
                text = match.group(2)
                steps.append(UnitItem("", text[:1].upper() + text[1:], chunks[i].position))
    if len(steps) < 2:
        return None
    return _section_unit(chunks, section, "steps", "step", steps)


def _questions_unit(chunk: Chunk) -> Unit | None:
    """Return a run of three or more questions in a row ("What specific functionalities…?
    How well do different tools integrate…? What is the total cost of ownership…?"): the
    documents' way of listing what to check."""
    run: list[str] = []
    best: list[str] = []
    for sentence in split_sentences(chunk.text):
        run = [*run, sentence] if sentence.endswith("?") else []
        if len(run) > len(best):
            best = run
    if len(best) < _MIN_QUESTIONS:
        return None
    return Unit(
        kind="list",
        doc_id=chunk.doc_id,
        title=chunk.section,
        noun="question",
        items=tuple(UnitItem("", question, chunk.position) for question in best),
        positions=frozenset({chunk.position}),
        header_words=chunk.section,
    )


def _prose_list_unit(chunks: Sequence[Chunk], index: int) -> Unit | None:
    """Return the list a prose section writes as sentences: "One common pitfall is X…
    Another is Y… Furthermore, a lack of Z…" (the documents' way of naming challenges,
    pitfalls and risks). Its items are the sentence before the first "Another", each
    "Another…" sentence and each later one adding a thing ("Furthermore, a…"); three at
    least."""
    section = _prose_section(chunks, index)
    sentences = [(s, chunks[i].position) for i in section for s in split_sentences(chunks[i].text)]
    first = next((i for i, (s, _) in enumerate(sentences) if _ANOTHER.match(s)), None)
    if not first:  # None, or a section opening with "Another" (its first item is elsewhere)
        return None
    items = [UnitItem("", *sentences[first - 1])]
    items += [
        UnitItem("", s, position)
        for s, position in sentences[first:]
        if _ANOTHER.match(s) or _FURTHER.match(s)
    ]
    if len(items) < _MIN_PROSE_ITEMS:
        return None  # "X… Another risk is Y": two things in prose read well as prose
    return _section_unit(chunks, section, "list", "", items)


def _prose_section(chunks: Sequence[Chunk], index: int) -> range:
    """Return the indices of the prose passages of the section around `index`."""
    chunk = chunks[index]
    start, end = index, index + 1
    while start > 0 and _same_prose_section(chunks[start - 1], chunk):
        start -= 1
    while end < len(chunks) and _same_prose_section(chunks[end], chunk):
        end += 1
    return range(start, end)


def _section_unit(
    chunks: Sequence[Chunk], section: range, kind: UnitKind, noun: str, items: list[UnitItem]
) -> Unit:
    """Return the unit a prose section holds, called by its section's heading."""
    chunk = chunks[section.start]
    return Unit(
        kind=kind,
        doc_id=chunk.doc_id,
        title=chunk.section,
        noun=noun,
        items=tuple(items),
        positions=frozenset(chunks[i].position for i in section),
        header_words=chunk.section,
    )


def _same_prose_section(a: Chunk, b: Chunk) -> bool:
    return a.kind == "prose" and a.doc_id == b.doc_id and a.section == b.section


def _trim(text: str, limit: int) -> str:
    """Return the text cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"
