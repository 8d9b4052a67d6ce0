"""`alignbot interview`: the alignment interview in the terminal.

    alignbot interview                      ask the questions here (resumes where you left off)
    alignbot interview --answers FILE.yaml  replay scripted answers, print the report
    alignbot interview --answers FILE.json  the same from an Assessment (e.g. a persona)
    --full                                  the whole report, not only its first screen

The interview is stored after every answer in the configured store (SQLite in
`ALIGNBOT_DATA_DIR`, or `DATABASE_URL`), so stopping, Ctrl+C or even a killed process loses
nothing. The report cites a corpus passage for each finding (`--no-citations` skips loading
the knowledge base). An invalid answers file prints what is wrong and exits with code 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Annotated, TextIO

import typer

from bot.cli.options import FullOption
from bot.interview import AnswersFileError, Finished, InterviewService, Paused
from bot.interview.conversation import (
    LOCAL_TEAM,
    InterviewConversation,
    Said,
    interpret_after_report,
    local_user,
    parse_changed_sections,
)
from bot.interview.report import Cite, build_report
from bot.interview.service import Reply
from bot.render.text_interview import (
    render_after_report_text,
    render_finished_text,
    render_paused_text,
    render_question_text,
    render_reply_text,
    render_report,
    render_review_text,
)
from bot.settings import Settings, load_settings
from bot.store import EvaluationRecord
from knowledge.models import Citation

EXIT_INVALID_INPUT = 2
QUIT_WORDS = ("quit", "exit", "/quit", "/exit")
PROMPT = "> "


def open_service(settings: Settings) -> InterviewService:
    """The interview service over the configured store, the shipped bank and rubric."""
    from bot.services import build_interview_service

    return build_interview_service(settings)


def citer(settings: Settings) -> Cite:
    """`KnowledgeBase.cite`, with the model loaded and the index built on first use only."""
    from knowledge.base import KnowledgeBase

    cache: list[Cite] = []

    def cite(topic: str, *, avoid: Collection[str] = ()) -> Citation | None:
        if not cache:
            typer.echo("alignbot: loading the knowledge base to cite the findings…", err=True)
            knowledge = KnowledgeBase.from_settings(settings)
            knowledge.prepare()
            cache.append(knowledge.cite)
        return cache[0](topic, avoid=avoid)

    return cite


def run_conversation(
    service: InterviewService,
    team_id: str,
    user_id: str,
    *,
    stdin: TextIO,
    stdout: TextIO,
    cite: Cite | None,
    interactive: bool,
    summary_of: str | None = None,
    resume_with: str = "alignbot interview",
) -> int:
    """Run the interview over text streams until it is finished, paused or input ends;
    with `summary_of`, the report is its first screen, ending with that command. A finished
    interview offers its report, another initiative or a re-assessment, rather than
    starting over unasked; a pause names the command that resumes it (`resume_with`)."""

    def say(text: str) -> None:
        stdout.write(text + "\n\n")
        stdout.flush()

    def read() -> str | None:
        """The next non-empty line typed, None at the end of input or a quit word."""
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            line = stdin.readline()
            if not line or line.strip().lower() in QUIT_WORDS:
                if not line and interactive:
                    stdout.write("\n")
                return None
            if line.strip():
                return line

    conversation = InterviewConversation(service, team_id, user_id)
    latest = service.latest_evaluation(team_id, user_id)
    reply: Reply | Paused | Said | None
    if service.find_open(team_id, user_id) is None and latest is not None:
        reply = _after_report(
            conversation, latest, say=say, read=read, stdin=stdin, cite=cite, summary_of=summary_of
        )
        if reply is None:
            return 0
    else:
        reply = conversation.start()
    if isinstance(reply, Finished | Paused | Said):  # pragma: no cover - a question is shown
        return 0
    say(render_reply_text(reply))
    while True:
        line = read()
        if line is None:
            say(render_paused_text(service.pause(team_id, user_id), resume_with))
            return 0
        result = conversation.handle(line)
        if isinstance(result, Said):
            say(result.text)
            if conversation.shown is not None:  # after help, the question stays in view
                say(render_question_text(conversation.shown))
        elif isinstance(result, Paused):
            say(render_paused_text(result, resume_with))
            return 0
        elif isinstance(result, Finished):
            report = build_report(result.evaluation, cite)
            say(render_finished_text(result, report, summary_of=summary_of))
            return 0
        else:
            say(render_reply_text(result))


def _after_report(
    conversation: InterviewConversation,
    latest: EvaluationRecord,
    *,
    say: Callable[[str], None],
    read: Callable[[], str | None],
    stdin: TextIO,
    cite: Cite | None,
    summary_of: str | None,
) -> Reply | Paused | Said | None:
    """Offer what a finished interview can do next and do it; None when that is all (the
    report shown, a re-assessment with nothing changed scored, or quit)."""
    say(render_after_report_text(build_report(latest)))
    choice = interpret_after_report(read() or "quit")
    if choice == "report":
        say(render_report(build_report(latest, cite), summary_of=summary_of))
        return None
    if choice is None:
        return None
    if choice == "restart":
        return conversation.restart()
    if choice != "reassess":
        return conversation.handle(choice)
    reply = _start_reassessment(conversation, say, stdin)
    if isinstance(reply, Finished):  # nothing changed: scored at once
        say(
            render_finished_text(reply, build_report(reply.evaluation, cite), summary_of=summary_of)
        )
        return None
    return reply


def _start_reassessment(
    conversation: InterviewConversation,
    say: Callable[[str], None],
    stdin: TextIO,
) -> Reply:
    """Show the latest answers by section, read which changed (Enter: none), and start the
    re-assessment from them."""
    review = conversation.ops.review(conversation.team_id, conversation.user_id)
    if review is None:  # a report without a finished interview: nothing to start from
        return conversation.restart()
    say(render_review_text(review))
    while (changed := parse_changed_sections(stdin.readline(), review.sections)) is None:
        say(f"Type section numbers from 1 to {len(review.sections)}, or press Enter.")
    return conversation.reassess(changed)


def interview(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Replay scripted answers (YAML answers file, or an Assessment as JSON).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --answers: print the Evaluation as JSON.")
    ] = False,
    citations: Annotated[
        bool,
        typer.Option("--citations/--no-citations", help="Cite a corpus passage per finding."),
    ] = True,
    user: Annotated[
        str | None, typer.Option("--user", help="Whose interview (default: your login name).")
    ] = None,
    full: FullOption = False,
) -> None:
    """Run the alignment interview here, or replay an answers file and print the report."""
    settings = load_settings()
    service = open_service(settings)
    # The first screen cites nothing: the knowledge base loads only for the whole report.
    cite = citer(settings) if citations and full and not as_json else None
    again = ["alignbot", "interview", *(["--answers", str(answers)] if answers else [])]
    summary_of = None if full else " ".join([*again, *(["--user", user] if user else []), "--full"])
    if answers is None:
        code = run_conversation(
            service,
            LOCAL_TEAM,
            user or local_user(),
            stdin=sys.stdin,
            stdout=sys.stdout,
            cite=cite,
            interactive=sys.stdin.isatty(),
            summary_of=summary_of,
            resume_with=" ".join(["alignbot", "interview", *(["--user", user] if user else [])]),
        )
        raise typer.Exit(code)
    from bot.interview.replay import load_script, replay

    try:
        script = load_script(answers, service.bank)
        result = replay(
            service, script, team_id=LOCAL_TEAM, user_id=user or f"replay:{answers.stem}"[:64]
        )
    except AnswersFileError as exc:
        typer.echo(f"alignbot: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID_INPUT) from None
    for name in result.unused:
        typer.echo(f"alignbot: note: {name} was not asked (hidden by other answers)", err=True)
    if as_json:
        typer.echo(json.dumps(result.finished.evaluation.evaluation, indent=2, sort_keys=True))
        return
    report = build_report(result.finished.evaluation, cite)
    typer.echo(render_report(report, summary_of=summary_of), nl=False)


def register(app: typer.Typer) -> None:
    """Add the `interview` command to the CLI."""
    app.command("interview")(interview)
