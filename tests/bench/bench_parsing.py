"""Answer parsing on the labelled set (`tests/interview/parsing_set.yaml`): the share of
typed answers read right, refused (asked again) and silently misread, on the dev split and
on the holdout, with every misread listed.

Run alone with `python tests/bench/bench_parsing.py`, or with everything via `make bench`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.interview import load_bank  # noqa: E402
from tests.interview.parsing_set import load_parsing_set, score  # noqa: E402


def main() -> None:
    """Print each split's figures and its misreads."""
    bank = load_bank()
    labelled = load_parsing_set()
    for split in ("dev", "holdout"):
        figures = score(bank, labelled.split(split))
        print(
            f"{split:8} {figures.rows:3} answers: {figures.right:3} read right "
            f"({figures.accuracy:.1%}), {figures.refused:2} refused, "
            f"{len(figures.misreads):2} silent misreads"
        )
        for row, shown in figures.misreads:
            print(f"    misread  {row.q:32} {row.say!r:34} -> {shown!r}")


if __name__ == "__main__":
    main()
