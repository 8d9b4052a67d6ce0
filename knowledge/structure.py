"""A document's structure: level (Fundamentals / Intermediate / Advanced) -> section heading
-> paragraphs, lists, key-takeaway blocks and table rows, read from cleaned text.

`parse_document(text)` returns `Block`s in reading order. It understands the shipped captures
(one paragraph per line, headings as short title-case lines, level labels on lines of their
own or given by the document's metadata) and a user's own Markdown or plain text (`#`
headings, `-`/`*`/`1.` lists, `| a | b |` tables, hard-wrapped paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.clean import (
    clean_line,
    is_image_description,
    is_noise_line,
    strip_references,
    strip_trailing_explore,
)
from knowledge.models import LEVELS, ChunkKind
from knowledge.tables import (
    Table,
    is_markdown_row,
    is_pipe_cell,
    read_bare_table,
    read_markdown_table,
    read_pipe_table,
)

INTRODUCTION = "Introduction"

_LIST_MARKER = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_CAPTION_PREFIX = re.compile(r"^(?:Table|List|Figure)\s+—\s+")
_TAKEAWAY_CAPTION = re.compile(r"\b(takeaways?|insights)\b", flags=re.IGNORECASE)
_SMALL_WORDS_TEXT = """
    a an and as at but by for from in into of on or the to vs with without your our its their
    is are not"""
_SMALL_WORDS = frozenset(_SMALL_WORDS_TEXT.split())
_BARE_TABLE_WINDOW = 48
_MAX_HEADING_CHARS = 110
_MAX_HEADING_WORDS = 16


@dataclass(frozen=True)
class Block:
    """A unit of content: a paragraph, a whole list, or one table row as a record."""

    level: str
    section: str
    kind: ChunkKind
    text: str
    caption: str = ""


@dataclass(frozen=True)
class _Line:
    text: str
    markdown_heading: bool = False


@dataclass(frozen=True)
class _List:
    items: tuple[str, ...]


@dataclass(frozen=True)
class _TableItem:
    table: Table


_Item = _Line | _List | _TableItem


def looks_like_heading(line: str) -> bool:
    """Return True for a short title-case line without closing punctuation: a heading or a
    caption, never a sentence."""
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > _MAX_HEADING_CHARS or text[-1] in ".!?;,\"”’'":
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    words = text.split()
    if len(words) > _MAX_HEADING_WORDS:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    capitalised = sum(1 for w in content if w[:1].isupper())
    return capitalised >= 0.6 * max(len(content), 1)


def parse_document(text: str, *, level_starts: Mapping[str, str] | None = None) -> list[Block]:
    """Return the document's content blocks in reading order, each with its level and
    section; web noise is gone and pseudo-tables are one record per row."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if not is_noise_line(ln)]
    lines = strip_references(strip_trailing_explore(lines))
    items = _items(lines)
    return _assemble(items, level_starts or {})


def _items(lines: list[str]) -> list[_Item | None]:
    """Group lines into items; None marks a blank line (a paragraph boundary). Each line is
    cleaned once and a bare table is looked for in a bounded window, so a long document
    (a PDF of hard-wrapped lines) is read in linear time."""
    cleaned = [clean_line(_MARKDOWN_HEADING.sub("", ln)) for ln in lines]
    plain_end = _plain_run_ends(lines)
    items: list[_Item | None] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            items.append(None)
            i += 1
            continue
        run_end = _run_end(lines, i, is_pipe_cell)
        if run_end > i:
            read = read_pipe_table(cleaned[i:run_end])
            if read is not None:
                used, table = read
                items.append(_TableItem(table))
                items.extend(_Line(c) for c in cleaned[i + used : run_end])
                i = run_end
                continue
        run_end = _run_end(lines, i, is_markdown_row)
        if run_end > i + 1:
            md_table = read_markdown_table([clean_line(ln) for ln in lines[i:run_end]])
            if md_table is not None:
                items.append(_TableItem(md_table))
                i = run_end
                continue
        run_end = _run_end(lines, i, lambda ln: bool(_LIST_MARKER.match(ln)))
        if run_end > i:
            entries = [clean_line(_LIST_MARKER.sub("", ln)) for ln in lines[i:run_end]]
            items.append(_List(tuple(e for e in entries if e)))
            i = run_end
            continue
        window = cleaned[i : min(plain_end[i], i + _BARE_TABLE_WINDOW)]
        bare = read_bare_table(window) if len(window) >= 4 else None
        if bare is not None:
            used, table = bare
            items.append(_TableItem(table))
            i += used
            continue
        if cleaned[i]:
            items.append(_Line(cleaned[i], markdown_heading=bool(_MARKDOWN_HEADING.match(line))))
        i += 1
    return items


