"""`alignbot history`: your alignment over time in the terminal: every assessment's score,
band and maturity level, each dimension first -> latest, and what changed since the
previous assessment (answers that moved, findings resolved and new). `--json` prints the
same `History` as one JSON object; `--chart FILE.png` also writes the chart."""

from __future__ import annotations

from datetime import date

import typer

from bot.cli.options import ChartOption, JsonOption, UserOption
from bot.interview.conversation import LOCAL_TEAM, local_user


def history(
    as_json: JsonOption = False,
    user: UserOption = None,
    chart: ChartOption = None,
) -> None:
    """Show how your alignment changed across assessments."""
    from bot.history import HistoryService
    from bot.render.history import render_history_text
    from bot.settings import load_settings
    from bot.store import open_store

    store = open_store(load_settings())
    try:
        timeline = HistoryService(store).history(LOCAL_TEAM, user or local_user())
    finally:
        store.close()
    if chart is not None and timeline.points:
        from bot.history.chart import render_history_chart

        chart.write_bytes(render_history_chart(timeline))
    if as_json:
        typer.echo(timeline.model_dump_json(indent=2))
    else:
        typer.echo(render_history_text(timeline, date.today()), nl=False)


def register(app: typer.Typer) -> None:
    """Add the `history` command to the CLI."""
    app.command("history")(history)
