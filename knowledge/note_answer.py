"""Answers from the user's own notes that no one unit holds: every line of the notes naming
someone ("what's on Amira's plate?") or carrying a date of the year asked about ("what
deadlines do we have in 2027?"), read from the whole note, in the notes' order or by date,
each cited.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from knowledge.models import Answer, AnswerItem
from knowledge.passages import (
    MAX_STATEMENT_CHARS,
    UNIT_HITS,
    Document,
    Statements,
    Units,
    citation_for,
    content_stems,
)
from knowledge.question_shapes import ASKS_DATES, asks_per_row
from knowledge.search import Hit
from knowledge.sources import USER_DOC_PREFIX
from knowledge.terms import DATE, MONTHS, month_number, months_asked, names_in, word_tokens
from knowledge.text import surface, tokenize

_ABOUT_US = re.compile(
    r"\b(?:are|were|have|did)\s+we\b|\bwe(?:'re|’re|'ve|’ve|\s+are|\s+have)\b", re.IGNORECASE
)
"""A question about where the business stands ("are we tracking", "did we decide"), not
for advice ("should we", "do we")."""
_ASKS_AHEAD = re.compile(
    r"\b(?:deadlines?|due|by\s+when|coming\s+up|upcoming|ahead|next)\b", flags=re.IGNORECASE
)
"""A question for what is still to come ("what deadlines do we have?", "what's due?"):
a date before this month is past, where "which dates…" or "the timeline" asks for all."""
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class _Line:
    """A line of the notes: its text, its place in them, its passage, what its citation
    quotes (the whole list or table it belongs to, else None) and its dates (year, month),
    read once."""

    text: str
    place: tuple[str, int, int]
    hit: Hit
    whole: str | None
    dates: list[tuple[str | None, int]]


def note_lines(
    question: str,
    hits: Sequence[Hit],
    statements: Statements,
    units: Units | None,
    *,
    context: str = "",
    known: Collection[str] = (),
    document: Document | None = None,
    today: date | None = None,
) -> Answer | None:
    """Return, for a question about the user's own notes that names someone ("what's on
    Amira's plate?") or asks for the dates of several things ("what deadlines do we have in
    2027?"), every line of the notes found that names them and (asked for dates) carries a
    date of the year asked about: list entries, table rows and sentences, in the notes'
    order, each cited. None when the question is not such a question, the best passage is
    not the user's, or no line qualifies. The lines sit in different sections (a priority,
    a table row, a paragraph), so no single unit holds the answer: the whole note is read
    (`document`; the retrieved passages alone without it). Asked what is due or ahead
    without a year, a line whose every date is before `today`'s month is left out, and the
    answer says how many were."""
    if not hits or not hits[0].chunk.doc_id.startswith(USER_DOC_PREFIX):
        return None
    asked = months_asked(question)
    dates = bool(ASKS_DATES.search(question) or asked)
    # "…and by when?" after "What does Jonas have to get done?" asks for Jonas's dates.
    words = set(tokenize(question))
    named = _names_asked(question, known)
    names = named or (set(known) if dates else set())
    if not names and not (dates and not asks_per_row(question)):
        return None
    own = [hit for hit in hits[:UNIT_HITS] if hit.chunk.doc_id.startswith(USER_DOC_PREFIX)]
    if any(hit.chunk.kind != "prose" and set(tokenize(hit.chunk.section)) <= words for hit in own):
        return None  # "our 2027 priorities": the list under that heading is the answer
    years = set(_YEAR.findall(question))
    months = {month_number(written) for written in asked}
    if document is not None:
        notes = {hit.chunk.doc_id: None for hit in own}
        own = [passage for doc_id in notes for passage in document(doc_id)]
    # "For the till changeover, what's due when?": the section on the tills, not the note.
    subject = {stem for stem in content_stems(question) if not stem.isdigit()}
    topic = [hit for hit in own if content_stems(hit.chunk.section) & subject]
    read = _lines_of(topic or own, statements, units)
    # "by September" is in the year asked about only if the notes speak of that year at all.
    yearless = not years or bool(years & {y for _, text, _, _ in read for y in _YEAR.findall(text)})
    found: dict[str, _Line] = {}
    for place, text, hit, whole in read:
        dated = _dates_of(text, hit) if dates else []
        if (not names or names & set(tokenize(text))) and (
            not dates or _dated_in(dated, years, months, yearless=yearless)
        ):
            found.setdefault(text, _Line(text, place, hit, whole, dated))
    if not found:
        period = " or ".join(asked or sorted(years))
        no_dates = Answer(answer=_no_dates(period), confident=False, citations=[])
        return no_dates if dates and period else None
    past = (
        [line.text for line in found.values() if _is_past(line.dates, today)]
        if dates and not years and _ASKS_AHEAD.search(question)
        else []
    )
    if past and len(past) == len(found) and today is not None:
        about = _names_as_written(question, names) or _names_as_written(context, names)
        return Answer(answer=_nothing_ahead(today, about), confident=False, citations=[])
    for text in past:
        del found[text]
    lines = sorted(found.values(), key=lambda line: line.place)
    if dates:
        # Stable: lines of the same month keep the notes' order.
        lines.sort(key=lambda line: _when(line.dates, years))
    head = (
        "What your notes say about "
        + " and ".join(_names_as_written(question, names) or _names_as_written(context, names))
        if names
        else "The dates ahead in your notes"
        if past
        else "The dates in your notes"
    )
    if asked and not names:
        head += f", in {' or '.join(asked)}"
    if past:
        head += f" ({len(past)} earlier {'date' if len(past) == 1 else 'dates'} left out)"
    return _listed(head, lines)


def _listed(head: str, lines: Sequence[_Line]) -> Answer:
    """Return the answer listing the lines under `head`, each cited: a line of a list or
    table cites the whole of it (one number for all its lines), a sentence its passage."""
    cited: dict[str, tuple[int, Hit, str | None]] = {}
    for line in lines:
        source = line.whole or line.hit.id
        if source not in cited:
            cited[source] = (len(cited) + 1, line.hit, line.whole)
    items = [AnswerItem(text=line.text, n=cited[line.whole or line.hit.id][0]) for line in lines]
    body = "\n".join(f"- {item.text} [{item.n}]" for item in items)
    citations = [citation_for(hit, n, text=whole) for n, hit, whole in cited.values()]
    return Answer(answer=f"{head}:\n{body}", confident=True, citations=citations, items=items)


def _names_asked(question: str, known: Collection[str]) -> set[str]:
    """Return the names the question asks about: the notes' names it uses, however written;
    a question about where we stand ("which KPIs are we tracking?") also names what it
    capitalises, where the advice "which KPIs should we track?" does not."""
    named = set(known) & word_tokens(question)
    return named | names_in(question) if _ABOUT_US.search(question) else named


def _lines_of(
    passages: Sequence[Hit], statements: Statements, units: Units | None
) -> list[tuple[tuple[str, int, int], str, Hit, str | None]]:
    """Return the lines of passages of the user's notes, each with its place in the notes,
    its passage and the text its citation quotes (the whole list or table it belongs to,
    else None for the passage itself): a list's entries, a table's rows (all of them, read
    once: a row the search did not rank is still the table's), a paragraph's sentences."""
    lines: list[tuple[tuple[str, int, int], str, Hit, str | None]] = []
    read: set[tuple[str, int]] = set()
    for hit in passages:
        unit = units(hit.id) if units is not None else None
        doc = hit.chunk.doc_id
        if unit is not None and unit.kind in ("list", "table"):
            if (doc, min(unit.positions)) in read:
                continue
            read.add((doc, min(unit.positions)))
            whole = unit.text()
            lines += [
                ((doc, item.position, i), item.line(MAX_STATEMENT_CHARS), hit, whole)
                for i, item in enumerate(unit.items)
            ]
        elif hit.chunk.kind == "prose":
            lines += [
                ((doc, hit.chunk.position, i), text, hit, None)
                for i, (text, _) in enumerate(statements(hit.id))
            ]
    return lines


def _names_as_written(question: str, names: set[str]) -> list[str]:
    """Return the names as the question writes them, a run of capitalised words as one
    ("Quay Street", named by its first word), without a possessive "'s"; one it writes in
    lower case capitalised ("amira": "Amira")."""
    runs = re.findall(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", question)
    written = [_from_first_name(re.sub(r"['’]s$", "", run), names) for run in runs]
    found = [run for run in written if (tokens := set(tokenize(run))) and tokens & names]
    covered = set(tokenize(" ".join(found)))
    lower = [surface(question, name) for name in sorted(names - covered)]
    return found + [word.capitalize() for word in lower if word in question.lower()]


def _from_first_name(run: str, names: set[str]) -> str:
    """Return a run of capitalised words from its first name on: "Which KPIs" is "KPIs"."""
    words = run.split()
    while words and not word_tokens(words[0]) & names:
        words.pop(0)
    return " ".join(words)


def _dates_of(text: str, hit: Hit) -> list[tuple[str | None, int]]:
    """Return the line's dates as (year, month): a month without a year ("by September")
    takes the year of its section's heading or of the notes' title ("Priorities for 2027"),
    None when neither gives one."""
    implied = next(iter(_YEAR.findall(hit.chunk.section) or _YEAR.findall(hit.chunk.title)), None)
    return [
        (match.group(2) or implied, month_number(match.group(1))) for match in DATE.finditer(text)
    ]


def _when(dates: Sequence[tuple[str | None, int]], years: set[str]) -> tuple[int, int]:
    """Return a line's first date as (year, month) to put lines in date order; a month of
    no known year is taken in the year asked about, else it sorts after every dated line."""
    if not dates:
        return (9999, 13)
    year, month = dates[0]
    year = year or (min(years) if years else None)
    return (int(year) if year else 9999, month)


def _dated_in(
    dates: Sequence[tuple[str | None, int]],
    years: set[str],
    months: Collection[int] = (),
    *,
    yearless: bool = True,
) -> bool:
    """Return True when the line carries a date of one of `years` (any date when none is
    asked about) and of one of `months` when the question names months ("What's due in
    March 2027?"): "in November 2026" does not count for 2027; a month of no known year
    does when `yearless` (the notes speak of the year asked about)."""
    return any(
        (not years or (year in years if year else yearless)) and (not months or month in months)
        for year, month in dates
    )


def _is_past(dates: Sequence[tuple[str | None, int]], today: date | None) -> bool:
    """Return True when the line has dates and each is of a known year and before `today`'s
    month ("November 2026" in December 2026; "by September" of no known year is not)."""
    return (
        today is not None
        and bool(dates)
        and all(
            year is not None and (int(year), month) < (today.year, today.month)
            for year, month in dates
        )
    )


def _nothing_ahead(today: date, about: Sequence[str]) -> str:
    """Return the answer to a question for what is due when every date of the notes (or of
    their lines about the people named) is past."""
    lines = f" about {' and '.join(about)}" if about else ""
    return (
        f"Every date in your notes{lines} is before {MONTHS[today.month - 1]} {today.year}. "
        'Ask "which dates are in our notes?" to see them all.'
    )


def _no_dates(period: str) -> str:
    """Return the answer to a question for the dates of a month or year the notes give none
    in."""
    return (
        f'Your notes give no dates in {period}. Ask "which dates are in our notes?" to see '
        "every date they give."
    )