def _plain_run_ends(lines: list[str]) -> list[int]:
    """Return, for each line, where the run of plain lines starting there ends."""
    ends = [0] * (len(lines) + 1)
    ends[len(lines)] = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        ends[i] = ends[i + 1] if _is_plain_line(lines[i]) else i
    return ends[: len(lines)]


def _is_plain_line(line: str) -> bool:
    return bool(line.strip()) and not (
        is_pipe_cell(line) or is_markdown_row(line) or _LIST_MARKER.match(line)
    )


def _run_end(lines: Sequence[str], start: int, predicate: Callable[[str], bool]) -> int:
    """Return the end of the run of non-blank lines from `start` that satisfy `predicate`."""
    end = start
    while end < len(lines) and lines[end].strip() and predicate(lines[end]):
        end += 1
    return end


class _Assembler:
    """Walks the items keeping the current level, section, open paragraph and the caption
    waiting for the table or list it names."""

    def __init__(self, level_starts: Mapping[str, str]) -> None:
        self.level_starts = {
            level: clean_line(heading).lower() for level, heading in level_starts.items()
        }
        self.level = ""
        self.section = INTRODUCTION
        self.caption = ""
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []

    def flush(self) -> None:
        """Close the open paragraph; alt-text paragraphs are dropped here."""
        if self.paragraph:
            text = " ".join(self.paragraph)
            if not is_image_description(text):
                self.blocks.append(Block(self.level, self.section, "prose", text))
            self.paragraph = []

    def heading(self, text: str) -> None:
        """Start a section; a heading named in the metadata also starts a level."""
        self.flush()
        lowered = text.lower()
        for level, start in self.level_starts.items():
            if lowered.startswith(start):
                self.level = level
        if not self.level and self.level_starts:
            self.level = LEVELS[0]
        self.section = text

    def level_marker(self, level: str) -> None:
        """A level label on a line of its own: content up to the next heading is its intro."""
        self.flush()
        self.level = level
        self.section = INTRODUCTION

    def line(self, text: str) -> None:
        """Add a line to the open paragraph; a line ending a sentence closes it (captures
        put one paragraph per line; hard-wrapped text continues on the next line)."""
        self.paragraph.append(text)
        if text.endswith((".", "!", "?", "”", '"', ":", ")")):
            self.flush()

    def table(self, table: Table) -> None:
        """Add one record per row, each prefixed with the table's caption if it has one."""
        self.flush()
        caption, self.caption = self.caption, ""
        for record in table.records():
            text = f"{caption} — {record}" if caption else record
            self.blocks.append(Block(self.level, self.section, "table_row", text, caption))

    def bullet_list(self, entries: tuple[str, ...]) -> None:
        """Add the whole list as one block; a takeaways/insights caption marks its kind."""
        self.flush()
        caption, self.caption = self.caption, ""
        kind: ChunkKind = "takeaways" if _TAKEAWAY_CAPTION.search(caption) else "list"
        body = "\n".join(f"- {entry}" for entry in entries)
        text = f"{caption}:\n{body}" if caption else body
        self.blocks.append(Block(self.level, self.section, kind, text, caption))


def _assemble(items: list[_Item | None], level_starts: Mapping[str, str]) -> list[Block]:
    asm = _Assembler(level_starts)
    for index, item in enumerate(items):
        if item is None:
            asm.flush()
        elif isinstance(item, _TableItem):
            asm.table(item.table)
        elif isinstance(item, _List):
            asm.bullet_list(item.items)
        elif item.text in LEVELS and not asm.paragraph:
            asm.level_marker(item.text)
        elif item.markdown_heading or (not asm.paragraph and looks_like_heading(item.text)):
            following = _next_item(items, index)
            if isinstance(following, _TableItem | _List) and not item.markdown_heading:
                asm.flush()
                asm.caption = _CAPTION_PREFIX.sub("", item.text).rstrip(":").strip()
            else:
                asm.heading(item.text.rstrip(":").strip())
        else:
            asm.line(item.text)
    asm.flush()
    return asm.blocks


def _next_item(items: list[_Item | None], index: int) -> _Item | None:
    for item in items[index + 1 :]:
        if item is not None:
            return item
    return None
