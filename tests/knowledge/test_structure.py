"""Document structure: levels, sections, kinds, on the shipped captures and on a user's own
Markdown."""

from __future__ import annotations

import time

import pytest

from knowledge.models import LEVELS
from knowledge.sources import Document, load_shipped_documents
from knowledge.structure import INTRODUCTION, Block, looks_like_heading, parse_document

SHIPPED = {doc.doc_id: doc for doc in load_shipped_documents()}


def _blocks(doc_id: str) -> list[Block]:
    doc = SHIPPED[doc_id]
    return parse_document(doc.text, level_starts=doc.level_starts)


@pytest.mark.parametrize("doc_id", sorted(SHIPPED))
def test_parse_document_walks_the_levels_in_order(doc_id: str) -> None:
    levels = [b.level for b in _blocks(doc_id)]
    seen = list(dict.fromkeys(levels))
    assert seen == list(LEVELS)
    assert levels == sorted(levels, key=LEVELS.index)


@pytest.mark.parametrize("doc_id", sorted(SHIPPED))
def test_parse_document_leaves_no_web_noise(doc_id: str) -> None:
    text = "\n".join(b.text for b in _blocks(doc_id))
    for noise in ("Meaning ●", "●", "Skip to main content", "Explore\n", "Porter, Michael E."):
        assert noise not in text
    assert "This image" not in text
    assert "A magnified visual" not in text


@pytest.mark.parametrize("doc_id", sorted(SHIPPED))
def test_parse_document_keeps_the_reflection_as_advanced_content(doc_id: str) -> None:
    reflection = [b for b in _blocks(doc_id) if b.section == "Reflection"]
    assert reflection
    assert {b.level for b in reflection} == {"Advanced"}


def test_parse_document_uses_metadata_where_the_capture_lost_the_level_labels() -> None:
    blocks = _blocks("alignment-as-automation-metric")
    first_intermediate = next(b for b in blocks if b.level == "Intermediate")
    first_advanced = next(b for b in blocks if b.level == "Advanced")
    assert first_intermediate.section == "Navigating Automation’s Strategic Crossroads"
    assert first_advanced.section.startswith("Strategic Harmony in Algorithmic Business")


def test_parse_document_names_a_level_intro_without_heading_introduction() -> None:
    blocks = _blocks("alignment-beyond-efficiency")
    intermediate = next(b for b in blocks if b.level == "Intermediate")
    assert intermediate.section == INTRODUCTION
    assert intermediate.text.startswith("While operational efficiency represents")


def test_parse_document_makes_table_rows_records_under_their_section() -> None:
    rows = [
        b
        for b in _blocks("alignment-automation-roi")
        if b.kind == "table_row"
        and b.section == "Metrics That Matter — Measuring Alignment and ROI"
    ]
    assert [r.caption for r in rows] == ["Example KPIs for Strategic Automation Alignment"] * 3
    assert rows[1].text.startswith(
        "Example KPIs for Strategic Automation Alignment — Strategic Objective: Improve Customer "
        "Retention. Automation Area: CRM Automation, Customer Service Chatbots."
    )


def test_parse_document_reads_the_bare_pillar_matrix_as_four_records() -> None:
    rows = [
        b for b in _blocks("ai-automation-alignment-roi") if b.text.startswith("Strategic Pillar:")
    ]
    assert len(rows) == 4
    assert rows[1].text == (
        "Strategic Pillar: Operational Efficiency. Business Objective: Reduce Order Processing "
        "Time. AI Application: Robotic Process Automation (RPA) for Order Entry. Key Performance "
        "Indicator (KPI): Average Order Processing Time (in minutes)."
    )


def test_parse_document_marks_key_takeaways_and_keeps_lists_whole() -> None:
    blocks = _blocks("alignment-automation-roi")
    takeaways = [b for b in blocks if b.kind == "takeaways"]
    assert [b.caption for b in takeaways] == [
        "Key Takeaways for SMBs",
        "Intermediate Level Insights",
        "Advanced Level Insights",
    ]
    assert takeaways[0].text.splitlines()[1] == (
        "- Strategy First — Always define your business strategy before considering automation."
    )


def test_parse_document_finds_headings_not_preceded_by_a_blank_line() -> None:
    sections = {b.section for b in _blocks("technology-investment-alignment")}
    assert {
        "Ethical and Sustainable Technology Deployment",
        "Continuous Strategic Evolution",
    } <= sections


def test_parse_document_reads_a_users_markdown() -> None:
    text = (
        "# Our 2025 plan\n\n"
        "We sell handmade furniture online and in our\n"
        "showroom; this paragraph is wrapped at a fixed width.\n\n"
        "## Goals\n\n"
        "- Grow online sales by 15%\n"
        "- Keep delivery times under a week\n\n"
        "| Goal | KPI |\n|---|---|\n| Grow online sales | Monthly online revenue |\n"
    )
    blocks = parse_document(text)
    assert blocks == [
        Block(
            "",
            "Our 2025 plan",
            "prose",
            "We sell handmade furniture online and in our showroom; this paragraph is wrapped at "
            "a fixed width.",
        ),
        Block(
            "", "Goals", "list", "- Grow online sales by 15%\n- Keep delivery times under a week"
        ),
        Block("", "Goals", "table_row", "Goal: Grow online sales. KPI: Monthly online revenue."),
    ]


def test_parse_document_of_plain_text_without_structure_is_one_introduction() -> None:
    blocks = parse_document(
        Document(doc_id="file:/x", source="x", title="x", text="Just a note.").text
    )
    assert blocks == [Block("", INTRODUCTION, "prose", "Just a note.")]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Beyond the Spreadsheet A Broader Canvas", True),
        ("Starting with Strategy, Not Software", True),
        ("The crucial missing ingredient? Strategic alignment.", False),
        ("Strategic alignment is the compass, efficiency is the engine.", False),
        ("we sell furniture online and in our", False),
    ],
)
def test_looks_like_heading_tells_headings_from_sentences(line: str, heading: bool) -> None:
    assert looks_like_heading(line) is heading


def test_parse_document_reads_a_long_hard_wrapped_document_quickly() -> None:
    line = "We will grow sales by {} percent and keep customers happy with fast delivery"
    text = "\n".join(line.format(i) for i in range(3000))
    started = time.perf_counter()
    blocks = parse_document(text)
    assert time.perf_counter() - started < 2.0
    assert [b.kind for b in blocks] == ["prose"]
