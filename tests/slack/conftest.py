"""Fixtures for the Slack tests: the fake Slack Web API, a store, and the bot itself running
in HTTP mode under uvicorn, its client pointed at the fake, driven by signed requests."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.services import Answers, Services, services_over
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.deps import EventLedger, FeedbackLog, SlackDeps, slack_deps
from bot.slack.http import build_asgi_app
from bot.slack.jobs import Jobs
from bot.store import Store
from knowledge.models import Answer, Citation
from tests.slack.driver import SIGNING_SECRET, SlackDriver
from tests.slack.fake_slack import FakeSlack, running_fake_slack
from tests.slack.server import serve_in_thread

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

FULL_BOT_TODAY = date(2026, 11, 23)
"""The day the full bot's interview reads dates against."""


class TrackingExecutor(ThreadPoolExecutor):
    """The bot's lazy-listener pool, able to wait until every submitted job has finished, so
    one test's late replies never land in the next test's recording."""

    def __init__(self, max_workers: int = 8) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="test-slack")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until no submitted job is running or queued."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.result(timeout=timeout)


@dataclass
class CannedAnswers:
    """A stand-in for the knowledge base where the answer's content is not under test: it
    answers every question with one cited passage, or raises `error` when set, records what
    it was asked, and can be `paused`."""

    error: BaseException | None = None
    asked: list[tuple[str, str | None]] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.gate.set()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold every answer until the block ends (to see what happens before the work)."""
        self.gate.clear()
        try:
            yield
        finally:
            self.gate.set()

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        self.gate.wait(timeout=10)
        self.asked.append((question, context))
        if self.error is not None:
            raise self.error
        return Answer(
            answer=f"Start from your strategy, then automate [1]. ({question})",
            confident=True,
            citations=[
                Citation(
                    n=1,
                    title="Strategic Alignment of Automation",
                    source="alignment-automation-roi",
                    level="Fundamentals",
                    section="Why alignment matters",
                    text="Automation should serve the strategy.",
                    score=0.71,
                )
            ],
        )


@dataclass
class RunningBot:
    """A bot serving HTTP on `url`, with the driver that talks to it, the dependencies its
    listeners call, and the real services behind them when it has them."""

    url: str
    driver: SlackDriver
    executor: TrackingExecutor
    deps: SlackDeps
    services: Services | None = None

    @property
    def canned(self) -> CannedAnswers:
        """The canned answerer of a bot that has one."""
        assert isinstance(self.deps.knowledge, CannedAnswers)
        return self.deps.knowledge

    @property
    def store(self) -> Store:
        """The real store of a bot with the real services."""
        assert self.services is not None
        assert self.services.store is not None
        return self.services.store


def slack_settings(fake: FakeSlack, data_dir: Path, **values: Any) -> Settings:
    """Return settings for a bot in HTTP mode whose Web API client talks to `fake`."""
    return Settings(
        ALIGNBOT_DATA_DIR=data_dir,
        slack_bot_token=fake.bot_token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        **values,
    )


@contextmanager
def running_bot(
    fake: FakeSlack,
    deps: SlackDeps | Services,
    data_dir: Path,
    *,
    listener_threads: int = 8,
    **settings_values: Any,
) -> Iterator[RunningBot]:
    """Run a bot for the duration of the block, over the real `Services` or over `deps`."""
    services = deps if isinstance(deps, Services) else None
    if isinstance(deps, Services):
        deps = slack_deps(deps)
    executor = TrackingExecutor(listener_threads)
    settings = slack_settings(fake, data_dir, **settings_values)
    app = build_app(settings, deps, listener_executor=executor)
    asgi = build_asgi_app(app, signing_secret=SIGNING_SECRET, jobs=deps.jobs)
    with ExitStack() as stack:
        url = stack.enter_context(serve_in_thread(asgi))
        driver = SlackDriver(url, fake)
        stack.callback(driver.close)
        stack.callback(executor.shutdown)
        # Rescheduled answers (rate limits) are cancelled, not left to fire after the test.
        stack.callback(deps.jobs.drain, 10)
        yield RunningBot(url=url, driver=driver, executor=executor, deps=deps, services=services)


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlack]:
    """One fake Slack API for the session."""
    with running_fake_slack() as fake:
        yield fake


@pytest.fixture
def slack(fake_slack_server: FakeSlack) -> FakeSlack:
    """The fake Slack API, with nothing recorded yet."""
    fake_slack_server.reset()
    return fake_slack_server


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A real SQLite store for the session."""
    path = tmp_path_factory.mktemp("slack-store") / "alignbot.sqlite3"
    opened = Store.open(f"sqlite:///{path}")
    yield opened
    opened.close()


