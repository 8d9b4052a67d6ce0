"""The history service: a person's stored evaluations read back as a `History`, and how
often they want a re-assessment offered."""

from __future__ import annotations

from bot.history.timeline import History, build_history
from bot.store import Store
from bot.store.records import ReassessCadence

# Every assessment, in practice: fifty years of quarterly re-assessments.
HISTORY_LIMIT = 200


class HistoryService:
    """Reads alignment over time from the store (every evaluation is kept)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def history(self, team_id: str, user_id: str) -> History:
        """Return the person's assessments oldest first, with what changed between each."""
        return build_history(self.store.list_evaluations(team_id, user_id, limit=HISTORY_LIMIT))

    def cadence(self, team_id: str, user_id: str) -> ReassessCadence:
        """Return how often the person wants a re-assessment offered (quarterly unless
        they chose): what the due line and the scheduler go by."""
        return self.store.nudge_preferences(team_id, user_id).reassess_cadence

    def set_cadence(self, team_id: str, user_id: str, cadence: ReassessCadence) -> None:
        """Store how often the person wants a re-assessment offered."""
        self.store.set_reassess_cadence(team_id, user_id, cadence)
