"""Operating the bot: `/metrics` for Prometheus, `/healthz` that fails when the store or the
index cannot be reached, the listen address, and JSON log lines that never hold a token.
Metrics are read over HTTP from the running bot, as Prometheus would."""

from __future__ import annotations

import io
import json
import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from urllib.error import URLError

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.cli.serve import build_http_server
from bot.metrics import LISTENER_QUEUE, SLACK_API_ERRORS, QueueMeasuringExecutor
from bot.nudges.scheduler import PassOptions, run_pass
from bot.nudges.slack import WebApiSlack, build_nudge_client, everywhere
from bot.settings import Settings
from bot.slack.app import build_app, build_web_client
from bot.slack.deps import SlackDeps
from bot.slack.http import HealthProbe, build_asgi_app
from bot.slack.redaction import JsonFormatter, configure_logging
from bot.store import Store
from knowledge.answer import no_guidance
from knowledge.base import KnowledgeBase
from knowledge.errors import QuestionError
from knowledge.models import Answer
from knowledge.store import ChromaStore
from tests.chroma import free_port, running_chroma_server
from tests.conftest import ToyEmbedder
from tests.nudges.conftest import MONDAY_0905, add_kpi
from tests.slack.conftest import CannedAnswers, RunningBot, slack_settings
from tests.slack.driver import SIGNING_SECRET
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.slack.server import serve_in_thread

TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"


def metric(url: str, name: str, **labels: str) -> float:
    """Return the value of one sample at `url`/metrics (0 when it was never recorded)."""
    text = httpx.get(f"{url}/metrics").text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


class AbstainingAdvisor:
    """Declines every question, as the knowledge base does off-topic."""

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        return no_guidance()


def test_metrics_count_the_ack_of_each_mention(canned_bot: RunningBot, slack: FakeSlack) -> None:
    before = metric(canned_bot.url, "alignbot_slack_ack_seconds_count", kind="event_callback")
    sent = canned_bot.driver.mention("How do I choose KPIs?")
    slack.wait_for_call("chat.postMessage", lambda c: c["thread_ts"] == sent.ts)
    after = metric(canned_bot.url, "alignbot_slack_ack_seconds_count", kind="event_callback")
    assert after == before + 1


def test_metrics_count_requests_refused_at_the_edge(canned_bot: RunningBot) -> None:
    before = metric(canned_bot.url, "alignbot_slack_rejected_requests_total", status="401")
    canned_bot.driver.post("{}", "application/json", signed=False)
    after = metric(canned_bot.url, "alignbot_slack_rejected_requests_total", status="401")
    assert after == before + 1


@pytest.mark.parametrize(
    ("advisor", "outcome"),
    [
        pytest.param(CannedAnswers(), "answered", id="answered"),
        pytest.param(AbstainingAdvisor(), "abstained", id="abstained"),
        pytest.param(CannedAnswers(error=QuestionError("Please ask in English.")), "failed"),
    ],
)
def test_metrics_count_answers_by_outcome_with_their_latency(
    start_bot: Callable[..., AbstractContextManager[RunningBot]],
    slack: FakeSlack,
    advisor: object,
    outcome: str,
) -> None:
    with start_bot(advisor) as bot:
        before = metric(bot.url, "alignbot_answers_total", outcome=outcome)
        timed = metric(bot.url, "alignbot_answer_seconds_count", outcome=outcome)
        sent = bot.driver.mention("How do I choose KPIs?")
        slack.wait_for_call("chat.postMessage", lambda c: c["thread_ts"] == sent.ts)
        bot.executor.wait_idle()
        assert metric(bot.url, "alignbot_answers_total", outcome=outcome) == before + 1
        assert metric(bot.url, "alignbot_answer_seconds_count", outcome=outcome) == timed + 1


