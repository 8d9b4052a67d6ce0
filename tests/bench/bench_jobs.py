"""What durable questions cost the database, alone: the CPU time of each question's job
writes on a real SQLite file, with the questions arriving in bursts of 40 (the Slack bench's
load): every "done" its own transaction (questions answered one at a time, the worst case)
and a burst's "done"s in one (answers finishing together). And questions arriving one at a
time, as they do once 40 users each wait for their answer: a record and a "done" per
question, each its own transaction (the job writer until a "done" stopped waking it), or
each "done" with the next question's record, one transaction per question (since). CPU
time, not wall time, so a loaded machine changes the figure little.

The code before durable questions made one insert per question (`Store.claim_event`); the
first durable version recorded a burst, then claimed and marked done each question in its
own transactions. The same loop over those calls gave 0.31-0.36 and 1.75-1.78 ms per question
(README "Measured: Slack").

Run alone: `python tests/bench/bench_jobs.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.store import Store  # noqa: E402

BURST = 40
BURSTS = 10
LEASE = timedelta(seconds=60)
BODY = {
    "type": "event_callback",
    "team_id": "T1",
    "event_id": "Ev",
    "event": {"type": "app_mention", "text": "How do I choose KPIs? " * 5, "user": "U1"},
}


def cpu_per_question(store: Store, *, dones_together: bool) -> float:
    """Return the CPU seconds per question of recording `BURSTS` bursts of `BURST`
    questions and marking each done (one transaction each, or one per burst)."""

    def burst(tag: str) -> None:
        keys = [("T1", f"Ev{tag}-{n}") for n in range(BURST)]
        store.write_jobs([(*key, "mention", BODY) for key in keys], owner="me", lease=LEASE)
        if dones_together:
            store.write_jobs([], keys, owner="me", lease=LEASE)
        else:
            for key in keys:
                store.write_jobs([], [key], owner="me", lease=LEASE)

    burst(f"warm-{dones_together}")
    started = time.process_time()
    for n in range(BURSTS):
        burst(f"{dones_together}-{n}")
    return (time.process_time() - started) / (BURSTS * BURST)


def cpu_per_question_one_by_one(store: Store, *, riding: bool) -> float:
    """Return the CPU seconds per question of recording `BURSTS * BURST` questions one at a
    time and marking each done: in a transaction of its own, or (`riding`) with the next
    question's record."""

    def one(tag: str, n: int) -> None:
        key = ("T1", f"Ev{tag}-{n}")
        if riding:
            done = [("T1", f"Ev{tag}-{n - 1}")] if n else []
            store.write_jobs([(*key, "mention", BODY)], done, owner="me", lease=LEASE)
        else:
            store.write_jobs([(*key, "mention", BODY)], owner="me", lease=LEASE)
            store.write_jobs([], [key], owner="me", lease=LEASE)

    for n in range(BURST):
        one(f"warm-{riding}", n)
    started = time.process_time()
    for n in range(BURSTS * BURST):
        one(f"one-{riding}", n)
    return (time.process_time() - started) / (BURSTS * BURST)


def main() -> None:
    """Print the CPU time per question of its job writes."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/jobs.sqlite3")
        try:
            for together in (False, True):
                seconds = cpu_per_question(store, dones_together=together)
                how = "a burst's dones in one transaction" if together else "each done alone"
                print(f"job writes per question, {how}: {seconds * 1e6:.0f} µs CPU", flush=True)
            for riding in (False, True):
                seconds = cpu_per_question_one_by_one(store, riding=riding)
                how = "with the next record" if riding else "alone"
                print(
                    f"job writes per question, one at a time, its done {how}: "
                    f"{seconds * 1e6:.0f} µs CPU",
                    flush=True,
                )
        finally:
            store.close()


if __name__ == "__main__":
    main()
