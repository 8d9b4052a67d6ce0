"""`alignbot score`: text report, `--json`, `--schema`, `-` for standard input, and invalid
input listed with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import score
from evaluators import Evaluation, RubricError

PERSONAS = Path(__file__).parent / "personas"
PLUMBING = PERSONAS / "plumbing_scheduling.json"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """A CLI with only the score command, as `bot.cli` registers it."""
    cli = typer.Typer(pretty_exceptions_enable=False)

    @cli.callback()
    def _root() -> None:
        """alignbot (test)."""

    score.register(cli)
    return cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_score_prints_the_text_report(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", str(PLUMBING)])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Alignment report: Rivera Plumbing")
    assert "Score 91/100: Strongly aligned" in result.stdout


def test_score_json_prints_the_evaluation(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "--json", str(PLUMBING)])

    assert result.exit_code == 0, result.output
    evaluation = Evaluation.model_validate_json(result.stdout)
    assert evaluation.initiatives[0].quadrant.id == "do_now"


def test_score_reads_standard_input(app: typer.Typer, runner: CliRunner) -> None:
    from_file = runner.invoke(app, ["score", "--json", str(PLUMBING)])
    from_stdin = runner.invoke(app, ["score", "--json", "-"], input=PLUMBING.read_bytes())

    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout == from_file.stdout


def test_score_schema_prints_the_assessment_schema(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "--schema"])

    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Assessment"
    assert schema["additionalProperties"] is False
    assert {"business", "objectives", "checklist", "initiatives"} <= set(schema["properties"])


def test_score_schema_says_when_an_ethics_review_does_not_apply(
    app: typer.Typer, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["score", "--schema"])

    ethics = json.loads(result.stdout)["$defs"]["Organisation"]["properties"]["ethics_review"]
    assert ethics["enum"] == ["yes", "partly", "no", "not_applicable", "unknown"]
    assert "not_applicable when no automation handles customer or employee data" in " ".join(
        ethics["description"].split()
    )


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ('{"checklist": {"clear_strategy": "maybe"}, "colour": 1}', "(3 problems)"),
        ("{}", "assessment: nothing to assess"),
        ('{"checklist": ', "Invalid JSON"),
        ("", "standard input is empty"),
        ("\ufeff[]", "assessment: Input should be an object"),
    ],
)
def test_invalid_input_is_listed_with_exit_code_2(
    app: typer.Typer, runner: CliRunner, stdin: str, expected: str
) -> None:
    result = runner.invoke(app, ["score", "-"], input=stdin.encode())

    assert result.exit_code == 2
    assert result.stdout == ""
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_answers_are_each_on_their_own_line(app: typer.Typer, runner: CliRunner) -> None:
    stdin = b'{"checklist": {"clear_strategy": "maybe"}, "initiatives": [{"id": "x"}]}'

    result = runner.invoke(app, ["score", "-"], input=stdin)

    lines = result.stderr.splitlines()
    assert lines[0] == "alignbot: standard input is not a valid assessment (2 problems)"
    assert lines[1].startswith("  - checklist.clear_strategy: Input should be")
    assert lines[2] == "  - initiatives[0].name: required, but missing"


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("missing.json", "no such file: missing.json"),
        (".", "is a folder"),
    ],
)
def test_unreadable_file_exits_with_code_2(
    app: typer.Typer, runner: CliRunner, argument: str, expected: str
) -> None:
    result = runner.invoke(app, ["score", argument])

    assert result.exit_code == 2
    assert expected in result.stderr


def test_score_without_a_file_explains_what_to_give(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["score"])

    assert result.exit_code == 2
    assert "give an assessment file (or - for standard input)" in result.stderr


def test_score_uses_another_rubric_when_asked(
    app: typer.Typer, runner: CliRunner, tmp_path: Path
) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("version: [", encoding="utf-8")

    result = runner.invoke(app, ["score", "--rubric", str(rubric), str(PLUMBING)])

    assert result.exit_code != 0
    assert isinstance(result.exception, RubricError)
    assert "not valid YAML" in str(result.exception)


def _alignbot(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run the real `alignbot` entry point (all command groups registered) in a subprocess."""
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=60,
    )


def test_alignbot_score_end_to_end_prints_the_evaluation() -> None:
    done = _alignbot("score", "--json", "-", stdin=PLUMBING.read_bytes())

    assert done.returncode == 0, done.stderr
    assert Evaluation.model_validate_json(done.stdout).business == "Rivera Plumbing"


def test_alignbot_score_end_to_end_rejects_invalid_input_with_exit_code_2() -> None:
    done = _alignbot("score", "-", stdin=b'{"checklist": {"clear_strategy": "perhaps"}}')

    assert done.returncode == 2
    assert done.stdout == b""
    assert b"checklist.clear_strategy: Input should be" in done.stderr
    assert b"Traceback" not in done.stderr
