"""Plain-text rendering for the terminal and the CLI."""

from __future__ import annotations

from knowledge.models import Answer, Citation


def citation_text(citation: Citation) -> str:
    """Return one citation as "[n] Title — Section (Level)"."""
    where = citation.section
    if citation.level and citation.level != citation.section:
        where = f"{where} ({citation.level})"
    return f"[{citation.n}] {citation.title} — {where}"


def render_answer_text(answer: Answer) -> str:
    """Return the answer followed by its numbered sources, one per line."""
    if not answer.citations:
        return answer.answer
    sources = "\n".join(f"  {citation_text(c)}" for c in answer.citations)
    return f"{answer.answer}\n\nSources:\n{sources}"