def test_metrics_count_answers_to_the_ask_command(canned_bot: RunningBot) -> None:
    before = metric(canned_bot.url, "alignbot_answers_total", outcome="answered")
    canned_bot.driver.command("ask How do I choose KPIs?")
    canned_bot.executor.wait_idle()
    assert metric(canned_bot.url, "alignbot_answers_total", outcome="answered") == before + 1


@pytest.mark.parametrize(
    ("status", "error", "headers"),
    [
        (500, "internal_error", {}),
        (429, "ratelimited", {"Retry-After": "0"}),  # counted, then retried and posted
        (200, "channel_not_found", {}),
    ],
)
def test_metrics_count_slack_api_errors_by_method_and_status(
    canned_bot: RunningBot, slack: FakeSlack, status: int, error: str, headers: dict[str, str]
) -> None:
    labels = {"method": "chat.postMessage", "status": str(status), "error": error}
    before = metric(canned_bot.url, "alignbot_slack_api_errors_total", **labels)
    slack.fail("chat.postMessage", error, status=status, headers=headers)
    canned_bot.driver.mention("How do I choose KPIs?")
    canned_bot.executor.wait_idle()
    assert metric(canned_bot.url, "alignbot_slack_api_errors_total", **labels) == before + 1


def test_metrics_count_calls_that_get_no_answer_from_slack(tmp_path: Path) -> None:
    settings = Settings(
        ALIGNBOT_DATA_DIR=tmp_path,
        slack_bot_token="xoxb-1-2-abc",
        slack_api_url=f"http://127.0.0.1:{free_port()}/api/",
    )
    client = build_web_client(settings)
    labels = {"method": "chat.postMessage", "status": "connection", "error": ""}
    before = SLACK_API_ERRORS.labels(**labels)._value.get()
    with pytest.raises(URLError, match="refused"):
        client.chat_postMessage(channel="C1", text="hello")
    # the first attempt and the two retries of ConnectionErrorRetryHandler
    assert SLACK_API_ERRORS.labels(**labels)._value.get() == before + 3


def test_listener_queue_depth_counts_jobs_waiting_for_a_thread() -> None:
    gate = threading.Event()
    executor = QueueMeasuringExecutor(max_workers=1)
    try:
        base = LISTENER_QUEUE._value.get()
        running = executor.submit(gate.wait, 10)
        waiting = [executor.submit(gate.wait, 10) for _ in range(3)]
        while not running.running():
            threading.Event().wait(0.01)
        assert LISTENER_QUEUE._value.get() == base + 3
        gate.set()
        for future in waiting:
            future.result(timeout=10)
        assert LISTENER_QUEUE._value.get() == base
    finally:
        gate.set()
        executor.shutdown()


@pytest.fixture
def nudge_store(tmp_path: Path) -> Iterator[Store]:
    """A real SQLite store of its own, where only this test's KPIs are due."""
    store = Store.open(f"sqlite:///{tmp_path / 'nudges.sqlite3'}")
    yield store
    store.close()


def _nudge_pass(store: Store, slack: FakeSlack) -> None:
    """Run one scheduler pass at Monday 09:05 in New York against the fake Slack API."""
    client = WebApiSlack(build_nudge_client(BOT_TOKEN, slack.api_url), sleep=lambda _: None)
    run_pass(store, everywhere(client), lambda: MONDAY_0905, PassOptions(digests=False))


def test_metrics_count_nudges_claimed_and_sent(
    canned_bot: RunningBot, slack: FakeSlack, nudge_store: Store
) -> None:
    slack.set_user("U0NUDGEDA", tz="America/New_York")
    add_kpi(nudge_store, "U0NUDGEDA", "Weekly orders")
    claimed = metric(canned_bot.url, "alignbot_nudges_claimed_total", kind="nudge")
    sent = metric(canned_bot.url, "alignbot_nudges_sent_total", kind="nudge")
    _nudge_pass(nudge_store, slack)
    assert slack.messages(slack.dm_channel("U0NUDGEDA"))
    assert metric(canned_bot.url, "alignbot_nudges_claimed_total", kind="nudge") == claimed + 1
    assert metric(canned_bot.url, "alignbot_nudges_sent_total", kind="nudge") == sent + 1


