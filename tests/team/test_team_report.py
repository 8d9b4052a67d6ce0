"""The team report: `alignbot team` against a real replayed interview, the rendering
(Slack limits, hostile text), the chart, and bad answer files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import interview as interview_cli
from bot.cli import team as team_cli
from bot.render.team import build_team_blocks, render_team_text
from bot.team.chart import render_team_chart
from evaluators.team import evaluate_team
from evaluators.team_models import PulseResponse, TeamInitiative, TeamInput, TeamObjective
from evaluators.team_rubric import load_team_rubric
from tests.slack.limits import block_kit_problems

RUBRIC = load_team_rubric()
ANSWERS = Path(__file__).resolve().parents[1] / "interview" / "answers"
THREE = """
- {priorities: [1], ratings: {1: 1}, ready: {1: "no"}, knows_kpi: "no", involvement: 2}
- {priorities: [something else], ratings: {1: 2}, ready: {1: "no"}, knows_kpi: "no", involvement: 1}
- {priorities: [1], ratings: {1: 5}, ready: {1: partly}, knows_kpi: "yes", involvement: 3}
"""


@pytest.fixture
def app() -> typer.Typer:
    cli = typer.Typer()
    interview_cli.register(cli)
    team_cli.register(cli)
    return cli


def _owner_with_report(app: typer.Typer) -> None:
    args = ["interview", "--no-citations", "--user", "ann", "--answers"]
    result = CliRunner().invoke(app, [*args, str(ANSWERS / "bakery.yaml")])
    assert result.exit_code == 0, result.stderr


def test_cli_team_reports_aggregates_and_findings_from_three_answers(
    app: typer.Typer, tmp_path: Path
) -> None:
    _owner_with_report(app)
    answers = tmp_path / "team.yaml"
    answers.write_text(THREE, encoding="utf-8")
    chart = tmp_path / "team.png"
    args = ["team", str(answers), "--user", "ann", "--json", "--chart", str(chart)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["shown"] is True
    assert data["priority_agreement"] == pytest.approx(66.7)
    [robot] = data["initiatives"]
    assert (robot["distribution"], robot["spread"]) == ([1, 1, 0, 0, 1], 4)
    ids = {f["id"] for f in data["findings"]}
    assert {"team.ratings_spread[" + robot["id"] + "]", "team.low_involvement"} <= ids
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_cli_team_with_two_answers_shows_only_how_many_more_it_takes(
    app: typer.Typer, tmp_path: Path
) -> None:
    _owner_with_report(app)
    answers = tmp_path / "team.yaml"
    answers.write_text("\n".join(THREE.strip().splitlines()[:2]), encoding="utf-8")
    result = CliRunner().invoke(app, ["team", str(answers), "--user", "ann"])
    assert result.exit_code == 0, result.stderr
    assert "2 answered so far" in result.stdout
    assert "(1 more)" in result.stdout
    assert "median" not in result.stdout


def test_cli_team_bad_file_names_the_person_and_the_field(app: typer.Typer, tmp_path: Path) -> None:
    _owner_with_report(app)
    answers = tmp_path / "team.yaml"
    answers.write_text("- {priorities: [7]}\n- {involvement: 9}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["team", str(answers), "--user", "ann"])
    assert result.exit_code == 2
    assert "person 1: 7 is not one of the objectives" in result.stderr
    assert "person 2: involvement" in result.stderr


def test_cli_team_before_the_owners_report_says_to_finish_the_interview(
    app: typer.Typer, tmp_path: Path
) -> None:
    answers = tmp_path / "team.yaml"
    answers.write_text(THREE, encoding="utf-8")
    result = CliRunner().invoke(app, ["team", str(answers), "--user", "nobody"])
    assert result.exit_code == 1
    assert "finish the alignment interview first" in result.stderr


HOSTILE = "<!channel> *grow* <https://evil.example|click>"


def _hostile_team() -> TeamInput:
    return TeamInput(
        objectives=(TeamObjective(id="o1", statement=HOSTILE),),
        initiatives=(TeamInitiative(id="crm", name="<@U123> CRM & co", owner_rating=5),),
        responses=tuple(
            PulseResponse(priorities=("o1",), ratings={"crm": r}, involvement=r) for r in (1, 2, 5)
        ),
    )


def test_team_blocks_escape_owner_text_and_fit_slack() -> None:
    result = evaluate_team(_hostile_team(), load_team_rubric())
    blocks = build_team_blocks(result, held=1)
    assert not block_kit_problems(blocks)
    dumped = json.dumps(blocks)
    assert "<!channel>" not in dumped
    assert "<@U123>" not in dumped
    assert "1 more answer(s) came in" in render_team_text(result, held=1)


def _others(*texts: str) -> TeamInput:
    return _hostile_team().model_copy(
        update={
            "responses": tuple(
                PulseResponse(priorities=("something_else",), other_priority=t) for t in texts
            )
        }
    )


def test_team_report_names_another_priority_only_as_a_theme_three_people_share() -> None:
    result = evaluate_team(_others("Hiring bakers", "hiring a baker", "hiring bakers now"), RUBRIC)
    text = render_team_text(result)
    assert "Other priorities named by at least 3 people: “hiring baker” (3)." in text
    assert "now" not in text.split("Other priorities")[1].split("\n")[0]


def test_team_report_counts_other_priorities_nobody_shares_without_their_words() -> None:
    result = evaluate_team(_others("Hiring Quentin", "cash flow", "a new oven"), RUBRIC)
    text = render_team_text(result)
    assert "3 people named another priority" in text
    assert not {"Quentin", "cash", "oven"} & set(text.replace(".", " ").split())


def test_cli_team_reads_what_something_else_is(app: typer.Typer, tmp_path: Path) -> None:
    _owner_with_report(app)
    answers = tmp_path / "team.yaml"
    answers.write_text(
        "\n".join(
            f"- {{priorities: [something else], other: {t}, ratings: {{1: 3}}}}"
            for t in ("new oven", "a new oven", "new ovens")
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["team", str(answers), "--user", "ann"])
    assert result.exit_code == 0, result.stderr
    assert "“oven” (3)" in result.stdout


def test_team_chart_is_a_png() -> None:
    result = evaluate_team(_hostile_team(), load_team_rubric())
    assert render_team_chart(result).startswith(b"\x89PNG")
