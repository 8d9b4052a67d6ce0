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
from bot.history.cadence import (
    CADENCES,
    months_since,
    next_reassessment,
    parse_cadence,
    reassessment_due,
)
from bot.history.chart import render_history_chart
from bot.render.blocks import MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT
from bot.render.history import (
    PICK_CADENCE,
    build_history_blocks,
    build_history_home_blocks,
    render_history_text,
)
from bot.store import EvaluationRecord
from bot.store.records import ReassessCadence
from evaluators import Assessment
from tests.evaluators.conftest import load_persona
from tests.history.records import evaluation_record
from tests.slack.limits import block_kit_problems

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


def _replay(runner: CliRunner, app: typer.Typer, answers: Path) -> None:
    """Run `alignbot interview --answers` for Ann: one finished, scored assessment."""
    done = runner.invoke(
        app, ["interview", "--no-citations", "--user", "ann", "--answers", str(answers)]
    )
    assert done.exit_code == 0, done.stderr


def test_cli_history_json_shows_two_replayed_assessments_and_what_moved(
    app: typer.Typer, tmp_path: Path
) -> None:
    runner = CliRunner()
    _replay(runner, app, ANSWERS / "bakery.yaml")
    changed = tmp_path / "bakery-later.yaml"
    text = (ANSWERS / "bakery.yaml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("kpi_measurement: idk", "kpi_measurement: yes"), encoding="utf-8"
    )
    _replay(runner, app, changed)
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
    [before] = build_history_home_blocks(history, START.date() + timedelta(days=30))
    assert "/align interview reassess" not in before["text"]["text"]
    [offer] = build_history_home_blocks(history, START.date() + timedelta(days=120))
    assert "/align interview reassess" in offer["text"]["text"]


def test_history_says_when_the_next_reassessment_is() -> None:
    history = build_history([_record(1, load_persona("artisan_bakery"), START)])
    text = render_history_text(history, START.date())
    assert "Next re-assessment: 1 December 2026 (every quarter)." in text


@pytest.mark.parametrize(
    ("cadence", "line"),
    [
        ("monthly", "Next re-assessment: 1 October 2026 (every month)."),
        ("half-yearly", "Next re-assessment: 1 March 2027 (every six months)."),
        ("yearly", "Next re-assessment: 1 September 2027 (every year)."),
        ("never", "Re-assessment: never offered;"),
    ],
)
def test_history_says_when_the_next_reassessment_is_at_the_owners_cadence(
    cadence: ReassessCadence, line: str
) -> None:
    history = build_history([_record(1, load_persona("artisan_bakery"), START)])
    assert line in render_history_text(history, START.date(), cadence)


def test_home_shows_the_owners_cadence_in_its_picker() -> None:
    history = build_history([_record(1, load_persona("artisan_bakery"), START)])
    [line] = build_history_home_blocks(history, START.date(), "yearly")
    picker = line["accessory"]
    assert picker["action_id"] == PICK_CADENCE
    assert picker["initial_option"]["value"] == "yearly"
    assert [o["value"] for o in picker["options"]] == list(CADENCES)
    assert block_kit_problems([line]) == []


@pytest.mark.parametrize(
    ("typed", "cadence"),
    [
        ("quarterly", "quarterly"),
        ("Every 6 months", "half-yearly"),
        ("every six months", "half-yearly"),
        ("half-yearly", "half-yearly"),
        ("annually", "yearly"),
        ("monthly", "monthly"),
        ("NEVER", "never"),
        ("off", "never"),
        ("fortnightly", None),
        ("", None),
    ],
)
def test_a_typed_cadence_is_read_or_refused(typed: str, cadence: str | None) -> None:
    assert parse_cadence(typed) == cadence


@pytest.mark.parametrize(
    ("last", "today", "months"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 5, 31), date(2026, 8, 31), 3),
        (date(2026, 5, 31), date(2027, 2, 1), 8),
    ],
)
def test_months_since_counts_whole_months(last: date, today: date, months: int) -> None:
    assert months_since(last, today) == months


def test_cli_history_cadence_is_kept_and_the_history_times_the_next_one_by_it(
    app: typer.Typer,
) -> None:
    runner = CliRunner()
    _replay(runner, app, ANSWERS / "bakery.yaml")
    set_it = runner.invoke(app, ["history", "--user", "ann", "--cadence", "every 6 months"])
    assert set_it.exit_code == 0, set_it.stderr
    assert "Re-assessment: every six months from now on." in set_it.stdout
    later = runner.invoke(app, ["history", "--user", "ann"])
    assert "(every six months)" in later.stdout


def test_cli_history_refuses_an_unknown_cadence_with_the_choices(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["history", "--cadence", "fortnightly"])
    assert result.exit_code == 2
    assert "monthly, quarterly (the default), half-yearly" in result.stderr
