"""The advisor: the one seam between the edges (Slack, terminal, CLI) and the services below.

No Slack types in or out. `build_advisor(settings)` loads the embedding model and opens the
knowledge base once per process (building the index on a first run); the Slack listeners and
the terminal call `ask`, the scoring report calls `cite`. The interview and KPI helpers add
their methods here.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge.base import KnowledgeBase
from knowledge.embed import SentenceTransformerEmbedder
from knowledge.models import Answer, Citation

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.index import ProgressFactory

log = logging.getLogger(__name__)


class Advisor:
    """What the bot can do, independent of where the question came from."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        """Return a cited answer (or the "no guidance" answer) to a question; `context` is
        earlier conversation, such as a thread's first question. Bad input raises a
        `QuestionError` whose message is shown to the user as is."""
        return self.knowledge.ask(question, context=context)

    def cite(self, topic: str) -> Citation | None:
        """Return the corpus passage that best supports a finding's topic, if any."""
        return self.knowledge.cite(topic)


def open_knowledge_base(settings: Settings) -> KnowledgeBase:
    """Return the knowledge base the settings describe (on-disk Chroma under the data dir, or
    a Chroma server), with the embedding model loaded lazily and the chat model, if
    `LLM_MODEL` names one, set up."""
    chat_model = None
    if settings.llm_model:
        from knowledge.llm import load_chat_model

        chat_model = load_chat_model(settings.llm_model)
    return KnowledgeBase.open(
        settings.data_dir,
        shared_embedder(settings.embedding_model),
        chroma_host=settings.chroma_host,
        chroma_port=settings.chroma_port,
        chat_model=chat_model,
    )


@lru_cache(maxsize=2)
def shared_embedder(model_path: str | None = None) -> SentenceTransformerEmbedder:
    """Return the process's embedder for a model folder: the model is loaded once per
    process however many knowledge bases are opened (the CLI's `run` indexes, then chats)."""
    return SentenceTransformerEmbedder(model_path)


def build_advisor(settings: Settings, *, progress: ProgressFactory | None = None) -> Advisor:
    """Return the advisor with the embedding model loaded and the index ready: built from the
    shipped sources on a first run (with `progress` showing it), opened as is otherwise."""
    knowledge = open_knowledge_base(settings)
    if knowledge.is_empty:
        log.info("the knowledge index is empty: building it")
        knowledge.index(progress=progress)
    embedder = knowledge.embedder
    if isinstance(embedder, SentenceTransformerEmbedder):
        embedder.load()
    knowledge.retriever.refresh(force=True)
    return Advisor(knowledge)
