"""The plain-text report: a pure function of the Evaluation (and optional citations)."""

from __future__ import annotations

import pytest

from evaluators import Assessment, Evaluation, Rubric, evaluate, render_report_text
from tests.evaluators.conftest import load_persona


@pytest.fixture(scope="module")
def bakery(rubric: Rubric) -> Evaluation:
    return evaluate(load_persona("artisan_bakery"), rubric)


def test_report_shows_every_section(bakery: Evaluation) -> None:
    text = render_report_text(bakery)

    for heading in (
        "Alignment report: Crumb & Hearth Bakery",
        "Score 39.2/100: Misaligned",
        "Weakest dimension: Data and ethics 0/100",
        "Maturity: level 1 of 4, Reactive",
        "Dimensions",
        "Initiatives, by priority",
        "1. Robotic kneading arm: Stop (alignment 30, value 32.5)",
        "Findings",
        "[CRITICAL] Robotic kneading arm works against how you compete",
        "Plan",
        "Next 30 days",
        "KPI plan",
        "Why 39.2?",
    ):
        assert heading in text


def test_report_shows_the_cited_passage_under_its_finding(bakery: Evaluation) -> None:
    finding = bakery.findings[0]
    passage = "“that robotic arm might become a very expensive … piece of equipment” (Fundamentals)"

    text = render_report_text(bakery, {finding.id: passage})

    lines = text.splitlines()
    title = next(i for i, line in enumerate(lines) if finding.title in line)
    cited = next(i for i, line in enumerate(lines) if "From the guidance:" in line)
    assert title < cited < title + 12
    assert "very expensive" in text


def test_report_names_the_source_when_no_passage_is_given(bakery: Evaluation) -> None:
    text = render_report_text(bakery)

    assert "Source: Strategic alignment and automation ROI for SMBs" in text


def test_report_lines_fit_the_terminal(bakery: Evaluation) -> None:
    text = render_report_text(bakery, width=72)

    long_lines = [line for line in text.splitlines() if len(line) > 72]
    assert long_lines == []


def test_report_renders_an_empty_assessment(rubric: Rubric) -> None:
    text = render_report_text(evaluate(Assessment(), rubric))

    assert "Alignment report: your business" in text
    assert "None assessed." in text


def test_report_is_a_pure_function_of_the_evaluation(bakery: Evaluation) -> None:
    assert render_report_text(bakery) == render_report_text(
        Evaluation.model_validate_json(bakery.model_dump_json())
    )


def test_report_says_what_unlocks_fix_first_and_what_would_move_each_score(
    rubric: Rubric,
) -> None:
    text = render_report_text(evaluate(load_persona("b2b_marketing_automation"), rubric))

    assert "1. Marketing automation platform: Fix first (alignment 62.5, value 69.2)" in text
    assert "To unlock: Map the marketing process behind Marketing automation platform" in text
    assert "What would move it most:" in text
    assert "What would move your score most (one answer, one step better)" in text
    assert "Fix first → Do now" in " ".join(text.split())
