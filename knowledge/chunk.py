"""Structure-aware chunking: a document's blocks become `Chunk`s that never cross a section.

Prose paragraphs of one section are packed into passages of at most `max_chars` characters
by LangChain's `RecursiveCharacterTextSplitter`, splitting at paragraph, then sentence, then
clause boundaries, so a passage is whole paragraphs whenever they fit. A table row (already a
readable record) and a whole list or key-takeaway block are passages of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from langchain_text_splitters import RecursiveCharacterTextSplitter

from knowledge.models import Chunk
from knowledge.sources import Document
from knowledge.structure import Block, parse_document
from knowledge.text import split_sentences

DEFAULT_MAX_CHARS = 700
"""About 150 word pieces: well inside the embedding model's 256-token window."""

_MIN_CELL_CHARS = 25

_SEPARATORS = ["\n\n", "\n", r"(?<=[.!?])\s+", r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"]


def build_splitter(max_chars: int = DEFAULT_MAX_CHARS) -> RecursiveCharacterTextSplitter:
    """Return the splitter used for prose: paragraph, sentence, clause, then word breaks."""
    return RecursiveCharacterTextSplitter(
        chunk_size=max_chars,
        chunk_overlap=0,
        separators=_SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
    )


def chunk_blocks(
    blocks: Iterable[Block],
    *,
    doc_id: str,
    source: str,
    title: str,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[Chunk]:
    """Return the document's chunks in reading order, each carrying its document's identity
    and its level, section and kind."""
    splitter = build_splitter(max_chars)
    texts: list[tuple[Block, str]] = []
    for (_level, _section, kind), group in groupby(
        blocks, key=lambda b: (b.level, b.section, b.kind)
    ):
        members = list(group)
        if kind == "prose":
            joined = "\n\n".join(b.text for b in members)
            texts.extend((members[0], piece) for piece in splitter.split_text(joined))
        else:
            texts.extend((b, b.text) for b in members)
    return [
        Chunk(
            doc_id=doc_id,
            source=source,
            title=title,
            level=block.level,
            section=block.section,
            kind=block.kind,
            position=position,
            text=text.strip(),
        )
        for position, (block, text) in enumerate(texts)
        if text.strip()
    ]


def chunk_document(document: Document, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """Return the chunks of one document: cleaned, parsed by structure, then chunked."""
    blocks = parse_document(document.text, level_starts=document.level_starts)
    return chunk_blocks(
        blocks,
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        max_chars=max_chars,
    )


def passage_units(chunk: Chunk) -> list[str]:
    """Return the self-contained statements of a passage, embedded one by one so a question
    can match a single sentence, and quoted one by one in extractive answers: sentences of
    prose, entries of a list, and a table row as a whole plus each of its longer cells (so
    "Are your automation initiatives directly linked to your strategic goals?" matches the
    checklist row it is a cell of)."""
    if chunk.kind == "prose":
        return split_sentences(chunk.text)
    if chunk.kind in ("list", "takeaways"):
        entries = [line[2:].strip() for line in chunk.text.splitlines() if line.startswith("- ")]
        return entries or [chunk.text]
    cells = [cell for cell in split_sentences(chunk.text) if len(cell) >= _MIN_CELL_CHARS]
    return [chunk.text, *cells] if len(cells) > 1 else [chunk.text]
