"""Durable Slack work: a question that was acknowledged is answered exactly once, even across a
deploy, a crash or several replicas.

Slack does not redeliver an event it got a 200 for, so the ack is a promise. For events whose
answer is slow work (mentions and DM questions: the listeners register them with `durable`),
the HTTP edge hands a job to a writer thread as it acknowledges (`record_soon`: the event
loop does no I/O), which writes it to the store within milliseconds and whatever the depth
of the listener queue, already running for this process: the insert is the claim (a retried
delivery, here or at another replica, finds the row there and never answers twice). The lazy
listener waits for that write's verdict instead of claiming in the database, and leaves its
"done" for the same thread without waking it: the "done"s ride with the next record (or
go alone within `DONE_DELAY`). The thread writes whatever is queued, records and "done"s of
many questions, in one transaction, so a question costs no transaction of its own on a
listener thread and a burst of questions few in all; only the writer writes jobs, so
listener threads never queue for SQLite's write lock behind it. Where no edge recorded the
work (Socket Mode, or the write failed), the listener claims it: one conditional UPDATE. A
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
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

    def write_jobs(
        self,
        recorded: Sequence[tuple[str, str, str, dict[str, Any]]],
        done: Sequence[tuple[str, str]] = (),
        *,
        owner: str,
        lease: timedelta,
    ) -> set[tuple[str, str]]:
        """In one transaction, record acknowledged work (team id, event id, kind, payload)
        as running for `owner`, and mark `done` (team id, event id) done; the keys recorded
        new."""
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


Key = tuple[str, str]
# How long a listener waits for the writer's verdict on its job before answering without
# it (the writer answers within milliseconds unless the database hangs).
VERDICT_WAIT = 30.0
# Writes per transaction at most (a burst larger than this takes several).
WRITE_BATCH = 200
# How long an answered job's "done" may wait for a question's record to share its
# transaction. A "done" is no one's to wait for, and waking the writer for each one cost a
# transaction and a thread switch per answer; late, it costs at worst a resumed job that
# finds its answer by the marker (a kill in that half second).
DONE_DELAY = 0.5
# At shutdown, how long the writer gets at least to write what is queued.
WRITER_FLUSH = 2.0


def _key(body: Mapping[str, Any]) -> Key | None:
    team_id, event_id = body.get("team_id"), body.get("event_id")
    if isinstance(team_id, str) and isinstance(event_id, str) and team_id and event_id:
        return team_id, event_id
    return None


def _take_all(waiting: queue.SimpleQueue[Key]) -> list[Key]:
    """Return everything in `waiting` now, emptying it."""
    taken = []
    while True:
        try:
            taken.append(waiting.get_nowait())
        except queue.Empty:
            return taken


@dataclass(frozen=True)
class _Record:
    """Acked work to record as running for this process; `verdict` gets True when the
    row is new (this process runs it), False when it was there (a retried delivery), None
    when the write failed."""

    kind: str
    key: Key
    body: dict[str, Any]
    verdict: Future[bool | None]


_Write = _Record | None  # None: the writer's last item (see `drain`)


class Jobs:
    """The durable work of one process over `ledger` (None: no store, nothing durable)."""

    def __init__(
        self,
        ledger: JobLedger | None = None,
        *,
        lease: timedelta = DEFAULT_LEASE,
        max_wait: timedelta = DEFAULT_MAX_WAIT,
        owner: str | None = None,
        done_delay: float = DONE_DELAY,
    ) -> None:
        self.ledger = ledger
        self.owner = owner or process_owner()
        self.lease = lease
        self.max_wait = max_wait.total_seconds()
        self.done_delay = done_delay
        self._handlers: dict[str, tuple[Matcher, Listener]] = {}
        self._workspaces: Workspaces | None = None
        self._executor: Executor | None = None
        self._stopping = threading.Event()
        self._lock = threading.Condition()
        self._running = 0
        self._timers: set[threading.Timer] = set()
        self._writes: queue.SimpleQueue[_Write] = queue.SimpleQueue()
        # Answered jobs to mark done: the writer takes them with the next record it wakes
        # for, or after `done_delay` (nobody waits on this queue, so a put wakes no one).
        self._dones: queue.SimpleQueue[Key] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        # Verdicts of the work recorded at the ack, by key, until its listener takes one.
        self._verdicts: dict[Key, Future[bool | None]] = {}

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
        """Queue `body` to be recorded, by the writer thread, as work this process runs,
        right as it is acked: no I/O on the event loop (see `bot.slack.http`). Its listener
        waits for the write's verdict instead of claiming the work (see `_claim`)."""
        kind, key = self.kind_of(body), _key(body)
        if kind is None or key is None:
            return
        verdict: Future[bool | None] = Future()
        with self._lock:
            if key in self._verdicts:
                return  # a second delivery while the first waits: the database decides
            self._verdicts[key] = verdict
        self._start_writer()
        self._writes.put(_Record(kind, key, body, verdict))

    def _start_writer(self) -> None:
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_queued, name="alignbot-jobs-writer", daemon=True
                )
                self._writer.start()

    def _write_queued(self) -> None:
        while True:
            try:
                batch = [self._writes.get(timeout=self.done_delay)]
            except queue.Empty:
                batch = []  # no question for a while: write the "done"s alone
            # What arrived meanwhile goes in the same transaction: one write per burst.
            while batch[-1:] != [None] and len(batch) < WRITE_BATCH and not self._writes.empty():
                batch.append(self._writes.get())
            records = [item for item in batch if item is not None]
            done = _take_all(self._dones)
            try:
                if records or done:
                    self._write_batch(records, done)
            except Exception:  # a bug must not end the thread every question waits for
                logger.exception("writing %d job change(s) failed", len(records) + len(done))
            if batch[-1:] == [None]:
                return

    def _write_batch(self, records: Sequence[_Record], done: Sequence[Key]) -> None:
        """Write `records` (acked work) and `done` (answered jobs) in one transaction and
        give each record its verdict; a store failure is logged, never raised (a record's
        listener then claims its work itself, and a job not marked done is resumed and
        found answered by its marker)."""
        new: set[Key] | None = None
        try:
            if self.ledger is not None:
                new = self.ledger.write_jobs(
                    [(*r.key, r.kind, r.body) for r in records],
                    done,
                    owner=self.owner,
                    lease=self.lease,
                )
        except AlignbotError as exc:
            logger.warning(
                "could not record %d job(s) nor mark %d done: %s", len(records), len(done), exc
            )
        finally:
            for record in records:
                record.verdict.set_result(None if new is None else record.key in new)

    def _stop_writer(self, seconds: float) -> None:
        with self._lock:
            writer = self._writer
        if writer is not None:
            self._writes.put(None)
            writer.join(seconds)

    # -- running ----------------------------------------------------------------------------

    def _claim(self, kind: str, body: dict[str, Any]) -> int | None:
        key = _key(body)
        if self.ledger is None or key is None:
            return 1
        if self._stopping.is_set():
            return None  # shutting down: it is handed back to the next process
        with self._lock:
            verdict = self._verdicts.pop(key, None)
        if verdict is not None:
            try:
                recorded = verdict.result(VERDICT_WAIT)
            except TimeoutError:
                # Better to answer without the safety net than not at all (as below).
                logger.warning(
                    "no record of a job after %.0f s (%s); answering it",
                    VERDICT_WAIT,
                    request_ids(body),
                )
                return 1
            if recorded:
                return 1  # recorded as this process's at the ack: no claim needed
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
        if self.ledger is not None and key is not None:
            # Written by the writer with the next record, or within `done_delay`; lost with
            # a kill before that, the job is resumed and its answer found by its marker.
            self._start_writer()
            self._dones.put(key)

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
        # Every record and "done" queued so far is written before the rest is handed back
        # (an answered job handed back would be run again by the next process).
        self._stop_writer(max(WRITER_FLUSH, seconds - (time.monotonic() - started)))
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
