"""Acknowledged questions survive the process: `alignbot serve` (HTTP mode, its own process)
is stopped with SIGTERM or killed with SIGKILL while Slack is slow to take its answers, and
every question acked before is answered exactly once by the next process, on SQLite and
PostgreSQL."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.slack.driver import Sent, SlackDriver
from tests.slack.fake_slack import FakeSlack
from tests.slack.served import serving_alignbot
from tests.store.backends import (  # noqa: F401 (fixtures)
    backend,
    clock,
    database_url,
    postgres_store_session,
    postgres_url,
)

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

PENDING = 15
pytestmark = pytest.mark.slow


def _is_answer(params: dict[str, Any]) -> bool:
    return "blocks" in params


@contextmanager
def _serving(
    slack: FakeSlack, data_dir: Path, database: str, **env: str
) -> Iterator[tuple[subprocess.Popen[str], SlackDriver]]:
    with serving_alignbot(slack, data_dir, env={"DATABASE_URL": database, **env}) as served:
        yield served


def _ask_all(driver: SlackDriver) -> list[Sent]:
    sent = [
        driver.mention(f"How do we measure automation ROI, case {n}?", channel=f"C0DRAIN{n:02d}")
        for n in range(PENDING)
    ]
    assert all(s.response.status_code == 200 for s in sent)
    return sent


def _answers(slack: FakeSlack, sent: Sent) -> list[dict[str, Any]]:
    return [m for m in slack.messages(sent.channel, thread_ts=sent.ts) if m.get("blocks")]


def _answered_once_each(slack: FakeSlack, sent: list[Sent]) -> None:
    slack.wait_for(lambda _: all(_answers(slack, s) for s in sent), timeout=120)
    time.sleep(2)  # room for a duplicate to show up
    assert [len(_answers(slack, s)) for s in sent] == [1] * len(sent)


@pytest.fixture
def database(
    database_url: str,  # noqa: F811 (the fixture imported above)
) -> str:
    """An empty, migrated database on the test's backend (SQLite, PostgreSQL); its URL."""
    return database_url


@pytest.fixture
def data_dir(knowledge_base: KnowledgeBase, knowledge_data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the session's index for the served bot."""
    copied = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, copied)
    return copied


def test_sigterm_finishes_answers_in_flight_and_the_next_process_answers_the_rest_once(
    slack: FakeSlack, data_dir: Path, database: str
) -> None:
    slack.hang("chat.postMessage", 3.0, times=3, lands=True, where=_is_answer)
    with _serving(slack, data_dir, database) as (process, driver):
        sent = _ask_all(driver)
        time.sleep(1)  # the first answers are in flight, hanging; the rest wait
        stopped = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=40)
        took = time.monotonic() - stopped
    print(f"SIGTERM to exit with {PENDING} acked questions pending: {took:.1f} s")
    assert process.returncode == 0
    assert took < 20 + 5
    assert "Traceback" not in stderr
    answered_before = sum(bool(_answers(slack, s)) for s in sent)
    assert 0 < answered_before < PENDING
    with _serving(slack, data_dir, database):
        _answered_once_each(slack, sent)


def test_sigkill_loses_no_acked_question_and_the_next_process_answers_each_once(
    slack: FakeSlack, data_dir: Path, database: str
) -> None:
    # The first answers hang for longer than the test and have landed by the time the
    # next process looks: their marker keeps it from posting them again.
    slack.hang("chat.postMessage", 60.0, times=3, lands=True, where=_is_answer)
    lease = {"JOB_LEASE_SECONDS": "3"}
    with _serving(slack, data_dir, database, **lease) as (process, driver):
        sent = _ask_all(driver)
        time.sleep(1)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    with _serving(slack, data_dir, database, **lease):
        _answered_once_each(slack, sent)
