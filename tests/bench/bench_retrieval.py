"""Retrieval quality and speed of the knowledge base, against two baselines, on the labelled
set (`questions.yaml`), with the real embedding model and Chroma on disk.

Prints hit@1/3/5 and MRR for: alignbot's hybrid retrieval (dense + BM25, RRF, MMR, vocabulary
bridge), the same without the vocabulary bridge (ablation), LangChain's common default recipe
(RecursiveCharacterTextSplitter 1000/200 on the raw text, dense top-k, same model) and BM25 on
alignbot's own chunks; per split (all, dev, holdout) and on the probes (phrasings written
after tuning, not gated). Follow-ups asked in a thread: searched
with the earlier question (as the bot does), alone, and glued to it. Then off-topic abstention,
in-scope false abstention, `ask` latency p50/p95 (warm), full index build, unchanged
re-index, the CLI's unchanged `alignbot index` wall time, and peak RSS. Run: `make bench` or
`python tests/bench/bench_retrieval.py`.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from knowledge.offline import stay_offline  # noqa: E402

stay_offline()

import numpy as np  # noqa: E402
from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402
from rank_bm25 import BM25Okapi  # noqa: E402

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embed import SentenceTransformerEmbedder  # noqa: E402
from knowledge.lexicon import Lexicon  # noqa: E402
from knowledge.search import HybridRetriever  # noqa: E402
from knowledge.sources import load_shipped_documents  # noqa: E402
from knowledge.text import tokenize  # noqa: E402
from tests.bench.labelled import (  # noqa: E402
    HEADER,
    FollowUp,
    Metrics,
    Passage,
    Question,
    evaluate,
    load_questions,
)

TARGETS = {"hit@3": 0.95, "MRR": 0.85, "hit@1 over LangChain": 0.15, "p95 ms": 150.0}
Ranker = Callable[[str], Sequence[Passage]]


def _langchain_default(embedder: SentenceTransformerEmbedder) -> Ranker:
    """LangChain's common recipe: 1000/200 character chunks of the raw files, dense top-k."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    pieces = [
        (doc.source, piece)
        for doc in load_shipped_documents()
        for piece in splitter.split_text(doc.text)
    ]
    vectors = embedder.embed([text for _, text in pieces])

    def rank(question: str) -> list[Passage]:
        scores = vectors @ embedder.embed([question])[0]
        return [Passage(*pieces[i]) for i in np.argsort(-scores)[:5]]

    return rank


def _bm25_on_our_chunks(kb: KnowledgeBase) -> Ranker:
    """Plain BM25 (no vocabulary bridge) over alignbot's own passages."""
    chunks = kb.retriever.corpus.chunks
    bm25 = BM25Okapi([tokenize(c.embed_text) for c in chunks])

    def rank(question: str) -> list[Passage]:
        scores = bm25.get_scores(tokenize(question))
        return [Passage(chunks[i].source, chunks[i].text) for i in np.argsort(-scores)[:5]]

    return rank


def hybrid_ranker(retriever: HybridRetriever, contexts: dict[str, str] | None = None) -> Ranker:
    """alignbot's search; with `contexts`, each follow-up is searched with its earlier
    question, as a thread in Slack or a chat in the terminal does."""

    def rank(question: str) -> list[Passage]:
        context = (contexts or {}).get(question)
        hits = retriever.search(question, context=context).hits
        return [Passage(h.chunk.source, h.chunk.text) for h in hits]

    return rank


def _print_follow_ups(retriever: HybridRetriever, follow_ups: Sequence[FollowUp]) -> Metrics:
    """Print follow-up retrieval with the earlier question, alone, and glued to it; return
    the first over all follow-ups."""
    contexts = {f.question: f.context for f in follow_ups}
    glued = {f"{f.context} {f.question}": f for f in follow_ups}
    rankers: list[tuple[str, Ranker, Sequence[Question]]] = [
        ("with the earlier question", hybrid_ranker(retriever, contexts), follow_ups),
        ("follow-up alone", hybrid_ranker(retriever), follow_ups),
        (
            "earlier + follow-up as one text",
            hybrid_ranker(retriever),
            [f.model_copy(update={"question": text}) for text, f in glued.items()],
        ),
    ]
    first: Metrics | None = None
    for split in ("all", "dev", "holdout"):
        subset = [f for f in follow_ups if split in ("all", f.split)]
        print(f"\nfollow-ups in a thread, {split} ({len(subset)})")
        print(HEADER)
        for name, ranker, questions in rankers:
            ids = {f.id for f in subset}
            metrics = evaluate(ranker, [q for q in questions if q.id in ids])
            first = first or metrics
            print(metrics.row(name))
    assert first is not None
    return first


