"""Modal submissions (`view_submission`), one module per modal: the interview's answer form,
the report's share form, the KPI forms (values, add, log), the nudge preferences and the
team pulse form."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.views import (
    interview_answer,
    kpi_add,
    kpi_log,
    kpi_values,
    nudge_preferences,
    share_report,
    team_pulse,
)
from bot.slack.deps import SlackDeps

MODULES = (
    interview_answer,
    share_report,
    kpi_values,
    kpi_add,
    kpi_log,
    nudge_preferences,
    team_pulse,
)


def register(app: App, deps: SlackDeps) -> None:
    """Register every modal's submission."""
    for module in MODULES:
        module.register(app, deps)
