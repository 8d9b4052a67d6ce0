"""Cleaning what people type, recognising "don't know" and "not applicable", and splitting
lists.

Shared by every answer parser: `clean` is applied first, so a 10 kB paste, control
characters or a trailing emoji never reach a parser unchecked.
"""

from __future__ import annotations

import re
import unicodedata

from bot.interview.errors import AnswerError

MAX_ANSWER_CHARS = 2_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^(?:[\s.!,;:~]|-(?=\s))+|[\s.!,;:~]+$")
_SHRUGS = ("🤷", "🤔", "❓", "❔", "🙃")

# What people type when they do not know. Compared after `comparable()`.
UNKNOWN_PHRASES = frozenset(
    {
        "?",
        "??",
        "???",
        "idk",
        "dk",
        "dunno",
        "i dunno",
        "unknown",
        "unsure",
        "not sure",
        "im not sure",
        "i am not sure",
        "no idea",
        "no clue",
        "not a clue",
        "dont know",
        "i dont know",
        "do not know",
        "i do not know",
        "dont know yet",
        "we dont know",
        "not known",
        "no one knows",
        "nobody knows",
        "cant say",
        "hard to say",
        "n/a",
        "na",
        "tbd",
        "to be determined",
        "not yet known",
        "no answer",
        "not sure yet",
    }
)


# What people type when a question does not apply to them ("n/a" to the ethics review of
# automation that touches nobody's data). Read only where the bank offers "not applicable",
# and before UNKNOWN_PHRASES, which also hold "n/a" for every other question.
NOT_APPLICABLE_PHRASES = frozenset(
    {
        "n/a",
        "na",
        "n.a",
        "n a",
        "not applicable",
        "not applicable to us",
        "doesnt apply",
        "does not apply",
        "it doesnt apply",
        "it does not apply",
        "doesnt apply to us",
        "does not apply to us",
        "not relevant",
        "not relevant to us",
        "irrelevant",
        "no personal data",
        "we dont use personal data",
        "we dont handle personal data",
        "we have no personal data",
        "no customer data",
        "no customer or employee data",
        "nothing to review",
    }
)


def clean(raw: str) -> str:
    """Return the answer with control characters removed, Unicode normalised (NFKC, so
    full-width digits and non-breaking spaces become ordinary ones) and spaces collapsed.
    Refuses an empty answer and anything longer than `MAX_ANSWER_CHARS`."""
    text = _CONTROL.sub("", unicodedata.normalize("NFKC", raw))
    text = _SPACES.sub(" ", text).strip()
    if not text:
        raise AnswerError("That answer is empty; please type an answer.", "")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(
            f"That answer is {len(text):,} characters long; "
            "please answer in a sentence or two (under 500 characters).",
            "",
        )
    return text


def comparable(text: str) -> str:
    """Return `text` lower-cased, with typographic quotes made plain, apostrophes dropped
    and edge punctuation stripped: the form that phrase tables are matched against."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.replace("'", "")
    text = _EDGE_PUNCT.sub("", text)
    return _SPACES.sub(" ", text).strip()


def is_unknown(text: str) -> bool:
    """True when the answer means "I don't know" ("idk", "not sure", "?", "🤷", …)."""
    if not has_words(text) and any(shrug in text for shrug in _SHRUGS):
        return True
    plain = comparable(text)
    return plain in UNKNOWN_PHRASES or (
        plain.rstrip("?").strip() in UNKNOWN_PHRASES and "?" in text
    )


def is_not_applicable(text: str) -> bool:
    """True when the answer says the question does not apply ("n/a", "N/A", "doesn't apply",
    "no personal data")."""
    return soften(comparable(text)) in NOT_APPLICABLE_PHRASES


_SOFTENERS = re.compile(
    r"^(?:honestly|well|um+|er+|i think|i guess|tbh)\s+|\s+(?:really|honestly|tbh|i think|i guess)$"
)


def soften(plain: str) -> str:
    """Return a `comparable` answer without the softeners around it ("none really",
    "honestly no"), which change the tone of an answer, not what it says."""
    previous = None
    while previous != plain:
        previous, plain = plain, _SOFTENERS.sub("", plain).strip()
    return plain


def has_words(text: str) -> bool:
    """True when the text contains at least one letter or digit (not only emoji)."""
    return any(ch.isalnum() for ch in text)


_LIST_SPLIT = re.compile(r"\s*(?:[,;/+&\n]|\band\b|\bplus\b|\bas well as\b)\s*", re.IGNORECASE)


def split_items(text: str) -> list[str]:
    """Split "CRM, chatbot and email" into ["CRM", "chatbot", "email"] (commas, "and",
    "&", "+", "/", ";"), dropping empty pieces and exact repeats."""
    items: list[str] = []
    for raw_piece in _LIST_SPLIT.split(text):
        piece = raw_piece.strip(" .-'\"")
        if piece and piece.lower() not in (i.lower() for i in items):
            items.append(piece)
    return items


# A question typed back at a free-text prompt ("what do you mean by business?") is a request
# for help, not an answer: stored, it became the business description.
_QUESTION_START = re.compile(
    r"^(?:sorry,? |um,? |so,? )?(?:what (?:do|does|is|are|should|would|kind|sort|type|counts|"
    r"exactly|s )|how (?:do|does|should|would)|do you mean|did you mean|"
    r"can you (?:explain|clarify)|could you (?:explain|clarify)|i dont (?:understand|get)|"
    r"not sure what you mean)\b"
)


def is_question(text: str) -> bool:
    """True when the answer is a question back ("what is a metric?", "do you mean...")."""
    return text.rstrip().endswith("?") or bool(_QUESTION_START.match(comparable(text) + " "))


def parse_text(text: str, *, max_length: int, example: str, why: str = "") -> str:
    """Return a short text answer; refuses emoji-only answers, overlong ones, a bare number
    (not a name) and a question back (answered with `why`, the question's help)."""
    if not has_words(text):
        raise AnswerError("Please answer in words (emoji alone are hard to score).", example)
    if not any(ch.isalpha() for ch in text):
        raise AnswerError("That reads as a number, not a name; please answer in words.", example)
    if is_question(text):
        raise AnswerError(f"Good question: {why or 'answer in your own words.'}", example)
    if len(text) > max_length:
        raise AnswerError(
            f"Please keep this under {max_length} characters (it is {len(text):,}).",
            example,
        )
    return text


def parse_list(text: str, *, max_items: int, max_length: int, example: str) -> tuple[str, ...]:
    """Return the items of a list answer ("CRM, chatbot and email")."""
    items = [i for i in split_items(text) if has_words(i)]
    if not items:
        raise AnswerError("Please list at least one item in words, separated by commas.", example)
    if len(items) > max_items:
        raise AnswerError(f"Please list at most {max_items} items.", example)
    for item in items:
        if len(item) > max_length:
            raise AnswerError(
                f"Please keep each item under {max_length} characters ({item[:20]!r}… is longer).",
                example,
            )
    return tuple(items)
