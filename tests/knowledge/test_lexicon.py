"""The owner-to-corpus vocabulary bridge and the words that name the corpus's subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import SourcesError
from knowledge.lexicon import Lexicon, load_lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_expansions_bridge_an_everyday_phrase_to_the_corpus_words(lexicon: Lexicon) -> None:
    assert any("churn" in e for e in lexicon.expansions("How do we stop customers leaving?"))


@pytest.mark.parametrize(
    "question",
    [
        "Is our new scheduling software worth it?",
        "Should we automate invoicing?",  # prefix word: automat*
        "We have no IT person. Where do we start?",
        "Which numbers should I watch?",  # through a concept, not a subject word
    ],
)
def test_on_subject_when_the_question_names_technology_or_strategy(
    lexicon: Lexicon, question: str
) -> None:
    assert lexicon.on_subject(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which bank gives the best small business loan?",
        "Is it a good time to open a second shop?",  # the pronoun "it" is not IT
        "We aim to open in March.",  # "aim" is not "ai"
    ],
)
def test_not_on_subject_when_the_question_names_neither(lexicon: Lexicon, question: str) -> None:
    assert not lexicon.on_subject(question)


def test_lexicon_file_without_subject_words_is_refused_naming_file_and_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text("subject: []\nconcepts: []\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=r"lexicon\.yaml: subject: "):
        load_lexicon(path)
