from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.nudges.slack import WebApiSlack, build_nudge_client
from bot.store import KpiDraft, Store
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.store.backends import (
    FakeClock,
    backend,
    clock,
    database_url,
    postgres_store_session,
    postgres_url,
    store,
)

__all__ = [
    "backend",
    "clock",
    "database_url",
    "postgres_store_session",
    "postgres_url",
    "store",
]

TEAM = "T0ALIGN01"
PAT, SAM = "U0PAT", "U0SAM"
# Monday 4 January 2027, 09:05 in New York.
MONDAY_0905 = datetime(2027, 1, 4, 14, 5, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A running fake Slack API where Pat and Sam are in New York."""
    with FakeSlack() as running:
        running.set_user(PAT, tz="America/New_York")
        running.set_user(SAM, tz="America/New_York")
        yield running


class Waits:
    """An injected `sleep` that records how long it was asked to wait, and returns."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def slack(fake: FakeSlack, waits: Waits) -> WebApiSlack:
    """The pass's real Slack client (slack_sdk WebClient) pointed at the fake."""
    return WebApiSlack(build_nudge_client(BOT_TOKEN, fake.api_url), sleep=waits)


@pytest.fixture
def monday(clock: FakeClock) -> FakeClock:
    """The fixed clock at Monday 09:05 New York time."""
    clock.now = MONDAY_0905
    return clock


def add_kpi(store: Store, owner: str, name: str, team: str = TEAM, **fields: object) -> int:
    """Track a KPI for `owner` (weekdays cadence unless told); return its id."""
    draft = KpiDraft.model_validate({"owner_user_id": owner, "name": name, **fields})
    return store.upsert_kpi(team, draft).id
