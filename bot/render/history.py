"""Alignment over time, as words: one table of assessments (date, score, band, maturity),
each dimension first -> latest, and what changed since the previous assessment (answers
that moved, findings resolved, new findings). The same sections serve the terminal
(`render_history_text`) and Slack (`build_history_blocks`, user text escaped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.history.cadence import (
    CADENCE_LABELS,
    CADENCES,
    DEFAULT_CADENCE,
    reassessment_due_on,
)
from bot.history.timeline import AnswerMove, Change, History, Scalar
from bot.render.blocks import (
    Block,
    context,
    divider,
    escape_mrkdwn,
    header,
    plain_text,
    section,
)
from bot.store.records import ReassessCadence
from prompts.formatting import format_date, format_number, format_score

MAX_MOVES = 12
MAX_POINTS = 12
MAX_HOME_POINTS = 6
REASSESS_COMMAND = "`/align interview reassess`"
PICK_CADENCE = "home_reassess_cadence"
NO_HISTORY = (
    "No assessment yet. Answer the alignment interview once to get a report; each later "
    "re-assessment adds a point here, with what changed."
)
ONE_POINT = "One assessment so far: a re-assessment shows what changed since."


@dataclass(frozen=True)
class TextSection:
    """A titled list of lines (plain text; the Slack renderer escapes it)."""

    title: str
    lines: tuple[str, ...]


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_score(value)


def _answer(value: Scalar) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return format_number(value)
    return str(value).replace("_", " ") or "empty"


def _path(path: str) -> str:
    # "initiatives[crm].process_mapped" -> "initiatives crm: process mapped"
    words = path.replace("[", " ").replace("]", "").replace(".", ": ", 1).replace(".", " ")
    return words.replace("_", " ")


def move_line(move: AnswerMove) -> str:
    """Return one moved answer as "what: before -> after"."""
    return f"{_path(move.path)}: {_answer(move.before)} -> {_answer(move.after)}"


def change_sections(change: Change, since: str) -> list[TextSection]:
    """Return what changed into an assessment: headline, answers, findings."""
    headline = f"Score {_signed(change.score_delta)}; maturity level {change.maturity_before}"
    headline += (
        f" -> {change.maturity_after}."
        if change.maturity_after != change.maturity_before
        else " (unchanged)."
    )
    moved = [
        f"{d.label} {_signed(d.score)}" for d in change.dimension_deltas if abs(d.score) >= 0.1
    ]
    sections = [
        TextSection(
            f"What changed since {since}",
            (headline, *(["Dimensions: " + ", ".join(moved)] if moved else [])),
        )
    ]
    answers = [move_line(m) for m in change.answers_moved[:MAX_MOVES]]
    extra = len(change.answers_moved) - len(answers)
    if extra > 0:
        answers.append(f"and {extra} more")
    sections.append(
        TextSection("Answers that moved", tuple(answers) or ("None: the same answers.",))
    )
    sections.append(
        TextSection(
            "Findings resolved", tuple(f.title for f in change.findings_resolved) or ("None.",)
        )
    )
    sections.append(
        TextSection("New findings", tuple(f.title for f in change.findings_new) or ("None.",))
    )
    return sections


def due_line(
    history: History,
    today: date,
    *,
    command: str,
    cadence: ReassessCadence = DEFAULT_CADENCE,
) -> tuple[bool, str] | None:
    """Return whether a re-assessment is due at the owner's `cadence` and a line saying so
    (with `command`, which starts it from the latest answers) or when it will be; None
    before any assessment."""
    if not history.points:
        return None
    last = history.points[-1].at.date()
    every = CADENCE_LABELS[cadence]
    due = reassessment_due_on(last, cadence)
    if due is None:
        return False, f"Re-assessment: {every}; {command} starts one whenever you like."
    if today >= due:
        return True, (
            f"A re-assessment is due ({every}; the last was on {format_date(last)}): "
            f"{command} starts from your answers, so only what changed needs answering."
        )
    return False, f"Next re-assessment: {format_date(due)} ({every})."


def history_sections(
    history: History,
    today: date | None = None,
    *,
    command: str = REASSESS_COMMAND,
    cadence: ReassessCadence = DEFAULT_CADENCE,
) -> list[TextSection]:
    """Return the history as sections: the assessments (the last `MAX_POINTS`), each
    dimension first -> latest, the latest change, and (with `today`) when to re-assess at
    the owner's `cadence`."""
    sections = _history_sections(history)
    due = due_line(history, today, command=command, cadence=cadence) if today else None
    if due is not None:
        sections.append(TextSection("Re-assessment", (due[1],)))
    return sections


