"""Tracked KPIs in Slack: the confirmation after "Track these KPIs", a KPI's line with its
progress (App Home), and the modal that logs a KPI's value for a day and fills in its
baseline, target or date.

A KPI still missing a value says which, with a "Set values" button that opens the modal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.kpis.dashboard import TrackedKpi
from bot.kpis.forms import KpiField
from bot.kpis.progress import KpiProgress
from bot.kpis.tracking import missing_values
from bot.render.blocks import (
    MAX_MESSAGE_BLOCKS,
    Block,
    button,
    context,
    divider,
    encode_private_metadata,
    escape_mrkdwn,
    fallback_text,
    modal_button,
    modal_title,
    plain_text,
    section,
)
from bot.store import KpiRecord
from prompts.formatting import format_date, format_quantity

SET_KPI_VALUES = "kpi_set_values"
LOG_VALUE = "kpi_log_value"
KPI_VALUES_VIEW = "kpi_values"
BASELINE_BLOCK = "kpi_baseline"
TARGET_BLOCK = "kpi_target"
DATE_BLOCK = "kpi_target_date"
READING_BLOCK = "kpi_reading"
OBSERVED_BLOCK = "kpi_observed_on"
VALUE_ACTION = "value"
MAX_INPUT_LABEL = 2000
BAR_WIDTH = 10

STATUS_TEXT = {
    "achieved": "✅ target reached",
    "on_track": "🟢 on track",
    "off_track": "🟠 off track",
    "no_target": "no target yet",
    "no_reading": "waiting for a first value",
    "no_deadline": "no target date yet",
}
# Room kept under the 50-block limit for the header, the "more" line and the buttons.
NUDGE_ROOM = MAX_MESSAGE_BLOCKS - 4
MISSING_HOW_TO = (
    "Press *Set values* next to a KPI to add what is missing, now or later: the same "
    "button is on alignbot's *Home* tab."
)


def kpi_ref(kpi: KpiRecord) -> str:
    """Return the value a KPI's "Set values" button carries: its id."""
    return str(kpi.id)


def parse_kpi_ref(value: str) -> int | None:
    """Return the KPI id a "Set values" button carries, or None for a foreign value."""
    text = value.strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _value(value: float | None, kpi: KpiRecord) -> str:
    return escape_mrkdwn(format_quantity(value, kpi.unit, ""))


def values_line(kpi: KpiRecord) -> str:
    """Return a KPI's baseline → target by date as mrkdwn ("?" for what is missing)."""
    line = f"{_value(kpi.baseline, kpi)} → {_value(kpi.target, kpi)}"
    if kpi.target_date is not None:
        line += f" by {format_date(kpi.target_date)}"
    return line


def _arrow(kpi: KpiRecord) -> str:
    return "↑" if kpi.direction == "up" else "↓"


def missing_text(kpi: KpiRecord) -> str:
    """Return what a KPI lacks, as an italic note ("" when nothing is missing)."""
    missing = missing_values(kpi)
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + f" or {missing[-1]}"
    return f"_no {listed} yet_"


def progress_bar(share: float, width: int = BAR_WIDTH) -> str:
    """Return a share of the way (0-1) as a text bar, e.g. "▰▰▰▱▱▱▱▱▱▱"."""
    filled = round(min(1.0, max(0.0, share)) * width)
    return "▰" * filled + "▱" * (width - filled)


def progress_text(progress: KpiProgress, kpi: KpiRecord) -> str:
    """Return where a KPI stands: its bar and share of the way, status, and latest value."""
    parts = []
    if progress.progress is not None:
        parts.append(f"`{progress_bar(progress.progress)}` {round(progress.progress * 100)}%")
    parts.append(STATUS_TEXT[progress.status])
    if progress.latest is not None and progress.latest_on is not None:
        parts.append(f"latest {_value(progress.latest, kpi)} on {format_date(progress.latest_on)}")
    if progress.baseline_from_reading:
        parts.append("baseline taken from the first value")
    return " · ".join(parts)


def kpi_name(tracked: TrackedKpi) -> str:
    """Return the KPI's name escaped for mrkdwn."""
    return escape_mrkdwn(tracked.kpi.name)


def kpi_line(tracked: TrackedKpi) -> str:
    """Return one KPI as mrkdwn: name, baseline → target, where it stands."""
    kpi = tracked.kpi
    return f"*{kpi_name(tracked)}*: {values_line(kpi)}\n{progress_text(tracked.progress, kpi)}"


def log_button(tracked: TrackedKpi) -> Block:
    """Return the "Log value" button of a KPI (it carries the KPI's id)."""
    return button("Log value", LOG_VALUE, value=kpi_ref(tracked.kpi), style="primary")


def kpi_sections(kpis: Sequence[TrackedKpi], room: int = NUDGE_ROOM) -> list[Block]:
    """Return one section per KPI with its "Log value" button, at most `room` blocks; when
    some do not fit, the last says how many more there are."""
    shown = kpis if len(kpis) <= room else kpis[: room - 1]
    blocks = [section(kpi_line(t), accessory=log_button(t)) for t in shown]
    if len(shown) < len(kpis):
        blocks.append(context([f"…and {len(kpis) - len(shown)} more: `/align kpi` lists all."]))
    return blocks


