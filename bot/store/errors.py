"""Errors of the store. Messages are user-safe: they never contain a URL or a password."""

from __future__ import annotations

from prompts.errors import AlignbotError


class StoreError(AlignbotError):
    """The database cannot be opened, migrated or reached."""
