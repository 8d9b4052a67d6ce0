"""The list of command-group modules the CLI registers, in help order."""

from __future__ import annotations

from types import ModuleType

from bot.cli import chat, history, interview, knowledge, nudge, report, score, serve, team

MODULES: list[ModuleType] = [
    chat,
    serve,
    knowledge,
    score,
    interview,
    report,
    history,
    team,
    nudge,
]