def test_metrics_count_claimed_nudges_slack_refused(
    canned_bot: RunningBot, slack: FakeSlack, nudge_store: Store
) -> None:
    slack.set_user("U0NUDGEDB", tz="America/New_York")
    add_kpi(nudge_store, "U0NUDGEDB", "Weekly orders")
    labels = {"kind": "nudge", "outcome": "failed"}
    refused = metric(canned_bot.url, "alignbot_nudges_not_sent_total", **labels)
    sent = metric(canned_bot.url, "alignbot_nudges_sent_total", kind="nudge")
    slack.fail("chat.postMessage", "is_archived")
    _nudge_pass(nudge_store, slack)
    assert metric(canned_bot.url, "alignbot_nudges_not_sent_total", **labels) == refused + 1
    assert metric(canned_bot.url, "alignbot_nudges_sent_total", kind="nudge") == sent


@pytest.fixture
def serve_with_health(
    slack: FakeSlack, tmp_path: Path
) -> Callable[[dict[str, HealthProbe]], AbstractContextManager[str]]:
    """Serve a bot whose /healthz runs the given probes; yield its URL."""

    @contextmanager
    def serve(health: dict[str, HealthProbe]) -> Iterator[str]:
        app = build_app(
            slack_settings(slack, tmp_path / "data"), SlackDeps(knowledge=CannedAnswers())
        )
        asgi = build_asgi_app(app, signing_secret=SIGNING_SECRET, health=health, health_timeout=0.5)
        with serve_in_thread(asgi) as url:
            yield url

    return serve


@contextmanager
def hanging_probe() -> Iterator[HealthProbe]:
    """A probe of a dependency that never answers, let go when the block ends."""
    released = threading.Event()
    try:
        yield lambda: released.wait(10)
    finally:
        released.set()


def timed_healthz(url: str) -> tuple[httpx.Response, float]:
    """Return `/healthz`'s answer and the seconds it took."""
    started = time.monotonic()
    response = httpx.get(f"{url}/healthz", timeout=10)
    return response, time.monotonic() - started


@pytest.fixture
def store_and_index(
    tmp_path: Path, toy_embedder: ToyEmbedder
) -> Iterator[tuple[Store, KnowledgeBase, Path]]:
    """A real SQLite store in its own folder and a real on-disk index."""
    folder = tmp_path / "db"
    folder.mkdir()
    store = Store.open(f"sqlite:///{folder / 'alignbot.sqlite3'}")
    knowledge = KnowledgeBase(ChromaStore.on_disk(tmp_path / "index"), toy_embedder)
    yield store, knowledge, folder
    store.close()


def test_healthz_is_ok_when_the_store_and_the_index_answer(
    serve_with_health: Callable[[dict[str, HealthProbe]], AbstractContextManager[str]],
    store_and_index: tuple[Store, KnowledgeBase, Path],
) -> None:
    store, knowledge, _ = store_and_index
    with serve_with_health({"store": store.ping, "index": knowledge.ping}) as url:
        response = httpx.get(f"{url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_fails_when_the_store_cannot_be_reached(
    serve_with_health: Callable[[dict[str, HealthProbe]], AbstractContextManager[str]],
    store_and_index: tuple[Store, KnowledgeBase, Path],
) -> None:
    store, knowledge, folder = store_and_index
    store.engine.dispose()
    shutil.rmtree(folder)
    with serve_with_health({"store": store.ping, "index": knowledge.ping}) as url:
        response = httpx.get(f"{url}/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["store"]}


def test_healthz_fails_when_the_chroma_server_goes_away(
    serve_with_health: Callable[[dict[str, HealthProbe]], AbstractContextManager[str]],
    store_and_index: tuple[Store, KnowledgeBase, Path],
    tmp_path: Path,
) -> None:
    store, _, _ = store_and_index
    with running_chroma_server(tmp_path / "chroma") as (host, port):
        index = ChromaStore.on_server(host, port)
        knowledge = KnowledgeBase(index, ToyEmbedder())
        knowledge.ping()
    with serve_with_health({"store": store.ping, "index": knowledge.ping}) as url:
        response = httpx.get(f"{url}/healthz")
    index.close()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["index"]}


