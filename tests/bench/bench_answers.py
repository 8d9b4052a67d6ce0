"""Composed answers on the labelled answer set (`answers.yaml`): the share of list- and
how-to-shaped questions answered with every item, the mean item recall and the median answer
length in words, per split; follow-ups the documents do not cover; and, next to them, the
retrieval, abstention and latency figures the answers must not cost. Real model, Chroma on
disk; the company note is indexed next to the shipped documents for the `corpus: user`
questions. Run: `make bench` or `python tests/bench/bench_answers.py` (BENCH_SHOW=1 prints
the answers of the seen splits, `SHOWN`; the fresh ones, `FRESH`, written by someone who
never ran the composer, are reported as figures only until they are tuned on)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import get_args

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from knowledge.offline import stay_offline  # noqa: E402

stay_offline()

from knowledge.answer import compose_extractive  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embed import SentenceTransformerEmbedder  # noqa: E402
from knowledge.follow_ups import uncovered_sentence  # noqa: E402
from tests.bench.answer_labels import (  # noqa: E402
    ANSWER_HEADER,
    NOTES,
    Split,
    found_items,
    labelled_corpora,
    load_answer_set,
    says_uncovered,
    score_answers,
)
from tests.bench.bench_retrieval import ask_latencies, hybrid_ranker  # noqa: E402
from tests.bench.labelled import HEADER, evaluate, load_questions  # noqa: E402

UNCOVERED_START = uncovered_sentence(["x"]).split(":")[0]
SPLITS = ("all", *get_args(Split))
FRESH: tuple[str, ...] = ("holdout8", "holdout9")
"""Splits nobody has read question by question: their figures only are printed."""
SHOWN = tuple(split for split in SPLITS[1:] if split not in FRESH)
"""The splits whose answers and misses may be printed: holdout2 is seen from 2026-12-04,
holdout3 from 2026-12-04 17:30, holdout4 from 2026-12-04 18:00, holdout5 from 2026-12-04
19:00 (round 6), holdout6 from 2026-12-04 19:45 (round 7), holdout7 from 2026-12-04 19:55
(round 8), notes2 (the clinic's note) from 2026-12-04 22:15 and notes3 (the agency's) from 22:25
(round 9)."""


def main() -> None:
    """Answer every labelled question and print the figures."""
    labelled = load_answer_set()
    show = bool(os.environ.get("BENCH_SHOW"))
    with tempfile.TemporaryDirectory(prefix="alignbot-answers-") as tmp:
        kbs = labelled_corpora(Path(tmp), SentenceTransformerEmbedder())
        shipped = kbs["shipped"]

        texts = []
        for q in labelled.questions:
            kb = kbs[q.corpus]
            answer = kb.ask(q.question, context=q.context)
            texts.append(answer.answer)
            if show and q.split in SHOWN:
                found = found_items(answer.answer, q.items)
                print(f"\n--- {q.id} ({q.split}) {q.question} [{sum(found)}/{len(found)}]")
                print(answer.answer)
        print(f"\n{ANSWER_HEADER}")
        for split in SPLITS:
            chosen = [i for i, q in enumerate(labelled.questions) if split in ("all", q.split)]
            score = score_answers(
                [labelled.questions[i] for i in chosen], [texts[i] for i in chosen]
            )
            print(
                score.row(split)
                + (
                    f"   incomplete: {', '.join(score.misses)}"
                    if score.misses and split in SHOWN
                    else ""
                )
            )

        said: dict[str, list[bool]] = {}
        for c in labelled.uncovered:
            answer = shipped.ask(c.question, context=c.context)
            said.setdefault(c.split, []).append(says_uncovered(answer.answer, c.says))
            if show and c.split in SHOWN:
                print(f"\n--- {c.id} ({c.split}) {c.context} -> {c.question}\n{answer.answer}")
        print(
            "uncovered follow-ups that say so: "
            + ", ".join(f"{split} {sum(s)}/{len(s)}" for split, s in said.items())
        )
        covered = load_questions().follow_ups
        flagged = sum(
            1
            for f in covered
            if shipped.ask(f.question, context=f.context).answer.startswith(UNCOVERED_START)
        )
        print(
            f"labelled follow-ups (questions.yaml, each answered by a passage) told they are "
            f"not covered: {flagged}/{len(covered)}"
        )

        retrieval = load_questions()
        about_documents = [(q.question, None) for q in retrieval.questions] + [
            (q.question, q.context) for q in labelled.questions if q.corpus == "shipped"
        ]
        print(
            "with a note indexed, questions about the documents (questions.yaml and the shipped "
            "ones above) that cite it, and off-topic questions declined:"
        )
        for corpus, note in NOTES.items():
            kb = kbs[corpus]
            cite = sum(
                1
                for text, context in about_documents
                if any(c.source == note.name for c in kb.ask(text, context=context).citations)
            )
            off_topic = sum(
                1 for q in retrieval.off_topic if kb.retriever.search(q.question).abstained
            )
            print(
                f"  {note.name:<18} cite it {cite}/{len(about_documents)}; off-topic declined "
                f"{off_topic}/{len(retrieval.off_topic)}"
            )

        print(f"\nnext to them, on the retrieval set (questions.yaml):\n{HEADER}")
        for split in ("all", "holdout"):
            questions = retrieval.in_split(None if split == "all" else "holdout")
            print(evaluate(hybrid_ranker(shipped.retriever), questions).row(f"hybrid, {split}"))
        off = sum(1 for q in retrieval.off_topic if shipped.retriever.search(q.question).abstained)
        false = sum(
            1 for q in retrieval.questions if shipped.retriever.search(q.question).abstained
        )
        print(
            f"abstention: off-topic {off}/{len(retrieval.off_topic)} declined; in-scope falsely "
            f"declined {false}/{len(retrieval.questions)}"
        )
        p50, p95, cpu = ask_latencies(shipped, retrieval.questions)
        print(
            f"ask latency (warm): p50 {p50:.1f} ms, p95 {p95:.1f} ms, CPU {cpu:.1f} ms an ask; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        sentences, whole = _composition_cpu_ms(shipped, [q.question for q in retrieval.questions])
        print(
            f"composition alone, CPU an answer: {sentences:.2f} ms in sentences only, "
            f"{whole:.2f} ms looking for whole units"
        )


def _composition_cpu_ms(kb: KnowledgeBase, questions: list[str]) -> tuple[float, float]:
    """Return the mean CPU ms of composing an answer from search results already made: in
    sentences only (the composer before whole units) and as `ask` composes now (the lexicon's
    words for the question included, looked up beforehand as `ask` does)."""
    retriever = kb.retriever
    found = [(q, retriever.search(q)) for q in questions]
    expansions = {q: retriever.lexicon.expansions(q) for q in questions}

    def sentences_only() -> None:
        for _, r in found:
            compose_extractive(r.hits, r.query_vector, retriever.statements)

    def with_units() -> None:
        for q, r in found:
            compose_extractive(
                r.hits,
                r.query_vector,
                retriever.statements,
                question=q,
                units=retriever.unit,
                unit_hits=retriever.unit_hits,
                expansions=expansions[q],
            )

    timings = []
    for compose in (sentences_only, with_units):
        compose()  # warm
        started = time.process_time()
        for _ in range(5):
            compose()
        timings.append((time.process_time() - started) * 1000 / (5 * len(found)))
    return timings[0], timings[1]


if __name__ == "__main__":
    main()
