"""Without a PostgreSQL server the PostgreSQL store tests skip and say how to run them,
except under CI (`CI=true`), where a missing server fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_TEST = (
    "tests/store/test_slack_bookkeeping.py::test_claim_event_returns_true_only_the_first_time"
)
NOWHERE = "postgresql+psycopg://nobody@127.0.0.1:9/none"


def _run(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TEST_DATABASE_URL")}
    env["TEST_DATABASE_URL"] = NOWHERE
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_postgres_tests_skip_with_instructions_when_no_server_answers() -> None:
    result = _run(ci=None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert (
        "PostgreSQL is not reachable at postgresql+psycopg://nobody@127.0.0.1:9/none"
        in result.stdout
    )
    assert "set TEST_DATABASE_URL=" in result.stdout


@pytest.mark.slow
def test_postgres_tests_fail_under_ci_when_no_server_answers() -> None:
    result = _run(ci="true")
    assert result.returncode != 0
    assert "PostgreSQL is not reachable" in result.stdout
