"""Where the items are of the labelled questions the composer leaves incomplete, and whether
the embedding could have found them: the ceiling of choosing better among what retrieval
already returns. For each incomplete question: are all its items in ONE statement (sentence,
list entry, table row) of the 15 best passages, in one list or table of them, or nowhere
together; and, when one statement holds them, how that statement ranks among the 15 best
passages' statements by similarity to the question (what the composer's choice rests on).
Seen splits and fresh ones (`FRESH` in `bench_answers.py`) are reported apart, as figures
only. Run: `python tests/bench/run.py answer_ceiling`."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from knowledge.offline import stay_offline  # noqa: E402

stay_offline()

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.embed import SentenceTransformerEmbedder  # noqa: E402
from tests.bench.answer_labels import (  # noqa: E402
    AnswerQuestion,
    found_items,
    labelled_corpora,
    load_answer_set,
)

PASSAGES = 15
FRESH = ("holdout8", "holdout9")


def where(kb: KnowledgeBase, question: AnswerQuestion) -> tuple[str, int | None]:
    """Return where the question's items are among the best passages ("statement", "unit",
    "elsewhere" for one statement outside them, or "apart") and, for a statement holding
    them all, its rank by similarity to the question among every statement of those
    passages (0 = the most similar)."""
    retriever = kb.retriever
    result = retriever.search(question.question, context=question.context, k=PASSAGES)
    ranked: list[tuple[float, str]] = []
    for hit in result.hits:
        ranked += [(float(v @ result.query_vector), t) for t, v in retriever.statements(hit.id)]
    ranked.sort(key=lambda pair: -pair[0])
    for rank, (_, text) in enumerate(ranked):
        if all(found_items(text, question.items)):
            return "statement", rank
    for hit in result.hits:
        unit = retriever.unit(hit.id)
        if unit is not None and all(found_items(unit.text(), question.items)):
            return "unit", None
    if any(all(found_items(text, question.items)) for text in retriever.corpus.units):
        return "elsewhere", None
    return "apart", None


def main() -> None:
    """Answer every labelled question; for the incomplete ones print where their items are."""
    labelled = load_answer_set()
    with tempfile.TemporaryDirectory(prefix="alignbot-ceiling-") as tmp:
        kbs = labelled_corpora(Path(tmp), SentenceTransformerEmbedder())
        groups: dict[str, Counter[str]] = {"seen": Counter(), "fresh": Counter()}
        for q in labelled.questions:
            kb = kbs[q.corpus]
            group = groups["fresh" if q.split in FRESH else "seen"]
            group["questions"] += 1
            if all(found_items(kb.ask(q.question, context=q.context).answer, q.items)):
                continue
            group["incomplete"] += 1
            place, rank = where(kb, q)
            group[place] += 1
            if rank is not None:
                group["first" if rank == 0 else "top 3" if rank < 3 else "lower"] += 1
        print(
            f"{'questions':<10} {'n':>4} {'incomplete':>10} {'in one statement':>17} "
            f"{'(most similar / top 3 / lower)':>31} {'in one unit':>12} {'further down':>13} "
            f"{'apart':>6}"
        )
        for name, c in groups.items():
            print(
                f"{name:<10} {c['questions']:>4} {c['incomplete']:>10} {c['statement']:>17} "
                f"{c['first']:>13} / {c['top 3']:>5} / {c['lower']:>5} {c['unit']:>12} "
                f"{c['elsewhere']:>13} {c['apart']:>6}"
            )
        print(
            f"(items found together among the {PASSAGES} best passages; a statement's rank is "
            "its similarity to the question among all their statements)"
        )


if __name__ == "__main__":
    main()
