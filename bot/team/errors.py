"""Errors of the team report (a branch of `AlignbotError`, see `prompts/errors.py`)."""

from __future__ import annotations

from prompts.errors import AlignbotError


class TeamError(AlignbotError):
    """A team pulse cannot be evaluated: no owner's report yet, or answers that do not read
    (the message says which and how to write it)."""
