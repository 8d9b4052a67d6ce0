"""The history service: a person's stored evaluations read back as a `History`."""

from __future__ import annotations

from bot.history.timeline import History, build_history
from bot.store import Store

# Every assessment, in practice: fifty years of quarterly re-assessments.
HISTORY_LIMIT = 200


class HistoryService:
    """Reads alignment over time from the store (every evaluation is kept)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def history(self, team_id: str, user_id: str) -> History:
        """Return the person's assessments oldest first, with what changed between each."""
        return build_history(self.store.list_evaluations(team_id, user_id, limit=HISTORY_LIMIT))
