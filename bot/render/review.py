"""A re-assessment's start in Slack: the latest answers by section (a few lines each), a
tick box per section to say which changed, and "Re-assess". Ticking nothing and pressing it
re-scores the same answers at once (a new point in the history). User text is escaped."""

from __future__ import annotations

from datetime import date

from bot.history.cadence import CADENCE_LABELS
from bot.interview.service import Review
from bot.render.blocks import (
    Block,
    actions,
    button,
    context,
    escape_mrkdwn,
    header,
    plain_text,
    section,
)
from bot.render.words import counted
from bot.store.records import ReassessCadence
from prompts.formatting import format_date, format_score

REVIEW_PICK = "reassess_sections"
REASSESS = "reassess_start"
REVIEW_BLOCK = "reassess"
# The scheduler's offer: opens the same card as `/align interview reassess`.
REASSESS_OFFER = "reassess_offer"
LINES_PER_SECTION = 4
SECTION_LABEL = 75


def review_fallback_text(review: Review) -> str:
    """Return the notification text of the re-assessment's start."""
    when = f" of {format_date(review.finished_at)}" if review.finished_at else ""
    return f"Re-assessment: your answers{when}. Tick the sections that changed."


def new_questions_text(review: Review) -> str | None:
    """Return what a re-assessment asks whatever is ticked ("2 new questions in Data"):
    questions new since the earlier interview, so none of them surprises the owner."""
    if not review.new_questions:
        return None
    parts = [f"{counted(n.count, 'new question')} in {n.section}" for n in review.new_questions]
    return f"Since your last assessment: {', '.join(parts)}. They are asked whatever you tick."


SETS_ASIDE = (
    "Your interview in progress is set aside when you press Re-assess (its answers stay stored)."
)


def build_review_blocks(review: Review, *, interview_open: bool = False) -> list[Block]:
    """Return the latest answers by section, the tick boxes and the "Re-assess" button;
    with `interview_open`, a warning that the interview in progress is set aside."""
    blocks: list[Block] = [
        header("Re-assessment"),
        section(escape_mrkdwn(review_fallback_text(review))),
    ]
    for section_id, title in review.sections:
        items = [i for i in review.items if i.section_id == section_id]
        lines = [
            f"• {escape_mrkdwn(i.question)} *{escape_mrkdwn(i.answer)}*"
            for i in items[:LINES_PER_SECTION]
        ]
        if len(items) > LINES_PER_SECTION:
            lines.append(f"_and {len(items) - LINES_PER_SECTION} more_")
        blocks.append(section(f"*{escape_mrkdwn(title)}*\n" + "\n".join(lines)))
    picker: Block = {
        "type": "checkboxes",
        "action_id": REVIEW_PICK,
        "options": [
            {"text": plain_text(f"{title} changed", SECTION_LABEL), "value": section_id}
            for section_id, title in review.sections[:10]
        ],
    }
    blocks.append(
        actions(
            [picker, button("Re-assess", REASSESS, value="reassess", style="primary")],
            block_id=REVIEW_BLOCK,
        )
    )
    notes = ["Only the ticked sections are asked again; the rest is kept as it was."]
    new = new_questions_text(review)
    if new is not None:
        blocks.insert(2, section(f"*{escape_mrkdwn(new)}*"))
    blocks.append(context([*notes, *([SETS_ASIDE] if interview_open else [])]))
    return blocks


def _months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "a year" if years == 1 else f"{years} years"
    return "a month" if months == 1 else f"{months} months"


def reassess_offer_text(months: int, score: float, assessed_on: date) -> str:
    """Return the scheduler's offer of a re-assessment: how long since the report, its
    score, and that only what changed needs answering."""
    return (
        f"It's been {_months(months)} since your alignment report of "
        f"{format_date(assessed_on)} (score {format_score(score)}). Re-assess: only what "
        "changed needs answering."
    )


def build_reassess_offer_blocks(
    months: int, score: float, assessed_on: date, cadence: ReassessCadence
) -> list[Block]:
    """Return the offer with its "Re-assess" button (which opens the re-assessment's
    start, as `/align interview reassess` does) and how to change how often it comes."""
    text = reassess_offer_text(months, score, assessed_on)
    return [
        section(text, accessory=button("Re-assess", REASSESS_OFFER, style="primary")),
        context(
            [
                f"Offered {CADENCE_LABELS[cadence]}. `/align history cadence yearly` (or "
                "monthly, quarterly, half-yearly, never) changes that."
            ]
        ),
    ]
