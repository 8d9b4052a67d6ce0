"""Reading an Assessment from JSON: every problem on one line, with its field path."""

from __future__ import annotations

import pytest

from evaluators import AssessmentError, parse_assessment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"checklist": {"clear_strategy": "maybe"}}', "checklist.clear_strategy: Input should be"),
        ('{"initiatives": [{"id": "x"}]}', "initiatives[0].name: required, but missing"),
        ('{"colour": "red"}', "colour: unknown field"),
        ('{"objectives": [{"id": "a b", "statement": "x"}]}', "objectives[0].id: String should"),
        ('{"initiatives": [{"id": "x", "name": "y", "costs": {"upfront": -5}}]}', "(got -5)"),
        ('{"checklist": ', "Invalid JSON"),
        ("[]", "assessment: Input should be an object"),
        (
            '{"objectives": [{"id": "a", "statement": "x"}, {"id": "a", "statement": "y"}]}',
            "assessment: duplicate objective id(s): a",
        ),
        (
            '{"metrics": {"journey_touchpoints_total": 2, "journey_touchpoints_automated": 3}}',
            "metrics: journey_touchpoints_automated (3) cannot exceed",
        ),
        (
            '{"initiatives": [{"id": "x", "name": "y", "kpis": [{"name": "k", "baseline": NaN}]}]}',
            "",
        ),
    ],
)
def test_invalid_assessment_lists_what_is_wrong(text: str, expected: str) -> None:
    with pytest.raises(AssessmentError) as caught:
        parse_assessment(text, source="answers.json")

    assert str(caught.value).startswith("answers.json is not a valid assessment")
    assert any(expected in problem for problem in caught.value.problems)


def test_every_problem_is_listed_not_only_the_first() -> None:
    text = '{"checklist": {"clear_strategy": "maybe", "pilot_projects": 3}, "x": 1}'

    with pytest.raises(AssessmentError) as caught:
        parse_assessment(text)

    assert len(caught.value.problems) == 3
    assert "(3 problems)" in str(caught.value)


def test_many_problems_are_summarised() -> None:
    items = ", ".join(f'"k{i}": 1' for i in range(40))

    with pytest.raises(AssessmentError) as caught:
        parse_assessment("{" + items + "}")

    assert len(caught.value.problems) == 21
    assert caught.value.problems[-1] == "... and 20 more"
