"""The owner-to-corpus vocabulary bridge (`lexicon.yaml`): everyday phrasings mapped to the
corpus's own words, added to a question before it is searched."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from knowledge.text import fold

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yaml"


class Concept(BaseModel):
    """A corpus concept and the ways people say it."""

    model_config = ConfigDict(extra="forbid")

    means: str = Field(min_length=2)
    says: list[str] = Field(min_length=1)


class Lexicon(BaseModel):
    """All concepts; `expansions(question)` returns the corpus words for a question."""

    model_config = ConfigDict(extra="forbid")

    concepts: list[Concept]

    def expansions(self, question: str) -> list[str]:
        """Return the `means` of every concept whose phrasing occurs in the question."""
        folded = fold(question)
        return [
            concept.means
            for concept, pattern in zip(self.concepts, _patterns(self), strict=True)
            if pattern.search(folded)
        ]


def _patterns(lexicon: Lexicon) -> list[re.Pattern[str]]:
    return _compiled(tuple(tuple(c.says) for c in lexicon.concepts))


@lru_cache(maxsize=4)
def _compiled(says: tuple[tuple[str, ...], ...]) -> list[re.Pattern[str]]:
    return [
        re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(fold(p)) for p in phrases) + ")")
        for phrases in says
    ]


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Return the lexicon, validated (cached: it is read once per process)."""
    return Lexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
