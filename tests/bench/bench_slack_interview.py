"""The interview in Slack, timed through the real HTTP endpoint: each person does the busy
owner's whole interview (`WALKTHROUGH`: buttons, menus, tick boxes, answer forms, lines typed
in the DM and in the question's thread) and every step is timed from the request sent to the
next question reaching the (fake) Slack API: `chat.update` of the question message, or the
new message below a typed answer; opening a form, to its `views.open`. A form's submission is
also timed to its HTTP answer, because that ack records the answer in the store.

The bot runs in this process (uvicorn, Bolt, the real services: embedding model, Chroma on
disk, the interview on a SQLite file); the people are threads. For 1 person and for 10 at
once. Run alone: `python tests/bench/bench_slack_interview.py`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.render.question import OPEN_MODAL
from bot.store import Store
from knowledge.base import KnowledgeBase
from knowledge.embed import shared_embedder
from tests.slack.conftest import RunningBot
from tests.slack.fake_slack import ApiCall, FakeSlack, running_fake_slack
from tests.slack.interview_user import (
    WALKTHROUGH,
    InterviewUser,
    answer_current,
    running_interview_bot,
)

LOADS = (1, 10)
SHOWN = ("chat.update", "chat.postMessage", "views.open")
STEP_TARGET_MS = 1000.0
ACK_TARGET_MS = 3000.0  # Slack's limit; a form's ack does the store's work


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the `pct` percentile of `values` (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


class TimedUser(InterviewUser):
    """A person whose every step waits for (and times) what the bot shows them next,
    instead of waiting for the whole bot to be idle."""

    def __init__(self, bot: RunningBot, slack: FakeSlack) -> None:
        super().__init__(bot, slack)
        self.mark = time.perf_counter()
        self.kind = "command"
        self.steps: dict[str, list[float]] = defaultdict(list)
        self.shown: ApiCall | None = None

    def begin(self, kind: str) -> None:
        """Start timing a step of this kind."""
        self.kind = kind
        self.mark = time.perf_counter()

    def live(self) -> dict[str, Any]:
        """The message the bot showed last (the store remembers it a moment later, and the
        old one is retired a moment later still: a person cannot click that fast, a
        thread can)."""
        shown = self.shown
        if shown is None or shown.method == "views.open":
            return super().live()
        if shown.method == "chat.update":
            return self.slack.message(shown["channel"], shown["ts"])
        return next(
            m for m in reversed(self.slack.messages(self.dm)) if m.get("blocks") == shown["blocks"]
        )

    def open_modal(self, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """Click "Answer…"; return this person's form as Slack was asked to open it."""
        message = message or self.live()
        block, element = self._element(message, action=OPEN_MODAL)
        self.act(message, block, element)
        mine = [c for c in self.slack.calls("views.open") if self._mine_view(c)]
        view: dict[str, Any] = mine[-1]["view"]
        return view

    def _mine_view(self, call: ApiCall) -> bool:
        return self.user in str(call.get("view", {}).get("private_metadata", ""))

    def _mine(self, call: ApiCall) -> bool:
        if call.at <= self.mark:
            return False
        if call.method == "views.open":
            return self._mine_view(call)
        # A question, paused or finished message has buttons; an old message turned into
        # its one-line record, or a reply in a thread, has none.
        blocks = call.get("blocks") or []
        return call.get("channel") == self.dm and any(b.get("type") == "actions" for b in blocks)

    def settle(self) -> None:
        """Wait for the bot's next message or form for this person; time it."""
        futures = [self.slack.expect_call(method, self._mine) for method in SHOWN]
        done, _ = wait(futures, timeout=60, return_when=FIRST_COMPLETED)
        if not done:
            raise TimeoutError(f"{self.user}: nothing shown after a {self.kind}")
        first = min((f.result() for f in done), key=lambda call: call.at)
        for future in futures:
            future.cancel()
        if first.method != "views.open":
            self.shown = first
        self.steps[self.kind].append((first.at - self.mark) * 1000)
        self.mark = time.perf_counter()


