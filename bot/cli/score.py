"""`alignbot score FILE.json|-`: score an assessment and print the report.

Prints the plain-text report by default, the `Evaluation` as JSON with `--json`, or the JSON
Schema of an `Assessment` with `--schema`. Invalid input prints what is wrong, one problem a
line, and exits with code 2 (a usage error), so scripts can tell bad input from a bug.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_INVALID_INPUT = 2
_BOM = b"\xef\xbb\xbf"


def register(app: typer.Typer) -> None:
    """Add the `score` command to the CLI."""
    app.command(
        "score",
        help="Score an alignment assessment (JSON) and print the report.",
        no_args_is_help=False,
    )(score)


def score(
    file: Annotated[
        str | None,
        typer.Argument(
            help="Assessment JSON file, or - to read it from standard input.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the Evaluation as JSON instead of text.")
    ] = False,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the JSON Schema of an Assessment and exit.")
    ] = False,
    rubric: Annotated[
        Path | None,
        typer.Option("--rubric", help="Score with this rubric file instead of the shipped one."),
    ] = None,
) -> None:
    """Score an assessment: text report, `--json` Evaluation, or `--schema`."""
    from evaluators import AssessmentError, evaluate, load_rubric, parse_assessment
    from evaluators.models import Assessment
    from evaluators.report_text import render_report_text

    if schema:
        typer.echo(json.dumps(Assessment.model_json_schema(), indent=2))
        return
    if file is None:
        _fail(
            "give an assessment file (or - for standard input); "
            "`alignbot score --schema` shows the format"
        )
    data, source = _read(file)
    if not data.strip():
        _fail(f"{source} is empty: give an assessment as JSON (`alignbot score --schema`)")
    try:
        assessment = parse_assessment(data, source=source)
    except AssessmentError as exc:
        _fail(str(exc), exc.problems)
    evaluation = evaluate(assessment, load_rubric(rubric))
    if as_json:
        typer.echo(evaluation.model_dump_json(indent=2))
    else:
        typer.echo(render_report_text(evaluation), nl=False)


def _read(file: str) -> tuple[bytes, str]:
    """Return the bytes of `file` (or standard input for "-") and a name for messages."""
    if file == "-":
        data = sys.stdin.buffer.read()
        source = "standard input"
    else:
        try:
            data = Path(file).read_bytes()
        except FileNotFoundError:
            _fail(f"no such file: {file}")
        except IsADirectoryError:
            _fail(f"{file} is a folder: give the assessment's JSON file")
        except OSError as exc:
            _fail(f"cannot read {file}: {exc.strerror or exc}")
        source = file
    return data.removeprefix(_BOM), source


def _fail(message: str, problems: tuple[str, ...] = ()) -> NoReturn:
    print(f"alignbot: {message}", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    raise typer.Exit(EXIT_INVALID_INPUT)
