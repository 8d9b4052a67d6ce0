"""The weekly digest: a chart of each KPI against its baseline-to-target line (files upload
v2) with a status line each, to the owner and to a KPI's digest channel, once a week."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from bot.kpis.chart import render_chart
from bot.kpis.dashboard import tracked_kpi
from bot.nudges.schedule import digest_due
from bot.nudges.scheduler import run_pass
from bot.nudges.slack import WebApiSlack, everywhere
from bot.store import NudgePreferences, ReadingRecord, Store
from tests.nudges.conftest import PAT, TEAM, add_kpi
from tests.nudges.people import CREATED, kpi
from tests.slack.fake_slack import FakeSlack
from tests.store.backends import FakeClock

PNG = b"\x89PNG\r\n\x1a\n"


def _readings(kpi_id: int, days: int) -> list[ReadingRecord]:
    return [
        ReadingRecord(
            id=i,
            kpi_id=kpi_id,
            value=10 + i * 0.2,
            observed_on=date(2026, 12, 1) + timedelta(days=i),
            recorded_by=PAT,
            created_at=CREATED,
        )
        for i in range(days)
    ]


def test_chart_is_a_png_of_each_kpi_in_under_300_ms_of_cpu() -> None:
    kpis = [kpi(i, target_date=date(2027, 6, 30)) for i in range(1, 7)]
    readings = {k.id: _readings(k.id, 30) for k in kpis}
    tracked = [tracked_kpi(k, readings[k.id]) for k in kpis]
    timings = []
    # CPU time, the best of three: the suite shares two cores with other work, and the
    # wall-clock figure is measured by the bench (tests/bench/bench_nudges.py).
    for _ in range(3):
        started = time.process_time()
        png = render_chart(tracked, readings)
        timings.append(time.process_time() - started)
    assert min(timings) < 0.3
    assert png.startswith(PNG)


def test_chart_draws_kpis_without_values_or_target() -> None:
    bare = kpi(1, baseline=None, target=None, target_date=None)
    assert render_chart([tracked_kpi(bare, [])], {}).startswith(PNG)


def test_digest_is_due_on_the_first_work_day_of_the_week_only() -> None:
    zone = ZoneInfo("America/New_York")
    prefs = NudgePreferences(work_days=(1, 2, 3))
    tuesday_nine = date(2027, 1, 5)
    at = {
        d: digest_due(
            prefs=prefs,
            zone=zone,
            log=[],
            now=time_at(d, zone),
        )
        for d in (tuesday_nine, tuesday_nine + timedelta(days=1))
    }
    assert at == {tuesday_nine: tuesday_nine, tuesday_nine + timedelta(days=1): None}


def time_at(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock_time(9, 30), tzinfo=zone)


def test_monday_pass_uploads_the_owners_chart_and_the_channels_once(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders", baseline=10, target=20, digest_channel="C0SALES")
    add_kpi(store, PAT, "Refund rate <!channel>")
    run_pass(store, everywhere(slack), monday)
    monday.advance(minutes=30)
    run_pass(store, everywhere(slack), monday)
    shared = fake.files()
    assert [f["channel"] for f in shared] == [fake.dm_channel(PAT), "C0SALES"]
    assert all(f["size"] > 1000 for f in shared)
    assert "Refund rate &lt;!channel&gt;" in shared[0]["initial_comment"]
    assert "Refund rate" not in shared[1]["initial_comment"]
    assert [c.method for c in fake.calls() if c.method.startswith("file")] == [
        "files.getUploadURLExternal",
        "file_upload",
        "files.completeUploadExternal",
    ] * 2


def test_a_channel_the_bot_cannot_post_in_is_recorded_and_the_owner_still_gets_theirs(
    store: Store, fake: FakeSlack, slack: WebApiSlack, monday: FakeClock
) -> None:
    add_kpi(store, PAT, "Weekly orders", digest_channel="C0PRIVATE")
    fake.keep_bot_out("C0PRIVATE", "channel_not_found")
    report = run_pass(store, everywhere(slack), monday)
    assert (TEAM, "C0PRIVATE", "channel_not_found") in report.failed
    assert [f["channel"] for f in fake.files()] == [fake.dm_channel(PAT)]
