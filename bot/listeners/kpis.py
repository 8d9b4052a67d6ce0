"""KPI tracking in Slack: "Track these KPIs" under a report (the KPI plan tracked, confirmed
ephemerally, the Home refreshed) and "Set values" / "Log a value" (one modal that logs the
value a KPI shows on a day and fills in its baseline, target and target date).

The modal's submission is checked in its ack (pure parsing, no I/O), so a value that cannot
be read comes back as a field error; a valid one is answered with a "Saving…" view that the
lazy listener replaces with the saved values, or with why they could not be saved.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.kpis.values import Field, KpiValues, parse_kpi_values
from bot.listeners.deps import SlackDeps
from bot.listeners.failures import guarded, log_failure, user_message
from bot.listeners.home import guarded_anywhere, refresh_home
from bot.listeners.report import ReportClick
from bot.render.kpis import (
    BASELINE_BLOCK,
    DATE_BLOCK,
    KPI_VALUES_VIEW,
    OBSERVED_BLOCK,
    READING_BLOCK,
    SET_KPI_VALUES,
    TARGET_BLOCK,
    VALUE_ACTION,
    build_kpi_result_view,
    build_kpi_saved_view,
    build_kpi_values_view,
    build_tracked_blocks,
    parse_kpi_ref,
    tracked_fallback_text,
)
from bot.render.report import TRACK_KPIS

logger = logging.getLogger(__name__)

NOT_AVAILABLE = (
    "KPI tracking is not available on this bot: it has no database to keep KPIs. Ask whoever "
    "runs alignbot to set one up."
)
FORM_UNREADABLE = "I could not read that form; press *Set values* on the KPI and try again."
BLOCKS: dict[Field, str] = {
    "baseline": BASELINE_BLOCK,
    "target": TARGET_BLOCK,
    "target_date": DATE_BLOCK,
    "value": READING_BLOCK,
    "observed_on": OBSERVED_BLOCK,
}


def acknowledge(ack: Ack) -> None:
    """Acknowledge a click at once; the work happens in the lazy listener."""
    ack()


def _typed(values: dict[str, Any], block_id: str, key: str) -> str:
    field = (values.get(block_id) or {}).get(VALUE_ACTION) or {}
    return str(field.get(key) or "")


def submitted_values(view: dict[str, Any], today: date) -> tuple[KpiValues | None, dict[str, str]]:
    """Return the values a "Set values" modal submits, or the field errors to show (keyed
    by block id)."""
    values = (view.get("state") or {}).get("values") or {}
    parsed, errors = parse_kpi_values(
        baseline=_typed(values, BASELINE_BLOCK, "value"),
        target=_typed(values, TARGET_BLOCK, "value"),
        target_date=_typed(values, DATE_BLOCK, "selected_date"),
        value=_typed(values, READING_BLOCK, "value"),
        observed_on=_typed(values, OBSERVED_BLOCK, "selected_date"),
        today=today,
    )
    return parsed, {BLOCKS[field]: message for field, message in errors.items()}


def submitted_kpi_id(view: dict[str, Any]) -> int | None:
    """Return the KPI id a "Set values" modal's private_metadata carries (None if foreign)."""
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except json.JSONDecodeError:
        return None
    found = data.get("k") if isinstance(data, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def acknowledge_values(ack: Ack, view: dict[str, Any]) -> None:
    """Answer a "Set values" submission at once: field errors for what cannot be read,
    else a "Saving…" view the lazy listener replaces."""
    _, errors = submitted_values(view, date.today())
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=build_kpi_result_view("KPI values", "Saving…"))


def _team_and_user(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    team = body.get("team") or {}
    return str(team.get("id") or user.get("team_id") or ""), str(user.get("id") or "")


def register(app: App, deps: SlackDeps) -> None:
    """Register "Track these KPIs", "Set values" and the values modal."""

    def track(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = ReportClick.from_body(body)
        if deps.reports is None:
            respond(response_type="ephemeral", replace_original=False, text=NOT_AVAILABLE)
            return
        if click.evaluation_id is None:
            return
        kpis = deps.reports.track_kpis(click.team_id, click.user_id, click.evaluation_id)
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=tracked_fallback_text(kpis),
            blocks=build_tracked_blocks(kpis),
        )
        refresh_home(client, deps.reports, click.team_id, click.user_id)

    def open_values(body: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = _team_and_user(body)
        clicked = (body.get("actions") or [{}])[0]
        kpi_id = parse_kpi_ref(str(clicked.get("value", "")))
        if deps.reports is None or kpi_id is None:
            return
        kpi = deps.reports.tracked_kpi(team_id, user_id, kpi_id)
        view = build_kpi_values_view(kpi, today=date.today())
        client.views_open(trigger_id=str(body.get("trigger_id")), view=view)

    def save_values(body: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = _team_and_user(body)
        view = body.get("view") or {}
        values, _ = submitted_values(view, date.today())
        kpi_id = submitted_kpi_id(view)
        try:
            if deps.reports is None:
                outcome = build_kpi_result_view("KPI values", NOT_AVAILABLE)
            elif values is None or kpi_id is None:
                outcome = build_kpi_result_view("KPI values", FORM_UNREADABLE)
            else:
                updated = deps.reports.update_kpi(team_id, user_id, kpi_id, values)
                outcome = build_kpi_saved_view(updated)
        except Exception as error:
            # A modal submission has no response_url: the outcome view is where to say it.
            log_failure(error, body, "save_values")
            outcome = build_kpi_result_view("KPI values", user_message(error, body))
        try:
            client.views_update(view_id=str(view.get("id") or ""), view=outcome)
        except SlackApiError as exc:
            logger.warning("could not show how saving went: %s", exc.response.get("error"))
        refresh_home(client, deps.reports, team_id, user_id)

    app.action(TRACK_KPIS)(ack=acknowledge, lazy=[guarded(track)])
    app.action(SET_KPI_VALUES)(ack=acknowledge, lazy=[guarded_anywhere(open_values)])
    app.view(KPI_VALUES_VIEW)(ack=acknowledge_values, lazy=[guarded(save_values)])