def _history_sections(history: History) -> list[TextSection]:
    points = history.points
    if not points:
        return [TextSection("Your alignment over time", (NO_HISTORY,))]
    rows = tuple(
        f"{format_date(p.at.date())}: {format_score(p.score)} / 100, {p.band}, "
        f"maturity {p.maturity_level} ({p.maturity_name})"
        for p in points[-MAX_POINTS:]
    )
    sections = [TextSection(f"Your alignment over time ({len(points)} assessments)", rows)]
    first, last = points[0], points[-1]
    if len(points) == 1 or history.latest_change is None:
        sections.append(TextSection("Next", (ONE_POINT,)))
        return sections
    earlier = {d.id: d.score for d in first.dimensions}
    dims = tuple(
        f"{d.label}: {format_score(earlier[d.id])} -> {format_score(d.score)}"
        if d.id in earlier
        else f"{d.label}: {format_score(d.score)}"
        for d in last.dimensions
    )
    sections.append(TextSection("Each dimension, first -> latest", dims))
    previous = points[-2]
    sections += change_sections(history.latest_change, format_date(previous.at.date()))
    return sections


def render_history_text(
    history: History, today: date | None = None, cadence: ReassessCadence = DEFAULT_CADENCE
) -> str:
    """Return the history for the terminal (`alignbot history`)."""
    out = []
    command = "`alignbot interview` (then 3, re-assess)"
    for part in history_sections(history, today, command=command, cadence=cadence):
        out.append(part.title)
        out += [f"  {line}" for line in part.lines]
        out.append("")
    return "\n".join(out)


def build_history_blocks(
    history: History, today: date | None = None, cadence: ReassessCadence = DEFAULT_CADENCE
) -> list[Block]:
    """Return the history as Block Kit (`/align history`): one section per part, every
    line escaped."""
    blocks: list[Block] = [header("Alignment over time")]
    for part in history_sections(history, today, cadence=cadence):
        body = "\n".join(f"• {escape_mrkdwn(line)}" for line in part.lines)
        blocks.append(section(f"*{escape_mrkdwn(part.title)}*\n{body}"))
    blocks.append(divider())
    blocks.append(
        context(
            [
                "Run `/align interview reassess` to re-assess; each run is kept. "
                "`/align history cadence quarterly` sets how often I offer one."
            ]
        )
    )
    return blocks


def history_fallback_text(history: History) -> str:
    """Return the notification text of the history message."""
    if not history.points:
        return NO_HISTORY
    last = history.points[-1]
    count = len(history.points)
    return f"Alignment over time: {count} assessments, latest {format_score(last.score)} / 100."


def cadence_picker(cadence: ReassessCadence) -> Block:
    """Return the select that sets how often a re-assessment is offered, at `cadence`."""
    options = [
        {"text": plain_text(CADENCE_LABELS[c].capitalize(), 75), "value": c} for c in CADENCES
    ]
    return {
        "type": "static_select",
        "action_id": PICK_CADENCE,
        "options": options,
        "initial_option": options[CADENCES.index(cadence)],
    }


def build_history_home_blocks(
    history: History | None,
    today: date | None = None,
    cadence: ReassessCadence = DEFAULT_CADENCE,
) -> list[Block]:
    """Return the Home's "over time" section: the scores of the last assessments and what
    changed into the latest (from a second assessment), then when a re-assessment is due
    at the owner's `cadence`, with the select that changes it."""
    if history is None:
        return []
    due = (
        due_line(history, today, command=REASSESS_COMMAND, cadence=cadence)
        if today is not None
        else None
    )
    offer = [section(due[1], accessory=cadence_picker(cadence))] if due is not None else []
    if history.latest_change is None:
        return offer
    change = history.latest_change
    scores = " -> ".join(format_score(p.score) for p in history.points[-MAX_HOME_POINTS:])
    text = (
        f"*Over time* ({len(history.points)} assessments): {scores}\n"
        f"Since the previous one: score {_signed(change.score_delta)}, maturity "
        f"{change.maturity_before} -> {change.maturity_after}, "
        f"{len(change.answers_moved)} answers moved, "
        f"{len(change.findings_resolved)} findings resolved, {len(change.findings_new)} new. "
        "`/align history` shows the chart and the details."
    )
    return [section(text), *offer]
