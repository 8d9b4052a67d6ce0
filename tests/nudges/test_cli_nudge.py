"""`alignbot nudge --once` as real processes against one database (SQLite file and
PostgreSQL) and the fake Slack API: two at once send one nudge; a process killed between
claim and send loses nothing and doubles nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.database import resolve_url
from tests.nudges.conftest import PAT, add_kpi
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack

pytestmark = pytest.mark.slow

ALIGNBOT = Path(sys.executable).with_name("alignbot")
MONDAY_0905 = "2027-01-04T09:05:00-05:00"
LEASE_LATER = "2027-01-04T09:11:00-05:00"


def _env(fake: FakeSlack, database_url: str | None, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SLACK_BOT_TOKEN")}
    env |= {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake.api_url,
        "ALIGNBOT_DATA_DIR": str(data_dir),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _start(env: dict[str, str], now: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(ALIGNBOT), "nudge", "--once", "--now", now],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _nudges(fake: FakeSlack) -> list[str]:
    return [json.dumps(m.get("blocks")) for m in fake.messages(fake.dm_channel(PAT))]


def test_two_processes_at_the_same_moment_send_one_nudge_naming_the_kpi(
    store: Store, fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    env = _env(fake, database_url, tmp_path / "data")
    processes = [_start(env, MONDAY_0905) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    posted = fake.calls("chat.postMessage")
    assert len(posted) == 1
    assert "Weekly orders" in json.dumps(posted[0]["blocks"])


def test_the_sqlite_file_in_the_data_dir_is_used_without_database_url(
    fake: FakeSlack, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    opened = Store.open(resolve_url(None, data_dir))
    try:
        add_kpi(opened, PAT, "Weekly orders")
    finally:
        opened.close()
    process = _start(_env(fake, None, data_dir), MONDAY_0905)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "sent 1 nudges, 0 reminders, 1 digests" in err
    assert len(_nudges(fake)) == 1


@pytest.mark.parametrize("delivered", [False, True], ids=["lost", "delivered"])
def test_a_process_killed_between_claim_and_send_leaves_exactly_one_nudge(
    store: Store, fake: FakeSlack, database_url: str, tmp_path: Path, delivered: bool
) -> None:
    add_kpi(store, PAT, "Weekly orders")
    env = _env(fake, database_url, tmp_path / "data")
    arrived = fake.hold("chat.postMessage", deliver=delivered)
    victim = _start(env, MONDAY_0905)
    try:
        assert arrived.wait(120), "the first process never reached chat.postMessage"
    finally:
        victim.kill()
        victim.communicate(timeout=30)
        fake.release()
    before_lease = _start(env, MONDAY_0905)
    before_lease.communicate(timeout=120)
    assert len(_nudges(fake)) == int(delivered)
    after_lease = _start(env, LEASE_LATER)
    _, err = after_lease.communicate(timeout=120)
    assert after_lease.returncode == 0, err
    assert len(_nudges(fake)) == 1, err
    assert ("1 found already sent" in err) == delivered


def test_a_bad_now_is_one_clean_line_and_exit_1(fake: FakeSlack, tmp_path: Path) -> None:
    process = _start(_env(fake, None, tmp_path / "data"), "next monday")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.strip().splitlines() == [
        "alignbot: --now must be an instant with its offset, like 2027-01-04T09:05:00-05:00 "
        "(got 'next monday')"
    ]


def test_a_missing_bot_token_is_one_line_naming_the_variable(
    fake: FakeSlack, tmp_path: Path
) -> None:
    env = _env(fake, None, tmp_path / "data")
    del env["SLACK_BOT_TOKEN"]
    process = _start(env, MONDAY_0905)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.strip().splitlines() == [
        "alignbot: SLACK_BOT_TOKEN is not set; copy the bot token (xoxb-…) into .env."
    ]
