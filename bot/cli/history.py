"""`alignbot history`: your alignment over time in the terminal: every assessment's score,
band and maturity level, each dimension first -> latest, and what changed since the
previous assessment (answers that moved, findings resolved and new). `--json` prints the
same `History` as one JSON object; `--chart FILE.png` also writes the chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from bot.interview.conversation import LOCAL_TEAM, local_user


def history(
    as_json: Annotated[bool, typer.Option("--json", help="Print the history as JSON.")] = False,
    user: Annotated[
        str | None, typer.Option("--user", help="Whose history (default: your login name).")
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="Also write the chart as a PNG to this file.", show_default=False
        ),
    ] = None,
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
