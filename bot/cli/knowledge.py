"""`alignbot ask` and `alignbot index`: the knowledge base from the command line.

`ask "QUESTION"` prints the answer with its sources; `--json` prints the `Answer` contract as
one JSON object, with the `question` it answers first; `ask --json -` reads one question per
line from stdin and prints one object per line (JSON Lines), loading the model once. Every
line is answered, a blank one included: a bad question gets an answer object carrying the
message (confident false, no citations) and makes the exit code 1. On an empty data folder
the first `ask` says it is building the index before it does.
`index [PATH ...]` adds or updates a user's own .md/.txt/.pdf documents; without paths it
re-syncs the shipped sources and the documents indexed before.

Both import what they need when they run: `index` on an unchanged corpus is mostly process
start-up, and it neither loads the model nor touches the interview's store; `ask` opens no
store either.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.settings import load_settings

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.models import Answer


def ask(
    question: Annotated[
        str, typer.Argument(help='The question; "-" reads one question per line from stdin.')
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the answer as JSON (JSON Lines with -).")
    ] = False,
) -> None:
    """Answer a question from the strategy corpus, with numbered citations."""
    from bot.cli.progress import tqdm_progress
    from knowledge.base import KnowledgeBase
    from knowledge.questions import validate_question

    if question != "-":
        validate_question(question)  # fail fast, before the model loads
    knowledge = KnowledgeBase.from_settings(load_settings())
    if not knowledge.has_shipped_sources:
        typer.echo(
            "alignbot: building the knowledge index on this first run (about 20 s)…", err=True
        )
    knowledge.prepare(progress=tqdm_progress)
    if question == "-":
        failed = _ask_lines(knowledge, json_output)
        raise typer.Exit(1 if failed else 0)
    _print(question, knowledge.ask(question), json_output)


def _ask_lines(knowledge: KnowledgeBase, json_output: bool) -> int:
    """Answer every stdin line, a blank one with the refusal, so outputs match inputs line
    for line; return how many were refused as bad input."""
    from knowledge.errors import QuestionError
    from knowledge.models import Answer

    failed = 0
    for line in sys.stdin:
        text = line.strip()
        try:
            answer = knowledge.ask(text)
        except QuestionError as exc:
            failed += 1
            typer.echo(f"alignbot: {exc}", err=True)
            answer = Answer(answer=str(exc), confident=False, citations=[])
        _print(text, answer, json_output)
    return failed


def _print(question: str, answer: Answer, json_output: bool) -> None:
    from bot.render.text import render_answer_text

    if json_output:
        typer.echo(json.dumps({"question": question, **answer.model_dump()}, ensure_ascii=False))
    else:
        typer.echo(render_answer_text(answer))
        typer.echo("")


def index(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Your own .md, .txt or .pdf files or folders of them.", show_default=False
        ),
    ] = None,
) -> None:
    """Index your own documents next to the shipped ones (no paths: re-sync everything)."""
    from bot.cli.progress import tqdm_progress
    from knowledge.base import KnowledgeBase

    knowledge = KnowledgeBase.from_settings(load_settings(), compose=False)
    report = knowledge.index(paths or None, progress=tqdm_progress)
    typer.echo(f"alignbot: index updated: {report.summary()}")


def register(app: typer.Typer) -> None:
    """Add `ask` and `index` to the CLI."""
    app.command("ask")(ask)
    app.command("index")(index)
