from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import get_args

import pytest
import yaml

from bot.interview import InterviewEngine, QuestionBank, QuestionBankError, load_bank
from bot.interview.answers import ANSWER_TYPES
from bot.interview.bank import DEFAULT_BANK, Group, Question
from bot.interview.fields import resolve
from bot.interview.state import InterviewState
from bot.interview.types import QuestionType
from bot.interview.walk import estimated_seconds, walk
from tests.interview.script import BUSY_OWNER, question_of, run_engine

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


def _corpus() -> dict[str, str]:
    meta = yaml.safe_load((SOURCES / "metadata.yaml").read_text(encoding="utf-8"))
    return {
        doc["id"]: " ".join((SOURCES / doc["file"]).read_text(encoding="utf-8").split())
        for doc in meta["documents"]
    }


def _sources(bank: QuestionBank) -> list[tuple[str, str, str, str]]:
    found = [
        (p.id, p.question.source.doc, p.question.source.section, p.question.source.quote)
        for p in bank.placed()
    ]
    for placed in bank.placed():
        for group in placed.groups:
            src = group.another.source
            found.append((f"{group.group}.another", src.doc, src.section, src.quote))
    return found


def test_every_question_fills_an_existing_assessment_field(bank: QuestionBank) -> None:
    for placed in bank.placed():
        if placed.question.type == "gate":
            continue
        assert placed.question.field is not None, placed.id
        assert resolve(placed.question.field).path == placed.question.field


def test_every_gate_opens_some_question(bank: QuestionBank) -> None:
    gates = {p.id for p in bank.placed() if p.question.type == "gate"}
    referenced = {c.question for p in bank.placed() for c in p.question.when}
    assert gates
    assert gates <= referenced


def test_every_question_quotes_its_corpus_passage_verbatim(bank: QuestionBank) -> None:
    corpus = _corpus()
    for question_id, doc, section, quote in _sources(bank):
        assert doc in corpus, f"{question_id}: unknown document {doc!r}"
        assert " ".join(quote.split()) in corpus[doc], f"{question_id}: quote not in {doc}"
        assert section in corpus[doc], f"{question_id}: section {section!r} not in {doc}"


def test_every_question_says_why_in_one_short_line(bank: QuestionBank) -> None:
    for placed in bank.placed():
        help_text = placed.question.help
        assert "\n" not in help_text, placed.id
        assert 10 <= len(help_text) <= 110, placed.id


@pytest.mark.parametrize(
    "framework",
    [
        # the eight-item checklist
        *(f"checklist.{item}" for item in (
            "clear_strategy", "process_assessment", "automation_alignment", "prioritisation",
            "pilot_projects", "team_involvement", "kpi_measurement", "continuous_monitoring",
        )),
        # SMART objectives: statement, pillar, metric, target, deadline
        "objectives[].statement", "objectives[].pillar", "objectives[].target_metric",
        "objectives[].target_value", "objectives[].deadline",
        # each initiative
        "initiatives[].area", "initiatives[].objective_ids", "initiatives[].problem",
        "initiatives[].value_fit", "initiatives[].process_mapped", "initiatives[].integration",
        "initiatives[].features_needed_pct", "initiatives[].pilot_first",
        "initiatives[].user_training", "initiatives[].kpis[].baseline",
        "initiatives[].kpis[].target", "initiatives[].costs.upfront",
        "initiatives[].benefits.yearly_savings", "initiatives[].intangibles.customer",
        "initiatives[].scorecard.financial", "initiatives[].scorecard.learning_growth",
        # people and change, data and ethics, advanced metrics
        "organisation.leadership_sponsorship", "organisation.training_plan",
        "organisation.data_practices", "organisation.ethics_review",
        "metrics.journey_touchpoints_total", "metrics.reconfigure_days",
    ],
)  # fmt: skip
def test_bank_covers_the_corpus_frameworks(bank: QuestionBank, framework: str) -> None:
    assert framework in {p.question.field for p in bank.placed()}


def test_initiatives_repeat_from_one_to_five(bank: QuestionBank) -> None:
    group = bank.group("initiative")
    assert (group.min, group.max) == (1, 5)


def test_busy_owner_finishes_one_initiative_in_about_ten_minutes(
    bank: QuestionBank, engine: InterviewEngine
) -> None:
    state, shown = run_engine(engine, BUSY_OWNER)
    steps = walk(bank, state.answers)
    minutes = estimated_seconds(steps) / 60
    assert len(shown) == len(steps)
    assert minutes <= 10, f"{len(steps)} steps take about {minutes:.1f} minutes"


def test_first_question_estimates_the_whole_busy_owner_interview(
    engine: InterviewEngine, today: date
) -> None:
    first = question_of(engine.show(InterviewState(), today))
    _, shown = run_engine(engine, BUSY_OWNER)
    assert first.progress.total == len(shown)
    assert first.progress.label == f"question 1 of about {len(shown)}, Your business"


