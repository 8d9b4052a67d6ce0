"""`KnowledgeBase`: the one object the rest of alignbot uses to ask, cite and index.

    kb = KnowledgeBase.open(data_dir, SentenceTransformerEmbedder())
    kb.index()                         # shipped sources + the user's documents, incremental
    kb.index([Path("plan.md")])        # add or update a user's own document
    kb.ask("How do I choose KPIs?")    # -> Answer (the `alignbot ask --json` contract)
    kb.cite("process mapping before automation")  # -> Citation | None

It is opened from a data dir (Chroma on disk) or a Chroma server, with an `Embedder` and,
optionally, a LangChain chat model that composes answers (extractive answers otherwise).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from knowledge.answer import compose_extractive, no_guidance, no_notes
from knowledge.batching import MicroBatchingEmbedder
from knowledge.embed import Embedder, SentenceTransformerEmbedder, shared_embedder
from knowledge.errors import DocumentError
from knowledge.follow_ups import (
    ASPECT_FOLLOW_UP,
    GOING_ON,
    asked_aspect,
    follow_up_gap,
    uncovered_sentence,
)
from knowledge.index import ProgressFactory, sync_documents
from knowledge.llm import ChatComposer
from knowledge.models import Answer, Citation, IndexReport
from knowledge.passages import citation_for
from knowledge.question_shapes import NAMES_THE_NOTES
from knowledge.questions import validate_question
from knowledge.search import HybridRetriever, SearchConfig, SearchResult
from knowledge.sources import (
    SOURCES_DIR,
    USER_DOC_PREFIX,
    Document,
    load_shipped_documents,
    read_user_document,
    read_user_documents,
)
from knowledge.store import ChromaStore, VectorStore
from knowledge.text import tokenize

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


# How many passages below the best one `cite` may look at to avoid repeating a quote.
_MAX_AVOID = 4


class KnowledgeSettings(Protocol):
    """The settings a knowledge base is opened from (`bot.settings.Settings` has them)."""

    @property
    def data_dir(self) -> Path:
        """Where the Chroma index lives on disk."""
        ...

    @property
    def embedding_model(self) -> str | None:
        """A local sentence-transformers folder; None for the shipped model."""
        ...

    @property
    def chroma_host(self) -> str | None:
        """A Chroma server's host, None for the index on disk."""
        ...

    @property
    def chroma_port(self) -> int:
        """The Chroma server's port."""
        ...

    @property
    def llm_model(self) -> str | None:
        """`provider:model` of the chat model composing answers; None for extractive."""
        ...


