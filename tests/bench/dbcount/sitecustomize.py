"""Loaded by `alignbot serve` when the Slack bench puts this folder first on its PYTHONPATH:
counts the SQL statements and transactions the process runs, and writes the counts to the
file `ALIGNBOT_BENCH_DB_COUNTS` names on SIGUSR1, so the bench can read the database work
per question of whatever code it runs (this branch or a copy of another), independently of
how loaded the machine is. The dump also names the process's live Python threads by their
kernel thread id, so that the bench can tell where the CPU goes (`/proc/<pid>/task`)."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

_counts = {"statements": 0, "transactions": 0, "dumps": 0}


def _statement(*_: Any) -> None:
    _counts["statements"] += 1


def _transaction(*_: Any) -> None:
    _counts["transactions"] += 1


def _dump(*_: Any) -> None:
    _counts["dumps"] += 1
    target = Path(os.environ["ALIGNBOT_BENCH_DB_COUNTS"])
    partial = target.with_suffix(".part")
    threads = {str(t.native_id): t.name for t in threading.enumerate() if t.native_id}
    partial.write_text(json.dumps({**_counts, "threads": threads}), encoding="utf-8")
    partial.replace(target)


if os.environ.get("ALIGNBOT_BENCH_DB_COUNTS"):
    event.listen(Engine, "before_cursor_execute", _statement)
    event.listen(Engine, "commit", _transaction)
    signal.signal(signal.SIGUSR1, _dump)
