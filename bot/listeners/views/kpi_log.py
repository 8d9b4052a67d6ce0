"""The "Log value" form of a KPI (from a nudge or `/align kpi`): the value, an optional note
and the day it describes. The value and day are checked in the ack (pure parsing), so one
that cannot be read comes back under its field; a valid one is answered with "Saving…",
then replaced by where the KPI stands now, and, when this value turned it off track, the
next step of the latest report with its cited passage."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.kpis.errors import KpiError
from bot.kpis.values import parse_logged_value
from bot.render.blocks import decode_private_id
from bot.render.kpis import build_kpi_result_view
from bot.render.nudges import (
    LOG_DAY_BLOCK,
    LOG_NOTE_BLOCK,
    LOG_VALUE_BLOCK,
    LOG_VIEW,
    VALUE_ACTION,
    build_logged_view,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import KPIS_NOT_AVAILABLE, guarded
from bot.slack.home import refresh_home
from bot.slack.modals import show_outcome
from bot.slack.payloads import ViewSubmission

FORM_UNREADABLE = "I could not read that form; press *Log value* on the KPI and try again."


def submitted_log(submission: ViewSubmission) -> tuple[float | None, date | None, str]:
    """Return the value, the day and the note the form holds; `KpiError` for a value that
    cannot be read."""
    value = parse_logged_value(submission.field(LOG_VALUE_BLOCK, VALUE_ACTION), name="NAME")
    day = submission.field(LOG_DAY_BLOCK, VALUE_ACTION, "selected_date")
    note = submission.field(LOG_NOTE_BLOCK, VALUE_ACTION)
    return value, date.fromisoformat(day) if day else None, note


def acknowledge_log(ack: Ack, body: dict[str, Any]) -> None:
    """Answer the form at once: a field error for a value that cannot be read, else a
    "Saving…" view that the lazy listener replaces."""
    try:
        submitted_log(ViewSubmission.of(body))
    except KpiError as exc:
        ack(response_action="errors", errors={LOG_VALUE_BLOCK: str(exc)})
        return
    except ValueError:
        ack(response_action="errors", errors={LOG_DAY_BLOCK: "Pick the day the value describes."})
        return
    ack(response_action="update", view=build_kpi_result_view("Log a value", "Saving…"))


def register(app: App, deps: SlackDeps) -> None:
    """Register the "Log value" form's submission."""

    def save(body: dict[str, Any], client: WebClient) -> None:
        submission = ViewSubmission.of(body)
        actor = submission.actor
        kpi_id = decode_private_id(submission.private_metadata, "k")
        try:
            value, day, note = submitted_log(submission)
        except (KpiError, ValueError):
            return  # the ack showed the field error and kept the form open

        def log_value() -> dict[str, object]:
            if deps.kpis is None:
                return build_kpi_result_view("Log a value", KPIS_NOT_AVAILABLE)
            if kpi_id is None or value is None:
                return build_kpi_result_view("Log a value", FORM_UNREADABLE)
            logged = deps.kpis.log_value(
                actor.team_id, actor.user_id, kpi_id, value, note=note or None, day=day
            )
            return build_logged_view(logged)

        show_outcome(
            client,
            body,
            submission.view_id,
            log_value,
            lambda message: build_kpi_result_view("Log a value", message),
            doing="logging",
            where="log_value",
        )
        refresh_home(client, deps.kpis, actor, deps.nudges, deps.team)

    app.view(LOG_VIEW)(ack=acknowledge_log, lazy=[guarded(save)])
