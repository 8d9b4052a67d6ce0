"""Plain-text rendering of the interview for the terminal: the question with its progress
line and numbered options, what was recorded, a refusal with its example, and the report
(the scoring engine's own text report, with each finding's cited passage)."""

from __future__ import annotations

import textwrap

from bot.interview.report import Report
from bot.interview.service import Finished, Paused, Review
from bot.interview.views import Asked, Invalid, QuestionView
from bot.render.review import new_questions_text
from evaluators import render_report_text, render_summary_text
from knowledge.models import Citation
from prompts.formatting import format_date, format_score

WIDTH = 88
COMMANDS = 'Type your answer, or "back", "skip", "pause", "help".'


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def render_question_text(question: QuestionView) -> str:
    """The question as the terminal shows it: progress, text, why we ask, the options
    (numbered unless numbers mean counts), the current answer when revisiting, a hint."""
    progress = question.progress
    lines = [f"[{progress.label} · about {progress.minutes_left} min left]"]
    lines += _wrap(question.text)
    lines += _wrap(f"Why we ask: {question.help}", "  ")
    if question.options:
        if question.numbered:
            choices = [f"{i}) {o.label}" for i, o in enumerate(question.options, start=1)]
        else:
            choices = [o.label for o in question.options]
        inline = "   ".join(choices)
        if len(inline) <= WIDTH - 2:
            lines.append("  " + inline)
        else:  # one per line, never an option broken across lines
            lines += ["  " + choice for choice in choices]
        if question.type == "multi":
            lines += _wrap(f"Pick one or more (e.g. {question.example}), or none.", "  ")
    else:
        hint = f"e.g. {question.example}"
        if question.unit_hint:
            hint += f" ({question.unit_hint})"
        if question.unknown_allowed:
            hint += f"; or “{question.unknown_label or 'Don’t know'}”"
        lines += _wrap(hint, "  ")
    if question.current_answer is not None:
        lines += _wrap(f"Current answer: {question.current_answer} (skip keeps it)", "  ")
    if question.scale:
        low, high = question.scale
        lines += _wrap(f"A whole number from {low} to {high}.", "  ")
    return "\n".join(lines)


def render_reply_text(reply: Asked | Invalid | Paused) -> str:
    """What the terminal prints after an operation: what was recorded (or why it was not)
    and the question to answer now."""
    lines: list[str] = []
    if isinstance(reply, Invalid):
        lines += _wrap(
            f"✗ {reply.message}" + (f" For example: {reply.example}" if reply.example else "")
        )
    elif isinstance(reply, Asked) and reply.recorded is not None:
        lines += _wrap(f"✓ {reply.recorded.display}")
    notice = None if isinstance(reply, Invalid) else reply.notice
    if notice:
        lines += _wrap(notice)
    if isinstance(reply, Paused):
        return "\n".join(lines)
    if lines:
        lines.append("")
    lines.append(render_question_text(reply.question))
    return "\n".join(lines)


def _citation_text(citation: Citation) -> str:
    return f"“{citation.text.strip()}” ({citation.title}, {citation.section})"


def render_report(report: Report, *, summary_of: str | None = None) -> str:
    """The finished interview's report: score, band, maturity, findings with their cited
    passage, the 30/60/90-day plan (the scoring engine's text report); with `summary_of`,
    only its first screen, ending with that command for the rest."""
    if summary_of is not None:
        return render_summary_text(report.evaluation, full_command=summary_of, width=WIDTH)
    citations = {
        finding_id: _citation_text(citation)
        for finding_id, citation in report.citations.items()
        if citation is not None
    }
    return render_report_text(report.evaluation, citations, width=WIDTH)


def render_finished_text(
    finished: Finished, report: Report, *, summary_of: str | None = None
) -> str:
    """The last answer's echo followed by the report (see `render_report`)."""
    head = f"✓ {finished.recorded.display}\n\n" if finished.recorded is not None else ""
    body = render_report(report, summary_of=summary_of)
    return head + "Interview complete. Here is your report.\n\n" + body


def render_paused_text(paused: Paused, resume_with: str = "alignbot interview") -> str:
    """The pause notice, where the interview will resume and the command that resumes it."""
    question = paused.question
    return "\n".join(
        [
            *_wrap(paused.notice),
            *_wrap(
                f"To carry on, run `{resume_with}`: it resumes at {question.progress.label}, "
                f"“{question.text}”"
            ),
        ]
    )


def render_after_report_text(report: Report) -> str:
    """What a finished interview offers when it is opened again, instead of starting over."""
    evaluation = report.evaluation
    return "\n".join(
        [
            *_wrap(
                f"Your interview is finished and scored: {format_score(evaluation.score)}/100, "
                f"{evaluation.band.label}. What next?"
            ),
            "  1) see the report   2) add another initiative   "
            "3) re-assess from these answers   4) start over",
        ]
    )


REVIEW_ASK = (
    "Which sections changed since? Type their numbers (e.g. 3 5) to answer them again, "
    "or press Enter if nothing changed: the rest is kept as it was."
)


def render_review_text(review: Review, max_lines: int = 4) -> str:
    """A re-assessment's start for the terminal: each section, numbered, with its first
    answers, then how to say which changed."""
    when = f" of {format_date(review.finished_at)}" if review.finished_at else ""
    lines = [f"Re-assessment: your answers{when}, by section."]
    for number, (section_id, title) in enumerate(review.sections, start=1):
        items = [i for i in review.items if i.section_id == section_id]
        lines.append(f"{number}) {title}")
        for item in items[:max_lines]:
            lines += _wrap(f"{item.question} {item.answer}", "     ")
        if len(items) > max_lines:
            lines.append(f"     and {len(items) - max_lines} more")
    new = new_questions_text(review)
    if new is not None:
        lines += _wrap(new)
    lines += _wrap(REVIEW_ASK)
    return "\n".join(lines)
