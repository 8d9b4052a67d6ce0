"""Hybrid retrieval: a dense ranking (Chroma) and a BM25 ranking fused by reciprocal rank
fusion, then maximal marginal relevance so the top passages are not near-copies of one idea,
and an abstention rule.

- The question is first bridged to the corpus's vocabulary (`lexicon.yaml`: "customers
  leaving us" -> "customer retention, churn"); the bridged words join the question in both
  rankings. Earlier conversation (`context`) pulls the query towards its topic.
- Dense: Chroma returns the nearest passages and the nearest single statements (sentences,
  list entries, table rows); a passage's dense score is its own cosine similarity plus half
  that of its best statement, so one sentence that answers the question lifts its passage.
- BM25 over the passages (section heading included), stop words removed, light stemming.
- Reciprocal rank fusion with a small constant (k=2): the top of each ranking counts most.
- Abstention: when no passage's cosine similarity to the (bridged) question reaches
  `min_similarity` the question is outside the corpus and the bot declines. Between that
  floor and `subject_similarity`, similarity alone cannot tell "Which bank gives the best
  small business loan?" from a loosely worded question the corpus answers; there the
  question (or the conversation it follows) must name the corpus's subject (`lexicon.yaml`).
- The user's own documents: a question naming a section heading of one of them (every word
  of "Priorities for 2027" in "What are our strategic priorities for 2027?"), a person or
  place only they name ("Jonas", written as a name: `knowledge.terms`) or another word only
  they use ("van", "tills") is about them. Their matching passages lead the ranking and the
  question is never declined: the thresholds above were tuned for the shipped documents and
  know nothing of a user's words.
- A question naming, in capitals, an acronym the documents define ("What does SPAR stand
  for?") is about them however loosely the rest is worded, and is never declined; BM25 ranks
  the passages using it. An acronym they do not define ("NASA", "VPN") changes nothing.

The settings were tuned on the dev split of `tests/bench/questions.yaml` only.
`subject_similarity` sits above every dev off-topic question's similarity that the floor let
through (0.32-0.35) and below all but six in-scope questions' (each of which names the subject).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from knowledge.bm25 import PostingsBM25
from knowledge.embed import Embedder, Vectors
from knowledge.errors import VectorIndexError
from knowledge.lexicon import Lexicon, load_lexicon
from knowledge.models import Chunk
from knowledge.question_shapes import ASKS_DATES, NAMES_THE_NOTES
from knowledge.sources import USER_DOC_PREFIX
from knowledge.store import StoredCorpus, VectorStore
from knowledge.structure import INTRODUCTION
from knowledge.terms import (
    DATE,
    acronyms_in,
    defined_acronyms,
    month_number,
    months_asked,
    name_tails,
    name_words,
    names_in,
    passages_naming,
    word_tokens,
)
from knowledge.text import repeats_heading, tokenize
from knowledge.units import Unit, unit_around

log = logging.getLogger(__name__)

_OURS = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SearchConfig:
    """Retrieval settings, tuned on the labelled set's dev split."""

    candidates: int = 30
    rrf_k: int = 2
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    unit_weight: float = 0.5
    mmr_lambda: float = 0.75
    top_k: int = 5
    context_weight: float = 0.5
    min_similarity: float = 0.32
    subject_similarity: float = 0.40
    user_word_similarity: float = 0.22
    user_word_margin: float = 0.10
    refresh_seconds: float = 30.0


@dataclass(frozen=True)
class Hit:
    """A retrieved passage: its cosine similarity to the query, its best statement's
    similarity, and its fused score."""

    id: str
    chunk: Chunk
    similarity: float
    best_unit: float
    fused: float


@dataclass(frozen=True)
class SearchResult:
    """The ranked passages and whether the question should be declined."""

    hits: list[Hit]
    abstained: bool
    top_similarity: float
    query_vector: Vectors


