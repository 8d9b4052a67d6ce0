"""Pseudo-tables read back into one readable record per row, from real corpus lines."""

from __future__ import annotations

import pytest

from knowledge.clean import clean_line
from knowledge.tables import read_bare_table, read_markdown_table, read_pipe_table

KPI_TABLE = [
    "Strategic Objective Increase Online Sales by 20% |",
    "Automation Area Marketing Automation, E-commerce Platform Integration |",
    "Key Performance Indicators (KPIs) Website Conversion Rate, Online Sales Revenue, "
    "Customer Acquisition Cost |",
    "Strategic Objective Improve Customer Retention |",
    "Automation Area CRM Automation, Customer Service Chatbots |",
    "Key Performance Indicators (KPIs) Customer Churn Rate, Customer Satisfaction Score (CSAT), "
    "Net Promoter Score (NPS) |",
    "Strategic Objective Enhance Production Efficiency |",
    "Automation Area Inventory Management System, Production Scheduling Software |",
    "Key Performance Indicators (KPIs) Production Output, Lead Time, Inventory Turnover Rate |",
]

AI_QUESTIONS = [
    "Area Business Goals",
    "Question What are our primary business objectives for the next 1-3 years?",
    "Area AI Contribution",
    "Question How can AI automation directly help us achieve these objectives?",
    "Area Technology Fit",
    "Question Which AI tools and technologies best align with our specific needs and resources?",
    "Area ROI Measurement",
    "Question What KPIs will we use to measure the success and ROI of our AI initiatives?",
    "This abstract visual arrangement highlights modern business operations and the potential "
    "of growing business.",
]


def test_read_pipe_table_makes_one_record_per_row() -> None:
    read = read_pipe_table([clean_line(line) for line in KPI_TABLE])
    assert read is not None
    used, table = read
    assert used == 9
    assert table.labels == (
        "Strategic Objective",
        "Automation Area",
        "Key Performance Indicators (KPIs)",
    )
    assert table.records()[1] == (
        "Strategic Objective: Improve Customer Retention. Automation Area: CRM Automation, "
        "Customer Service Chatbots. Key Performance Indicators (KPIs): Customer Churn Rate, "
        "Customer Satisfaction Score (CSAT), Net Promoter Score (NPS)."
    )


def test_read_pipe_table_gives_back_a_label_word_that_starts_every_value() -> None:
    lines = [
        f"Maturity Level Level {n} ● {name} |\nOrganizational Impact {impact} |"
        for n, name, impact in [(1, "Reactive", "Minimal."), (2, "Functional", "Moderate.")]
    ]
    cells = [clean_line(cell) for pair in lines for cell in pair.split("\n")]
    read = read_pipe_table(cells)
    assert read is not None
    assert (
        read[1].records()[0]
        == "Maturity Level: Level 1 — Reactive. Organizational Impact: Minimal."
    )


def test_read_pipe_table_keeps_a_constant_column_as_its_text() -> None:
    cells = [
        "Checklist Item Clear Business Strategy",
        "Description Does your SMB have clearly defined strategic goals and priorities?",
        "Yes/No",
        "Checklist Item Process Assessment",
        "Description Have you thoroughly assessed your current business processes?",
        "Yes/No",
    ]
    read = read_pipe_table([f"{cell} |" for cell in cells])
    assert read is not None
    assert read[1].records()[0] == (
        "Checklist Item: Clear Business Strategy. Description: Does your SMB have clearly "
        "defined strategic goals and priorities? Yes/No."
    )


def test_read_bare_table_stops_before_the_line_that_is_not_part_of_it() -> None:
    read = read_bare_table(AI_QUESTIONS)
    assert read is not None
    used, table = read
    assert used == 8
    assert table.labels == ("Area", "Question")
    assert table.records()[2] == (
        "Area: Technology Fit. Question: Which AI tools and technologies best align with our "
        "specific needs and resources?"
    )


@pytest.mark.parametrize(
    "lines",
    [
        [
            "Many SMB owners are drawn to automation by the promise of efficiency, cost "
            "reduction, and scalability. These are valid aspirations.",
            "Strategic alignment, in this context, means ensuring that every automation "
            "initiative directly supports the overarching goals and strategic priorities.",
            "Strategic alignment for SMB automation isn’t about chasing the latest tech.",
            "Think of your business strategy as the blueprint for your success.",
        ],
        ["Reflection", "Perhaps the most unsettling truth about strategic alignment."],
    ],
)
def test_read_bare_table_finds_no_table_in_prose(lines: list[str]) -> None:
    assert read_bare_table(lines) is None


def test_read_markdown_table_uses_the_header_as_labels() -> None:
    table = read_markdown_table(
        ["| Goal | KPI |", "|---|---|", "| Keep customers | Churn rate |", "| Grow | Revenue |"]
    )
    assert table is not None
    assert table.records() == [
        "Goal: Keep customers. KPI: Churn rate.",
        "Goal: Grow. KPI: Revenue.",
    ]
