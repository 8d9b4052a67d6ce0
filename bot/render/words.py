"""How counted things read in the bot's texts: "1 person", "3 people", "2 new questions"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """Return the number with its noun, singular for exactly one ("1 bot", "0 bots"); `many`
    is the plural when it is not the singular with an "s" ("person", "people")."""
    return f"{n} {one if n == 1 else many or f'{one}s'}"
