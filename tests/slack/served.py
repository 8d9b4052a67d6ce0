"""`alignbot serve` as its own process in HTTP mode, its Web API client pointed at the fake
Slack API, for the end-to-end tests that start, stop or kill it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.bench.bench_slack import free_port
from tests.slack.driver import SIGNING_SECRET, SlackDriver
from tests.slack.fake_slack import FakeSlack

ALIGNBOT = Path(sys.executable).with_name("alignbot")
"""The `alignbot` command of the environment running the tests."""


def run_alignbot(
    command: str, env: Mapping[str, str], *, cwd: Path, drop: tuple[str, ...] = ("SLACK_", "PORT")
) -> subprocess.CompletedProcess[str]:
    """Run `alignbot <command>` to its end with this environment minus the variables starting
    with `drop`, plus `env`; return it, output captured: for the checks a command makes
    before it serves anything."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(drop)} | dict(env)
    return subprocess.run(
        [str(ALIGNBOT), command],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@contextmanager
def serving_alignbot(
    slack: FakeSlack,
    data_dir: Path,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[subprocess.Popen[str], SlackDriver]]:
    """Run `alignbot serve` with `ALIGNBOT_DATA_DIR=data_dir` and `env` until the block ends
    (killing it if the block did not stop it); yield the process (stderr piped) and a
    driver once `/healthz` answers, i.e. once the model and the index are loaded."""
    port = free_port()
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "PORT"))
    }
    environment |= {
        "ALIGNBOT_DATA_DIR": str(data_dir),
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "PORT": str(port),
        **(env or {}),
    }
    process = subprocess.Popen(
        [str(ALIGNBOT), "serve"], env=environment, cwd=cwd, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    driver = SlackDriver(url, slack)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "alignbot serve never became healthy"
                time.sleep(0.2)
        yield process, driver
    finally:
        driver.close()
        if process.poll() is None:
            process.kill()
        if process.stderr is not None and not process.stderr.closed:
            process.communicate(timeout=30)
