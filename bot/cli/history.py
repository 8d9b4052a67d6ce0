"""`alignbot history`: your alignment over time in the terminal: every assessment's score,
band and maturity level, each dimension first -> latest, and what changed since the
previous assessment (answers that moved, findings resolved and new). `--json` prints the
same `History` as one JSON object; `--chart FILE.png` also writes the chart; `--cadence`
sets how often a re-assessment is offered (the same setting as `/align history cadence`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from bot.cli.interview import EXIT_INVALID_INPUT
from bot.cli.options import ChartOption, JsonOption, UserOption
from bot.interview.conversation import LOCAL_TEAM, local_user

CadenceOption = Annotated[
    str | None,
    typer.Option(
        "--cadence",
        help="How often a re-assessment is offered: monthly, quarterly (the default), "
        "half-yearly, yearly or never.",
        show_default=False,
    ),
]


def history(
    as_json: JsonOption = False,
    user: UserOption = None,
    chart: ChartOption = None,
    cadence: CadenceOption = None,
) -> None:
    """Show how your alignment changed across assessments."""
    from bot.history import HistoryService
    from bot.history.cadence import CADENCE_CHOICES, CADENCE_LABELS, parse_cadence
    from bot.render.history import render_history_text
    from bot.settings import load_settings
    from bot.store import open_store

    picked = None if cadence is None else parse_cadence(cadence)
    if cadence is not None and picked is None:
        typer.echo(f"alignbot: --cadence takes {CADENCE_CHOICES}; got {cadence!r}", err=True)
        raise typer.Exit(EXIT_INVALID_INPUT)
    who = user or local_user()
    store = open_store(load_settings())
    try:
        service = HistoryService(store)
        if picked is not None:
            service.set_cadence(LOCAL_TEAM, who, picked)
            typer.echo(f"Re-assessment: {CADENCE_LABELS[picked]} from now on.", err=as_json)
        cadence_now = service.cadence(LOCAL_TEAM, who)
        timeline = service.history(LOCAL_TEAM, who)
    finally:
        store.close()
    if chart is not None and timeline.points:
        from bot.history.chart import render_history_chart

        chart.write_bytes(render_history_chart(timeline))
    if as_json:
        typer.echo(timeline.model_dump_json(indent=2))
    else:
        text = render_history_text(timeline, date.today(), cadence_now)
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add the `history` command to the CLI."""
    app.command("history")(history)