@dataclass(frozen=True)
class _Snapshot:
    """Everything one search reads, swapped as a whole when the store changes, so a search
    running in one thread never mixes two revisions of the index."""

    corpus: StoredCorpus
    position: dict[str, int]
    bm25: PostingsBM25
    units_of: dict[int, list[int]]
    unit_owner: npt.NDArray[np.intp]
    user_headings: dict[int, frozenset[str]]
    user_only_words: dict[int, frozenset[str]]
    user_words: frozenset[str] = frozenset()
    """Every word of the user's documents."""
    user_months: dict[int, frozenset[int]] = field(default_factory=dict)
    """The months each passage of the user's documents names (1-12)."""
    shipped_rows: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Which passages are the shipped documents' (the rest are the user's)."""
    plain_headings: dict[int, str] = field(default_factory=dict)
    """The user's headings made of words the shipped documents use too ("What we will not
    automate"): a question names one only by repeating it whole, or every question about
    automating would be about that section."""
    user_names: dict[int, frozenset[str]] = field(default_factory=dict)
    proper_names: frozenset[str] = frozenset()
    """The user's names that their documents also write capitalised inside a sentence ("run
    by Amira", "Owner: Jonas"): a person's or place's, not a label's ("Deadline:") nor a
    list entry's first word ("Launch…"), so one a question writes in lower case still names."""
    acronyms: frozenset[str] = frozenset()
    whole_units: dict[int, Unit | None] = field(default_factory=dict)
    unit_members: dict[tuple[str, int], list[int]] = field(default_factory=dict)

    def unit_at(self, index: int) -> Unit | None:
        """Return the unit of the passage at `index`, read once per snapshot."""
        if index not in self.whole_units:
            self.whole_units[index] = unit_around(self.corpus.chunks, index)
        return self.whole_units[index]

    def members(self) -> dict[tuple[str, int], list[int]]:
        """Return every unit of the corpus (by document and first position) with the
        indices of its passages, computed once per snapshot."""
        if not self.unit_members:
            members: dict[tuple[str, int], list[int]] = {}
            for index in range(len(self.corpus.chunks)):
                unit = self.unit_at(index)
                if unit is not None:
                    members.setdefault((unit.doc_id, min(unit.positions)), []).append(index)
            self.unit_members.update(members)
        return self.unit_members

    @classmethod
    def of(cls, corpus: StoredCorpus) -> _Snapshot:
        units_of: dict[int, list[int]] = {}
        for unit, owner in enumerate(corpus.unit_owner):
            units_of.setdefault(owner, []).append(unit)
        tokens = [tokenize(c.embed_text) for c in corpus.chunks]
        user = [i for i, c in enumerate(corpus.chunks) if c.doc_id.startswith(USER_DOC_PREFIX)]
        user_set = set(user)
        shipped_words = {
            word for i, words in enumerate(tokens) if i not in user_set for word in words
        }
        user_only_words = {i: frozenset(tokens[i]) - shipped_words for i in user}
        headings = {
            i: frozenset(tokenize(corpus.chunks[i].section))
            for i in user
            if corpus.chunks[i].section != INTRODUCTION
        }
        names = name_words(
            (corpus.chunks[i].embed_text for i in user),
            frozenset().union(*user_only_words.values()),
        )
        return cls(
            corpus=corpus,
            position={chunk_id: i for i, chunk_id in enumerate(corpus.ids)},
            bm25=PostingsBM25(tokens),
            units_of=units_of,
            unit_owner=np.asarray(corpus.unit_owner, dtype=np.intp),
            user_headings=headings,
            user_words=frozenset(word for i in user for word in tokens[i]),
            user_months={
                i: frozenset(month_number(m.group()) for m in DATE.finditer(corpus.chunks[i].text))
                for i in user
            },
            shipped_rows=np.asarray([i not in user_set for i in range(len(corpus.chunks))]),
            user_only_words=user_only_words,
            plain_headings={
                i: corpus.chunks[i].section
                for i, heading in headings.items()
                if heading and heading <= shipped_words
            },
            user_names={i: own & names for i, own in user_only_words.items() if own & names},
            acronyms=defined_acronyms(c.text for c in corpus.chunks),
            proper_names=(
                names & frozenset().union(*(names_in(corpus.chunks[i].text) for i in user))
            )
            - name_tails(corpus.chunks[i].text for i in user),
        )

    def user_matches(
        self,
        query: str,
        similarities: Vectors,
        floor: float,
        *,
        margin: float = 1.0,
        by_words: bool = True,
    ) -> list[int]:
        """Return the user's passages the question is about: those under a section heading
        whose every word it uses first (every word, stop words too, for a heading of words
        the shipped documents use as well: `repeats_heading`), then those naming a person or
        place of the user's that the question writes as a name ("Jonas", `knowledge.terms`),
        then those sharing another word no shipped passage has, at least `floor` similar to
        it (so "the weather on Saturday" does not match a note's "Saturday queue") and at
        most `margin` below the best shipped passage (a word the documents happen not to
        use, "shop" or "run", does not make "We run an online shop…" a question about the
        note). A name needs no floor: a table row "Owner: Jonas" says little else a question
        about Jonas shares, and one written in lower case ("amira") names as surely.
        Passages found by names or words come most similar first. A question saying it is
        about "our notes" is about all of them, most similar first, when it asks for their
        dates or uses one of their words ("what do our notes say about KPIs?" is not about a
        note that never speaks of them); one asking for our dates ("what deadlines do we
        have?", "anything due in april?", "what do we do in May?") is about the passages
        naming that month or any ("What's on TV in April?" is not).
        Without `by_words`, only headings and names count
        (what an earlier question of a thread names, read for a follow-up that names
        nothing)."""
        if not self.user_only_words:
            return []  # no documents of the user's: every search of a shipped-only index
        words = set(tokenize(query))
        headed = [
            i
            for i, heading in self.user_headings.items()
            if heading
            and heading <= words
            and (i not in self.plain_headings or repeats_heading(query, self.plain_headings[i]))
        ]
        asked = names_in(query) | (word_tokens(query) & self.proper_names)
        named = [i for i in passages_naming(asked, self.user_names) if i not in headed]
        named.sort(key=lambda i: -similarities[i])  # "…the Saturday desk at Eastgate": its line
        shipped = similarities[self.shipped_rows]
        floor = max(floor, float(shipped.max()) - margin) if shipped.size else floor
        worded = [
            i
            for i, own in self.user_only_words.items()
            if by_words
            and own & words
            and i not in headed
            and i not in named
            and similarities[i] >= floor
        ]
        worded.sort(key=lambda i: -similarities[i])
        found = headed + named + worded
        months = {month_number(written) for written in months_asked(query)}
        ours = bool(_OURS.search(query))
        if by_words and (months or ours) and (ASKS_DATES.search(query) or (months and ours)):
            # "What deadlines do we have?", "anything due in april?": the dated passages.
            dated = [
                i
                for i, named_months in self.user_months.items()
                if named_months and (not months or named_months & months) and i not in found
            ]
            found += sorted(dated, key=lambda i: -similarities[i])
        if (
            by_words
            and NAMES_THE_NOTES.search(query)
            and (ASKS_DATES.search(query) or (words - {"note"}) & self.user_words)
        ):
            rest = sorted(set(self.user_only_words) - set(found), key=lambda i: -similarities[i])
            found += rest
        return found

    def names_defined_term(self, query: str) -> bool:
        """True when the question names, in capitals, an acronym the documents define
        ("What does SPAR stand for?"): a term of theirs, so about them however loosely the
        rest of it is worded (`knowledge.terms`)."""
        return bool(acronyms_in(query) & self.acronyms)


