"""Whole units read back from the shipped documents' chunks (no model): tables as rows with
their labels, lists as named entries, prose steps as numbered steps."""

from __future__ import annotations

import pytest

from knowledge.chunk import chunk_document
from knowledge.models import Chunk
from knowledge.sources import load_shipped_documents
from knowledge.units import Unit, unit_around


@pytest.fixture(scope="module")
def chunks_by_source() -> dict[str, list[Chunk]]:
    return {doc.source: chunk_document(doc) for doc in load_shipped_documents()}


def _unit(chunks: list[Chunk], contains: str) -> Unit:
    index = next(i for i, chunk in enumerate(chunks) if contains in chunk.text)
    unit = unit_around(chunks, index)
    assert unit is not None
    return unit


def test_a_table_row_brings_its_whole_table_in_order(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-automation-roi"], "Level 3")
    assert unit.kind == "table"
    assert unit.title == "Strategic Alignment Maturity Model for SMB Automation"
    assert [item.name for item in unit.items] == [
        "Level 1, Reactive",
        "Level 2, Functional",
        "Level 3, Integrated",
        "Level 4, Dynamic",
    ]


def test_a_table_row_keeps_its_column_labels_readably(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-automation-roi"], "Level 2")
    line = unit.items[1].line(1000)
    assert line.startswith("Level 2, Functional: Automation initiatives aligned with departmental")
    assert "Automation Focus: Departmental processes" in line
    assert "ROI Measurement: Departmental KPIs" in line


def test_a_table_row_read_for_one_column_keeps_its_name_and_that_cell_alone(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-automation-roi"], "Level 1")
    assert unit.labels[0] == "Maturity Level"
    line = unit.items[0].column(["Organizational Impact"]).line(1000)
    assert line == "Level 1, Reactive: Minimal strategic impact; potential for misalignment"


def test_a_column_every_row_repeats_is_left_out(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-as-automation-metric"], "Checklist Item: Pilot")
    assert len(unit.items) == 8
    assert not any("Yes/No" in item.line(1000) for item in unit.items)


def test_a_list_gives_each_entry_its_name_and_meaning(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-as-automation-metric"], "Benefits of Strategic")
    assert unit.kind == "list"
    assert unit.items[0].name == "Increased Efficiency"
    assert unit.items[0].meaning.startswith("Automate repetitive tasks")


def test_prose_steps_become_numbered_steps(chunks_by_source: dict[str, list[Chunk]]) -> None:
    unit = _unit(chunks_by_source["technology-investment-alignment"], "Secondly, assess")
    assert unit.kind == "steps"
    assert [item.meaning.split()[0] for item in unit.items] == [
        "Define",
        "Assess",
        "Prioritize",
        "Regularly",
    ]


def test_prose_without_steps_is_no_unit(chunks_by_source: dict[str, list[Chunk]]) -> None:
    chunks = chunks_by_source["alignment-automation-roi"]
    index = next(i for i, c in enumerate(chunks) if c.kind == "prose")
    assert unit_around(chunks, index) is None


def test_a_long_meaning_is_trimmed_never_the_name() -> None:
    from knowledge.units import UnitItem

    item = UnitItem("Level 4, Dynamic", "word " * 100, 0)
    line = item.line(90)
    assert line.startswith("Level 4, Dynamic: ")
    assert line.endswith("…")
    assert len(line) <= 90


def test_three_questions_in_a_row_are_a_list_of_what_to_check(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-automation-roi"], "total cost of ownership")
    assert (unit.kind, unit.noun) == ("list", "question")
    assert [item.meaning.split()[0] for item in unit.items] == ["What", "How", "What"]


def test_a_prose_list_of_another_sentences_is_one_unit_across_passages(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    unit = _unit(chunks_by_source["alignment-as-automation-metric"], "Another challenge is")
    assert unit.kind == "list"
    assert unit.title == "Challenges to Strategic Alignment in SMBs"
    openings = [item.meaning.split()[0] for item in unit.items]
    assert openings == ["Limited", "Another", "Furthermore,"]
    assert len({item.position for item in unit.items}) == 2  # the section's two passages


def test_one_thing_and_another_in_prose_are_not_a_list(
    chunks_by_source: dict[str, list[Chunk]],
) -> None:
    chunks = chunks_by_source["alignment-automation-roi"]
    index = next(i for i, c in enumerate(chunks) if "Another risk of misalignment" in c.text)
    assert unit_around(chunks, index) is None


def test_a_rows_short_second_cell_keeps_its_label() -> None:
    chunks = [
        Chunk(
            doc_id="user:note",
            title="Plan",
            source="note.md",
            level="",
            section="Tills",
            kind="table_row",
            position=i,
            text=f"Decision: {decision}. Owner: {owner}. Deadline: {deadline}.",
        )
        for i, (decision, owner, deadline) in enumerate(
            [("Replace the tills", "Jonas", "April 2027"), ("Train the staff", "Amira", "May")]
        )
    ]
    unit = unit_around(chunks, 0)
    assert unit is not None
    assert unit.items[0].line(200) == "Replace the tills. Owner: Jonas. Deadline: April 2027"
    assert unit.items[1].column(["Owner"]).line(200) == "Train the staff: Amira"
