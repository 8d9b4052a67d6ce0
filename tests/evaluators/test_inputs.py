"""Reading an Assessment from JSON: every problem on one line, with its field path."""

from __future__ import annotations

import pytest

from evaluators import Assessment, AssessmentError, parse_assessment


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

    assert len(caught.value.problems) == 4  # three fields, and nothing to assess
    assert "(4 problems)" in str(caught.value)


def test_an_empty_assessment_is_refused_with_what_is_missing() -> None:
    with pytest.raises(AssessmentError) as caught:
        parse_assessment("{}")

    assert caught.value.problems == (
        "assessment: nothing to assess: give at least one objective (objectives) or one "
        "initiative (initiatives); `alignbot score --schema` shows the format",
    )


def test_an_unknown_objective_id_is_refused_with_its_field_path() -> None:
    text = (
        '{"objectives": [{"id": "grow", "statement": "Grow"}], "initiatives": '
        '[{"id": "crm", "name": "CRM", "objective_ids": ["grow", "shrink"]}]}'
    )

    with pytest.raises(AssessmentError) as caught:
        parse_assessment(text)

    assert caught.value.problems == (
        "initiatives[0].objective_ids[1]: no objective has the id 'shrink' (objective ids: grow)",
    )


def test_both_strategic_metric_problems_are_listed() -> None:
    text = (
        '{"initiatives": [{"id": "x", "name": "y"}], "metrics": {"journey_touchpoints_total": 1,'
        ' "journey_touchpoints_automated": 2, "processes_automated_total": 1,'
        ' "critical_processes_automated": 3}}'
    )

    with pytest.raises(AssessmentError) as caught:
        parse_assessment(text)

    (problem,) = caught.value.problems
    assert "journey_touchpoints_automated (2) cannot exceed" in problem
    assert "critical_processes_automated (3) cannot exceed" in problem


@pytest.mark.parametrize(("given", "kept"), [("usd", "USD"), (" eur ", "EUR"), ("GBP", "GBP")])
def test_currency_codes_are_normalised(given: str, kept: str) -> None:
    text = f'{{"business": {{"currency": "{given}"}}, "initiatives": [{{"id": "x", "name": "y"}}]}}'

    assert parse_assessment(text).business.currency == kept


def test_a_currency_that_is_not_a_code_is_refused() -> None:
    text = '{"business": {"currency": "$$$"}, "initiatives": [{"id": "x", "name": "y"}]}'

    with pytest.raises(AssessmentError) as caught:
        parse_assessment(text)

    assert caught.value.problems[0].startswith(
        "business.currency: a currency is a three-letter ISO 4217 code"
    )


def test_every_field_of_the_schema_is_described() -> None:
    schema = Assessment.model_json_schema()
    models = [schema, *schema["$defs"].values()]

    undescribed = [
        f"{model['title']}.{name}"
        for model in models
        for name, spec in model.get("properties", {}).items()
        if not spec.get("description")
    ]

    assert undescribed == []
    features = schema["$defs"]["Initiative"]["properties"]["features_needed_pct"]
    assert "0-100" in features["description"]


def test_many_problems_are_summarised() -> None:
    items = ", ".join(f'"k{i}": 1' for i in range(40))

    with pytest.raises(AssessmentError) as caught:
        parse_assessment("{" + items + "}")

    assert len(caught.value.problems) == 21
    assert caught.value.problems[-1] == "... and 21 more"  # 40 fields, and nothing to assess
