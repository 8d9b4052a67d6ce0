"""The report's first screen: what an owner reads first, in one terminal screen."""

from __future__ import annotations

import pytest

from evaluators import Evaluation, Rubric, evaluate, render_summary_text
from tests.evaluators.conftest import load_persona

SCREEN_LINES = 45
PERSONAS = ["artisan_bakery", "agency_reporting", "ecommerce_chatbot", "plumbing_scheduling"]
MORE = "alignbot interview --full"


@pytest.mark.parametrize("persona", PERSONAS)
def test_summary_fits_one_screen_of_the_terminal(rubric: Rubric, persona: str) -> None:
    text = render_summary_text(evaluate(load_persona(persona), rubric), full_command=MORE)
    assert len(text.splitlines()) <= SCREEN_LINES
    assert all(len(line) <= 88 for line in text.splitlines())


@pytest.fixture(scope="module")
def bakery(rubric: Rubric) -> Evaluation:
    return evaluate(load_persona("artisan_bakery"), rubric)


def test_summary_leads_with_score_band_weakest_dimension_and_verdicts(bakery: Evaluation) -> None:
    text = render_summary_text(bakery, full_command=MORE)
    assert text.startswith("Alignment report: Crumb & Hearth Bakery\nScore 39.2/100: Misaligned")
    assert "Weakest dimension: Data and ethics 0/100" in text
    for result in bakery.initiatives:
        assert f"{result.rank}. {result.name}: {result.quadrant.label}" in text


def test_summary_shows_the_top_three_findings_and_the_next_30_days(bakery: Evaluation) -> None:
    text = render_summary_text(bakery, full_command=MORE)
    assert f"Top 3 of {len(bakery.findings)} findings" in text
    for finding in bakery.findings[:3]:
        assert finding.title in text
    assert bakery.findings[3].title not in text
    assert "Next 30 days" in text
    assert "Why 39.2?" not in text


def test_summary_ends_with_the_command_for_the_whole_report(bakery: Evaluation) -> None:
    text = render_summary_text(bakery, full_command=MORE)
    assert text.rstrip().endswith(MORE)
