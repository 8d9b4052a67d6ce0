"""`alignbot index` and `alignbot ask` start light: they import the knowledge base, not the
interview, its store or Slack (an unchanged `alignbot index` is mostly start-up time). Runs
`bot.cli` in a fresh interpreter, as the console script does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ALIGNBOT = str(Path(sys.executable).with_name("alignbot"))
HEAVY = ("bot.services", "bot.interview", "bot.store", "sqlalchemy", "slack_bolt", "torch")


def _modules_after_registering(args: list[str]) -> set[str]:
    script = (
        "import sys; from bot.cli import _register_commands; "
        f"_register_commands({args!r}); print('\\n'.join(sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("command", ["index", "ask"])
def test_knowledge_commands_import_neither_the_interview_nor_slack(command: str) -> None:
    loaded = _modules_after_registering([command, "--help"])
    assert "bot.cli.knowledge" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)}


def test_help_still_lists_every_command() -> None:
    done = subprocess.run(
        [ALIGNBOT, "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    for command in ("ask", "index", "chat", "run", "serve", "score", "interview"):
        assert f" {command} " in done.stdout


def test_index_help_runs_with_only_its_command_group() -> None:
    done = subprocess.run(
        [ALIGNBOT, "index", "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Index your own documents" in done.stdout
