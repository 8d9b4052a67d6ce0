"""Alignment over time: every evaluation kept, read back as a history with what changed
(`build_history`), drawn as a chart (`render_history_chart`), served by `HistoryService`."""

from __future__ import annotations

from bot.history.service import HistoryService
from bot.history.timeline import (
    AnswerMove,
    Change,
    FindingRef,
    History,
    HistoryPoint,
    build_history,
)

__all__ = [
    "AnswerMove",
    "Change",
    "FindingRef",
    "History",
    "HistoryPoint",
    "HistoryService",
    "build_history",
]
