"""The owner-to-corpus vocabulary bridge (`lexicon.yaml`): everyday phrasings mapped to the
corpus's own words, added to a question before it is searched."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from knowledge.errors import SourcesError
from knowledge.text import fold
from prompts.data_files import load_yaml_model

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yaml"


class Concept(BaseModel):
    """A corpus concept and the ways people say it."""

    model_config = ConfigDict(extra="forbid")

    means: str = Field(min_length=2)
    says: list[str] = Field(min_length=1)


class Lexicon(BaseModel):
    """All concepts and the subject's words; `expansions(question)` returns the corpus
    words for a question, `on_subject(text)` whether it is about the corpus's subject."""

    model_config = ConfigDict(extra="forbid")

    subject: list[str] = Field(min_length=1)
    concepts: list[Concept]

    def expansions(self, question: str) -> list[str]:
        """Return the `means` of every concept whose phrasing occurs in the question."""
        folded = fold(question)
        return [
            concept.means
            for concept, pattern in zip(self.concepts, _patterns(self), strict=True)
            if pattern.search(folded)
        ]

    def names_subject(self, text: str) -> bool:
        """True when the text contains one of the `subject` words."""
        return _subject_pattern(tuple(self.subject)).search(fold(text)) is not None

    def on_subject(self, text: str) -> bool:
        """True when the text names the corpus's subject: a `subject` word or a concept."""
        return self.names_subject(text) or bool(self.expansions(text))


def _patterns(lexicon: Lexicon) -> list[re.Pattern[str]]:
    return _compiled(tuple(tuple(c.says) for c in lexicon.concepts))


@lru_cache(maxsize=4)
def _compiled(says: tuple[tuple[str, ...], ...]) -> list[re.Pattern[str]]:
    return [
        re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(fold(p)) for p in phrases) + ")")
        for phrases in says
    ]


@lru_cache(maxsize=4)
def _subject_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [
        re.escape(fold(w[:-1])) if w.endswith("*") else re.escape(fold(w)) + r"(?![\w'])"
        for w in words
    ]
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + ")")


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Return the lexicon, validated (cached: it is read once per process); a broken file
    is a `SourcesError` naming the file and the field."""
    return load_yaml_model(path, Lexicon, SourcesError)
