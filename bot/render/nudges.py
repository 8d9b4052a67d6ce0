"""KPI nudges in Slack: the daily nudge and its one reminder, the "Log value" modal, the
confirmation after logging, the `/align nudges` preferences, and the digest's status lines.

Every KPI name, unit, note and finding text is escaped before it goes into mrkdwn or a
message's `text`: a KPI named like a channel broadcast must not ping anybody.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.kpis.dashboard import TrackedKpi
from bot.kpis.logged import LoggedValue
from bot.render.blocks import (
    MAX_MESSAGE_BLOCKS,
    Block,
    actions,
    button,
    context,
    encode_private_metadata,
    escape_mrkdwn,
    fallback_text,
    modal_button,
    modal_title,
    plain_text,
    section,
    section_blocks,
    trim,
)
from bot.render.kpis import kpi_line, kpi_name, kpi_sections, progress_text
from bot.store import NudgePreferences
from prompts.formatting import format_date

SNOOZE = "nudge_snooze"
STOP = "nudge_stop"
EDIT_PREFERENCES = "nudge_preferences_edit"
LOG_VIEW = "kpi_log"
PREFERENCES_VIEW = "nudge_preferences"
LOG_VALUE_BLOCK = "kpi_log_value"
LOG_NOTE_BLOCK = "kpi_log_note"
LOG_DAY_BLOCK = "kpi_log_day"
TIME_BLOCK = "nudge_time"
DAYS_BLOCK = "nudge_work_days"
PAUSE_BLOCK = "nudge_paused"
AWAY_BLOCK = "nudge_away_until"
VALUE_ACTION = "value"
MAX_INPUT_LABEL = 2000
MAX_NOTE = 500
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _nudge_actions() -> Block:
    return actions(
        [
            button("Snooze until tomorrow", SNOOZE, value="snooze"),
            button("Stop these", STOP, value="stop", style="danger"),
        ]
    )


def build_nudge_blocks(kpis: Sequence[TrackedKpi], *, reminder: bool = False) -> list[Block]:
    """Return the daily nudge (or its one reminder): each KPI due with its progress and a
    "Log value" button, then "Snooze until tomorrow" and "Stop these"."""
    noun = "KPI" if len(kpis) == 1 else f"{len(kpis)} KPIs"
    opening = (
        f"A gentle reminder: nothing logged yet today for your {noun}."
        if reminder
        else f"Good morning! Time to log your {noun}: one click and a number."
    )
    return [section(opening), *kpi_sections(kpis), _nudge_actions()]


def nudge_fallback_text(kpis: Sequence[TrackedKpi], *, reminder: bool = False) -> str:
    """Return the nudge as one line naming its KPIs (notifications, screen readers)."""
    names = ", ".join(escape_mrkdwn(t.kpi.name) for t in kpis)
    lead = "Reminder: log" if reminder else "Time to log"
    return fallback_text(f"{lead} {names}.")


# --- the "Log value" modal ------------------------------------------------------------------


def build_log_value_view(tracked: TrackedKpi, *, today: date) -> dict[str, object]:
    """Return the modal that logs one value of a KPI: the value, an optional note, and the
    day it describes (today by default); its private_metadata carries only the KPI's id."""
    kpi = tracked.kpi
    unit = f" (in {kpi.unit})" if kpi.unit else ""
    return {
        "type": "modal",
        "callback_id": LOG_VIEW,
        "private_metadata": encode_private_metadata({"k": kpi.id}),
        "title": modal_title("Log a value"),
        "submit": modal_button("Log"),
        "close": modal_button("Cancel"),
        "blocks": [
            section(f"{kpi_line(tracked)}"),
            {
                "type": "input",
                "block_id": LOG_VALUE_BLOCK,
                "label": plain_text(f"Value{unit}", MAX_INPUT_LABEL),
                "hint": plain_text("A number, like 12.5, $3k or 18%.", MAX_INPUT_LABEL),
                "element": {
                    "type": "plain_text_input",
                    "action_id": VALUE_ACTION,
                    "placeholder": plain_text("e.g. 12.5", 150),
                    "max_length": 100,
                },
            },
            {
                "type": "input",
                "block_id": LOG_NOTE_BLOCK,
                "optional": True,
                "label": plain_text("Note", MAX_INPUT_LABEL),
                "element": {
                    "type": "plain_text_input",
                    "action_id": VALUE_ACTION,
                    "max_length": MAX_NOTE,
                    "placeholder": plain_text("What explains this value? (optional)", 150),
                },
            },
            {
                "type": "input",
                "block_id": LOG_DAY_BLOCK,
                "label": plain_text("The day it describes", MAX_INPUT_LABEL),
                "element": {
                    "type": "datepicker",
                    "action_id": VALUE_ACTION,
                    "initial_date": today.isoformat(),
                },
            },
        ],
    }


def build_logged_blocks(logged: LoggedValue) -> list[Block]:
    """Return the confirmation after logging: where the KPI stands now, and when this
    value turned it off track, the report's next step (with its cited passage, if any)."""
    tracked = logged.tracked
    blocks = [section(f"Logged. {kpi_line(tracked)}")]
    if logged.turned_off_track:
        blocks.append(section(f"🟠 *{kpi_name(tracked)}* is off track now."))
    step = logged.next_step
    if step is not None and tracked.progress.status == "off_track":
        blocks.append(
            section(
                f"*What your report suggests:* {escape_mrkdwn(step.finding_title)}\n"
                f"{escape_mrkdwn(step.next_step)}"
            )
        )
        passage = logged.passage
        if passage is not None:
            source = f"{passage.title} — {passage.section}" if passage.section else passage.title
            blocks.append(
                context([f"> {escape_mrkdwn(trim(passage.text, 500))}\n_{escape_mrkdwn(source)}_"])
            )
    return blocks