def tracked_kpi_block(tracked: TrackedKpi) -> Block:
    """Return one tracked KPI for the Home tab: name, baseline → target, progress, and a
    "Set values" button."""
    kpi = tracked.kpi
    text = (
        f"{_arrow(kpi)} *{escape_mrkdwn(kpi.name)}*: {values_line(kpi)}\n"
        f"{progress_text(tracked.progress, kpi)}"
    )
    missing = missing_text(kpi)
    if missing:
        text += f"\n{missing}"
    label = "Set values" if missing else "Log a value"
    return section(text, accessory=button(label, SET_KPI_VALUES, value=kpi_ref(kpi)))


def _tracked_line(kpi: KpiRecord) -> str:
    line = f"{_arrow(kpi)} *{escape_mrkdwn(kpi.name)}*: {values_line(kpi)}"
    where = kpi.initiative or kpi.objective
    if where:
        line += f" _({escape_mrkdwn(where)})_"
    return line


def build_tracked_blocks(kpis: Sequence[KpiRecord]) -> list[Block]:
    """Return the confirmation after "Track these KPIs": what is tracked now, and for each
    KPI still missing a value, which one and a button to add it (at most 50 blocks)."""
    if not kpis:
        return [section("This report has no KPIs to track.")]
    noun = "KPI" if len(kpis) == 1 else "KPIs"
    blocks: list[Block] = [
        section(
            f"*Now tracking {len(kpis)} {noun} for you.* They are on alignbot's *Home* tab "
            "with their progress."
        )
    ]
    complete = [k for k in kpis if not missing_values(k)]
    incomplete = [k for k in kpis if missing_values(k)]
    if complete:
        blocks.append(section("\n".join(f"• {_tracked_line(k)}" for k in complete)))
    if incomplete:
        blocks.append(context([MISSING_HOW_TO]))
        room = MAX_MESSAGE_BLOCKS - len(blocks)
        shown = incomplete if len(incomplete) <= room else incomplete[: room - 1]
        for kpi in shown:
            text = f"{_tracked_line(kpi)}\n{missing_text(kpi)}"
            blocks.append(
                section(text, accessory=button("Set values", SET_KPI_VALUES, value=kpi_ref(kpi)))
            )
        if len(shown) < len(incomplete):
            blocks.append(
                context(
                    [
                        f"…and {len(incomplete) - len(shown)} more KPIs missing a value: "
                        "set them from the *Home* tab."
                    ]
                )
            )
    return blocks


def tracked_fallback_text(kpis: Sequence[KpiRecord]) -> str:
    """Return the confirmation as one line (notifications, screen readers)."""
    if not kpis:
        return "This report has no KPIs to track."
    names = ", ".join(k.name for k in kpis)
    noun = "KPI" if len(kpis) == 1 else "KPIs"
    return fallback_text(f"Now tracking {len(kpis)} {noun}: {names}.")


# --- the "Set values" modal -------------------------------------------------------------------


def _number_input(block_id: str, label: str, value: float | None, hint: str) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": VALUE_ACTION,
        "placeholder": plain_text("e.g. 120", 150),
    }
    if value is not None:
        element["initial_value"] = format_quantity(value, "", "")
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain_text(label, MAX_INPUT_LABEL),
        "hint": plain_text(hint, MAX_INPUT_LABEL),
        "element": element,
    }


def _date_input(block_id: str, label: str, day: date | None, hint: str | None = None) -> Block:
    element: Block = {"type": "datepicker", "action_id": VALUE_ACTION}
    if day is not None:
        element["initial_date"] = day.isoformat()
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain_text(label, MAX_INPUT_LABEL),
        "element": element,
    }
    if hint:
        block["hint"] = plain_text(hint, MAX_INPUT_LABEL)
    return block


def build_kpi_values_view(kpi: KpiRecord, *, today: date) -> dict[str, object]:
    """Return the modal that logs a KPI's value for a day (today by default) and sets its
    baseline, target and target date, filled in with what is stored; its private_metadata
    carries only the KPI's id."""
    unit = f" (in {kpi.unit})" if kpi.unit else ""
    better = "higher" if kpi.direction == "up" else "lower"
    return {
        "type": "modal",
        "callback_id": KPI_VALUES_VIEW,
        "private_metadata": encode_private_metadata({"k": kpi.id}),
        "title": modal_title("KPI values"),
        "submit": modal_button("Save"),
        "close": modal_button("Cancel"),
        "blocks": [
            section(f"*{escape_mrkdwn(kpi.name)}*{escape_mrkdwn(unit)}: {better} is better."),
            _number_input(
                READING_BLOCK,
                "Value: what the KPI shows now",
                None,
                "Logged for the day below; your progress is computed from the latest value.",
            ),
            _date_input(OBSERVED_BLOCK, "Day of that value", today),
            divider(),
            _number_input(
                BASELINE_BLOCK,
                "Baseline: the value before the change",
                kpi.baseline,
                "Leave empty to keep it unknown; your first logged value then serves.",
            ),
            _number_input(
                TARGET_BLOCK,
                "Target: the value you aim for",
                kpi.target,
                f"{better.capitalize()} than the baseline, e.g. +15%: type the number itself.",
            ),
            _date_input(DATE_BLOCK, "Target date: when you want to reach it", kpi.target_date),
        ],
    }


