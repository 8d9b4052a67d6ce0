"""Shared setup of the knowledge tests: the shipped corpus with the made-up company note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.embed import SentenceTransformerEmbedder
from tests.bench.answer_labels import AGENCY_NOTE, CLINIC_NOTE, COMPANY_NOTE, LABELLED_ON


@pytest.fixture(scope="session")
def with_note(
    knowledge_base: KnowledgeBase,
    knowledge_data_dir: Path,
    embedder: SentenceTransformerEmbedder,
    tmp_path_factory: pytest.TempPathFactory,
) -> KnowledgeBase:
    """The shipped corpus plus the made-up company note, in a private copy of the index
    (tests only ask it questions), on the day the labelled answers were written: which of
    the note's dates are past does not change with the day the tests run."""
    del knowledge_base  # built first: its folder is what the copy starts from
    copy = Path(shutil.copytree(knowledge_data_dir, tmp_path_factory.mktemp("note") / "data"))
    kb = KnowledgeBase.open(copy, embedder, clock=lambda: LABELLED_ON)
    kb.index([COMPANY_NOTE])
    return kb


@pytest.fixture(scope="session")
def with_clinic(
    knowledge_base: KnowledgeBase,
    knowledge_data_dir: Path,
    embedder: SentenceTransformerEmbedder,
    tmp_path_factory: pytest.TempPathFactory,
) -> KnowledgeBase:
    """The shipped corpus plus a second made-up note (a physiotherapy clinic's plan, written
    in other words and another layout than the bakery's), as of the labelling day."""
    del knowledge_base
    copy = Path(shutil.copytree(knowledge_data_dir, tmp_path_factory.mktemp("clinic") / "data"))
    kb = KnowledgeBase.open(copy, embedder, clock=lambda: LABELLED_ON)
    kb.index([CLINIC_NOTE])
    return kb


@pytest.fixture(scope="session")
def with_agency(
    knowledge_base: KnowledgeBase,
    knowledge_data_dir: Path,
    embedder: SentenceTransformerEmbedder,
    tmp_path_factory: pytest.TempPathFactory,
) -> KnowledgeBase:
    """The shipped corpus plus a third made-up note (a marketing agency's plan, with a
    numbered list of dated decisions), as of the labelling day."""
    del knowledge_base
    copy = Path(shutil.copytree(knowledge_data_dir, tmp_path_factory.mktemp("agency") / "data"))
    kb = KnowledgeBase.open(copy, embedder, clock=lambda: LABELLED_ON)
    kb.index([AGENCY_NOTE])
    return kb
