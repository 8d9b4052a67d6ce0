"""`alignbot team FILE.yaml`: the team report of pulse answers collected by hand (a form, a
meeting), against your latest report: priority agreement, each initiative's ratings next to
yours, who knows the KPI, involvement, findings with next steps and sources. `--json` prints
the `TeamEvaluation`; `--chart FILE.png` writes its chart. Results show from 3 answers (the
anonymity rule); the file's format is in `bot/team/responses.py`. A bad file prints every
problem and exits with code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.options import ChartOption, JsonOption, UserOption
from bot.interview.conversation import LOCAL_TEAM, local_user

EXIT_INVALID_INPUT = 2


def team(
    answers: Annotated[
        Path, typer.Argument(help="The team's answers (YAML list, one per person).")
    ],
    as_json: JsonOption = False,
    user: UserOption = None,
    chart: ChartOption = None,
) -> None:
    """Evaluate your team's pulse answers against your latest report."""
    from bot.render.team import render_team_text
    from bot.settings import load_settings
    from bot.store import open_store
    from bot.team.errors import TeamError
    from bot.team.responses import parse_responses
    from bot.team.service import TeamReportService
    from prompts.data_files import read_yaml

    store = open_store(load_settings())
    try:
        service = TeamReportService(store)
        owner = service.owner_side(LOCAL_TEAM, user or local_user())
    except TeamError as exc:
        typer.echo(f"alignbot: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        store.close()
    try:
        responses = parse_responses(read_yaml(answers, TeamError), owner, name=str(answers))
    except TeamError as exc:
        typer.echo(f"alignbot: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID_INPUT) from None
    result = service.evaluate(owner, responses)
    if chart is not None and result.shown:
        from bot.team.chart import render_team_chart

        chart.write_bytes(render_team_chart(result))
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        typer.echo(render_team_text(result), nl=False)


def register(app: typer.Typer) -> None:
    """Add the `team` command to the CLI."""
    app.command("team")(team)