def test_healthz_fails_when_a_dependency_does_not_answer_in_time(
    serve_with_health: Callable[[dict[str, HealthProbe]], AbstractContextManager[str]],
    store_and_index: tuple[Store, KnowledgeBase, Path],
) -> None:
    store, _, _ = store_and_index
    # The index: a Chroma server that accepts and never answers.
    with hanging_probe() as index, serve_with_health({"store": store.ping, "index": index}) as url:
        response, took = timed_healthz(url)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["index"]}
    assert took < 2


def test_http_server_gives_health_probes_the_health_timeout_setting(
    slack: FakeSlack, tmp_path: Path
) -> None:
    settings = slack_settings(slack, tmp_path).model_copy(update={"health_timeout_seconds": 0.3})
    app = build_app(settings, SlackDeps(knowledge=CannedAnswers()))
    with hanging_probe() as store:  # a database that accepts and never answers
        server = build_http_server(app, settings, health={"store": store})
        with serve_in_thread(server.config.app) as url:
            response, took = timed_healthz(url)
    assert response.status_code == 503
    assert took < 1.5  # the default, 3 s, would still be waiting


def test_health_timeout_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HEALTH_TIMEOUT_SECONDS", "2")
    assert Settings(ALIGNBOT_DATA_DIR=tmp_path).health_timeout_seconds == 2.0


def test_http_server_listens_on_the_host_setting(slack: FakeSlack, tmp_path: Path) -> None:
    settings = slack_settings(slack, tmp_path)
    assert settings.host == "0.0.0.0"
    local = settings.model_copy(update={"host": "127.0.0.1"})
    server = build_http_server(build_app(local, SlackDeps(knowledge=CannedAnswers())), local)
    assert server.config.host == "127.0.0.1"


def test_host_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOST", "127.0.0.1")
    assert Settings(ALIGNBOT_DATA_DIR=tmp_path).host == "127.0.0.1"


def logged(handler: logging.Handler, emit: Callable[[logging.Logger], None]) -> str:
    """Return what `handler` writes while `emit` logs."""
    stream = io.StringIO()
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    log = logging.getLogger("alignbot.test.json")
    log.setLevel(logging.INFO)
    emit(log)
    return stream.getvalue()


@pytest.fixture
def json_logging() -> Iterator[logging.Handler]:
    """The process's logging as `LOG_FORMAT=json` sets it up; the previous one restored."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield configure_logging("INFO", "json")
    root.handlers, root.level = handlers, level


def test_json_log_lines_are_one_object_each(json_logging: logging.Handler) -> None:
    text = logged(json_logging, lambda log: log.warning("answered in %d ms", 12))
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == 1
    assert lines[0]["level"] == "WARNING"
    assert lines[0]["logger"] == "alignbot.test.json"
    assert lines[0]["message"] == "answered in 12 ms"
    assert lines[0]["time"].endswith("+00:00")


def test_json_log_lines_never_hold_a_token(json_logging: logging.Handler) -> None:
    def emit(log: logging.Logger) -> None:
        log.info("calling with %s", TOKEN)
        log.info(f"token in the message {TOKEN}")
        try:
            raise RuntimeError(f"bad token {TOKEN}")
        except RuntimeError:
            log.exception("failed")

    text = logged(json_logging, emit)
    assert "xoxb-" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == 3
    assert "RuntimeError: bad token [redacted token]" in lines[2]["exc"]


def test_json_formatter_redacts_a_record_made_before_redaction_was_installed() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s", (TOKEN,), None)
    assert TOKEN not in JsonFormatter().format(record)
