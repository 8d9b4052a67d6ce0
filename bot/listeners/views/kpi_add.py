"""The `/align kpi add` form. Its submission is checked and stored in its ack, so that a
field that cannot be read (or a name already tracked) comes back under that field and the
form stays open; a KPI added is confirmed in the form itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App

from bot.kpis.errors import KpiError
from bot.kpis.forms import FIELDS, parse_new_kpi
from bot.render.blocks import escape_mrkdwn
from bot.render.kpis import (
    KPI_ADD_VIEW,
    VALUE_ACTION,
    add_block_id,
    build_kpi_result_view,
    values_line,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import KPIS_NOT_AVAILABLE
from bot.slack.payloads import ViewSubmission

ADDED = (
    "Now tracking *{name}*. {values}\nLog a value with *Log value* in `/align kpi` or in "
    "your daily nudge, or type `/align kpi log {name} VALUE`."
)
# The form's pickers; every other field is typed (a date picked is read as typed).
PICKED = ("direction", "cadence", "objective", "initiative")


def submitted_form(submission: ViewSubmission) -> dict[str, str]:
    """Return what the form holds per field (what was typed or picked, "" when empty)."""
    form: dict[str, str] = {}
    for field in FIELDS:
        block = add_block_id(field)
        if field in PICKED:
            form[field] = submission.picked(block, VALUE_ACTION)
        elif field == "target_date":
            form[field] = submission.field(block, VALUE_ACTION, "selected_date")
        else:
            form[field] = submission.field(block, VALUE_ACTION)
    return form


def register(app: App, deps: SlackDeps) -> None:
    """Register the add-a-KPI form's submission."""

    def add_kpi(ack: Ack, body: dict[str, Any]) -> None:
        submission = ViewSubmission.of(body)
        actor = submission.actor
        if deps.kpis is None or deps.nudges is None:
            ack(
                response_action="update",
                view=build_kpi_result_view("Add a KPI", KPIS_NOT_AVAILABLE),
            )
            return
        today: date = deps.nudges.today(actor.team_id, actor.user_id)
        draft, errors = parse_new_kpi(
            submitted_form(submission), owner_user_id=actor.user_id, today=today
        )
        if draft is None:
            ack(response_action="errors", errors={add_block_id(f): m for f, m in errors.items()})
            return
        try:
            kpi = deps.kpis.add(actor.team_id, actor.user_id, draft)
        except KpiError as exc:
            ack(response_action="errors", errors={add_block_id("name"): str(exc)})
            return
        text = ADDED.format(name=escape_mrkdwn(kpi.name), values=values_line(kpi))
        ack(response_action="update", view=build_kpi_result_view("KPI added", text))

    app.view(KPI_ADD_VIEW)(add_kpi)
