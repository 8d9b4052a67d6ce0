"""`/align nudges`: when the daily KPI nudge comes (time, work days, pause, away-until), with
a button to change it."""

from __future__ import annotations

from bot.listeners.commands.request import SubcommandRequest
from bot.render.nudges import build_preferences_blocks, preferences_text
from bot.slack.failures import KPIS_NOT_AVAILABLE


def run_nudges(request: SubcommandRequest) -> None:
    """Show the person's nudge preferences ephemerally, with "Change"."""
    nudges = request.deps.nudges
    if nudges is None:
        request.say(KPIS_NOT_AVAILABLE)
        return
    prefs = nudges.get(request.actor.team_id, request.actor.user_id)
    request.say(preferences_text(prefs), build_preferences_blocks(prefs))