def build_logged_view(logged: LoggedValue) -> dict[str, object]:
    """Return the modal that replaces the "Log value" form once the value is stored: the
    same confirmation as `build_logged_blocks`."""
    return {
        "type": "modal",
        "callback_id": LOG_VIEW + "_done",
        "title": modal_title("Value logged"),
        "close": modal_button("Close"),
        "blocks": build_logged_blocks(logged),
    }


def logged_fallback_text(logged: LoggedValue) -> str:
    """Return the confirmation as one line."""
    state = " It is off track now." if logged.turned_off_track else ""
    return fallback_text(f"Logged a value for {kpi_name(logged.tracked)}.{state}")


# --- /align nudges ----------------------------------------------------------------------------


def _days(days: Sequence[int]) -> str:
    if tuple(days) == (0, 1, 2, 3, 4):
        return "Monday to Friday"
    return ", ".join(WEEKDAY_NAMES[d] for d in days) or "no day"


def preferences_text(prefs: NudgePreferences) -> str:
    """Return the person's nudge preferences as mrkdwn lines."""
    lines = [f"*When:* {prefs.nudge_time.strftime('%H:%M')}, {_days(prefs.work_days)}"]
    if prefs.tz:
        lines[0] += f" ({escape_mrkdwn(prefs.tz)} time)"
    if prefs.paused:
        lines.append("*Paused:* no nudges until you resume them.")
    if prefs.away_until is not None:
        lines.append(f"*Away until:* {format_date(prefs.away_until)} (nudges resume after).")
    if prefs.snoozed_until is not None:
        lines.append(f"*Snoozed until:* {format_date(prefs.snoozed_until)}.")
    return "\n".join(lines)


def build_preferences_blocks(prefs: NudgePreferences) -> list[Block]:
    """Return what `/align nudges` shows: the preferences and a button to change them."""
    return [
        section(
            f"*Your KPI nudges*\n{preferences_text(prefs)}",
            accessory=button("Change", EDIT_PREFERENCES, value="edit"),
        )
    ]


def _option(text: str, value: str) -> Block:
    return {"text": plain_text(text, 75), "value": value}


def build_preferences_view(prefs: NudgePreferences) -> dict[str, object]:
    """Return the modal that changes time, work days, pause and away-until."""
    days = [_option(name, str(i)) for i, name in enumerate(WEEKDAY_NAMES)]
    chosen = [days[d] for d in prefs.work_days]
    pause = _option("Pause all my nudges", "paused")
    days_element: Block = {"type": "checkboxes", "action_id": VALUE_ACTION, "options": days}
    if chosen:
        days_element["initial_options"] = chosen
    pause_element: Block = {"type": "checkboxes", "action_id": VALUE_ACTION, "options": [pause]}
    if prefs.paused:
        pause_element["initial_options"] = [pause]
    away: Block = {"type": "datepicker", "action_id": VALUE_ACTION}
    if prefs.away_until is not None:
        away["initial_date"] = prefs.away_until.isoformat()
    return {
        "type": "modal",
        "callback_id": PREFERENCES_VIEW,
        "title": modal_title("KPI nudges"),
        "submit": modal_button("Save"),
        "close": modal_button("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": TIME_BLOCK,
                "label": plain_text("Time of the nudge (your time zone)", MAX_INPUT_LABEL),
                "element": {
                    "type": "timepicker",
                    "action_id": VALUE_ACTION,
                    "initial_time": prefs.nudge_time.strftime("%H:%M"),
                },
            },
            {
                "type": "input",
                "block_id": DAYS_BLOCK,
                "label": plain_text("Work days", MAX_INPUT_LABEL),
                "element": days_element,
            },
            {
                "type": "input",
                "block_id": PAUSE_BLOCK,
                "optional": True,
                "label": plain_text("Pause", MAX_INPUT_LABEL),
                "element": pause_element,
            },
            {
                "type": "input",
                "block_id": AWAY_BLOCK,
                "optional": True,
                "label": plain_text("Away until (no nudges through this day)", MAX_INPUT_LABEL),
                "element": away,
            },
        ],
    }


# --- the weekly digest -------------------------------------------------------------------------


def digest_status_line(tracked: TrackedKpi) -> str:
    """Return one KPI's line of the weekly digest (mrkdwn)."""
    return f"• *{kpi_name(tracked)}*: {progress_text(tracked.progress, tracked.kpi)}"


def digest_text(kpis: Sequence[TrackedKpi], title: str = "Your KPIs this week") -> str:
    """Return the weekly digest as mrkdwn: a title line and one status line per KPI (the
    comment that goes with the chart)."""
    lines = "\n".join(digest_status_line(t) for t in kpis)
    return f"*{escape_mrkdwn(title)}*\n{lines}"


def build_digest_blocks(kpis: Sequence[TrackedKpi]) -> list[Block]:
    """Return the weekly digest as a message (when no chart can go with it)."""
    return section_blocks(digest_text(kpis))[:MAX_MESSAGE_BLOCKS]