def test_idk_is_legal_wherever_the_model_allows_unknown(bank: QuestionBank) -> None:
    for placed in bank.placed():
        if placed.question.type == "gate":
            assert not placed.unknown_allowed
        elif placed.is_key:
            assert placed.unknown_allowed == (placed.groups[-1].min == 0), placed.id
        else:
            assert placed.field is not None
            assert placed.unknown_allowed == placed.field.allows_unknown, placed.id


def _broken(tmp_path: Path, edit: str, new: str, count: int = 1) -> Path:
    text = DEFAULT_BANK.read_text(encoding="utf-8")
    assert edit in text, edit
    path = tmp_path / "interview.yaml"
    path.write_text(text.replace(edit, new, count), encoding="utf-8")
    return path


BROKEN = {
    "unknown-field": (
        "field: checklist.clear_strategy",
        "field: checklist.clarity",
        r"sections\[2\]\.items\[0\]\.field: 'checklist.clarity' is not a field",
    ),
    "unknown-type": (
        "type: yes_no\n        field: checklist.clear_strategy",
        "type: yesno\n        field: checklist.clear_strategy",
        r"sections\[2\]\.items\[0\]\.type",
    ),
    "option-outside-vocabulary": (
        "- {id: micro, label: 2 to 9",
        "- {id: mikro, label: 2 to 9",
        r"options\[1\]: 'mikro' is not one of",
    ),
    "type-mismatch": (
        "field: initiatives[].area",
        "field: initiatives[].features_needed_pct",
        r"'initiatives\[\].features_needed_pct' cannot hold a choice answer",
    ),
    "duplicate-id": (
        "id: business.industry",
        "id: business.name",
        r"'business.name' is used twice",
    ),
    "condition-on-unknown-question": (
        "{question: objective.metric, known: true}",
        "{question: objective.metrik, known: true}",
        r"when\[0\]\.question: 'objective.metrik' is not an earlier question",
    ),
    "condition-on-unknown-option": (
        '{question: initiative.detail, is: ["yes"]}',
        '{question: initiative.detail, is: ["perhaps"]}',
        r"'perhaps' is not an option of 'initiative.detail'",
    ),
    "unknown-placeholder": (
        "text: Which area of the business does {initiative} automate?",
        "text: Which area does {project} automate?",
        r"\{project\} is not an enclosing group",
    ),
    "empty-help": (
        "help: So the report is addressed to you; it does not change the score.",
        "help: ''",
        r"items\[0\]\.help",
    ),
    "missing-source": (
        "        source:\n          doc: alignment-as-automation-metric\n"
        "          section: Strategic Alignment Defined Simply\n",
        "        sauce:\n          doc: alignment-as-automation-metric\n"
        "          section: Strategic Alignment Defined Simply\n",
        r"sections\[0\]\.items\[0\]",
    ),
    "bad-version": ('version: "2026.12.3"', "version: [1, 2]", r"version"),
    "not-applicable-on-a-field-without-it": (
        "type: yes_no\n        field: organisation.data_practices",
        "type: yes_no\n        not_applicable: true\n        field: organisation.data_practices",
        r"'organisation.data_practices' is not a yes/partly/no/not_applicable/unknown field",
    ),
    "field-with-not-applicable-not-offered": (
        "        not_applicable: true\n",
        "",
        r"'organisation.ethics_review' is not a yes/partly/no/unknown field",
    ),
    "bad-yaml": ("sections:\n", "sections: [\n", r"not valid YAML"),
}


@pytest.mark.parametrize(("edit", "new", "says"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_bank_fails_naming_the_file_and_field(
    tmp_path: Path, edit: str, new: str, says: str
) -> None:
    path = _broken(tmp_path, edit, new)
    with pytest.raises(QuestionBankError, match=r"interview\.yaml") as caught:
        load_bank(path)
    assert re.search(says, str(caught.value)), str(caught.value)


def test_broken_bank_reports_every_problem_at_once(tmp_path: Path) -> None:
    path = _broken(tmp_path, "id: business.industry", "id: business.name")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- {id: micro, label: 2 to 9", "- {id: mikro, label: 2 to 9"))
    with pytest.raises(QuestionBankError) as caught:
        load_bank(path)
    message = str(caught.value)
    assert "'business.name' is used twice" in message
    assert "'mikro' is not one of" in message


def test_missing_bank_file_fails_with_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(QuestionBankError, match="cannot be read"):
        load_bank(tmp_path / "nope.yaml")


def test_bank_groups_start_with_the_question_that_names_the_item(bank: QuestionBank) -> None:
    def groups(items: tuple[Question | Group, ...]) -> list[Group]:
        found = []
        for item in items:
            if isinstance(item, Group):
                found += [item, *groups(item.items)]
        return found

    for section in bank.sections:
        for group in groups(section.items):
            first = group.items[0]
            assert isinstance(first, Question)
            assert first.type == "text"


def test_every_question_type_has_one_entry_in_the_registry() -> None:
    assert set(ANSWER_TYPES) == set(get_args(QuestionType))