class KnowledgeBase:
    """The indexed corpus with hybrid search and cited answers."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        *,
        chat_model: BaseChatModel | None = None,
        config: SearchConfig | None = None,
        sources_dir: Path = SOURCES_DIR,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.store = store
        self.embedder = embedder
        # Questions asked at the same time (Slack's answer threads) share model passes.
        self.retriever = HybridRetriever(store, MicroBatchingEmbedder(embedder), config)
        self.composer = ChatComposer(chat_model) if chat_model is not None else None
        self.sources_dir = sources_dir
        # What "what's due?" counts from: a date of the notes before this month is past.
        self.clock = clock

    @classmethod
    def open(
        cls,
        data_dir: Path,
        embedder: Embedder,
        *,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
        chat_model: BaseChatModel | None = None,
        clock: Callable[[], date] = date.today,
    ) -> KnowledgeBase:
        """Return the knowledge base stored under `data_dir` (or on the Chroma server at
        chroma_host:chroma_port when a host is given)."""
        store = (
            ChromaStore.on_server(chroma_host, chroma_port)
            if chroma_host
            else ChromaStore.on_disk(data_dir)
        )
        return cls(store, embedder, chat_model=chat_model, clock=clock)

    @classmethod
    def from_settings(cls, settings: KnowledgeSettings, *, compose: bool = True) -> KnowledgeBase:
        """Return the knowledge base the settings describe (on-disk Chroma under the data
        dir, or a Chroma server), with the process's embedder (the model loads on first
        use) and, when `compose` and `LLM_MODEL` names one, the chat model composing
        answers (indexing does not need it)."""
        chat_model = None
        if compose and settings.llm_model:
            from knowledge.llm import load_chat_model

            chat_model = load_chat_model(settings.llm_model)
        return cls.open(
            settings.data_dir,
            shared_embedder(settings.embedding_model),
            chroma_host=settings.chroma_host,
            chroma_port=settings.chroma_port,
            chat_model=chat_model,
        )

    def prepare(self, *, progress: ProgressFactory | None = None) -> None:
        """Make the knowledge base ready to answer at once: the index built from the
        shipped sources on a first run (with `progress` showing it), the embedding model
        loaded and the passages read into memory."""
        if not self.has_shipped_sources:
            log.info("the knowledge index is empty: building it")
            self.index(progress=progress)
        if isinstance(self.embedder, SentenceTransformerEmbedder):
            self.embedder.load()
        self.retriever.refresh(force=True)

    def ping(self) -> None:
        """Reach the index (on disk or the Chroma server) and read its revision: raises when
        it cannot be reached (the health check)."""
        self.store.revision()

    @property
    def is_empty(self) -> bool:
        """True when nothing has been indexed yet."""
        return not self.store.refs()

    @property
    def has_shipped_sources(self) -> bool:
        """True once the shipped sources are in the index (a first run builds them)."""
        return any(not ref.doc_id.startswith(USER_DOC_PREFIX) for ref in self.store.refs())

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        """Return a cited answer to the question, or the "no guidance" answer when the corpus
        does not cover it; `context` is earlier conversation a follow-up builds on. Bad input
        raises a `QuestionError` whose message tells the user how to ask."""
        text = validate_question(question)
        result = self.retriever.search(text, context=context)
        if result.abstained or not result.hits:
            return self._declined(text, context)
        if context and context.strip() and ASPECT_FOLLOW_UP.match(text):
            missing = follow_up_gap(
                text,
                context,
                result.hits,
                statements=self.retriever.statements,
                alone=self.retriever.query_vector(text),
                expansions=self.retriever.lexicon.expansions(text),
            )
            if missing:
                return self._uncovered(missing)
        return self._compose(text, result, context)

    def _compose(self, text: str, result: SearchResult, context: str | None) -> Answer:
        if self.composer is not None:
            composed = self.composer.compose(text, result.hits, context, self.retriever.unit)
            if composed is not None:
                return composed
        return compose_extractive(
            result.hits,
            result.query_vector,
            self.retriever.statements,
            question=text,
            units=self.retriever.unit,
            unit_hits=self.retriever.unit_hits,
            expansions=self.retriever.lexicon.expansions(text),
            context=context or "",
            names=self.retriever.user_names_in(f"{text} {context or ''}"),
            document=self.retriever.passages_of,
            today=self.clock(),
        )

    def _declined(self, text: str, context: str | None) -> Answer:
        """Return the answer to a question nothing in the index answers: a follow-up going
        on from an earlier question the documents do answer ("and how long will it take?")
        is told they do not cover that aspect; a question about "our notes" when none are
        indexed is told so; anything else gets the "no guidance" answer."""
        if NAMES_THE_NOTES.search(text) and not self.retriever.has_user_documents:
            return no_notes()
        if (
            context
            and context.strip()
            and (ASPECT_FOLLOW_UP.match(text) or GOING_ON.match(text))
            and not self.retriever.search(context).abstained
        ):
            aspect = asked_aspect(text, context)
            if aspect:
                return self._uncovered(aspect)
        return no_guidance()

    def _uncovered(self, words: Sequence[str]) -> Answer:
        """Return the answer to a follow-up the passages on its topic do not speak to: one
        sentence saying so, then what the documents say about those words in automation."""
        general = f"{' '.join(words)} of automation and technology investments"
        result = self.retriever.search(general)
        found = not result.abstained and bool(result.hits)
        answer = self._compose(general, result, None) if found else None
        asked = set(tokenize(" ".join(words)))
        if answer is None or not any(asked & set(tokenize(c.text)) for c in answer.citations):
            # nothing found, or only what the subject words of `general` found
            return Answer(
                answer=uncovered_sentence(words, general=False), confident=False, citations=[]
            )
        said = uncovered_sentence(words)
        return answer.model_copy(update={"answer": f"{said} {answer.answer}"})

    def cite(self, topic: str, *, avoid: Collection[str] = ()) -> Citation | None:
        """Return the single best passage for a retrieval topic (a finding's "process mapping
        before automation"), or None when the corpus has nothing relevant. `avoid` holds the
        texts of passages the report already quotes: the next best passage is returned
        instead (the best one when every candidate is avoided)."""
        if not topic or not topic.strip():
            return None
        result = self.retriever.search(topic.strip()[:2000], k=1 + min(len(avoid), _MAX_AVOID))
        if result.abstained or not result.hits:
            return None
        citations = [citation_for(hit, 1) for hit in result.hits]
        return next((c for c in citations if c.text not in avoid), citations[0])

    def index(
        self, paths: Sequence[Path] | None = None, *, progress: ProgressFactory | None = None
    ) -> IndexReport:
        """Index incrementally and return what changed. Without paths: the shipped sources and
        every user document indexed before (re-read; one whose file is gone is removed). With
        paths: those files or folders are added or updated (with the shipped sources too on a
        first run), and nothing else changes; every file is read and checked first, so a bad
        one leaves the index untouched."""
        added = read_user_documents(paths) if paths else []
        model_changed = self.store.embedder_name() not in (None, self.embedder.name)
        if added and self.has_shipped_sources and not model_changed:
            report = sync_documents(self.store, self.embedder, added, progress=progress)
        else:
            user_documents, unreadable = self._user_documents()
            documents = [*added, *load_shipped_documents(self.sources_dir), *user_documents]
            report = sync_documents(
                self.store,
                self.embedder,
                documents,
                remove_missing=lambda doc_id: doc_id not in unreadable,
                progress=progress,
            )
        self.retriever.refresh(force=True)
        return report

    def _user_documents(self) -> tuple[list[Document], set[str]]:
        """Re-read the user documents indexed before; return them and the ids of those that
        exist but cannot be read any more (their indexed passages are kept). A document
        whose file is gone is left out, so its passages are removed."""
        documents: list[Document] = []
        unreadable: set[str] = set()
        for doc_id in sorted({ref.doc_id for ref in self.store.refs()}):
            if not doc_id.startswith(USER_DOC_PREFIX):
                continue
            path = Path(doc_id.removeprefix(USER_DOC_PREFIX))
            if not path.exists():
                log.warning("%s no longer exists: removing its passages", path)
                continue
            try:
                documents.append(read_user_document(path))
            except DocumentError as exc:
                log.warning("%s: keeping the indexed version (%s)", path, exc)
                unreadable.add(doc_id)
        return documents, unreadable