@pytest.fixture
def start_bot(
    slack: FakeSlack, tmp_path: Path
) -> Callable[..., AbstractContextManager[RunningBot]]:
    """A factory running a bot that answers with `knowledge` (and keeps events and feedback
    in the given stores) against the fake API."""

    @contextmanager
    def start(
        knowledge: Answers,
        *,
        events: EventLedger | None = None,
        feedback: FeedbackLog | None = None,
        jobs: Jobs | None = None,
        listener_threads: int = 8,
        **settings_values: Any,
    ) -> Iterator[RunningBot]:
        deps = SlackDeps(knowledge=knowledge, events=events, feedback=feedback, jobs=jobs or Jobs())
        with running_bot(
            slack, deps, tmp_path / "data", listener_threads=listener_threads, **settings_values
        ) as bot:
            try:
                yield bot
            finally:
                bot.executor.wait_idle()

    return start


@pytest.fixture(scope="session")
def _canned_bot(
    fake_slack_server: FakeSlack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningBot]:
    with running_bot(
        fake_slack_server,
        SlackDeps(knowledge=CannedAnswers()),
        tmp_path_factory.mktemp("canned-bot"),
    ) as bot:
        yield bot


@pytest.fixture(scope="session")
def _full_bot(
    fake_slack_server: FakeSlack,
    knowledge_base: KnowledgeBase,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningBot]:
    from bot.interview import InterviewService, load_bank
    from bot.interview.scoring import rubric_scorer

    data_dir = tmp_path_factory.mktemp("full-bot")
    opened = Store.open(f"sqlite:///{data_dir / 'alignbot.sqlite3'}")
    interview = InterviewService(
        opened, load_bank(), scorer=rubric_scorer(), today=lambda: FULL_BOT_TODAY
    )
    services = services_over(knowledge_base, interview)
    with running_bot(fake_slack_server, services, data_dir) as bot:
        yield bot
    opened.close()


@pytest.fixture
def full_bot(_full_bot: RunningBot, slack: FakeSlack) -> Iterator[RunningBot]:
    """A bot (shared by the session) with the real services: the real knowledge base, the
    interview, reports and KPI tracking on a real SQLite store (`bot.store`).
    The store outlives a test: use a fresh user id per test (`fresh_user`)."""
    yield _full_bot
    _full_bot.executor.wait_idle()


@pytest.fixture
def fresh_user() -> str:
    """A Slack user id no other test has used."""
    return "U" + uuid.uuid4().hex[:10].upper()


@pytest.fixture
def canned_bot(_canned_bot: RunningBot, slack: FakeSlack) -> Iterator[RunningBot]:
    """A bot (shared by the session) that answers with `CannedAnswers`: for tests of the
    Slack plumbing, where the answer's content is not what is tested."""
    _canned_bot.canned.asked.clear()
    yield _canned_bot
    _canned_bot.executor.wait_idle()


@pytest.fixture(scope="module")
def _interview_bot(
    fake_slack_server: FakeSlack,
    knowledge_base: KnowledgeBase,
    store: Store,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[RunningBot]:
    # imported here: interview_user builds on this module's running_bot
    from tests.slack.interview_user import running_interview_bot

    data = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    with running_interview_bot(fake_slack_server, knowledge_base, store, data) as bot:
        yield bot


@pytest.fixture
def interview_bot(_interview_bot: RunningBot, slack: FakeSlack) -> Iterator[RunningBot]:
    """The test module's bot running the real interview on the session's store, with
    nothing left running from the previous test."""
    yield _interview_bot
    _interview_bot.executor.wait_idle()
