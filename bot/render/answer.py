"""An answer in Slack: the text with its "[n]" markers (a whole list, table or run of steps
as a Block Kit bullet or numbered list under its lead line), the cited passages (title,
section) and the helpful / not helpful buttons; an abstention is shown plainly, without
either.

The buttons carry the question they rate (`encode_answer_ref`), so a click needs no state.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from bot.render.blocks import (
    MAX_BUTTON_VALUE,
    Block,
    actions,
    button,
    context,
    escape_mrkdwn,
    fallback_text,
    is_user_id,
    section_blocks,
    slack_length,
    trim,
    user_mention,
)
from knowledge.models import Answer, Citation

_ITEM_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")

HELPFUL = "answer_helpful"
NOT_HELPFUL = "answer_not_helpful"
SHARE = "answer_share"
FEEDBACK_BLOCK_ID = "answer_feedback"

MAX_ITEM_TEXT = 3000
"""One list item's text, as long as a section's."""

ABSTENTION_HINT = "Try rephrasing the question, or see `/align help` for what I can do."


def encode_answer_ref(question: str) -> str:
    """Return a button value naming the answered question, trimmed to fit Slack's limit."""
    limit = MAX_BUTTON_VALUE
    while True:
        value = json.dumps({"q": trim(question, limit)}, ensure_ascii=False)
        if slack_length(value) <= MAX_BUTTON_VALUE:
            return value
        limit -= slack_length(value) - MAX_BUTTON_VALUE


def decode_answer_ref(value: str) -> str:
    """Return the question a button value names ("" when the value is not one of ours)."""
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        return ""
    question = data.get("q") if isinstance(data, dict) else None
    return question if isinstance(question, str) else ""


def citation_line(citation: Citation) -> str:
    """Return one citation as mrkdwn: its number, document title, section and level."""
    where = escape_mrkdwn(citation.section)
    if citation.level and citation.level != citation.section:
        where = f"{where} ({escape_mrkdwn(citation.level)})"
    return f"*[{citation.n}]* {escape_mrkdwn(citation.title)} — {where}"


def _citation_blocks(citations: Sequence[Citation]) -> list[Block]:
    lines = [citation_line(citation) for citation in citations]
    # A context block holds ten elements; more citations continue in the next one.
    return [context(["*Sources*", *lines[:9]])] + [
        context(lines[i : i + 10]) for i in range(9, len(lines), 10)
    ]


def is_abstention(answer: Answer) -> bool:
    """Return True when the answer declines ("I have no guidance on that…")."""
    return not answer.confident or not answer.citations


def build_answer_blocks(
    answer: Answer,
    *,
    question: str,
    show_question: bool = False,
    shareable: bool = False,
) -> list[Block]:
    """Return the blocks of an answer to `question`: `show_question` repeats it (for replies
    away from the question, like `/align ask`), `shareable` adds a "Share in channel" button
    (for ephemeral answers). The result may exceed one message: send it with `paginate`."""
    blocks: list[Block] = []
    if show_question:
        blocks.append(context([f"*Question:* {escape_mrkdwn(question)}"]))
    blocks += _body_blocks(answer)
    if is_abstention(answer):
        return [*blocks, context([ABSTENTION_HINT])]
    blocks += _citation_blocks(answer.citations)
    ref = encode_answer_ref(question)
    buttons = [
        button("👍 Helpful", HELPFUL, value=ref),
        button("👎 Not helpful", NOT_HELPFUL, value=ref),
    ]
    if shareable:
        buttons.append(button("Share in channel", SHARE, value=ref, style="primary"))
    blocks.append(actions(buttons, block_id=FEEDBACK_BLOCK_ID))
    return blocks


def _body_blocks(answer: Answer) -> list[Block]:
    """Return the answer's text; an answer with items shows its lead line, then the items
    as one rich-text list (numbered for steps), each item with its citation."""
    if not answer.items:
        return section_blocks(escape_mrkdwn(answer.answer))
    lines = answer.answer.splitlines()
    lead = "\n".join(line for line in lines if not _ITEM_LINE.match(line)).strip()
    style = "ordered" if any(line.startswith("1. ") for line in lines) else "bullet"
    entries = [
        {
            "type": "rich_text_section",
            "elements": [{"type": "text", "text": trim(f"{item.text} [{item.n}]", MAX_ITEM_TEXT)}],
        }
        for item in answer.items
    ]
    return [
        *(section_blocks(escape_mrkdwn(lead)) if lead else []),
        {
            "type": "rich_text",
            "elements": [{"type": "rich_text_list", "style": style, "elements": entries}],
        },
    ]


def build_shared_answer_blocks(answer: Answer, *, question: str, user_id: str) -> list[Block]:
    """Return an answer someone shared in a channel: who shared it, the question, the answer
    with its citations and feedback buttons (no second "Share")."""
    return [
        context([f"Shared by {user_mention(user_id)}" if is_user_id(user_id) else "Shared"]),
        *build_answer_blocks(answer, question=question, show_question=True),
    ]


def answer_fallback_text(answer: Answer) -> str:
    """Return the answer as the message's notification text."""
    return fallback_text(answer.answer)
