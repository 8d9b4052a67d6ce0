"""`alignbot report`: your latest alignment report, in the terminal.

    alignbot report                 its first screen: score, band, weakest dimension, each
                                    initiative's verdict, the top three findings with their
                                    next step, the next 30 days
    alignbot report --full          the whole report: every finding with its cited passage,
                                    the 60- and 90-day plan, the KPI plan, ROI details and
                                    the rules behind the score
    alignbot report --json          the Evaluation as JSON (as `interview --answers … --json`)

The report is the one the last finished interview stored (`alignbot interview`, or a
replayed answers file with `--user`). Before any, one line says so and the exit code is 1.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.cli.interview import citer, open_service
from bot.cli.options import FullOption
from bot.interview.conversation import LOCAL_TEAM, local_user
from bot.interview.report import build_report
from bot.render.text_interview import render_report
from bot.settings import load_settings

EXIT_NO_REPORT = 1


def report(
    full: FullOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Evaluation as JSON.")] = False,
    citations: Annotated[
        bool,
        typer.Option("--citations/--no-citations", help="With --full: cite a passage per finding."),
    ] = True,
    user: Annotated[
        str | None, typer.Option("--user", help="Whose report (default: your login name).")
    ] = None,
) -> None:
    """Print your latest alignment report: its first screen, `--full` or `--json`."""
    settings = load_settings()
    service = open_service(settings)
    who = user or local_user()
    latest = service.latest_evaluation(LOCAL_TEAM, who)
    if latest is None:
        typer.echo(f"alignbot: no report yet for {who}: run `alignbot interview` first", err=True)
        raise typer.Exit(EXIT_NO_REPORT)
    if as_json:
        typer.echo(json.dumps(latest.evaluation, indent=2, sort_keys=True))
        return
    # The first screen cites nothing: the knowledge base loads only for the whole report.
    cite = citer(settings) if citations and full else None
    more = " ".join(["alignbot", "report", *(["--user", user] if user else []), "--full"])
    text = render_report(build_report(latest, cite), summary_of=None if full else more)
    typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add the `report` command to the CLI."""
    app.command("report")(report)
