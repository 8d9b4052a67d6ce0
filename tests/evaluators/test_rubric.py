"""The rubric is data validated at load: a broken file fails with a message that names the
file and the field; every rule cites a real heading of a shipped corpus document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluators import Rubric, RubricError, load_rubric
from evaluators.rubric import VOCABULARIES

SOURCES = Path(__file__).parents[2] / "knowledge" / "sources"

Mutation = Callable[[dict[str, Any]], object]


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_shipped_rubric_loads(rubric: Rubric) -> None:
    assert rubric.version
    assert {d.id for d in rubric.dimensions} >= {
        "strategy_clarity",
        "readiness_checklist",
        "initiative_alignment",
        "measurement_kpis",
        "value_roi",
        "people_change",
        "data_ethics",
    }


def test_rubric_round_trips_through_yaml_unchanged(
    tmp_path: Path, rubric: Rubric, rubric_data: dict[str, Any]
) -> None:
    assert load_rubric(_write(tmp_path, rubric_data)) == rubric


def _set(path: str, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("version"), "version: Field required"),
        (lambda d: d.update(extra=1), "extra: Extra inputs are not permitted"),
        (_set("dimensions.0.weight", -1), "dimensions[0].weight: Input should be greater than 0"),
        (
            _set("dimensions.0.rules.0.fact", "checklist.nope"),
            "dimensions[0].rules[0].fact: unknown fact 'checklist.nope'",
        ),
        (
            _set("scales.tri.values", {"no": 0, "unknown": 0, "partly": 1, "yes": 0.5}),
            "scales.tri: values must not decrease along order",
        ),
        (
            _set("scales.tri.order", ["no", "partly", "yes"]),
            "scales.tri: values must give exactly the answers in order",
        ),
        (lambda d: d["scales"].pop("impact"), "scales.impact: missing"),
        (
            _set("scales.ethics_review.not_applicable.counts_as", "not_applicable"),
            "scales.ethics_review: not_applicable.counts_as: 'not_applicable' is not an answer",
        ),
        (
            lambda d: d["scales"]["ethics_review"].pop("not_applicable"),
            "scales.ethics_review.not_applicable: give it exactly when 'not_applicable'",
        ),
        (
            _set("scales.tri.not_applicable", {"counts_as": "yes", "with_personal_data": "no"}),
            "scales.tri.not_applicable: give it exactly when 'not_applicable'",
        ),
        (
            _set("personal_data_areas.hr", "staff"),
            "personal_data_areas.hr: Input should be 'customer' or 'employee'",
        ),
        (
            lambda d: d["dimensions"].pop(),
            "dimensions: missing required dimension 'data_ethics'",
        ),
        (
            _set("findings.0.title", "{owner} forgot"),
            "findings[0].title: unknown placeholder(s) owner",
        ),
        (
            _set("findings.0.source.document", "blog"),
            "findings[0].source.document: unknown document 'blog'",
        ),
        (_set("bands.3.at_least", 10), "bands: the last band must start at 0"),
        (
            _set("roi.roi_curve.points", [[0, 1.0], [10, 0.0]]),
            "roi: roi_curve must not decrease",
        ),
        (
            _set("findings.0.when", {"fact": "objectives.defined", "answer": "x", "below": 1}),
            "findings[0].when: give exactly one of fact, answer, all or any",
        ),
        (
            _set("findings.0.when", {"answer": "initiative.stage", "in": ["idea"]}),
            "findings[0].when: unknown answer 'initiative.stage' for business scope",
        ),
        (_set("findings.0.severity", "fatal"), "findings[0].severity: Input should be"),
        (_set("kpi_quality.baseline", 0.5), "kpi_quality: baseline + target + improves"),
        (lambda d: d["maturity"].reverse(), "maturity: list levels 1, 2, 3 and 4 in order"),
        (
            _set("weakest_leg.band_at_most", "great"),
            "weakest_leg.band_at_most: 'great' is not a band id",
        ),
        (_set("roi.horizon_years", 0), "roi.horizon_years: Input should be greater than"),
        (_set("scales.tri.values.yes", 2), "scales.tri.values.yes: Input should be less than"),
        (
            _set("quadrants.blockers.0.fact", "initiative.nope"),
            "quadrants.blockers[0].fact: unknown fact 'initiative.nope'",
        ),
        (
            _set("quadrants.blockers.0.unlock", "Ask {owner}"),
            "quadrants.blockers[0].unlock: unknown placeholder(s) owner",
        ),
    ],
)
def test_broken_rubric_fails_naming_file_and_field(
    tmp_path: Path, rubric_data: dict[str, Any], mutate: Mutation, expected: str
) -> None:
    mutate(rubric_data)
    path = _write(tmp_path, rubric_data)

    with pytest.raises(RubricError) as caught:
        load_rubric(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("version: [unclosed\n", "line 2, column 1: not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("", "must be a YAML mapping"),
    ],
)
def test_unreadable_rubric_fails_naming_the_file(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(RubricError, match=expected) as caught:
        load_rubric(path)
    assert str(caught.value).startswith(str(path))


def test_missing_rubric_file_fails_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match=r"nope\.yaml: cannot be read"):
        load_rubric(tmp_path / "nope.yaml")


@pytest.mark.parametrize("scale", sorted(VOCABULARIES))
def test_unknown_never_scores_above_a_partial_answer(rubric: Rubric, scale: str) -> None:
    spec = rubric.scales[scale]  # type: ignore[index]
    order = list(spec.order)
    unknown = order.index("unknown")
    assert all(spec.values["unknown"] <= spec.values[a] for a in order[unknown:])
    middle = {"tri": "partly", "integration": "partial", "value_fit": "neutral"}.get(scale)
    if middle is not None:
        assert spec.values["unknown"] < spec.values[middle]


def test_unknown_never_scores_above_an_honest_no_on_practice_questions(rubric: Rubric) -> None:
    # Hiding a "no" behind "don't know" must never pay on the checklist-style questions.
    assert rubric.scales["tri"].values["unknown"] == rubric.scales["tri"].values["no"]
    assert (
        rubric.scales["integration"].values["unknown"]
        == rubric.scales["integration"].values["none"]
    )


def test_rubric_documents_are_the_shipped_sources(rubric: Rubric) -> None:
    metadata = yaml.safe_load((SOURCES / "metadata.yaml").read_text(encoding="utf-8"))
    shipped = {d["id"]: (d["file"], d["title"]) for d in metadata["documents"]}

    assert {key: (d.file, d.title) for key, d in rubric.documents.items()} == shipped


def test_every_rule_cites_a_heading_of_its_document(rubric: Rubric) -> None:
    headings: dict[str, set[str]] = {}
    for key, document in rubric.documents.items():
        text = (SOURCES / document.file).read_text(encoding="utf-8")
        headings[key] = {line.strip() for line in text.splitlines()}

    missing = [
        f"{where}: {source.section!r}"
        for where, source in rubric.cited_sources()
        if source.section not in headings[source.document]
    ]
    assert missing == []


def test_every_finding_rule_has_a_usable_retrieval_topic(rubric: Rubric) -> None:
    for rule in rubric.findings:
        assert len(rule.topic.split()) >= 4, rule.id
        assert "{" not in rule.topic, rule.id