def interview(user: TimedUser) -> tuple[float, list[float]]:
    """Do the whole interview; return its wall time (s) and the forms' ack latencies (ms)."""
    started = time.perf_counter()
    acks: list[float] = []
    user.begin("command")
    user.command("interview")
    while user.interview.find_open(user.team_id, user.user) is not None:
        how, what = WALKTHROUGH[user.question_id()]
        if how == "modal":
            user.begin("open form")
            view = user.open_modal()
            user.begin("submit form")
            sent = user.submit(view, what)
            acks.append(sent.elapsed * 1000)
        else:
            user.begin({"click": "button", "choose": "menu", "tick": "tick + next"}.get(how, how))
            answer_current(user, how, what)
    return time.perf_counter() - started, acks


def bench(bot: RunningBot, fake: FakeSlack, people: int) -> list[str]:
    """Run `people` interviews at once; return the table rows."""
    fake.reset()
    users = [TimedUser(bot, fake) for _ in range(people)]
    with ThreadPoolExecutor(max_workers=people) as pool:
        results = list(pool.map(interview, users))
    bot.executor.wait_idle()
    steps: dict[str, list[float]] = defaultdict(list)
    for user in users:
        for kind, values in user.steps.items():
            steps[kind] += values
    everything = [v for values in steps.values() for v in values]
    acks = [a for _, user_acks in results for a in user_acks]
    walls = [wall for wall, _ in results]
    rows = [
        f"| {people} | {kind} | {len(values)} | {percentile(values, 50):.0f} ms "
        f"| {percentile(values, 95):.0f} ms |"
        for kind, values in sorted(steps.items())
    ]
    rows.append(
        f"| {people} | every step | {len(everything)} | {percentile(everything, 50):.0f} ms "
        f"| {percentile(everything, 95):.0f} ms |"
    )
    rows.append(
        f"| {people} | form ack (HTTP) | {len(acks)} | {percentile(acks, 50):.0f} ms "
        f"| {percentile(acks, 95):.0f} ms |"
    )
    reports = sum(
        1
        for user in users
        for call in user.posted()
        if str(call.get("text", "")).startswith("Alignment report")
    )
    stored = sum(1 for u in users if u.reports.latest_report(u.team_id, u.user) is not None)
    verdict = "met" if percentile(everything, 95) < STEP_TARGET_MS else "NOT met"
    rows.append(
        f"  {people} at once: {stored}/{people} evaluations stored, {reports} reports posted; "
        f"whole interview {min(walls):.1f}-{max(walls):.1f} s wall clock; "
        f"step p95 < {STEP_TARGET_MS:.0f} ms {verdict}; form ack p95 < {ACK_TARGET_MS:.0f} ms "
        f"{'met' if percentile(acks, 95) < ACK_TARGET_MS else 'NOT met'}"
    )
    return rows


def main() -> None:
    """Print the table of step latencies for each load."""
    with tempfile.TemporaryDirectory(prefix="alignbot-bench-interview-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        knowledge = KnowledgeBase.open(root / "data", shared_embedder())
        knowledge.index()
        print(f"knowledge base ready in {time.perf_counter() - started:.1f} s", flush=True)
        store = Store.open(f"sqlite:///{root / 'alignbot.sqlite3'}")
        try:
            with (
                running_fake_slack() as fake,
                running_interview_bot(fake, knowledge, store, root / "bot") as bot,
            ):
                rows: list[str] = []
                for people in LOADS:
                    rows += bench(bot, fake, people)
        finally:
            store.close()
    print("| people | step | n | p50 | p95 |")
    print("|---|---|---|---|---|")
    for row in rows:
        if row.startswith("|"):
            print(row)
    for row in rows:
        if not row.startswith("|"):
            print(row)


if __name__ == "__main__":
    main()