class HybridRetriever:
    """Dense + BM25 retrieval over one vector store. Passages, statements, their vectors and
    the BM25 index are cached in memory (a snapshot) and reloaded when the store's revision
    changes; searches may run in several threads."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        config: SearchConfig | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.config = config or SearchConfig()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self._lock = threading.Lock()
        self._revision: str | None = None
        self._checked_at = -float("inf")
        self._snapshot = _Snapshot.of(StoredCorpus.empty())

    @property
    def corpus(self) -> StoredCorpus:
        """The passages and statements currently searchable."""
        return self._snapshot.corpus

    @property
    def size(self) -> int:
        """The number of passages currently searchable."""
        self.refresh()
        return len(self.corpus.ids)

    def refresh(self, *, force: bool = False) -> None:
        """Reload passages and rebuild BM25 when the store changed (checked at most every
        `refresh_seconds`, at once when forced). When a reload fails, searches go on over
        the passages loaded before and the next check tries again; a forced refresh, or a
        first load, raises the store's `VectorIndexError`."""
        now = time.monotonic()
        with self._lock:
            if not force and now - self._checked_at < self.config.refresh_seconds:
                return
            self._checked_at = now
            try:
                revision = self.store.revision()
                if not force and revision == self._revision:
                    return
                snapshot = _Snapshot.of(self.store.load())
            except VectorIndexError as exc:
                if force or self._revision is None:
                    raise
                log.warning("index reload failed, searching revision %s: %s", self._revision, exc)
                return
            self._snapshot = snapshot
            self._revision = revision
            log.info(
                "retriever loaded %d passages (revision %s)", len(snapshot.corpus.ids), revision
            )

    @property
    def has_user_documents(self) -> bool:
        """True when the index holds documents of the user's own (notes indexed)."""
        return bool(self._snapshot.user_only_words)

    def user_names_in(self, question: str) -> set[str]:
        """Return the question's words that name a person or place of the user's documents
        (words only they use, written capitalised inside their sentences), however the
        question writes them: "what does amira do?" asks about Amira as surely as "What does
        Amira do?"."""
        return word_tokens(question) & self._snapshot.proper_names

    def passages_of(self, doc_id: str) -> list[Hit]:
        """Return every passage of one document, in its order, as hits that rank nothing
        (similarity 0): what an answer reads when the whole of a user's note may hold it."""
        snap = self._snapshot
        return [
            Hit(id=cid, chunk=chunk, similarity=0.0, best_unit=0.0, fused=0.0)
            for cid, chunk in zip(snap.corpus.ids, snap.corpus.chunks, strict=True)
            if chunk.doc_id == doc_id
        ]

    def statements(self, chunk_id: str) -> list[tuple[str, Vectors]]:
        """Return a passage's statements (sentences, entries, rows) with their vectors."""
        snap = self._snapshot
        units = snap.units_of.get(snap.position.get(chunk_id, -1), [])
        return [(snap.corpus.units[u], snap.corpus.unit_vectors[u]) for u in units]

    def unit(self, chunk_id: str) -> Unit | None:
        """Return the whole list, table or run of steps a passage belongs to (None for
        prose without steps), read once per snapshot."""
        snap = self._snapshot
        index = snap.position.get(chunk_id)
        return None if index is None else snap.unit_at(index)

    def unit_hits(self, query_vector: Vectors, k: int = 30) -> list[Hit]:
        """Return, for the k units of the whole corpus (lists, tables, runs of steps) with
        the passage or statement most similar to the query, most similar first, the passage
        holding it: a question asking for a set finds it even when its passages rank below
        prose. The default reaches every unit of a corpus of this size (about 20): the
        composer takes an unretrieved one only when the question names it, or it is among
        the few most similar."""
        snap = self._snapshot
        if not len(snap.corpus.units):
            return []
        best = _best_unit_similarities(snap, snap.corpus.unit_vectors @ query_vector)
        strength = np.maximum(best, snap.corpus.vectors @ query_vector)
        leaders = [
            max(indices, key=lambda i: float(strength[i])) for indices in snap.members().values()
        ]
        leaders.sort(key=lambda i: -float(strength[i]))
        return [
            Hit(
                id=snap.corpus.ids[i],
                chunk=snap.corpus.chunks[i],
                similarity=float(snap.corpus.vectors[i] @ query_vector),
                best_unit=float(best[i]),
                fused=0.0,
            )
            for i in leaders[:k]
        ]

    def query_vector(self, query: str, context: str | None = None) -> Vectors:
        """Return the unit query vector: the question, plus its bridged corpus words, plus a
        share of the earlier conversation."""
        return self._query_vector(_Query.of(query, context, self.lexicon))

    def _query_vector(self, query: _Query) -> Vectors:
        texts = [query.text]
        if query.expansions:
            texts.append(query.bridged)
        if query.context_bridged:
            texts.append(query.context_bridged)
        vectors = self.embedder.embed(texts)
        vector = vectors[0] + (vectors[1] if query.expansions else 0.0)
        if query.context_bridged:
            weight = self.config.context_weight * (2 if query.expansions else 1)
            vector = vector + weight * vectors[-1]
        return np.asarray(vector / np.linalg.norm(vector), dtype=np.float32)

    def search(
        self, query: str, *, context: str | None = None, k: int | None = None
    ) -> SearchResult:
        """Return the top passages for the query (and optional earlier conversation)."""
        self.refresh()
        snap = self._snapshot
        k = k or self.config.top_k
        parsed = _Query.of(query, context, self.lexicon)
        vector = self._query_vector(parsed)
        if not snap.corpus.ids:
            return SearchResult([], True, 0.0, vector)
        similarities = snap.corpus.vectors @ vector
        unit_similarities = (
            snap.corpus.unit_vectors @ vector
            if len(snap.corpus.units)
            else np.zeros(0, dtype=np.float32)
        )
        best_unit = _best_unit_similarities(snap, unit_similarities)
        dense = self._dense_ranking(
            snap,
            similarities,
            unit_similarities,
            similarities + self.config.unit_weight * best_unit,
        )
        lexical = self._bm25_ranking(snap, parsed)
        fused = reciprocal_rank_fusion(
            [(dense, self.config.dense_weight), (lexical, self.config.bm25_weight)],
            self.config.rrf_k,
        )
        ranked = sorted(fused, key=lambda cid: -fused[cid])[: self.config.candidates]
        chosen = self._mmr(snap, ranked, fused, k)
        matches = snap.user_matches(
            query,
            similarities,
            self.config.user_word_similarity,
            margin=self.config.user_word_margin,
        )
        if not matches and context:
            # A follow-up in a thread about the user's notes ("and by when?") is about the
            # heading or the person the earlier question named ("Jonas").
            matches = snap.user_matches(
                context, similarities, self.config.user_word_similarity, by_words=False
            )
        own = [snap.corpus.ids[i] for i in matches][:k]
        if own:
            chosen = [*own, *(cid for cid in chosen if cid not in own)][:k]
        hits = [
            Hit(
                id=cid,
                chunk=snap.corpus.chunks[snap.position[cid]],
                similarity=float(similarities[snap.position[cid]]),
                best_unit=float(best_unit[snap.position[cid]]),
                fused=fused.get(cid, 0.0),
            )
            for cid in chosen
        ]
        top_similarity = float(similarities.max())
        abstained = (
            not own
            and not snap.names_defined_term(query)
            and (
                top_similarity < self.config.min_similarity
                or (top_similarity < self.config.subject_similarity and not parsed.on_subject)
            )
        )
        return SearchResult(hits, abstained, top_similarity, vector)

    def _dense_ranking(
        self,
        snap: _Snapshot,
        similarities: Vectors,
        unit_similarities: Vectors,
        scores: Vectors,
    ) -> list[str]:
        """Rank the nearest passages and the owners of the nearest statements by passage
        similarity plus `unit_weight` times best-statement similarity (`scores`). The
        nearest are found exactly, over the snapshot's vectors in memory: no round trip to
        the store, and never a passage of another revision."""
        n = self.config.candidates
        candidates = set(_top(similarities, n).tolist())
        candidates.update(snap.unit_owner[_top(unit_similarities, 2 * n)].tolist())
        ordered = sorted(candidates, key=lambda i: (-float(scores[i]), i))
        return [snap.corpus.ids[i] for i in ordered]

    def _bm25_ranking(self, snap: _Snapshot, query: _Query) -> list[str]:
        """Rank passages by BM25 on the question (counted twice), its bridged corpus words
        and the earlier conversation."""
        terms = tokenize(query.text) * 2 + tokenize(" ".join(query.expansions))
        if query.context_bridged:
            terms += tokenize(query.context_bridged)
        if not terms or not snap.bm25.size:
            return []
        scores = snap.bm25.scores(terms)
        order = np.argsort(-scores)[: self.config.candidates]
        return [snap.corpus.ids[i] for i in order if scores[i] > 0]

    def _mmr(
        self, snap: _Snapshot, candidates: list[str], fused: dict[str, float], k: int
    ) -> list[str]:
        """Maximal marginal relevance over the fused ranking: each next passage trades its
        relevance against its similarity to the passages already chosen."""
        if not candidates:
            return []
        lam = self.config.mmr_lambda
        top = fused[candidates[0]]
        relevance = np.array([lam * fused[cid] / top for cid in candidates])
        vectors = snap.corpus.vectors[[snap.position[cid] for cid in candidates]]
        similarity = vectors @ vectors.T
        redundancy = similarity[0].astype(np.float64)
        available = np.ones(len(candidates), dtype=bool)
        available[0] = False
        chosen = [0]
        while available.any() and len(chosen) < k:
            score = np.where(available, relevance - (1 - lam) * redundancy, -np.inf)
            best = int(np.argmax(score))
            chosen.append(best)
            available[best] = False
            redundancy = np.maximum(redundancy, similarity[best])
        return [candidates[i] for i in chosen]


