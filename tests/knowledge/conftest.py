"""Shared setup of the knowledge tests: the shipped corpus with one of the made-up notes
(the bakery's, the clinic's, the agency's), each in a private copy of the index (tests only
ask it questions), answering as of the day the answers were labelled: which of a note's
dates are past does not change with the day the tests run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.embed import SentenceTransformerEmbedder
from tests.bench.answer_labels import AGENCY_NOTE, CLINIC_NOTE, COMPANY_NOTE, copy_with_note

NoteCopy = Callable[[Path], KnowledgeBase]


@pytest.fixture(scope="session")
def note_copy(
    knowledge_base: KnowledgeBase,
    knowledge_data_dir: Path,
    embedder: SentenceTransformerEmbedder,
    tmp_path_factory: pytest.TempPathFactory,
) -> NoteCopy:
    """Return what indexes a note next to a private copy of the shipped index."""
    del knowledge_base  # built first: its folder is what the copies start from

    def copy(note: Path) -> KnowledgeBase:
        folder = tmp_path_factory.mktemp(note.stem) / "data"
        return copy_with_note(knowledge_data_dir, folder, embedder, note)

    return copy


@pytest.fixture(scope="session")
def with_note(note_copy: NoteCopy) -> KnowledgeBase:
    """The shipped corpus plus the bakery's note (`company_note.md`)."""
    return note_copy(COMPANY_NOTE)


@pytest.fixture(scope="session")
def with_clinic(note_copy: NoteCopy) -> KnowledgeBase:
    """The shipped corpus plus a second note (a physiotherapy clinic's plan, written in
    other words and another layout than the bakery's)."""
    return note_copy(CLINIC_NOTE)


@pytest.fixture(scope="session")
def with_agency(note_copy: NoteCopy) -> KnowledgeBase:
    """The shipped corpus plus a third note (a marketing agency's plan, with a numbered list
    of dated decisions)."""
    return note_copy(AGENCY_NOTE)
