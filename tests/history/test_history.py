"""Alignment over time: every evaluation kept, read back with what changed, drawn, and
printed by `alignbot history` after two real replayed interviews."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import history as history_cli
from bot.cli import interview as interview_cli
from bot.history import build_history
from bot.history.cadence import next_reassessment, reassessment_due
from bot.history.chart import render_history_chart
from bot.render.blocks import MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT
from bot.render.history import (
    build_history_blocks,
    build_history_home_blocks,
    render_history_text,
)
from bot.store import EvaluationRecord
from evaluators import Assessment
from tests.evaluators.conftest import load_persona
from tests.history.records import evaluation_record

ANSWERS = Path(__file__).resolve().parents[1] / "interview" / "answers"
START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def _record(evaluation_id: int, assessment: Assessment, at: datetime) -> EvaluationRecord:
    return evaluation_record(evaluation_id, assessment, at)


def _improved(assessment: Assessment) -> Assessment:
    checklist = assessment.checklist.model_copy(
        update={"kpi_measurement": "yes", "pilot_projects": "yes", "team_involvement": "yes"}
    )
    return assessment.model_copy(update={"checklist": checklist})


def test_history_orders_points_oldest_first_whatever_the_input_order() -> None:
    bakery = load_persona("artisan_bakery")
    later = _record(2, _improved(bakery), START + timedelta(days=90))
    first = _record(1, bakery, START)
    history = build_history([later, first])
    assert [p.evaluation_id for p in history.points] == [1, 2]
    assert len(history.changes) == 1


def test_change_lists_the_answers_that_moved_and_findings_resolved() -> None:
    bakery = load_persona("artisan_bakery")
    history = build_history(
        [_record(1, bakery, START), _record(2, _improved(bakery), START + timedelta(days=90))]
    )
    change = history.changes[0]
    moved = {m.path: (m.before, m.after) for m in change.answers_moved}
    assert moved["checklist.kpi_measurement"][1] == "yes"
    assert "checklist.pilot_projects" in moved
    assert change.score_delta > 0
    assert change.findings_resolved, "fixing three checklist items resolves some finding"
    assert not change.findings_new


def test_change_between_equal_assessments_is_empty() -> None:
    bakery = load_persona("artisan_bakery")
    history = build_history([_record(1, bakery, START), _record(2, bakery, START + timedelta(1))])
    change = history.changes[0]
    assert change.answers_moved == ()
    assert change.findings_resolved == change.findings_new == ()
    assert change.score_delta == 0


def test_history_blocks_stay_within_slack_limits_with_many_assessments() -> None:
    personas = ["artisan_bakery", "ecommerce_chatbot", "agency_reporting", "plumbing_scheduling"]
    records = [
        _record(i, load_persona(personas[i % 4]), START + timedelta(days=30 * i)) for i in range(20)
    ]
    blocks = build_history_blocks(build_history(records))
    assert len(blocks) <= MAX_MESSAGE_BLOCKS
    assert all(len(b.get("text", {}).get("text", "")) <= MAX_SECTION_TEXT for b in blocks)


def test_history_chart_is_a_png() -> None:
    bakery = load_persona("artisan_bakery")
    history = build_history(
        [_record(1, bakery, START), _record(2, _improved(bakery), START + timedelta(days=90))]
    )
    assert render_history_chart(history).startswith(b"\x89PNG")


def test_history_text_without_assessments_says_how_to_get_one() -> None:
    assert "interview" in render_history_text(build_history([]))


@pytest.fixture
def app() -> typer.Typer:
    cli = typer.Typer()
    interview_cli.register(cli)
    history_cli.register(cli)
    return cli


def test_cli_history_json_shows_two_replayed_assessments_and_what_moved(
    app: typer.Typer, tmp_path: Path
) -> None:
    runner = CliRunner()
    first = runner.invoke(
        app,
        ["interview", "--no-citations", "--user", "ann", "--answers", str(ANSWERS / "bakery.yaml")],
    )
    assert first.exit_code == 0, first.stderr
    changed = tmp_path / "bakery-later.yaml"
    text = (ANSWERS / "bakery.yaml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("kpi_measurement: idk", "kpi_measurement: yes"), encoding="utf-8"
    )
    second = runner.invoke(
        app, ["interview", "--no-citations", "--user", "ann", "--answers", str(changed)]
    )
    assert second.exit_code == 0, second.stderr
    chart = tmp_path / "history.png"
    result = runner.invoke(app, ["history", "--json", "--user", "ann", "--chart", str(chart)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["points"]) == 2
    moved = {m["path"] for m in data["changes"][0]["answers_moved"]}
    assert moved == {"checklist.kpi_measurement"}
    assert chart.read_bytes().startswith(b"\x89PNG")
    text_result = runner.invoke(app, ["history", "--user", "ann"])
    assert "checklist: kpi measurement: unknown -> yes" in text_result.stdout


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (date(2026, 9, 1), date(2026, 12, 1)),
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
        (date(2026, 5, 31), date(2026, 8, 31)),
        (date(2026, 12, 15), date(2027, 3, 15)),
    ],
)
def test_next_reassessment_is_a_quarter_later_clamped_to_the_month(last: date, due: date) -> None:
    assert next_reassessment(last) == due
    assert reassessment_due(last, due)
    assert not reassessment_due(last, due - timedelta(days=1))


def test_home_offers_a_due_reassessment_even_after_one_assessment() -> None:
    history = build_history([_record(1, load_persona("artisan_bakery"), START)])
    assert build_history_home_blocks(history, START.date() + timedelta(days=30)) == []
    [offer] = build_history_home_blocks(history, START.date() + timedelta(days=120))
    assert "/align interview reassess" in offer["text"]["text"]


def test_history_says_when_the_next_reassessment_is() -> None:
    history = build_history([_record(1, load_persona("artisan_bakery"), START)])
    text = render_history_text(history, START.date())
    assert "Next re-assessment: 1 December 2026 (quarterly)." in text
