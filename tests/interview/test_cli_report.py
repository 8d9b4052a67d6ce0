"""`alignbot report`, run as a real process over a store where the bakery interview was
replayed: the first screen by default, `--full` the whole report, `--json` unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ALIGNBOT = Path(sys.executable).parent / "alignbot"
BAKERY = Path(__file__).resolve().parent / "answers" / "bakery.yaml"
SCREEN_LINES = 45
TIMEOUT = 60


def _alignbot(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALIGNBOT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(ALIGNBOT), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data dir where ann finished the bakery interview, and the JSON it printed."""
    data_dir = tmp_path_factory.mktemp("report")
    replayed = _alignbot(data_dir, "interview", "--user", "ann", "--answers", str(BAKERY), "--json")
    assert replayed.returncode == 0, replayed.stderr
    return data_dir, replayed.stdout


def test_report_prints_the_first_screen_of_the_latest_report(finished: tuple[Path, str]) -> None:
    result = _alignbot(finished[0], "report", "--user", "ann")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= SCREEN_LINES
    assert lines[0] == "Alignment report: Crumb & Co"
    assert "Top 3 of " in result.stdout
    assert "Next 30 days" in result.stdout
    assert "Why " not in result.stdout
    assert lines[-1].strip() == "alignbot report --user ann --full"


def test_report_full_prints_every_finding_the_plan_and_the_rule_trail(
    finished: tuple[Path, str],
) -> None:
    result = _alignbot(finished[0], "report", "--user", "ann", "--full", "--no-citations")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > SCREEN_LINES
    for part in ("Why 45.8?", "KPI plan", "TCO"):
        assert part in result.stdout


def test_report_json_is_the_evaluation_the_interview_printed(finished: tuple[Path, str]) -> None:
    result = _alignbot(finished[0], "report", "--user", "ann", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == finished[1]


def test_report_before_any_interview_says_so_in_one_line(tmp_path: Path) -> None:
    result = _alignbot(tmp_path / "data", "report", "--user", "bob")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "alignbot: no report yet for bob: run `alignbot interview` first"
    )
