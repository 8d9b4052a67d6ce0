"""Chunking: passages never cross a section, stay within size, and carry their context."""

from __future__ import annotations

import pytest

from knowledge.chunk import chunk_blocks, chunk_document, passage_units
from knowledge.models import Chunk
from knowledge.sources import load_shipped_documents
from knowledge.structure import Block

SHIPPED = load_shipped_documents()


@pytest.fixture(scope="module")
def chunks() -> list[Chunk]:
    return [chunk for doc in SHIPPED for chunk in chunk_document(doc)]


def test_chunk_document_keeps_prose_passages_within_the_size_limit(chunks: list[Chunk]) -> None:
    assert max(len(c.text) for c in chunks if c.kind == "prose") <= 700


def test_chunk_document_carries_title_level_section_and_kind(chunks: list[Chunk]) -> None:
    titles = {doc.title for doc in SHIPPED}
    for chunk in chunks:
        assert chunk.title in titles
        assert chunk.level in {"Fundamentals", "Intermediate", "Advanced"}
        assert chunk.section
        assert chunk.kind in {"prose", "table_row", "list", "takeaways"}


def test_chunk_document_numbers_positions_in_reading_order() -> None:
    for doc in SHIPPED:
        assert [c.position for c in chunk_document(doc)] == list(range(len(chunk_document(doc))))


def test_chunk_blocks_never_merges_paragraphs_of_different_sections() -> None:
    blocks = [
        Block("Fundamentals", "One", "prose", "First section text."),
        Block("Fundamentals", "Two", "prose", "Second section text."),
    ]
    result = chunk_blocks(blocks, doc_id="d", source="d", title="T")
    assert [(c.section, c.text) for c in result] == [
        ("One", "First section text."),
        ("Two", "Second section text."),
    ]


def test_chunk_blocks_packs_short_paragraphs_and_splits_long_ones_at_sentences() -> None:
    sentence = "Automation should serve the strategy of the business. "
    blocks = [
        Block("", "S", "prose", "Short one."),
        Block("", "S", "prose", "Short two."),
        Block("", "S", "prose", sentence * 30),
    ]
    result = chunk_blocks(blocks, doc_id="d", source="d", title="T", max_chars=300)
    assert result[0].text == "Short one.\n\nShort two."
    assert all(len(c.text) <= 300 for c in result)
    assert all(c.text.endswith("business.") for c in result[1:])


def test_chunk_blocks_keeps_each_table_row_its_own_passage() -> None:
    blocks = [Block("", "S", "table_row", f"Row {n}: value.") for n in range(3)]
    assert [c.text for c in chunk_blocks(blocks, doc_id="d", source="d", title="T")] == [
        "Row 0: value.",
        "Row 1: value.",
        "Row 2: value.",
    ]


@pytest.mark.parametrize(
    ("kind", "text", "units"),
    [
        (
            "prose",
            "One sentence here. Another one, e.g. this. Third?",
            ["One sentence here.", "Another one, e.g. this.", "Third?"],
        ),
        (
            "takeaways",
            "Key Takeaways:\n- Strategy First — Define it.\n- Think Long-Term — Grow.",
            ["Strategy First — Define it.", "Think Long-Term — Grow."],
        ),
        (
            "table_row",
            "Area: Business Goals. Question: What matters?",
            ["Area: Business Goals. Question: What matters?"],
        ),
    ],
)
def test_passage_units_splits_each_kind_into_statements(
    kind: str, text: str, units: list[str]
) -> None:
    chunk = Chunk(
        doc_id="d", source="d", title="T", level="", section="S", kind=kind, position=0, text=text
    )
    assert passage_units(chunk) == units


def test_content_hash_ignores_position_but_not_text() -> None:
    base = Chunk(
        doc_id="d",
        source="d",
        title="T",
        level="",
        section="S",
        kind="prose",
        position=0,
        text="A.",
    )
    assert base.content_hash == base.model_copy(update={"position": 7}).content_hash
    assert base.content_hash != base.model_copy(update={"text": "B."}).content_hash
    assert base.content_hash != base.model_copy(update={"section": "Other"}).content_hash
