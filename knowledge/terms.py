"""A corpus's own terms, which make a question about the corpus whatever its similarity:
acronyms the documents define, and names only a user's own document uses.

- A defined acronym: three or more capitals the documents introduce in parentheses after
  their long form, "Customer Journey Automation Index (CJAI)", "Net Promoter Score (NPS)".
  The long form is checked as Schwartz and Hearst do ("A simple algorithm for identifying
  abbreviation definitions in biomedical text", 2003): the acronym's letters occur in order,
  right to left, in the words just before the parenthesis, its first letter starting a word.
  Only a definition counts, not any use in capitals: the documents also say "CEO", "IBM",
  "MIT" and "DNA" in passing, which are everyone's words ("Who is the CEO of Apple?" is not
  about the corpus), whereas a term the documents define is theirs (a question naming
  "SPAR" asks what they mean by it). An acronym the documents never define ("NASA", "VPN",
  "HMRC") says nothing. A question names one only written in capitals, case and all.
- A user's name: a word of a user's document that no shipped passage has, written there
  always capitalised (never as a common lower-case word), and capitalised in the question
  where a sentence does not start, so it is written as a name there too: "What does Jonas
  have to get done?". Day and month names are capitalised in any English text and name no
  one's document: "the weather on Saturday" is not about the note's "Saturday queue", so they
  never count. A place name in the note is a name as well ("Portside"): a question about
  the weather there is answered from the note, a risk shared with the note's other own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from knowledge.text import tokenize

_DEFINITION = re.compile(r"\(([A-Z]{3,})s?\)")
_ACRONYM = re.compile(r"\b([A-Z]{3,})s?\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")  # "Jonas's" is "Jonas"
_SENTENCE_START = re.compile(r"(?:^|[.!?\"“(\n]|(?:^|\n)\s*[-*•]|^[\w ]{1,30}:)\s*$")
"""Where a word is capitalised for its place, not as a name: a sentence's or list entry's
start, or a table row's first cell after its label ("Task: Write the policy…")."""

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The month names as written, in calendar order."""
CALENDAR_NAMES = frozenset(_DAYS + tuple(month.lower() for month in MONTHS))
"""Capitalised in any English text, so never a word of the user's own."""
_CALENDAR_TOKENS = frozenset(t for name in CALENDAR_NAMES for t in tokenize(name))
DATE = re.compile(rf"\b({'|'.join(MONTHS)})\b(?:\s+(\d{{4}}))?")
"""A month a text names, capitalised, and the year written after it if any (its groups)."""
_MONTH_ASKED = re.compile(
    rf"\b(?:{'|'.join(MONTHS)})\b(?:\s+\d{{4}})?"
    rf"|(?i:\b(?:in|by|from|until|before|after|of)\s+)(?i:{'|'.join(MONTHS)})\b(?:\s+\d{{4}})?"
)


_RANGE_START = re.compile(r"\b(?:since|after|from)\s+$", re.IGNORECASE)


def month_number(written: str) -> int:
    """Return the number (1-12) of the month a date as written starts with ("March 2027")."""
    return MONTHS.index(written.split(maxsplit=1)[0].capitalize()) + 1


def months_asked(question: str) -> list[str]:
    """Return the months a question names, as written with their year if given ("March
    2027"): capitalised, or in lower case after "in", "by"… ("anything due in april?"), so
    that "what may we do?" names no month; "since November" starts a range, it does not
    ask for November."""
    found = []
    for match in _MONTH_ASKED.finditer(question):
        if _RANGE_START.search(question[: match.start()]):
            continue  # "since November" asks from then on, not for November
        words = match.group().split()
        month = next(w for w in words if w.capitalize() in MONTHS)
        found.append(" ".join([month.capitalize(), *words[words.index(month) + 1 :]]))
    return found


def defined_acronyms(texts: Iterable[str]) -> frozenset[str]:
    """Return the acronyms (3+ capitals) the texts define in parentheses after a long form
    whose words spell them (Schwartz and Hearst's check), singular ("KPIs" gives "KPI")."""
    found: set[str] = set()
    for text in texts:
        for match in _DEFINITION.finditer(text):
            acronym = match.group(1)
            limit = min(len(acronym) + 5, 2 * len(acronym))
            before = text[: match.start()].split()[-limit:]
            if _spells(acronym, " ".join(before)):
                found.add(acronym)
    return frozenset(found)


def _spells(acronym: str, long_form: str) -> bool:
    """True when the acronym's letters occur in the long form in order, matched right to
    left, the first letter at the start of a word."""
    position = len(long_form) - 1
    for index in range(len(acronym) - 1, -1, -1):
        letter = acronym[index].lower()
        while position >= 0 and (
            long_form[position].lower() != letter
            or (index == 0 and position > 0 and long_form[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


def acronyms_in(question: str) -> set[str]:
    """Return the words of the question written in capitals (3+ letters, a plural "s"
    dropped): the acronyms it names."""
    return set(_ACRONYM.findall(question))


def name_words(texts: Iterable[str], own: frozenset[str]) -> frozenset[str]:
    """Return the tokens among `own` (words no shipped passage has) that the texts write
    only capitalised, day and month names left out: the user's names of people and places."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text):
            for token in tokenize(word):
                if token in own:
                    (capitalised if word[0].isupper() else lower).add(token)
    return frozenset(token for token in capitalised - lower if token not in _CALENDAR_TOKENS)


def word_tokens(text: str) -> set[str]:
    """Return the tokens of the text's words with a possessive dropped ("amira's" gives
    "amira", where `tokenize` gives "amira'"): how a name is looked up however it is written."""
    return {token for word in _WORD.findall(text) for token in tokenize(word)}


def names_in(question: str) -> set[str]:
    """Return the tokens of the words the question capitalises where no sentence starts
    (names, as it writes them), day and month names left out."""
    found: set[str] = set()
    for match in _WORD.finditer(question):
        word = match.group()
        if not word[0].isupper() or _SENTENCE_START.search(question[: match.start()]):
            continue
        found.update(t for t in tokenize(word) if t not in _CALENDAR_TOKENS)
    return found


_LAST_WORD = re.compile(r"([A-Za-z'’-]+)[ \t]+$")


def name_tails(texts: Iterable[str]) -> set[str]:
    """Return the tokens of the words the texts write capitalised only after another
    capitalised word ("Street" of "Quay Street", "Lane" of "Harbour Lane"): part of a name,
    but a common noun alone, so one a question writes in lower case ("the street") names
    nothing. "Priya" of "I'm Priya" is not one: the texts also write her name alone."""
    tails: set[str] = set()
    alone: set[str] = set()
    for text in texts:
        for match in _WORD.finditer(text):
            if match.group()[0].isupper():
                following = _follows_capital(text, match.start())
                (tails if following else alone).update(word_tokens(match.group()))
    return tails - alone


def _follows_capital(text: str, start: int) -> bool:
    """True when the word at `start` comes right after a capitalised word and a space."""
    previous = _LAST_WORD.search(text[:start])
    return previous is not None and previous.group(1)[0].isupper()


def passages_naming(tokens: set[str], names: Mapping[int, frozenset[str]]) -> list[int]:
    """Return the passages (indices of `names`, passage -> its name tokens) naming any of
    the tokens, in index order."""
    return [i for i, own in names.items() if own & tokens]