def build_kpi_result_view(title: str, text: str) -> dict[str, object]:
    """Return a small modal that says how saving went (shown in place of the form)."""
    return {
        "type": "modal",
        "callback_id": KPI_VALUES_VIEW + "_done",
        "title": modal_title(title),
        "close": modal_button("Close"),
        "blocks": [section(text)],
    }


def build_kpi_saved_view(tracked: TrackedKpi) -> dict[str, object]:
    """Return the modal confirming what was saved: the KPI's values and where it stands."""
    kpi = tracked.kpi
    text = f"Saved. {_tracked_line(kpi)}\n{progress_text(tracked.progress, kpi)}"
    missing = missing_text(kpi)
    if missing:
        text += f"\n{missing}"
    return build_kpi_result_view("KPI values saved", text)


# --- /align kpi and /align kpi add ---------------------------------------------------------

KPI_ADD_VIEW = "kpi_add"


def add_block_id(field: KpiField) -> str:
    """Return the block id of a field of the `/align kpi add` modal: a field error from
    `bot.kpis.forms.parse_new_kpi` goes to the block of the same field."""
    return f"kpi_add_{field}"


def build_kpi_list_blocks(kpis: Sequence[TrackedKpi]) -> list[Block]:
    """Return what `/align kpi` shows: each KPI with its progress and a "Log value"
    button, within one message's 50 blocks."""
    if not kpis:
        return [
            section(
                "You track no KPIs yet. `/align kpi add` adds one, or press *Track these "
                "KPIs* under a report."
            )
        ]
    noun = "KPI" if len(kpis) == 1 else "KPIs"
    heading = section(f"*Your {len(kpis)} {noun}*")
    return [heading, *kpi_sections(kpis, MAX_MESSAGE_BLOCKS - 1)]


def _text_input(field: KpiField, label: str, *, optional: bool, hint: str | None = None) -> Block:
    block: Block = {
        "type": "input",
        "block_id": add_block_id(field),
        "optional": optional,
        "label": plain_text(label, MAX_INPUT_LABEL),
        "element": {"type": "plain_text_input", "action_id": VALUE_ACTION, "max_length": 500},
    }
    if hint:
        block["hint"] = plain_text(hint, MAX_INPUT_LABEL)
    return block


def _select(
    field: KpiField, label: str, options: Sequence[tuple[str, str]], *, optional: bool
) -> Block:
    choices = [{"text": plain_text(text, 75), "value": value[:150]} for text, value in options]
    element: Block = {"type": "static_select", "action_id": VALUE_ACTION, "options": choices}
    if not optional:
        element["initial_option"] = choices[0]
    return {
        "type": "input",
        "block_id": add_block_id(field),
        "optional": optional,
        "label": plain_text(label, MAX_INPUT_LABEL),
        "element": element,
    }


def build_kpi_add_view(
    *, objectives: Sequence[str] = (), initiatives: Sequence[str] = ()
) -> dict[str, object]:
    """Return the `/align kpi add` modal: name, unit, direction, baseline, target, target
    date, cadence (and its day), and the objective and initiative of the person's latest
    report when there is one (a select of at most 100 each)."""
    blocks: list[Block] = [
        _text_input("name", "Name", optional=False, hint="e.g. Weekly online orders"),
        _text_input("unit", "Unit", optional=True, hint="e.g. orders, $, %, minutes"),
        _select(
            "direction",
            "Which way is better?",
            [("Higher is better", "up"), ("Lower is better", "down")],
            optional=False,
        ),
        _text_input("baseline", "Baseline", optional=True, hint="Where it stands now: 120, $3k"),
        _text_input("target", "Target", optional=True, hint="Where you want it: 150, $4.5k"),
        _date_input(add_block_id("target_date"), "Target date", None),
        _select(
            "cadence",
            "How often to log it",
            [
                ("Weekdays", "weekdays"),
                ("Daily", "daily"),
                ("Weekly", "weekly"),
                ("Monthly", "monthly"),
            ],
            optional=False,
        ),
        _text_input(
            "cadence_day",
            "Day for weekly or monthly",
            optional=True,
            hint="A weekday (Monday) for weekly, a day of the month (1-31) for monthly.",
        ),
    ]
    pickers: tuple[tuple[KpiField, str, Sequence[str]], ...] = (
        ("objective", "Objective it serves", objectives),
        ("initiative", "Initiative it measures", initiatives),
    )
    for field, label, names in pickers:
        unique = list(dict.fromkeys(n for n in names if n.strip()))[:100]
        if unique:
            blocks.append(_select(field, label, [(n, n) for n in unique], optional=True))
    return {
        "type": "modal",
        "callback_id": KPI_ADD_VIEW,
        "title": modal_title("Add a KPI"),
        "submit": modal_button("Add"),
        "close": modal_button("Cancel"),
        "blocks": blocks,
    }
