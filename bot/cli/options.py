"""Options several `alignbot` commands share, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ChartOption = Annotated[
    Path | None,
    typer.Option("--chart", help="Also write the chart as a PNG to this file.", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print it as JSON instead of text.")]
UserOption = Annotated[
    str | None, typer.Option("--user", help="Whose data (default: your login name).")
]
FullOption = Annotated[
    bool, typer.Option("--full", help="Print the whole report, not only its first screen.")
]
