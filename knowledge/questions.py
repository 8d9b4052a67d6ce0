"""Checks on a question before it is searched: each problem becomes a `QuestionError` whose
message says what was wrong and how to ask instead."""

from __future__ import annotations

import re
import unicodedata

from knowledge.errors import QuestionError

MAX_QUESTION_CHARS = 2000
EXAMPLE_QUESTION = "How do I choose KPIs for an automation project?"

_WORD = re.compile(r"[^\W\d_]+", flags=re.UNICODE)
# Function words that are common in other languages written in Latin script and never (or
# rarely) English: two or more of them, and more of them than English function words, mean
# the question is not in English.
_FOREIGN_WORDS_TEXT = """
    le la les des du une est et pour avec dans sur mon ma mes notre nos votre vos qui que quoi
    comment pourquoi quel quelle quels ce cette ces sont entreprise
    el los las del por para con una como cómo qué que es está son mi mis nuestro nuestra
    empresa puedo debo cuál cuáles porque
    der die das und ist nicht mit für wie was warum ich wir unser unsere ein eine einen dem
    den sollte kann können unternehmen
    il lo gli della di che per con una sono nostro nostra azienda perché
    o os da do das dos uma não para com como nosso nossa empresa
    het een en van voor met ik wij onze hoe waarom niet
"""
_FOREIGN_WORDS = frozenset(_FOREIGN_WORDS_TEXT.split())
_ENGLISH_WORDS_TEXT = """
    the a an and or of to in on for with is are was be do does did how what why which who
    when where can could should would we our my i you your it this that these those not
"""
_ENGLISH_WORDS = frozenset(_ENGLISH_WORDS_TEXT.split())


UNREADABLE_TEXT = (
    "Part of that is not readable text (a broken character, perhaps from a copy and "
    "paste); please type the question again."
)


def check_readable(text: str) -> None:
    """Raise a `QuestionError` unless `text` is a string that can be written as UTF-8: a
    lone surrogate (half an emoji, from a broken client) cannot, and makes the model's
    tokenizer fail."""
    if not isinstance(text, str):
        raise QuestionError(UNREADABLE_TEXT)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QuestionError(UNREADABLE_TEXT) from exc


def validate_question(question: str) -> str:
    """Return the question with surrounding whitespace removed; raise a `QuestionError` when
    it is empty, not readable text, too long, has no words, or is not in English."""
    text = question.strip() if isinstance(question, str) else ""
    if not text:
        raise QuestionError(f'Please type a question, for example: "{EXAMPLE_QUESTION}"')
    check_readable(text)
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"That question is {len(text):,} characters long; please keep it under "
            f"{MAX_QUESTION_CHARS:,} (a sentence or two works best)."
        )
    words = _WORD.findall(text)
    if not words:
        raise QuestionError(
            f'I could not find any words in that; please ask in words, e.g. "{EXAMPLE_QUESTION}"'
        )
    if not _looks_english(words):
        raise QuestionError(
            "I can only answer questions in English for now; please ask again in English."
        )
    return text


def _looks_english(words: list[str]) -> bool:
    letters = "".join(words)
    latin = sum(1 for ch in letters if _is_latin(ch))
    if latin < 0.5 * len(letters):
        return False
    lowered = [w.lower() for w in words]
    foreign = sum(1 for w in lowered if w in _FOREIGN_WORDS and w not in _ENGLISH_WORDS)
    english = sum(1 for w in lowered if w in _ENGLISH_WORDS)
    return not (foreign >= 2 and foreign > english)


def _is_latin(ch: str) -> bool:
    if ch.isascii():
        return True
    return "LATIN" in unicodedata.name(ch, "")
