"""The report, KPI and Home surfaces in Slack: how big and how fast the report message is to
render for each persona, and the latency people feel through the HTTP endpoint with the real
model, corpus and SQLite store, the bot talking to the local fake Slack API:

- `/align report`: the command's ack, and the command to the report arriving (response_url);
  the citations (one corpus search per finding topic) are most of it;
- "Track these KPIs": the click to the ephemeral confirmation;
- opening the Home tab: `app_home_opened` to `views.publish` of the dashboard.

Run alone with `python tests/bench/bench_report.py`, or with everything via `make bench`."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.interview.report import Report  # noqa: E402
from bot.render.report import build_report_blocks, report_fallback_text  # noqa: E402
from knowledge.models import Citation  # noqa: E402
from tests.kpis.seed import persona_evaluation, store_persona  # noqa: E402

PERSONAS = ("artisan_bakery", "ecommerce_chatbot", "agency_reporting", "plumbing_scheduling")
PEOPLE = 20
RENDERS = 300


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _line(label: str, seconds: list[float]) -> str:
    p50, p95 = statistics.median(seconds) * 1000, _p95(seconds) * 1000
    return f"  {label:<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(seconds)})"


def render_figures() -> None:
    """Print the size and render time of each persona's report message."""
    passage = Citation(
        n=1, title="T", source="s", level="Fundamentals", section="S", text="A passage. " * 30,
        score=0.5,
    )  # fmt: skip
    print("report message, each finding citing a 330-character passage:")
    for name in PERSONAS:
        evaluation = persona_evaluation(name)
        report = Report(
            evaluation_id=1,
            interview_id=1,
            evaluation=evaluation,
            citations={f.id: passage for f in evaluation.findings},
        )
        times = []
        for _ in range(RENDERS):
            started = time.perf_counter()
            blocks = build_report_blocks(report)
            report_fallback_text(report)
            times.append(time.perf_counter() - started)
        size = len(json.dumps(blocks, ensure_ascii=False).encode()) / 1024
        print(
            f"  {name:<22} {len(evaluation.findings):>2} findings -> {len(blocks)} blocks, "
            f"{size:.1f} KiB, render p50 {statistics.median(times) * 1000:.2f} ms"
        )


def slack_figures() -> None:
    """Print the latencies of `/align report`, Track these KPIs and the Home tab."""
    from bot.interview import InterviewService, load_bank
    from bot.interview.scoring import rubric_scorer
    from bot.render.report import TRACK_KPIS
    from bot.services import services_over
    from bot.store import Store
    from knowledge.base import KnowledgeBase
    from knowledge.embed import SentenceTransformerEmbedder
    from tests.slack.conftest import running_bot
    from tests.slack.fake_slack import TEAM_ID, running_fake_slack

    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    embedder = SentenceTransformerEmbedder()
    embedder.load()
    knowledge = KnowledgeBase.open(work / "knowledge", embedder)
    knowledge.index()
    store = Store.open(f"sqlite:///{work / 'alignbot.sqlite3'}")
    interview = InterviewService(store, load_bank(), scorer=rubric_scorer(), today=date.today)
    services = services_over(knowledge, interview)
    figures: dict[str, list[float]] = {
        "/align report: ack": [],
        "/align report: command -> report": [],
        "Track these KPIs: click -> confirmation": [],
        "Home: app_home_opened -> views.publish": [],
    }
    with (
        running_fake_slack() as fake,
        running_bot(fake, services, work / "bot") as bot,
    ):
        for n in range(PEOPLE):
            user = f"U0BENCH{n:04d}"
            record = store_persona(store, TEAM_ID, user, PERSONAS[n % len(PERSONAS)])

            started = time.perf_counter()
            sent = bot.driver.command("report", user=user)
            figures["/align report: ack"].append(sent.elapsed)
            fake.wait_for_call("response_url", lambda c, key=sent.response_key: c.key == key)
            figures["/align report: command -> report"].append(time.perf_counter() - started)

            started = time.perf_counter()
            sent = bot.driver.click(TRACK_KPIS, str(record.id), user=user)
            fake.wait_for_call("response_url", lambda c, key=sent.response_key: c.key == key)
            figures["Track these KPIs: click -> confirmation"].append(time.perf_counter() - started)
            bot.executor.wait_idle()
            fake.reset()

            started = time.perf_counter()
            event = {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0X"}
            bot.driver.send_event(event | {"event_ts": fake.next_ts()})
            fake.wait_for_call("views.publish", lambda c, user=user: c["user_id"] == user)
            figures["Home: app_home_opened -> views.publish"].append(time.perf_counter() - started)
            bot.executor.wait_idle()
            fake.reset()
    store.close()
    print(f"through HTTP with the real model, corpus and SQLite, {PEOPLE} people one at a time:")
    for label, seconds in figures.items():
        print(_line(label, seconds))


def main() -> None:
    """Print the report, KPI and Home figures."""
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.2f} (2 cores; other work shares them)")
    render_figures()
    slack_figures()


if __name__ == "__main__":
    main()
