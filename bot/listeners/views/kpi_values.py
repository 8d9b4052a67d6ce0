"""The KPI values modal ("Set values" / "Log a value"): it logs the value a KPI shows on a
day and fills in its baseline, target and target date.

The submission is checked in its ack (pure parsing, no I/O), so a value that cannot be read
comes back as a field error; a valid one is answered with a "Saving…" view that the lazy
listener replaces with the saved values, or with why they could not be saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.kpis.values import Field, KpiValues, parse_kpi_values
from bot.render.blocks import decode_private_id
from bot.render.kpis import (
    BASELINE_BLOCK,
    DATE_BLOCK,
    KPI_VALUES_VIEW,
    OBSERVED_BLOCK,
    READING_BLOCK,
    TARGET_BLOCK,
    VALUE_ACTION,
    build_kpi_result_view,
    build_kpi_saved_view,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import KPIS_NOT_AVAILABLE, guarded
from bot.slack.home import refresh_home
from bot.slack.modals import show_outcome
from bot.slack.payloads import ViewSubmission

FORM_UNREADABLE = "I could not read that form; press *Set values* on the KPI and try again."
BLOCKS: dict[Field, str] = {
    "baseline": BASELINE_BLOCK,
    "target": TARGET_BLOCK,
    "target_date": DATE_BLOCK,
    "value": READING_BLOCK,
    "observed_on": OBSERVED_BLOCK,
}


def submitted_values(
    submission: ViewSubmission, today: date
) -> tuple[KpiValues | None, dict[str, str]]:
    """Return the values a "Set values" modal submits, or the field errors to show (keyed
    by block id)."""
    parsed, errors = parse_kpi_values(
        baseline=submission.field(BASELINE_BLOCK, VALUE_ACTION),
        target=submission.field(TARGET_BLOCK, VALUE_ACTION),
        target_date=submission.field(DATE_BLOCK, VALUE_ACTION, "selected_date"),
        value=submission.field(READING_BLOCK, VALUE_ACTION),
        observed_on=submission.field(OBSERVED_BLOCK, VALUE_ACTION, "selected_date"),
        today=today,
    )
    return parsed, {BLOCKS[field]: message for field, message in errors.items()}


def acknowledge_values(ack: Ack, body: dict[str, Any]) -> None:
    """Answer a "Set values" submission at once: field errors for what cannot be read,
    else a "Saving…" view the lazy listener replaces."""
    _, errors = submitted_values(ViewSubmission.of(body), date.today())
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=build_kpi_result_view("KPI values", "Saving…"))


def register(app: App, deps: SlackDeps) -> None:
    """Register the values modal's submission."""

    def save_values(body: dict[str, Any], client: WebClient) -> None:
        submission = ViewSubmission.of(body)
        actor = submission.actor
        values, _ = submitted_values(submission, date.today())
        if values is None:
            return  # the ack showed the field errors and kept the form open
        kpi_id = decode_private_id(submission.private_metadata, "k")

        def save() -> dict[str, object]:
            if deps.kpis is None:
                return build_kpi_result_view("KPI values", KPIS_NOT_AVAILABLE)
            if kpi_id is None:
                return build_kpi_result_view("KPI values", FORM_UNREADABLE)
            updated = deps.kpis.update(actor.team_id, actor.user_id, kpi_id, values)
            return build_kpi_saved_view(updated)

        show_outcome(
            client,
            body,
            submission.view_id,
            save,
            lambda message: build_kpi_result_view("KPI values", message),
            doing="saving",
            where="save_values",
        )
        refresh_home(client, deps.kpis, actor, deps.nudges, deps.team)

    app.view(KPI_VALUES_VIEW)(ack=acknowledge_values, lazy=[guarded(save_values)])