@dataclass(frozen=True)
class _Query:
    """A question with what searching it needs: its bridged corpus words, the bridged
    earlier conversation (empty when there is none) and whether the two name the corpus's
    subject."""

    text: str
    expansions: list[str]
    bridged: str
    context_bridged: str
    on_subject: bool

    @classmethod
    def of(cls, text: str, context: str | None, lexicon: Lexicon) -> _Query:
        expansions = lexicon.expansions(text)
        bridged = f"{text} ({'; '.join(expansions)})" if expansions else text
        context = context if context and context.strip() else ""
        context_expansions = lexicon.expansions(context) if context else []
        context_bridged = (
            f"{context} ({'; '.join(context_expansions)})" if context_expansions else context
        )
        on_subject = bool(expansions or context_expansions) or lexicon.names_subject(
            f"{text}\n{context}"
        )
        return cls(text, expansions, bridged, context_bridged, on_subject)


def _top(values: Vectors, k: int) -> npt.NDArray[np.intp]:
    """Return the indices of the k largest values (all of them when there are fewer)."""
    if k >= len(values):
        return np.arange(len(values))
    return np.argpartition(-values, k - 1)[:k]


def _best_unit_similarities(snap: _Snapshot, unit_similarities: Vectors) -> Vectors:
    """Return, per passage, the highest cosine similarity of any of its statements (-1 for a
    passage without statements)."""
    best = np.full(len(snap.corpus.ids), -1.0, dtype=np.float32)
    if len(unit_similarities):
        np.maximum.at(best, snap.unit_owner, unit_similarities)
    return best


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[str], float]], k: int
) -> dict[str, float]:
    """Return RRF scores: the sum over rankings of weight / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking, weight in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
    return scores
