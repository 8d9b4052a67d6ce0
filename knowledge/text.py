"""Small text utilities shared by search and answer composition: word tokens for BM25 (with
stop words dropped and a light, deterministic suffix stemmer) and sentence splitting."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z0-9“\"(‘'…])")
_ABBREVIATION_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|cf|fig|no|incl|esp|Dr|Mr|Ms|Mrs)\.$")

_STOP_WORDS_TEXT = """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have
    haven't having he her here hers herself him himself his how i i'd i'll i'm i've if in into
    is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once
    only or other ought our ours ourselves out over own same she should shouldn't so some such
    than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up very was wasn't we we'd
    we'll we're we've were weren't what what's when when's where where's which while who who's
    whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just like get got us really actually want wants use using used
    make makes made way ways thing things much many one lot lots ve re ll"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("isation", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ingly", ""),
    ("ities", "ity"),
    ("ments", "ment"),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ses", "s"),
    ("es", "e"),
    ("ed", ""),
    ("ly", ""),
    ("s", ""),
)


def fold(text: str) -> str:
    """Return the text lower-cased with typographic quotes and dashes made plain, for
    comparisons that must not depend on typography."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[●—–]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def stem(word: str) -> str:
    """Return a light stem: the longest matching suffix replaced, keeping 3+ letters."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def tokenize(text: str) -> list[str]:
    """Return BM25 tokens: folded words without stop words, stemmed."""
    words = _WORD.findall(fold(text))
    return [stem(w) for w in words if w not in STOP_WORDS and len(w) > 1]


def surface(text: str, token: str) -> str:
    """Return the word of `text` that tokenises to `token` (the token when none does)."""
    for word in re.findall(r"[\w'’-]+", text):
        if tokenize(word) == [token]:
            return str(word).lower()
    return token


_ASKING_WORDS_TEXT = """will would shall are is am was were be do does did can what which who
    how why when where there anything"""
_ASKING_WORDS = frozenset(_ASKING_WORDS_TEXT.split())


def word_stems(text: str) -> frozenset[str]:
    """Return the stems of the text's words, stop words included ("we", "not"; a "n't" is
    "not") but not the words a question wraps a heading in ("what", "is there", "will"):
    whether a question repeats a heading made of common words ("What we will not automate")
    as "is there anything we won't automate?" does."""
    words = _WORD.findall(fold(text))
    return frozenset(
        "not" if w.endswith("n't") else stem(w) for w in words if w not in _ASKING_WORDS
    )


def repeats_heading(question: str, heading: str) -> bool:
    """Return True when the question uses every word of a heading made of common words,
    three at least: "is there anything we won't automate?" asks for "What we will not
    automate", where "Money" or "What we do next" are words any question may use."""
    words = word_stems(heading)
    return len(words) >= 3 and words <= word_stems(question)


def split_sentences(text: str) -> list[str]:
    """Return the sentences of a paragraph (abbreviations such as "e.g." do not end one)."""
    pieces: list[str] = []
    buffer = ""
    for part in _SENTENCE_END.split(text.strip()):
        buffer = f"{buffer} {part}".strip() if buffer else part.strip()
        if not _ABBREVIATION_END.search(buffer):
            pieces.append(buffer)
            buffer = ""
    if buffer:
        pieces.append(buffer)
    return [p for p in pieces if p]
