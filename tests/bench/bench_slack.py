"""Slack latency through the real HTTP endpoint: ack latency (request sent -> HTTP response)
and mention-to-answer latency (request sent -> the answer's chat.postMessage reaching the
fake Slack API), for 1 user and for 40 concurrent users, each asking in turn and waiting for
its answer before asking again.

The bot is `alignbot serve` in its own process, exactly as in production (uvicorn, Bolt, a
store for event dedupe, the real embedding model and index in ALIGNBOT_DATA_DIR); only Slack
is local: the fake Web API and the signed-request driver, in this process.

For the 40-user load it also reports what each answered mention costs the bot process, in a
way that does not depend on how loaded the machine is: its CPU time (from /proc) and the SQL
statements and transactions it ran (counted by `dbcount/sitecustomize.py`, loaded into the
serve process through PYTHONPATH), and where that CPU goes, thread by thread (`/proc/<pid>/task`,
the threads named by the same module): the event loop acknowledging, the listener threads
answering, the job writer. To measure another copy of the code with the same bench,
put its folder on PYTHONPATH: `PYTHONPATH=/path/to/copy python tests/bench/bench_slack.py`.

Run alone: `python tests/bench/bench_slack.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx
import yaml

from tests.slack.driver import SIGNING_SECRET, SlackDriver
from tests.slack.fake_slack import FakeSlack, running_fake_slack

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")
DB_COUNTER = Path(__file__).with_name("dbcount")
DB_COUNTS = ("statements", "transactions")
ACK_TARGET_MS = 100.0
ANSWER_TARGET_MS = 1000.0
# (users, rounds): every user asks `rounds` questions, one after another.
LOADS = ((1, 20), (40, 3))


def load_questions() -> list[str]:
    """Return the labelled questions (on- and off-topic alike: real traffic has both)."""
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return [str(item["question"]) for item in data["questions"]]


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the `pct` percentile of `values` (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run_load(
    bot_url: str, fake: FakeSlack, questions: Sequence[str], users: int, rounds: int
) -> tuple[list[float], list[float]]:
    """Return (ack latencies, answer latencies) in ms for `users` concurrent users. The users
    are coroutines on one event loop with pooled connections, like a real client fleet, so
    the load generator takes as little as possible of the CPU the bot is measured on."""
    return asyncio.run(_load(bot_url, fake, questions, users, rounds))


async def _load(
    bot_url: str, fake: FakeSlack, questions: Sequence[str], users: int, rounds: int
) -> tuple[list[float], list[float]]:
    acks: list[float] = []
    answers: list[float] = []
    driver = SlackDriver(bot_url, fake)  # prepares and signs; sending is async below
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def user(index: int) -> None:
            for turn in range(rounds):
                question = questions[(index * rounds + turn) % len(questions)]
                prepared = driver.prepare_mention(
                    question, user=f"U0BENCH{index:03d}", channel=f"C0BENCH{index:03d}"
                )
                answered = fake.expect_call(
                    "chat.postMessage", lambda c, ts=prepared.ts: c.get("thread_ts") == ts
                )
                started = time.perf_counter()
                response = await client.post(
                    driver.url, content=prepared.body, headers=prepared.headers
                )
                acked = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"ack failed: {response.status_code}")
                reply = await asyncio.wait_for(asyncio.wrap_future(answered), 60)
                acks.append(acked * 1000)
                answers.append((reply.at - started) * 1000)

        await asyncio.gather(*(user(i) for i in range(users)))
    driver.close()
    if len(answers) != users * rounds:
        raise RuntimeError(f"only {len(answers)} of {users * rounds} mentions were answered")
    return acks, answers


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServedBot:
    """`alignbot serve` running for the bench: its URL, its process id, and the file its
    database counts are written to on SIGUSR1."""

    def __init__(self, url: str, pid: int, db_counts: Path) -> None:
        self.url = url
        self.pid = pid
        self.db_counts = db_counts

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system) the bot process has used so far."""
        return _stat_cpu(Path(f"/proc/{self.pid}/stat"))

    def thread_use(self) -> dict[str, ThreadUse]:
        """Return what each live thread of the bot process has used so far, by kernel
        thread id (a thread that ended is in `cpu_seconds` only)."""
        use = {}
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                status = (task / "status").read_text()
                use[task.name] = ThreadUse(_stat_cpu(task / "stat"), _switches(status))
            except (FileNotFoundError, ProcessLookupError):
                pass  # ended meanwhile
        return use

    def db_work(self) -> dict[str, Any]:
        """Return the SQL statements and transactions the bot process has run so far, and
        the names of its Python threads by kernel thread id (`threads`)."""
        before = self._read_counts().get("dumps", 0)
        os.kill(self.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while (counts := self._read_counts()).get("dumps", 0) <= before:
            if time.monotonic() > deadline:
                raise RuntimeError("the bot did not write its database counts")
            time.sleep(0.02)
        return counts

    def _read_counts(self) -> dict[str, Any]:
        try:
            counts: dict[str, Any] = json.loads(self.db_counts.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return counts


class ThreadUse(NamedTuple):
    """What one thread has used so far: CPU seconds, and how often it was switched out
    (voluntarily, e.g. to wait for the GIL or a lock, or not)."""

    cpu: float
    switches: int


def _stat_cpu(stat: Path) -> float:
    """Return the user + system CPU seconds in a `/proc` stat file (a process's or a
    thread's)."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime 14 and stime 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _switches(status: str) -> int:
    """Return the context switches, voluntary and not, in a `/proc` status file."""
    return sum(int(line.split()[1]) for line in status.splitlines() if "ctxt_switches:" in line)


def thread_group(name: str | None) -> str:
    """Return the group a thread is reported under: its name without the pool numbering
    ("alignbot-slack_3" -> "alignbot-slack"), "event loop" for the main thread (uvicorn's),
    "native" for a thread Python does not know (torch, the tokenizer)."""
    if name is None:
        return "native"
    if name == "MainThread":
        return "event loop"
    return re.sub(r"([-_ ]\d+)+$", "", name)


def use_by_thread(
    before: Mapping[str, ThreadUse],
    after: Mapping[str, ThreadUse],
    names: Mapping[str, str],
    total_cpu: float,
) -> dict[str, ThreadUse]:
    """Return what was used between two `thread_use` readings by thread group, "ended"
    holding the CPU of threads that ended meanwhile (the rest of `total_cpu`)."""
    cpu: dict[str, float] = {}
    switches: dict[str, int] = {}
    for tid, use in after.items():
        group = thread_group(names.get(tid))
        was = before.get(tid, ThreadUse(0.0, 0))
        cpu[group] = cpu.get(group, 0.0) + use.cpu - was.cpu
        switches[group] = switches.get(group, 0) + use.switches - was.switches
    groups = {group: ThreadUse(cpu[group], switches[group]) for group in cpu}
    groups["ended"] = ThreadUse(total_cpu - sum(cpu.values()), 0)
    return groups


@contextmanager
def serving_bot(fake: FakeSlack, data_db: str) -> Iterator[ServedBot]:
    """Run `alignbot serve` in HTTP mode as its own process, as in production, its Web API
    client pointed at `fake` and its database work counted; yield it once /healthz answers
    (model and index loaded)."""
    port = free_port()
    counts = Path(tempfile.mkdtemp(prefix="alignbot-bench-")) / "db-counts.json"
    paths = [str(DB_COUNTER), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "PORT": str(port),
        "DATABASE_URL": data_db,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(paths),
        "ALIGNBOT_BENCH_DB_COUNTS": str(counts),
    }
    env.pop("SLACK_APP_TOKEN", None)
    cli = Path(sys.executable).with_name("alignbot")
    process = subprocess.Popen([str(cli), "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"alignbot serve exited with {process.returncode}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("alignbot serve did not become healthy")
            time.sleep(0.2)
        yield ServedBot(url, process.pid, counts)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def bench(bot: ServedBot, fake: FakeSlack) -> list[str]:
    """Run every load against `bot`; return the report's lines."""
    bot_url = bot.url
    questions = load_questions()
    lines = [
        f"{'users':>5} {'mentions':>8} {'ack p50':>9} {'ack p95':>9} "
        f"{'answer p50':>11} {'answer p95':>11}"
    ]
    met = True
    run_load(bot_url, fake, questions, 1, 3)  # warm-up: first requests, lazy caches
    for users, rounds in LOADS:
        fake.reset()
        cpu, threads, db = bot.cpu_seconds(), bot.thread_use(), bot.db_work()
        acks, answers = run_load(bot_url, fake, questions, users, rounds)
        cpu, threads_after, db_after = bot.cpu_seconds() - cpu, bot.thread_use(), bot.db_work()
        per_mention = {
            name: (db_after[name] - db[name]) / len(answers) for name in DB_COUNTS if name in db
        }
        names = {**db.get("threads", {}), **db_after.get("threads", {})}
        by_thread = use_by_thread(threads, threads_after, names, cpu)
        ack50, ack95 = percentile(acks, 50), percentile(acks, 95)
        ans50, ans95 = percentile(answers, 50), percentile(answers, 95)
        lines.append(
            f"{users:>5} {len(acks):>8} {ack50:>6.1f} ms {ack95:>6.1f} ms "
            f"{ans50:>8.0f} ms {ans95:>8.0f} ms"
        )
        if users == max(u for u, _ in LOADS):
            met = ack95 < ACK_TARGET_MS and ans95 < ANSWER_TARGET_MS
            lines.append(
                f"  per answered mention: {cpu / len(answers) * 1000:.1f} ms CPU of the bot "
                f"process, {per_mention['statements']:.2f} SQL statements, "
                f"{per_mention['transactions']:.2f} transactions; load average "
                f"{os.getloadavg()[0]:.1f}"
            )
            per = {
                group: (use.cpu / len(answers) * 1000, use.switches / len(answers))
                for group, use in by_thread.items()
            }
            shown = sorted(
                (item for item in per.items() if abs(item[1][0]) >= 0.01),
                key=lambda item: -item[1][0],
            )
            lines.append(
                "  its CPU (context switches) per mention by thread: "
                + ", ".join(
                    f"{group} {ms:.2f} ms ({switches:.0f})" for group, (ms, switches) in shown
                )
            )
    lines.append(
        f"targets (40 concurrent): ack p95 < {ACK_TARGET_MS:.0f} ms, answer p95 < "
        f"{ANSWER_TARGET_MS:.0f} ms -> {'MET' if met else 'NOT MET'}"
    )
    return lines


def main() -> None:
    """Print the Slack latency figures."""
    print(
        "alignbot serve (HTTP mode, own process) <- signed requests; answers -> fake Slack API",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp, running_fake_slack() as fake:
        started = time.perf_counter()
        with serving_bot(fake, f"sqlite:///{tmp}/bench.sqlite3") as bot:
            print(f"bot healthy after {time.perf_counter() - started:.1f} s", flush=True)
            print("\n".join(bench(bot, fake)), flush=True)


if __name__ == "__main__":
    main()
