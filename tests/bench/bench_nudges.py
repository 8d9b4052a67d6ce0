"""KPI nudges at size: one scheduler pass over 10,000 KPIs of 2,000 people in one database
(SQLite file, and PostgreSQL when it answers), its time and its number of queries (counted
with a SQLAlchemy event listener); the weekly chart's render time; and the latency from a
nudge's due time to its `chat.postMessage` with the scheduler ticking.

The people are spread over eight time zones at 09:00 local, on weekdays; each KPI has 20
readings. Slack is the local fake Web API (over HTTP, real slack_sdk client), so a "busy"
pass's time includes two HTTP calls per nudge sent.

Run alone with `python tests/bench/bench_nudges.py`, or with everything via `make bench`."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, text  # noqa: E402

from bot.kpis.chart import render_chart  # noqa: E402
from bot.kpis.dashboard import tracked_kpi  # noqa: E402
from bot.nudges.scheduler import PassOptions, Scheduler, run_pass  # noqa: E402
from bot.nudges.slack import WebApiSlack, build_nudge_client, everywhere  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.database import resolve_url  # noqa: E402
from bot.store.schema import Kpi, KpiReading, NudgePreference, Workspace  # noqa: E402
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack  # noqa: E402

TEAM = "T0BENCH"
PEOPLE = 2_000
KPIS_EACH = 5
READINGS_EACH = 20
ZONES = [
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
]
# Tuesday 5 January 2027, 09:01 in Berlin: the Berlin people's nudges are due.
BUSY = datetime(2027, 1, 5, 8, 1, tzinfo=UTC)
QUIET = datetime(2027, 1, 4, 21, 30, tzinfo=UTC)  # in no zone between 09:00 and 13:00
TARGET_SECONDS = 2.0
CHART_TARGET_MS = 300
TICK_SECONDS = 5.0


def seed(store: Store) -> None:
    """Fill the database: PEOPLE people, KPIS_EACH KPIs each, READINGS_EACH readings each,
    time zones already cached (as on any pass after the first of the day)."""
    created = datetime(2026, 12, 1, tzinfo=UTC)
    with store.engine.begin() as connection:
        connection.execute(insert(Workspace), [{"team_id": TEAM, "created_at": created}])
        connection.execute(
            insert(NudgePreference),
            [
                {
                    "team_id": TEAM,
                    "user_id": f"U{p:06d}",
                    "tz": ZONES[p % len(ZONES)],
                    "tz_checked_at": BUSY - timedelta(hours=1),
                    "dm_channel": f"D{p:06d}",
                    "updated_at": created,
                }
                for p in range(PEOPLE)
            ],
        )
        connection.execute(
            insert(Kpi),
            [
                {
                    "team_id": TEAM,
                    "owner_user_id": f"U{p:06d}",
                    "name": f"KPI {k}",
                    "unit": "orders",
                    "direction": "up",
                    "baseline": 100.0,
                    "target": 150.0,
                    "target_date": date(2027, 12, 31),
                    "cadence": ("daily", "weekdays", "weekly", "monthly", "weekdays")[k],
                    "cadence_day": {2: 1, 3: 5}.get(k),
                    "active": True,
                    "created_at": created,
                    "updated_at": created,
                }
                for p in range(PEOPLE)
                for k in range(KPIS_EACH)
            ],
        )
        ids = [row[0] for row in connection.execute(text("SELECT id FROM kpis ORDER BY id"))]
        connection.execute(
            insert(KpiReading),
            [
                {
                    "team_id": TEAM,
                    "kpi_id": kpi_id,
                    "value": 100.0 + r,
                    "observed_on": date(2026, 12, 1) + timedelta(days=r),
                    "recorded_by": "U000000",
                    "created_at": created + timedelta(days=r),
                }
                for kpi_id in ids
                for r in range(READINGS_EACH)
            ],
        )


def _counting(store: Store) -> list[int]:
    counter = [0]

    def count(*_args: Any) -> None:
        counter[0] += 1

    event.listen(store.engine, "before_cursor_execute", count)
    return counter


class _Clock:
    """The pass's and the store's clock (one clock: claims are stamped at the pass's time)."""

    def __init__(self) -> None:
        self.now = BUSY

    def __call__(self) -> datetime:
        return self.now


def _pass(store: Store, slack: WebApiSlack, clock: _Clock, at: datetime, label: str) -> None:
    counter = _counting(store)
    clock.now = at
    started = time.perf_counter()
    report = run_pass(store, everywhere(slack), clock, PassOptions(digests=False))
    seconds = time.perf_counter() - started
    queries = counter[0]
    verdict = "ok" if seconds < TARGET_SECONDS else "OVER TARGET"
    print(
        f"  {label:<34} {seconds:6.2f} s  {queries:5d} queries  "
        f"{len(report.sent):4d} sent, {report.people} people  ({verdict})"
    )


def bench_pass(url: str, backend: str, fake: FakeSlack) -> None:
    """Seed a fresh database at `url` and time a quiet and a busy pass on it."""
    clock = _Clock()
    store = Store.open(url, clock=clock, pool_size=5)
    try:
        started = time.perf_counter()
        seed(store)
        print(
            f"{backend}: seeded {PEOPLE} people, {PEOPLE * KPIS_EACH} KPIs, "
            f"{PEOPLE * KPIS_EACH * READINGS_EACH} readings "
            f"in {time.perf_counter() - started:.1f} s"
        )
        slack = WebApiSlack(build_nudge_client(BOT_TOKEN, fake.api_url))
        for minutes in (0, 1, 2):
            _pass(store, slack, clock, QUIET + timedelta(minutes=minutes), "pass, nothing due")
        # Three zones' 09:01 in turn: 250 nudges each; by New York's, Berlin's and London's
        # people are due their reminder, and Sao Paulo's 11:01 is still in its nudge window.
        for hours, zone in ((0, "Berlin"), (1, "London"), (6, "New York")):
            at = BUSY + timedelta(hours=hours)
            _pass(store, slack, clock, at, f"pass at {zone} 09:01")
            _pass(store, slack, clock, at + timedelta(minutes=1), "next pass, all already sent")
    finally:
        store.close()


def bench_chart() -> None:
    """Print the weekly chart's render time for 6 KPIs of 60 readings each."""
    from tests.nudges.people import kpi

    kpis = [kpi(i, target_date=date(2027, 6, 30)) for i in range(1, 7)]
    readings = {k.id: _readings(k.id) for k in kpis}
    tracked = [tracked_kpi(k, readings[k.id]) for k in kpis]
    render_chart(tracked, readings)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        png = render_chart(tracked, readings)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"chart, 6 KPIs x 60 values: median {statistics.median(timings):.0f} ms, "
        f"max {max(timings):.0f} ms, {len(png) // 1024} KiB PNG (target < {CHART_TARGET_MS} ms)"
    )