def _cli_reindex_seconds(data_dir: Path) -> float:
    env = {**os.environ, "ALIGNBOT_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).with_name("alignbot")), "index"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def main() -> None:
    """Build the index, run every ranking on the labelled set and print the figures."""
    labelled = load_questions()
    with tempfile.TemporaryDirectory(prefix="alignbot-bench-") as tmp:
        data_dir = Path(tmp)
        embedder = SentenceTransformerEmbedder()
        started = time.perf_counter()
        embedder.load()
        load_seconds = time.perf_counter() - started

        kb = KnowledgeBase.open(data_dir, embedder)
        started = time.perf_counter()
        built = kb.index()
        build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = kb.index()
        reindex_seconds = time.perf_counter() - started
        cli_reindex = _cli_reindex_seconds(data_dir)

        no_bridge = HybridRetriever(
            kb.store, embedder, lexicon=Lexicon(subject=kb.retriever.lexicon.subject, concepts=[])
        )
        rankers: list[tuple[str, Ranker]] = [
            ("alignbot hybrid", hybrid_ranker(kb.retriever)),
            ("alignbot hybrid, no vocab bridge", hybrid_ranker(no_bridge)),
            ("LangChain default (1000/200 dense)", _langchain_default(embedder)),
            ("BM25 on alignbot chunks", _bm25_on_our_chunks(kb)),
        ]
        results: dict[tuple[str, str], Metrics] = {}
        for split in ("all", "dev", "holdout"):
            questions = labelled.in_split(None if split == "all" else split)  # type: ignore[arg-type]
            print(f"\n{split} questions ({len(questions)})")
            print(HEADER)
            for name, ranker in rankers:
                metrics = evaluate(ranker, questions)
                results[(split, name)] = metrics
                print(metrics.row(name))
        ours = results[("all", "alignbot hybrid")]
        langchain = results[("all", "LangChain default (1000/200 dense)")]
        if ours.misses:
            print(f"\nalignbot misses (not in top 3): {', '.join(ours.misses)}")
        print(f"\nprobes: phrasings written after tuning ({len(labelled.probes)})")
        print(HEADER)
        for name, ranker in rankers:
            print(evaluate(ranker, labelled.probes).row(name))
        threaded = _print_follow_ups(kb.retriever, labelled.follow_ups)
        if threaded.misses:
            print(f"\nfollow-up misses (not in top 3): {', '.join(threaded.misses)}")

        off_topic = [(q, kb.retriever.search(q.question)) for q in labelled.off_topic]
        in_scope = [(q.id, kb.retriever.search(q.question)) for q in labelled.questions]
        off_abstained = sum(1 for _, r in off_topic if r.abstained)
        off_by_split = ", ".join(
            f"{split} {sum(1 for q, r in off_topic if q.split == split and r.abstained)}/"
            f"{sum(1 for q, _ in off_topic if q.split == split)}"
            for split in ("dev", "holdout")
        )
        answered = [q.id for q, r in off_topic if not r.abstained]
        false_abstentions = [qid for qid, r in in_scope if r.abstained]
        probes_declined = [
            q.id for q in labelled.probes if kb.retriever.search(q.question).abstained
        ]
        off_max = max(r.top_similarity for _, r in off_topic if r.abstained)
        in_min = min(r.top_similarity for _, r in in_scope)
        latencies = ask_latencies(kb, labelled.questions)
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        lift = ours.hit1 - langchain.hit1
        p95 = latencies[1]
        print(
            f"""
abstention: off-topic {off_abstained}/{len(off_topic)} abstained ({off_by_split}; answered:\
{_ids(answered) or " none"}); in-scope false abstentions \
{len(false_abstentions)}/{len(labelled.questions)}{_ids(false_abstentions)}, probes \
{len(probes_declined)}/{len(labelled.probes)}{_ids(probes_declined)} (similarity floor \
{kb.retriever.config.min_similarity:.2f}, {kb.retriever.config.subject_similarity:.2f} for a \
question naming neither technology nor strategy: best abstained off-topic {off_max:.3f}, worst \
in-scope {in_min:.3f})
ask latency (warm, {len(labelled.questions)} questions x 3): p50 {latencies[0]:.1f} ms, \
p95 {p95:.1f} ms; CPU {latencies[2]:.1f} ms an ask; load average {os.getloadavg()[0]:.1f}
index: full build {build_seconds:.1f} s ({built.chunks_embedded} passages; model load \
{load_seconds:.1f} s not included); unchanged re-index {reindex_seconds:.2f} s in-process \
({again.chunks_embedded} embedded), {cli_reindex:.1f} s as `alignbot index` (process start \
and imports included)
peak RSS: {peak_rss_mb:.0f} MB

targets: hit@3 {ours.hit3:.3f} >= 0.95 {_ok(ours.hit3 >= 0.95)}; MRR {ours.mrr:.3f} >= 0.85 \
{_ok(ours.mrr >= 0.85)}; hit@1 lift over LangChain {lift:+.3f} >= 0.15 {_ok(lift >= 0.15)}; \
off-topic all abstain {_ok(off_abstained == len(off_topic))}{_ids(answered)}; false abstentions \
{len(false_abstentions)} <= {len(labelled.questions) // 40} \
{_ok(len(false_abstentions) <= len(labelled.questions) // 40)}; p95 {p95:.0f} ms <= 150 \
{_ok(p95 <= 150)}; build {build_seconds:.1f} s <= 30 {_ok(build_seconds <= 30)}; \
re-index {reindex_seconds:.2f} s <= 2 {_ok(reindex_seconds <= 2)}"""
        )


def ask_latencies(kb: KnowledgeBase, questions: Sequence[Question]) -> tuple[float, float, float]:
    """Return p50 and p95 wall-clock ms of a warm `ask`, and its mean CPU ms (which other
    work on the machine does not inflate)."""
    kb.ask(questions[0].question)  # warm: caches, lazy imports
    timings = []
    cpu_started = time.process_time()
    for _ in range(3):
        for question in questions:
            started = time.perf_counter()
            kb.ask(question.question)
            timings.append((time.perf_counter() - started) * 1000)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / len(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    return statistics.median(timings), p95, cpu_ms


def _ids(ids: Sequence[str]) -> str:
    return f" ({', '.join(ids)})" if ids else ""


def _ok(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


if __name__ == "__main__":
    main()
