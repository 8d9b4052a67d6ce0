"""The nudge preferences form (from "Change" under `/align nudges`): time, work days, pause
and away-until. Checked and saved in its ack, so a day-less choice comes back under its
field; a saved one is confirmed in the form itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.kpis.errors import KpiError
from bot.kpis.forms import parse_nudge_time, parse_work_days
from bot.kpis.preferences import PreferencesChange
from bot.render.kpis import build_kpi_result_view
from bot.render.nudges import (
    AWAY_BLOCK,
    DAYS_BLOCK,
    PAUSE_BLOCK,
    PREFERENCES_VIEW,
    TIME_BLOCK,
    VALUE_ACTION,
    preferences_text,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import KPIS_NOT_AVAILABLE, guarded
from bot.slack.home import refresh_home
from bot.slack.payloads import ViewSubmission


def submitted_change(submission: ViewSubmission) -> tuple[PreferencesChange | None, dict[str, str]]:
    """Return the change the form asks for, or the field errors to show (by block id)."""
    errors: dict[str, str] = {}
    change: dict[str, Any] = {}
    try:
        change["nudge_time"] = parse_nudge_time(
            submission.field(TIME_BLOCK, VALUE_ACTION, "selected_time")
        )
    except KpiError as exc:
        errors[TIME_BLOCK] = str(exc)
    try:
        change["work_days"] = parse_work_days(submission.ticked(DAYS_BLOCK, VALUE_ACTION))
    except KpiError as exc:
        errors[DAYS_BLOCK] = str(exc)
    change["paused"] = bool(submission.ticked(PAUSE_BLOCK, VALUE_ACTION))
    away = submission.field(AWAY_BLOCK, VALUE_ACTION, "selected_date")
    change["away_until"] = date.fromisoformat(away) if away else None
    if errors:
        return None, errors
    return PreferencesChange(**change), {}


def register(app: App, deps: SlackDeps) -> None:
    """Register the preferences form's submission."""

    def save_preferences(ack: Ack, body: dict[str, Any]) -> None:
        submission = ViewSubmission.of(body)
        actor = submission.actor
        if deps.nudges is None:
            ack(
                response_action="update",
                view=build_kpi_result_view("KPI nudges", KPIS_NOT_AVAILABLE),
            )
            return
        change, errors = submitted_change(submission)
        if change is None:
            ack(response_action="errors", errors=errors)
            return
        prefs = deps.nudges.change(actor.team_id, actor.user_id, change)
        text = f"Saved.\n{preferences_text(prefs)}"
        ack(response_action="update", view=build_kpi_result_view("KPI nudges", text))

    def show_on_home(body: dict[str, Any], client: WebClient) -> None:
        refresh_home(client, deps.kpis, ViewSubmission.of(body).actor, deps.nudges, deps.team)

    app.view(PREFERENCES_VIEW)(ack=save_preferences, lazy=[guarded(show_on_home)])
