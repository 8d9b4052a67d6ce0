"""A person's nudge preferences as they see and change them: time, work days, pause,
away-until, "Snooze until tomorrow" and "Stop these". Dates are the person's local dates
(their cached Slack time zone; UTC until it is known)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict

from bot.store import NudgePreferences, Store

Clock = Callable[[], datetime]


def zone_of(prefs: NudgePreferences) -> ZoneInfo:
    """Return the person's time zone: their cached Slack tz, UTC when unknown or unusable."""
    try:
        return ZoneInfo(prefs.tz) if prefs.tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class PreferencesChange(BaseModel):
    """What to change: only the fields given are changed (`away_until=None` clears it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nudge_time: time | None = None
    work_days: tuple[int, ...] | None = None
    paused: bool | None = None
    away_until: date | None = None


class NudgePreferencesService:
    """Reads and changes people's nudge preferences (scoped by team id like everything)."""

    def __init__(self, store: Store, *, clock: Clock | None = None) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))

    def get(self, team_id: str, user_id: str) -> NudgePreferences:
        """Return the person's preferences (the defaults when they never set any)."""
        return self.store.nudge_preferences(team_id, user_id)

    def today(self, team_id: str, user_id: str) -> date:
        """Return the person's local date now (what "today" means in their forms)."""
        return self._clock().astimezone(zone_of(self.get(team_id, user_id))).date()

    def change(self, team_id: str, user_id: str, change: PreferencesChange) -> NudgePreferences:
        """Apply the fields `change` sets to the person's preferences and return them."""
        current = self.get(team_id, user_id)
        updates = {name: getattr(change, name) for name in change.model_fields_set}
        if updates.get("nudge_time") is None:
            updates.pop("nudge_time", None)
        if not updates.get("work_days"):
            updates.pop("work_days", None)
        if updates.get("paused") is None:
            updates.pop("paused", None)
        return self.store.save_nudge_preferences(
            team_id, user_id, current.model_copy(update=updates)
        )

    def snooze(self, team_id: str, user_id: str) -> NudgePreferences:
        """Hold today's reminder and anything else until tomorrow, local time."""
        tomorrow = self.today(team_id, user_id) + timedelta(days=1)
        current = self.get(team_id, user_id)
        return self.store.save_nudge_preferences(
            team_id, user_id, current.model_copy(update={"snoozed_until": tomorrow})
        )

    def stop(self, team_id: str, user_id: str) -> NudgePreferences:
        """Stop the person's nudges until they resume them (`/align nudges`)."""
        return self.change(team_id, user_id, PreferencesChange(paused=True))
