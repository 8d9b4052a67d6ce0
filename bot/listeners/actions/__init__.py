"""Clicks on interactive elements (`block_actions`), one module per surface the element sits
on: answers, the interview's question message, reports, KPIs, nudges and the Home tab."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.actions import (
    answer_buttons,
    home_buttons,
    interview_buttons,
    kpi_buttons,
    nudge_buttons,
    reassess_buttons,
    report_buttons,
)
from bot.slack.deps import SlackDeps

MODULES = (
    answer_buttons,
    interview_buttons,
    reassess_buttons,
    report_buttons,
    kpi_buttons,
    nudge_buttons,
    home_buttons,
)


def register(app: App, deps: SlackDeps) -> None:
    """Register every surface's buttons."""
    for module in MODULES:
        module.register(app, deps)
