"""Durable Slack work: a question that was acknowledged is answered exactly once, even across a
deploy, a crash or several replicas.

Slack does not redeliver an event it got a 200 for, so the ack is a promise. For events whose
answer is slow work (mentions and DM questions: the listeners register them with `durable`),
the HTTP edge hands a job to a recorder thread as it acknowledges (`record_soon`: the
event loop does no I/O), which writes it to the store, reserved for this process, within
milliseconds and whatever the depth of the listener queue. The lazy listener claims it
(one conditional UPDATE, so a retried delivery or another replica never answers twice) and
marks it done once answered. A
background thread renews this process's leases and takes up jobs nobody holds: handed back by
a process that shut down, or abandoned by one that died (its lease ran out).

On shutdown `drain` stops taking work, lets what is running finish until a deadline, and
hands the rest back, pending, to the next process. A Slack rate limit does not hold a worker
either: the answer's delivery asks its `Attempt` to `defer`, and the job is run again after
the Retry-After on a timer, up to a total wait; then the person is told once.
"""

from __future__ import annotations

import functools
import logging
import os
import queue
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.slack.failures import Listener, once_per_event
from bot.slack.redaction import request_ids
from prompts.errors import AlignbotError

if TYPE_CHECKING:
    from bot.slack.deps import EventLedger
    from bot.slack.workspaces import Workspaces
    from bot.store import JobRecord

logger = logging.getLogger(__name__)

Matcher = Callable[[dict[str, Any]], bool]

DEFAULT_LEASE = timedelta(seconds=60)
DEFAULT_MAX_WAIT = timedelta(seconds=120)


class JobLedger(Protocol):
    """Where acknowledged work is kept until answered (`bot.store.Store`)."""

    def record_jobs(
        self, jobs_: list[tuple[str, str, str, dict[str, Any]]], *, owner: str, lease: timedelta
    ) -> int:
        """Record acknowledged work (team id, event id, kind, payload) reserved for `owner`,
        in one transaction; how many were new."""
        ...

    def claim_job(
        self,
        team_id: str,
        event_id: str,
        kind: str,
        payload: dict[str, Any],
        *,
        owner: str,
        lease: timedelta,
    ) -> int | None:
        """Take the job up (recording it first if the edge did not); its attempt number,
        or None when it is another's, running already or done."""
        ...

    def claim_stale_jobs(self, *, owner: str, lease: timedelta, limit: int) -> list[JobRecord]:
        """Take up unfinished jobs that nobody holds."""
        ...

    def finish_job(self, team_id: str, event_id: str, *, owner: str) -> None:
        """Mark a job done."""
        ...

    def renew_jobs(self, *, owner: str, lease: timedelta) -> int:
        """Extend the leases `owner` holds."""
        ...

    def release_jobs(self, *, owner: str) -> int:
        """Hand back every unfinished job `owner` holds."""
        ...


class SlackBusyError(AlignbotError):
    """Slack kept rate-limiting the answer's delivery past the total wait."""

    def __init__(self, waited: float) -> None:
        super().__init__(
            f"Slack is limiting how fast I can post right now, and after waiting {waited:.0f} s "
            "I gave up on sending this answer. Please ask again in a few minutes."
        )


@dataclass
class Attempt:
    """One run of a job on this thread: the event it answers (`key`, the marker its
    messages carry), which run it is (after the first, part of the answer may have been
    posted already), and the rate-limit wait so far."""

    key: str
    number: int = 1
    waited: float = 0.0
    max_wait: float = DEFAULT_MAX_WAIT.total_seconds()
    retry_after: float | None = field(default=None, init=False)

    @property
    def may_have_posted(self) -> bool:
        """True when an earlier run may have posted part of the answer."""
        return self.number > 1

    def defer(self, retry_after: float) -> bool:
        """Ask for the job to run again in `retry_after` seconds instead of waiting here;
        False when that would pass the total wait (the caller gives up and says so)."""
        if self.waited + retry_after > self.max_wait:
            return False
        self.retry_after = retry_after
        return True


_current: ContextVar[Attempt | None] = ContextVar("alignbot_job_attempt", default=None)


def current_attempt() -> Attempt | None:
    """Return the job run on this thread, or None outside durable work (a command)."""
    return _current.get()


def retry_after_seconds(headers: Mapping[str, Any] | None) -> float:
    """Return the seconds a 429's Retry-After header asks to wait (1 when absent or odd)."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except ValueError:
                return 1.0
    return 1.0


def process_owner() -> str:
    """Return an id for this process, unique across hosts and restarts, for job leases."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _key(body: Mapping[str, Any]) -> tuple[str, str] | None:
    team_id, event_id = body.get("team_id"), body.get("event_id")
    if isinstance(team_id, str) and isinstance(event_id, str) and team_id and event_id:
        return team_id, event_id
    return None


