"""The `alignbot serve` command as a user runs it: a separate process, configured by the
environment."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.slack.fake_slack import FakeSlack
from tests.slack.served import run_alignbot, serving_alignbot

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

BOT = "xoxb-1-2-abc"


def test_serve_without_signing_secret_fails_fast_with_one_line(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": BOT, "ALIGNBOT_DATA_DIR": str(tmp_path)}
    done = run_alignbot("serve", env, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("alignbot: SLACK_SIGNING_SECRET is not set")
    assert "Traceback" not in done.stderr
    assert BOT not in done.stderr


def test_run_with_a_bot_token_but_no_signing_secret_fails_before_indexing(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": BOT, "ALIGNBOT_DATA_DIR": str(tmp_path / "data")}
    done = run_alignbot("run", env, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "alignbot: SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests from "
        "Slack (Basic Information > Signing Secret). Or set SLACK_APP_TOKEN to use Socket Mode."
    )
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_serve_in_http_mode_loads_everything_then_answers_a_mention(
    slack: FakeSlack, knowledge_base: KnowledgeBase, knowledge_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    with serving_alignbot(slack, data_dir, cwd=tmp_path) as (process, driver):
        # Slack's token was checked before the port opened.
        assert [c.method for c in slack.calls()][:1] == ["auth.test"]
        sent = driver.mention("How do we know an automation project paid off?")
        assert sent.response.status_code == 200
        reply = slack.wait_for_call(
            "chat.postMessage", lambda c: c.get("thread_ts") == sent.ts, timeout=30
        )
        # The model was loaded before traffic: the first answer does not wait for it.
        assert reply.at - slack.calls("reactions.add")[0].at < 5
        assert "*[1]*" in str(reply["blocks"])
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode in (0, 130)  # uvicorn re-raises Ctrl+C once it has shut down
    assert "loading the knowledge base" in stderr
    assert "serving Slack over HTTP" in stderr
    assert slack.bot_token not in stderr
    assert "Traceback" not in stderr