def _readings(kpi_id: int) -> list[Any]:
    from bot.store import ReadingRecord

    return [
        ReadingRecord(
            id=i,
            kpi_id=kpi_id,
            value=100 + i,
            observed_on=date(2026, 11, 1) + timedelta(days=i),
            recorded_by="U1",
            created_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
        for i in range(60)
    ]


def bench_latency(url: str, fake: FakeSlack) -> None:
    """Run the scheduler on a TICK_SECONDS tick with a clock that reaches the Berlin
    people's 09:00 two seconds after it starts; print the delay from that instant to the
    first and the last chat.postMessage of those nudges."""
    fake.reset()
    due = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
    started = time.perf_counter()
    offset = due - datetime.now(UTC) - timedelta(seconds=2)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC) + offset  # noqa: E731
    store = Store.open(url, clock=clock, pool_size=5)
    slack = WebApiSlack(build_nudge_client(BOT_TOKEN, fake.api_url))
    scheduler = Scheduler(
        store, everywhere(slack), clock, tick=TICK_SECONDS, options=PassOptions(digests=False)
    ).start()
    try:
        expected = PEOPLE // len(ZONES)
        fake.wait_for(
            lambda calls: sum(c.method == "chat.postMessage" for c in calls) >= expected,
            timeout=120,
        )
    finally:
        scheduler.stop()
        store.close()
    due_at = started + 2.0
    posts = sorted(c.at for c in fake.calls("chat.postMessage"))
    print(
        f"latency at a {TICK_SECONDS:.0f} s tick, due time -> chat.postMessage: first "
        f"{posts[0] - due_at:.2f} s, last of {len(posts)} {posts[-1] - due_at:.2f} s "
        f"(bound: one tick + one pass)"
    )


def _postgres_url() -> str | None:
    url = resolve_url(
        os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
        Path(),
    )
    try:
        store = Store.open(url)
    except Exception:
        return None
    with store.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS alignbot_bench_nudges CASCADE"))
        connection.execute(text("CREATE SCHEMA alignbot_bench_nudges"))
    store.close()
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3Dalignbot_bench_nudges"


def main() -> None:
    """Print the nudge figures."""
    bench_chart()
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        sqlite_url = resolve_url(None, Path(tmp))
        bench_pass(sqlite_url, "sqlite", fake)
        postgres = _postgres_url()
        if postgres is None:
            print("postgresql: not reachable, skipped")
        else:
            try:
                bench_pass(postgres, "postgresql", fake)
            finally:
                _drop(postgres)
        fresh = resolve_url(None, Path(tmp) / "latency")
        seed_store = Store.open(fresh)
        seed(seed_store)
        seed_store.close()
        bench_latency(fresh, fake)


def _drop(url: str) -> None:
    store = Store.open(url)
    with store.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS alignbot_bench_nudges CASCADE"))
    store.close()


if __name__ == "__main__":
    main()