class Jobs:
    """The durable work of one process over `ledger` (None: no store, nothing durable)."""

    def __init__(
        self,
        ledger: JobLedger | None = None,
        *,
        lease: timedelta = DEFAULT_LEASE,
        max_wait: timedelta = DEFAULT_MAX_WAIT,
        owner: str | None = None,
    ) -> None:
        self.ledger = ledger
        self.owner = owner or process_owner()
        self.lease = lease
        self.max_wait = max_wait.total_seconds()
        self._handlers: dict[str, tuple[Matcher, Listener]] = {}
        self._workspaces: Workspaces | None = None
        self._executor: Executor | None = None
        self._stopping = threading.Event()
        self._lock = threading.Condition()
        self._running = 0
        self._timers: set[threading.Timer] = set()
        self._to_record: queue.SimpleQueue[tuple[str, dict[str, Any]] | None] = queue.SimpleQueue()
        self._recorder: threading.Thread | None = None

    # -- wiring -----------------------------------------------------------------------------

    def bind(self, workspaces: Workspaces, executor: Executor) -> None:
        """Give the jobs the workspaces' Web API clients and the listener pool, for the
        work they run themselves (resumed and rescheduled jobs), each with its own
        workspace's client."""
        self._workspaces = workspaces
        self._executor = executor

    def durable(
        self, kind: str, matcher: Matcher, func: Listener, *, events: EventLedger | None
    ) -> Listener:
        """Return the lazy listener `func` (taking `body`, `client`, `context`; guarded)
        run as durable work of `kind` for the events `matcher` accepts. Without a ledger it
        is only deduplicated by event id in `events`."""
        self._handlers[kind] = (matcher, func)
        if self.ledger is None:
            return once_per_event(events, func)

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> None:
            body: dict[str, Any] = kwargs.get("body") or {}
            number = self._claim(kind, body)
            if number is not None:
                attempt = Attempt(key=str(body.get("event_id")), number=number)
                self._run(kind, body, attempt, kwargs.get("client"), kwargs.get("context"))

        return run

    def kind_of(self, body: dict[str, Any]) -> str | None:
        """Return the kind of durable work `body` is, or None when it is not durable."""
        if self.ledger is None or body.get("type") != "event_callback":
            return None
        return next((kind for kind, (m, _) in self._handlers.items() if m(body)), None)

    # -- the edge, at the ack ---------------------------------------------------------------

    def record_soon(self, body: dict[str, Any]) -> None:
        """Queue `body` to be recorded as pending work reserved for this process, by the
        recorder thread, right as it is acked: no I/O on the event loop (see
        `bot.slack.http`). If the listener gets to it first, the claim records it."""
        kind, key = self.kind_of(body), _key(body)
        if kind is None or key is None:
            return
        with self._lock:
            if self._recorder is None:
                self._recorder = threading.Thread(
                    target=self._record_queued, name="alignbot-jobs-recorder", daemon=True
                )
                self._recorder.start()
        self._to_record.put((kind, body))

    def _record_queued(self) -> None:
        while True:
            first = self._to_record.get()
            batch = [first]
            # What arrived meanwhile goes in the same transaction: one write per burst.
            while batch[-1] is not None and not self._to_record.empty():
                batch.append(self._to_record.get())
            self.record([item for item in batch if item is not None])
            if batch[-1] is None:
                return

    def record(self, batch: list[tuple[str, dict[str, Any]]]) -> None:
        """Record each (kind, body) of `batch` as pending work reserved for this process; a
        store failure is logged (the lazy listener's claim records the work) and never
        raised."""
        rows = [(*key, kind, body) for kind, body in batch if (key := _key(body)) is not None]
        if self.ledger is None or not rows:
            return
        try:
            self.ledger.record_jobs(rows, owner=self.owner, lease=self.lease)
        except AlignbotError as exc:
            logger.warning("could not record %d job(s) at their ack: %s", len(rows), exc)

    def _flush_records(self, seconds: float) -> None:
        with self._lock:
            recorder = self._recorder
        if recorder is not None:
            self._to_record.put(None)
            recorder.join(seconds)

    # -- running ----------------------------------------------------------------------------

    def _claim(self, kind: str, body: dict[str, Any]) -> int | None:
        key = _key(body)
        if self.ledger is None or key is None:
            return 1
        if self._stopping.is_set():
            return None  # shutting down: it stays pending for the next process
        try:
            number = self.ledger.claim_job(*key, kind, body, owner=self.owner, lease=self.lease)
        except AlignbotError as exc:
            # Better to answer without the safety net than not at all.
            logger.warning("could not claim a job (%s); answering it: %s", request_ids(body), exc)
            return 1
        if number is None:
            logger.info("skipped work another delivery or process has (%s)", request_ids(body))
        return number

    @contextmanager
    def _counted(self) -> Iterator[None]:
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._lock.notify_all()

    def _run(
        self,
        kind: str,
        body: dict[str, Any],
        attempt: Attempt,
        client: WebClient | None = None,
        context: BoltContext | None = None,
    ) -> None:
        handler = self._handlers.get(kind)
        if handler is None:
            logger.error("no listener for durable work of kind %r (%s)", kind, request_ids(body))
            self._finish(body)
            return
        attempt.max_wait = self.max_wait
        if client is None or context is None:
            # Work run outside its request (resumed, rescheduled): its workspace's client.
            team_id = str(body.get("team_id") or "")
            client = self._workspaces.client(team_id) if self._workspaces else None
            if client is None:
                logger.warning(
                    "dropped work for workspace %s, where the app is no longer installed (%s)",
                    team_id,
                    request_ids(body),
                )
                self._finish(body)
                return
            bot_user_id = self._workspaces.bot_user_id(team_id) if self._workspaces else None
            context = BoltContext({"bot_user_id": bot_user_id})
        token = _current.set(attempt)
        try:
            with self._counted():
                handler[1](body=body, client=client, context=context)
        finally:
            _current.reset(token)
        if attempt.retry_after is not None:
            self._later(kind, body, attempt)
        else:
            self._finish(body)

    def _later(self, kind: str, body: dict[str, Any], attempt: Attempt) -> None:
        assert attempt.retry_after is not None
        delay = attempt.retry_after
        again = Attempt(key=attempt.key, number=attempt.number + 1, waited=attempt.waited + delay)
        logger.info("rate limited; answering again in %.1f s (%s)", delay, request_ids(body))

        def resubmit() -> None:
            with self._lock:
                self._timers.discard(timer)
            if not self._stopping.is_set() and self._executor is not None:
                self._executor.submit(self._run, kind, body, again)

        timer = threading.Timer(delay, resubmit)
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()

    def _finish(self, body: dict[str, Any]) -> None:
        key = _key(body)
        if self.ledger is None or key is None:
            return
        try:
            self.ledger.finish_job(*key, owner=self.owner)
        except AlignbotError as exc:
            logger.warning("could not mark a job done (%s): %s", request_ids(body), exc)

    # -- resuming and shutting down ---------------------------------------------------------

    def start(self, *, capacity: int, every: float | None = None) -> threading.Thread:
        """Start the thread that renews this process's leases and takes up to `capacity`
        jobs nobody holds at a time, at once and then every `every` seconds (a third of the
        lease by default) until `drain`."""
        period = every if every is not None else self.lease.total_seconds() / 3

        def loop() -> None:
            while not self._stopping.is_set():
                self._resume_stale(capacity)
                if self._stopping.wait(period):
                    return

        thread = threading.Thread(target=loop, name="alignbot-jobs", daemon=True)
        thread.start()
        return thread

    def _resume_stale(self, capacity: int) -> None:
        if self.ledger is None or self._executor is None:
            return
        try:
            self.ledger.renew_jobs(owner=self.owner, lease=self.lease)
            with self._lock:
                free = max(0, capacity - self._running)
            stale = self.ledger.claim_stale_jobs(owner=self.owner, lease=self.lease, limit=free)
        except AlignbotError as exc:
            logger.warning("could not look for unfinished Slack work: %s", exc)
            return
        for job in stale:
            logger.info(
                "resuming unfinished Slack work (event %s, run %d)", job.event_id, job.attempts
            )
            attempt = Attempt(key=job.event_id, number=job.attempts)
            self._executor.submit(self._run, job.kind, job.payload, attempt)

    def drain(self, seconds: float) -> bool:
        """Stop taking work, let what runs finish for up to `seconds`, and hand every job
        still unfinished back to the next process; True when nothing was left running."""
        started = time.monotonic()
        self._stopping.set()
        self._flush_records(seconds)
        with self._lock:
            timers, self._timers = set(self._timers), set()
        for timer in timers:
            timer.cancel()
        idle = True
        if self._executor is not None:
            executor = self._executor
            # Queued durable work returns at once (see `_claim`); the rest finishes.
            waiter = threading.Thread(target=executor.shutdown, name="alignbot-drain", daemon=True)
            waiter.start()
            waiter.join(max(0.0, seconds - (time.monotonic() - started)))
            idle = not waiter.is_alive()
        released = 0
        if self.ledger is not None:
            try:
                released = self.ledger.release_jobs(owner=self.owner)
            except AlignbotError as exc:
                logger.warning("could not hand back unfinished Slack work: %s", exc)
        logger.warning(
            "drained in %.1f s: %s, %d unanswered job(s) left for the next process",
            time.monotonic() - started,
            "all work finished" if idle else "work still running was abandoned",
            released,
        )
        return idle
