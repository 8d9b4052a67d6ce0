"""Scripted interviews: answers files and the scoring personas replayed through the real
interview (parsing, store, scoring)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.interview import AnswersFileError, InterviewService, QuestionBank
from bot.interview.replay import answers_from_assessment, load_script, replay
from bot.interview.scoring import rubric_scorer
from bot.store import Store
from bot.store.database import resolve_url
from evaluators import Assessment, Evaluation, evaluate, load_rubric
from tests.interview.script import TODAY

PERSONAS = Path(__file__).resolve().parents[1] / "evaluators" / "personas"
ANSWERS = Path(__file__).resolve().parent / "answers"


@pytest.fixture
def real_service(tmp_path: Path, bank: QuestionBank) -> Iterator[InterviewService]:
    """The interview on SQLite with the shipped rubric as its scorer."""
    store = Store.open(resolve_url(None, tmp_path / "db"))
    try:
        yield InterviewService(store, bank, scorer=rubric_scorer(), today=lambda: TODAY)
    finally:
        store.close()


def _with_interview_ids(assessment: Assessment) -> Assessment:
    """The persona as the interview numbers its items: objectives obj1…, initiatives init1…"""
    data = assessment.model_dump(mode="json")
    renamed = {o["id"]: f"obj{i}" for i, o in enumerate(data["objectives"], start=1)}
    for i, objective in enumerate(data["objectives"], start=1):
        objective["id"] = f"obj{i}"
    for i, initiative in enumerate(data["initiatives"], start=1):
        initiative["id"] = f"init{i}"
        initiative["objective_ids"] = [
            renamed[o] for o in initiative["objective_ids"] if o in renamed
        ]
    return Assessment.model_validate(data)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("persona", sorted(p.stem for p in PERSONAS.glob("*.json")))
def test_persona_replays_to_the_same_assessment_and_evaluation(
    real_service: InterviewService, persona: str
) -> None:
    path = PERSONAS / f"{persona}.json"
    expected = _with_interview_ids(Assessment.model_validate_json(path.read_text()))
    result = replay(real_service, load_script(path, real_service.bank), team_id="T", user_id="U")
    stored = result.finished.evaluation
    assert Assessment.model_validate(stored.assessment) == expected
    assert Evaluation.model_validate(stored.evaluation) == evaluate(expected, load_rubric())


def test_messy_answers_file_replays_to_a_scored_report(real_service: InterviewService) -> None:
    result = replay(
        real_service,
        load_script(ANSWERS / "bakery.yaml", real_service.bank),
        team_id="T",
        user_id="U",
    )
    assessment = Assessment.model_validate(result.finished.evaluation.assessment)
    robot = assessment.initiatives[0]
    assert (robot.name, robot.value_fit, robot.costs.upfront) == (
        "Kneading robot",
        "conflicts",
        48_000,
    )
    assert robot.kpis[0].direction == "down"
    assert assessment.objectives[0].target_unit == "%"
    assert result.unused == []
    assert result.steps > 40


def test_answers_follow_the_bank_so_a_converted_assessment_lists_no_extras(
    bank: QuestionBank,
) -> None:
    persona = Assessment.model_validate_json((PERSONAS / "plumbing_scheduling.json").read_text())
    answers = answers_from_assessment(bank, persona)
    assert answers["business"]["size"] == "small"
    assert answers["initiatives"][0]["objectives"] == "obj1"
    assert answers["initiatives"][0]["kpis"][1] == {
        "name": "Scheduling conflicts per week",
        "measures": "don't know",
        "baseline": "6 conflicts/week",
        "target": "1 conflicts/week",
        "deadline": "2027-03-31",
    }
    assert answers["metrics"]["opt_in"] == "yes"


BAD_FILES = {
    "unknown-section": (
        "busines:\n  name: X\n",
        r"busines: no such section; expected one of business",
    ),
    "unknown-question": (
        "business:\n  nmae: X\n",
        r"business\.nmae: no such question; expected one of name, industry, size, currency",
    ),
    "not-a-list": ("initiatives:\n  name: X\n", r"initiatives: expected a list of initiatives"),
    "too-many": (
        "initiatives:\n" + "  - {name: X}\n" * 6,
        r"initiatives: at most 5 initiatives, got 6",
    ),
    "bad-yaml": ("business: [\n", r"line \d+, column \d+: not valid YAML"),
    "not-a-mapping": ("- just\n- a list\n", r"expected a mapping of sections to answers"),
    "required-missing": (
        "business: {size: 3}\nobjectives: []\n",
        r"checklist\.clear_strategy: no answer, and this question is required; "
        r"write 'don't know' if unsure",
    ),
    "refused-answer": (
        "business: {size: a few of us}\n",
        r"business\.size: 'a few of us': Please pick one of: Just me, 2 to 9, 10 to 49",
    ),
}


@pytest.mark.parametrize(("text", "says"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_answers_file_fails_naming_file_and_key(
    real_service: InterviewService, tmp_path: Path, text: str, says: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(AnswersFileError, match=says) as caught:
        replay(real_service, load_script(path, real_service.bank), team_id="T", user_id="U")
    assert str(caught.value).startswith(str(path))


def test_invalid_assessment_json_is_refused_with_the_field(
    bank: QuestionBank, tmp_path: Path
) -> None:
    path = tmp_path / "persona.json"
    path.write_text(json.dumps({"business": {"size_band": "huge"}}), encoding="utf-8")
    with pytest.raises(AnswersFileError, match=r"not a valid Assessment: business\.size_band"):
        load_script(path, bank)


def test_answers_hidden_by_other_answers_are_reported_unused(
    real_service: InterviewService, tmp_path: Path
) -> None:
    text = (ANSWERS / "bakery.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        target: 2 hours\n", "        target: 2 hours\n        direction: up\n"
    )
    path = _write(tmp_path, text)
    result = replay(real_service, load_script(path, real_service.bank), team_id="T", user_id="U")
    assert result.unused == ["initiatives[1].kpis[1].direction"]
