"""The `/align help` message: what alignbot does and every way to use it, with examples.

The subcommands are data (`SUBCOMMANDS`): the command listener dispatches on the same names,
so a subcommand added there and here appears in help, in order, with its example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.render.blocks import (
    Block,
    context,
    divider,
    escape_mrkdwn,
    fallback_text,
    header,
    section,
)

INTRO = (
    "I help you check that your automation, AI and technology spending serves your "
    "strategy. I answer from a library of strategy guidance for small and medium "
    "businesses and cite the passages I used."
)


@dataclass(frozen=True)
class Subcommand:
    """One `/align` subcommand as help shows it."""

    name: str
    usage: str
    summary: str
    example: str


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        name="ask",
        usage="ask QUESTION",
        summary="Ask a question; only you see the answer until you share it.",
        example="ask How do I know if a chatbot fits our strategy?",
    ),
    Subcommand(
        name="interview",
        usage="interview [restart | reassess]",
        summary="Run the alignment interview in our DM: short questions, most of them one "
        "click, ending with your scored report. Pause any time; this picks up where you left "
        "off, restart starts over, and reassess starts from your latest answers, asking only "
        "the sections that changed.",
        example="interview",
    ),
    Subcommand(
        name="report",
        usage="report",
        summary="Show your latest alignment report again (only to you), with buttons to "
        "track its KPIs and share it in a channel.",
        example="report",
    ),
    Subcommand(
        name="history",
        usage="history [cadence monthly | quarterly | half-yearly | yearly | never]",
        summary="Your alignment over time: score, maturity and each dimension per "
        "assessment as a chart in our DM, and what changed since the previous one; "
        "cadence sets how often I offer a re-assessment (quarterly by default).",
        example="history",
    ),
    Subcommand(
        name="team",
        usage="team [results | close]",
        summary="Ask your team a short anonymous pulse in their DMs (pick people or a "
        "channel, and a deadline) once you have a report; results shows the totals from 3 "
        "answers, close ends the pulse now.",
        example="team results",
    ),
    Subcommand(
        name="kpi",
        usage="kpi [add | log NAME VALUE | pause NAME | resume NAME | delete NAME]",
        summary="Your KPIs and how far each has come; add one, log a value in one line, or "
        "pause, resume or delete one.",
        example="kpi log Weekly orders 130",
    ),
    Subcommand(
        name="nudges",
        usage="nudges",
        summary="When your daily KPI nudge comes (time, work days, pause, away until), and "
        "a button to change it.",
        example="nudges",
    ),
    Subcommand(
        name="help",
        usage="help",
        summary="Show this help.",
        example="help",
    ),
)


def build_help_blocks(
    command: str = "/align",
    *,
    subcommands: Sequence[Subcommand] = SUBCOMMANDS,
    problem: str | None = None,
) -> list[Block]:
    """Return the help message's blocks; `problem` (mrkdwn, already escaped) is said first,
    e.g. why the command was not understood."""
    blocks: list[Block] = []
    if problem:
        blocks.append(section(problem))
    blocks += [
        header("What alignbot can do"),
        section(INTRO),
        section(
            "*Ask me anywhere*\n"
            "• Mention me in a channel: `@alignbot How should we measure automation ROI?` "
            "(I answer in the thread; reply there with another mention to follow up)\n"
            "• Or send me a direct message."
        ),
        divider(),
    ]
    lines = [
        f"• `{escape_mrkdwn(command)} {escape_mrkdwn(sub.usage)}`: {escape_mrkdwn(sub.summary)}\n"
        f"    _e.g._ `{escape_mrkdwn(command)} {escape_mrkdwn(sub.example)}`"
        for sub in subcommands
    ]
    blocks.append(section("*Commands*\n" + "\n".join(lines)))
    blocks.append(context(["Answers cite their sources. Rate them with 👍 / 👎 to help us."]))
    return blocks


def help_fallback_text(command: str = "/align") -> str:
    """Return the help as one line of plain text (notifications, screen readers)."""
    names = ", ".join(f"{command} {sub.usage}" for sub in SUBCOMMANDS)
    return fallback_text(f"alignbot help: mention me with a question, DM me, or use {names}.")
