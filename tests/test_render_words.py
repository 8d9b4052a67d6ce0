"""How counted things read: one alone is singular, every other number plural."""

from __future__ import annotations

import pytest

from bot.render.words import counted


@pytest.mark.parametrize(
    ("n", "one", "many", "reads"),
    [
        (1, "bot", None, "1 bot"),
        (0, "bot", None, "0 bots"),
        (2, "new question", None, "2 new questions"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
    ],
)
def test_counted_reads_singular_for_exactly_one(
    n: int, one: str, many: str | None, reads: str
) -> None:
    assert counted(n, one, many) == reads
