"""`Store`: the one object the rest of the bot uses to read and write the database.

Contract (others rely on it; every method is scoped by the Slack team id)::

    open_store(settings) -> Store                        SQLite in the data dir, or DATABASE_URL;
                                                         migrations applied before it returns
    Store.claim_event(team_id, event_id) -> bool         True exactly once per event id, across
                                                         processes and replicas
    Store.record_feedback(team_id, user_id, answer_ref, helpful) -> None
                                                         one vote per person and answer
    Store.claim_nudge(team_id, user_id, day, kind) -> NudgeClaim | None
                                                         one holder at a time per person, local
                                                         day and kind; a lapsed lease is taken
                                                         over; then mark_nudge_sent / fail_nudge
                                                         / release_nudge
    Store.write_jobs / claim_job / claim_stale_jobs / renew_jobs / release_jobs
                                                         acknowledged Slack work, answered
                                                         exactly once (bot.store.jobs)
    Store.nudge_preferences / save_nudge_preferences     a person's nudge time, days, pause, tz
    Store.set_reassess_cadence / reassess_candidates     how often a re-assessment is offered,
                                                         and whom a scheduler pass offers one
    Store.nudge_teams / nudge_snapshot / reading_ends / readings_of
                                                         what a scheduler pass reads
    Store.upsert_kpi / list_kpis / get_kpi / set_kpi_paused / delete_kpi / deactivate_kpi
          / log_reading / list_readings
    Store.interview_transaction(team_id, user_id)        a locked read-modify-write of the
                                                         person's interview (bot.interview uses it)
    Store.open_interview / latest_interview / latest_evaluation / get_evaluation
    Store.mark_uninstalled / mark_reinstalled / purge_due / purge_team
                                                         a workspace that uninstalled: its
                                                         data purged after a grace period

Database errors become a `StoreError` with a user-safe message; the URL (which may hold a
password) is never logged or shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.settings import Settings
from bot.store import jobs, kpis, nudges, pulses, reassess, teams
from bot.store.database import create_db_engine, migrate, resolve_url
from bot.store.errors import StoreError
from bot.store.interviews import (
    ASSESSMENT,
    InterviewKind,
    InterviewTransaction,
    evaluation_record,
    find_latest,
    find_open,
    load_answers,
    to_record,
)
from bot.store.records import (
    EvaluationRecord,
    InterviewRecord,
    JobRecord,
    KpiDraft,
    KpiRecord,
    NudgeClaim,
    NudgeKind,
    NudgePreferences,
    NudgeSnapshot,
    PulseMemberRecord,
    PulseRecord,
    PulseStart,
    ReadingRecord,
    ReassessCadence,
    ReassessCandidate,
)
from bot.store.schema import AnswerFeedback, Evaluation, ProcessedEvent, SlackJob
from bot.store.upsert import insert_for, insert_ignore

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Return the current time, aware, in UTC (the store's default clock)."""
    return datetime.now(UTC)


@contextmanager
def _store_errors() -> Iterator[None]:
    """Turn a database error into a `StoreError` with a user-safe message (logged by kind,
    never with the URL)."""
    try:
        yield
    except SQLAlchemyError as exc:
        log.error("database error: %s", type(exc).__name__)
        raise StoreError(
            "The database is busy or unreachable right now; please try again in a moment"
        ) from exc


class Store:
    """The database behind alignbot (see the module docstring for the contract)."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._clock = clock

    @classmethod
    def open(cls, url: str, *, clock: Clock = utc_now, pool_size: int = 10) -> Store:
        """Open the database at `url` and bring its schema up to date."""
        engine = create_db_engine(url, pool_size=pool_size)
        migrate(engine)
        return cls(engine, clock=clock)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    @property
    def backend(self) -> str:
        """The backend's name: "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with (
            _store_errors(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def _core_transaction(self) -> Iterator[Connection]:
        """A transaction on a bare connection, for Core statements on the hot path (each
        question's job): no ORM session to build, flush and tear down."""
        with _store_errors(), self.engine.begin() as connection:
            yield connection

    def now(self) -> datetime:
        """The store's clock (UTC): what its rows are stamped with."""
        return self._clock()

    def ping(self) -> None:
        """Run a trivial query: raises `StoreError` when the database cannot be reached (the
        health check)."""
        with self._transaction() as session:
            session.execute(text("SELECT 1"))

    # --- Slack bookkeeping -----------------------------------------------------------------

    def claim_event(self, team_id: str, event_id: str) -> bool:
        """Return True the first time an event id is claimed and False ever after, across
        processes and replicas (a unique key decides), so Slack retries are handled once."""
        with self._transaction() as session:
            return insert_ignore(
                session,
                ProcessedEvent,
                {"team_id": team_id, "event_id": event_id, "claimed_at": self._clock()},
            )

    def prune_events(self, older_than: datetime) -> int:
        """Forget claimed event ids older than `older_than` (Slack retries within minutes);
        returns how many were removed."""
        with self._transaction() as session:
            rows = session.scalars(
                select(ProcessedEvent).where(ProcessedEvent.claimed_at < older_than)
            ).all()
            for row in rows:
                session.delete(row)
            return len(rows)

    def record_feedback(self, team_id: str, user_id: str, answer_ref: str, helpful: bool) -> None:
        """Store a person's helpful / not-helpful vote on an answer; voting again replaces
        the vote, so a double click counts once."""
        now = self._clock()
        with self._transaction() as session:
            statement = insert_for(session, AnswerFeedback).values(
                team_id=team_id,
                user_id=user_id,
                answer_ref=answer_ref[:200],
                helpful=helpful,
                created_at=now,
                updated_at=now,
            )
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=["team_id", "user_id", "answer_ref"],
                    set_={"helpful": helpful, "updated_at": now},
                )
            )

    def feedback_counts(self, team_id: str, answer_ref: str) -> tuple[int, int]:
        """Return (helpful, not helpful) vote counts for an answer."""
        with self._transaction() as session:
            rows = session.execute(
                select(AnswerFeedback.helpful, func.count())
                .where(
                    AnswerFeedback.team_id == team_id,
                    AnswerFeedback.answer_ref == answer_ref[:200],
                )
                .group_by(AnswerFeedback.helpful)
            ).all()
        counts = {bool(helpful): int(n) for helpful, n in rows}
        return counts.get(True, 0), counts.get(False, 0)

    def claim_nudge(
        self,
        team_id: str,
        user_id: str,
        day: date,
        kind: NudgeKind = "nudge",
        *,
        lease: timedelta = nudges.DEFAULT_LEASE,
    ) -> NudgeClaim | None:
        """Return a claim when this caller may send the person's `kind` of nudge for `day`
        (their local date), else None: one caller at a time holds it, whatever the number of
        replicas, and a claim not marked sent within `lease` goes to the next caller."""
        with self._transaction() as session:
            return nudges.claim(
                session,
                self._clock(),
                team_id=team_id,
                user_id=user_id,
                day=day,
                kind=kind,
                lease=lease,
            )

    def mark_nudge_sent(self, held: NudgeClaim, *, channel_id: str, message_ts: str) -> bool:
        """Record that the claimed nudge went out; False when the claim was taken over."""
        with self._transaction() as session:
            return nudges.settle(
                session,
                self._clock(),
                held,
                status="sent",
                channel_id=channel_id,
                message_ts=message_ts,
            )

    def fail_nudge(self, held: NudgeClaim, error: str) -> bool:
        """Record that Slack refused the claimed nudge for good (never retried that day)."""
        with self._transaction() as session:
            return nudges.settle(session, self._clock(), held, status="failed", error=error[:64])

    def release_nudge(self, held: NudgeClaim, error: str) -> bool:
        """Give the claim back after a passing failure: the next pass may try again."""
        now = self._clock()
        with self._transaction() as session:
            return nudges.settle(
                session, now, held, status="claimed", error=error[:64], lease_until=now
            )

    def nudge_preferences(self, team_id: str, user_id: str) -> NudgePreferences:
        """Return the person's nudge preferences (the defaults when they never set any)."""
        with self._transaction() as session:
            return nudges.get_preferences(session, team_id, user_id)

    def save_nudge_preferences(
        self, team_id: str, user_id: str, prefs: NudgePreferences
    ) -> NudgePreferences:
        """Store the person's nudge preferences whole and return them."""
        with self._transaction() as session:
            return nudges.put_preferences(session, self._clock(), team_id, user_id, prefs)

    def nudge_teams(self) -> list[str]:
        """Return the workspaces with KPIs to nudge about (a scheduler pass visits each)."""
        with self._transaction() as session:
            return nudges.nudge_teams(session)

    def nudge_snapshot(self, team_id: str, first_day: date, last_day: date) -> NudgeSnapshot:
        """Return what a scheduler pass needs about a workspace, in a fixed few queries."""
        with self._transaction() as session:
            return nudges.snapshot(session, team_id, first_day, last_day)

    def reading_ends(self, team_id: str, kpi_ids: Sequence[int]) -> dict[int, list[ReadingRecord]]:
        """Return the first and latest reading of several KPIs (what progress needs), in a
        query per 2,000 KPIs."""
        with self._transaction() as session:
            return kpis.reading_ends(session, team_id, kpi_ids)

    def readings_of(self, team_id: str, kpi_ids: Sequence[int]) -> dict[int, list[ReadingRecord]]:
        """Return the readings of several of the team's KPIs, in date order, without a
        query per KPI."""
        with self._transaction() as session:
            return kpis.readings_of(session, team_id, kpi_ids)

    def reassess_candidates(self, assessed_before: datetime) -> list[ReassessCandidate]:
        """Return the owners (every workspace) whose latest assessment is older than
        `assessed_before` and who may be offered a re-assessment: cadence not "never", no
        interview of their own open, the workspace not uninstalled (`bot.store.reassess`)."""
        with self._transaction() as session:
            return reassess.candidates(session, assessed_before)

    def set_reassess_cadence(
        self, team_id: str, user_id: str, cadence: ReassessCadence
    ) -> NudgePreferences:
        """Store how often the person wants a re-assessment offered; return their
        preferences (the rest unchanged)."""
        with self._transaction() as session:
            return reassess.set_cadence(session, self._clock(), team_id, user_id, cadence)

    # --- durable Slack work (bot.store.jobs) -----------------------------------------------

    def write_jobs(
        self,
        recorded: Sequence[tuple[str, str, str, dict[str, Any]]],
        done: Sequence[tuple[str, str]] = (),
        *,
        owner: str,
        lease: timedelta,
    ) -> set[tuple[str, str]]:
        """In one transaction, record acknowledged work, each (team id, event id, kind,
        payload), as running for `owner` for `lease` (attempt 1: the process that acked it
        runs it, no claim needed), and mark done the jobs `done` names that `owner` holds.
        Returns the keys (team id, event id) recorded new; the others were recorded
        already (a retried delivery) and are not `owner`'s to run."""
        now = self._clock()
        with self._core_transaction() as connection:
            new = jobs.record_claimed(
                connection, now, recorded, owner=owner, lease_until=now + lease
            )
            jobs.finish(connection, now, done, owner=owner)
        return new

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
        """Take the job up for `owner`, recording it first when nobody did (Socket Mode
        has no edge that records); its attempt number (1 the first time), or None when it
        is another's, running already or done."""
        now = self._clock()
        key = (team_id, event_id)
        with self._transaction() as session:
            number = jobs.claim_job(session, now, key, owner, now + lease)
            if number is None and jobs.record_job(
                session, now, key, kind, payload, owner=owner, lease_until=now + lease
            ):
                number = jobs.claim_job(session, now, key, owner, now + lease)
            return number

    def claim_stale_jobs(self, *, owner: str, lease: timedelta, limit: int) -> list[JobRecord]:
        """Take up for `owner` unfinished jobs nobody holds (handed back or abandoned by a
        process that died), oldest first."""
        now = self._clock()
        with self._transaction() as session:
            return jobs.claim_stale_jobs(session, now, owner, now + lease, limit)

    def renew_jobs(self, *, owner: str, lease: timedelta) -> int:
        """Extend the lease on every unfinished job `owner` holds; returns how many."""
        now = self._clock()
        with self._transaction() as session:
            return jobs.renew_jobs(session, now, owner, now + lease)

    def release_jobs(self, *, owner: str) -> int:
        """Hand back every unfinished job `owner` holds, for the next process; how many."""
        with self._transaction() as session:
            return jobs.release_jobs(session, self._clock(), owner)

    def prune_jobs(self, older_than: datetime) -> int:
        """Forget jobs done before `older_than`; returns how many were removed."""
        with self._transaction() as session:
            rows = session.scalars(
                select(SlackJob).where(SlackJob.state == "done", SlackJob.updated_at < older_than)
            ).all()
            for row in rows:
                session.delete(row)
            return len(rows)

    # --- workspaces that uninstalled (bot.store.teams) -------------------------------------

    def mark_uninstalled(self, team_id: str, *, grace: timedelta) -> datetime:
        """Record that the workspace uninstalled the app and return when its data will be
        purged (`grace` from the first uninstall), unless it installs again before."""
        now = self._clock()
        with self._transaction() as session:
            teams.mark_uninstalled(session, team_id, now, now + grace)
        return now + grace

    def mark_reinstalled(self, team_id: str) -> bool:
        """Cancel the workspace's pending purge (it installed the app again); True when one
        was pending."""
        with self._transaction() as session:
            return teams.reinstalled(session, team_id)

    def purge_team(self, team_id: str) -> int:
        """Delete everything the workspace has in the store at once (interviews, reports,
        KPIs, nudges, feedback, jobs, its installation's tokens); how many rows went."""
        with self._transaction() as session:
            return teams.purge(session, team_id)

    def purge_due(self) -> list[str]:
        """Purge every workspace whose grace period after uninstalling is over, one
        transaction each; return their team ids."""
        with self._transaction() as session:
            found = teams.due(session, self._clock())
        for team_id in found:
            self.purge_team(team_id)
        return found

    # --- KPIs ------------------------------------------------------------------------------

    def upsert_kpi(self, team_id: str, draft: KpiDraft) -> KpiRecord:
        """Start tracking a KPI (or update the owner's KPI of the same name)."""
        with self._transaction() as session:
            return kpis.upsert_kpi(session, self._clock(), team_id, draft)

    def list_kpis(
        self, team_id: str, owner_user_id: str | None = None, *, active_only: bool = True
    ) -> list[KpiRecord]:
        """Return the team's tracked KPIs, or one owner's."""
        with self._transaction() as session:
            return kpis.list_kpis(session, team_id, owner_user_id, active_only=active_only)

    def get_kpi(self, team_id: str, kpi_id: int) -> KpiRecord:
        """Return one of the team's KPIs; `StoreError` when it is not the team's."""
        with self._transaction() as session:
            return kpis.kpi_record(kpis.find_kpi(session, team_id, kpi_id))

    def set_kpi_paused(self, team_id: str, kpi_id: int, paused: bool) -> KpiRecord:
        """Pause a KPI's nudges (it stays listed and loggable) or resume them."""
        with self._transaction() as session:
            row = kpis.find_kpi(session, team_id, kpi_id)
            row.paused = paused
            row.updated_at = self._clock()
            return kpis.kpi_record(row)

    def delete_kpi(self, team_id: str, kpi_id: int) -> None:
        """Delete a KPI and its readings for good."""
        with self._transaction() as session:
            session.delete(kpis.find_kpi(session, team_id, kpi_id))

    def deactivate_kpi(self, team_id: str, kpi_id: int) -> None:
        """Stop tracking a KPI (its readings stay)."""
        with self._transaction() as session:
            row = kpis.find_kpi(session, team_id, kpi_id)
            row.active = False
            row.updated_at = self._clock()

    def log_reading(
        self,
        team_id: str,
        kpi_id: int,
        *,
        value: float,
        observed_on: date,
        recorded_by: str,
        note: str | None = None,
    ) -> ReadingRecord:
        """Record a KPI value for a day, with an optional note (again the same day
        replaces it)."""
        with self._transaction() as session:
            return kpis.log_reading(
                session,
                self._clock(),
                team_id,
                kpi_id,
                value=value,
                observed_on=observed_on,
                recorded_by=recorded_by,
                note=note,
            )

    def list_readings(
        self, team_id: str, kpi_id: int, since: date | None = None
    ) -> list[ReadingRecord]:
        """Return a KPI's readings in date order."""
        with self._transaction() as session:
            return kpis.list_readings(session, team_id, kpi_id, since)

    # --- interviews and evaluations ---------------------------------------------------------

    @contextmanager
    def interview_transaction(
        self, team_id: str, user_id: str, kind: InterviewKind = ASSESSMENT
    ) -> Iterator[InterviewTransaction]:
        """Yield the person's interview of `kind` (their own by default, or a team pulse)
        locked for one read-modify-write; commits on exit, rolls back if the block raises."""
        with self._transaction() as session:
            yield InterviewTransaction(session, self._clock, team_id, user_id, kind)

    def open_interview(
        self, team_id: str, user_id: str, kind: InterviewKind = ASSESSMENT
    ) -> InterviewRecord | None:
        """Return the person's open (active or paused) interview of `kind`, without locking
        it."""
        with self._transaction() as session:
            row = find_open(session, team_id, user_id, lock=False, kind=kind)
            return None if row is None else to_record(row, load_answers(session, team_id, row.id))

    def latest_interview(
        self, team_id: str, user_id: str, kind: InterviewKind = ASSESSMENT
    ) -> InterviewRecord | None:
        """Return the person's most recent interview of `kind`, whatever its status."""
        with self._transaction() as session:
            row = find_latest(session, team_id, user_id, kind)
            return None if row is None else to_record(row, load_answers(session, team_id, row.id))

    def latest_evaluation(self, team_id: str, user_id: str) -> EvaluationRecord | None:
        """Return the person's most recent evaluation (their latest report), or None."""
        with self._transaction() as session:
            row = session.scalars(
                select(Evaluation)
                .where(Evaluation.team_id == team_id, Evaluation.user_id == user_id)
                .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
                .limit(1)
            ).first()
            return None if row is None else evaluation_record(row)

    def get_evaluation(self, team_id: str, evaluation_id: int) -> EvaluationRecord | None:
        """Return one of the team's evaluations by id (None for another team's)."""
        with self._transaction() as session:
            row = session.scalars(
                select(Evaluation).where(
                    Evaluation.team_id == team_id, Evaluation.id == evaluation_id
                )
            ).first()
            return None if row is None else evaluation_record(row)

    def list_evaluations(
        self, team_id: str, user_id: str, limit: int = 20
    ) -> list[EvaluationRecord]:
        """Return the person's evaluations, newest first."""
        with self._transaction() as session:
            rows = session.scalars(
                select(Evaluation)
                .where(Evaluation.team_id == team_id, Evaluation.user_id == user_id)
                .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
                .limit(limit)
            )
            return [evaluation_record(row) for row in rows]

    # --- team pulses ------------------------------------------------------------------------

    def create_pulse(
        self,
        team_id: str,
        owner_id: str,
        *,
        owner_side: dict[str, Any],
        bank_version: str,
        deadline: datetime,
        members: Sequence[str],
    ) -> PulseStart:
        """Store a pulse and open a pulse interview for each member, in one transaction; a
        member whose earlier pulse is still open is left out (`PulseStart.busy`)."""
        with self._transaction() as session:
            return pulses.create_pulse(
                session,
                self._clock,
                team_id=team_id,
                owner_id=owner_id,
                owner_side=owner_side,
                bank_version=bank_version,
                deadline=deadline,
                members=members,
            )

    def get_pulse(self, team_id: str, pulse_id: int) -> PulseRecord | None:
        """Return one of the team's pulses (None for another team's)."""
        with self._transaction() as session:
            return pulses.get_pulse(session, team_id, pulse_id)

    def latest_pulse(self, team_id: str, owner_id: str) -> PulseRecord | None:
        """Return the owner's most recent pulse, open or closed."""
        with self._transaction() as session:
            return pulses.latest_pulse(session, team_id, owner_id)

    def pulse_of_interview(self, team_id: str, interview_id: int) -> PulseRecord | None:
        """Return the pulse a member's pulse interview belongs to."""
        with self._transaction() as session:
            return pulses.pulse_of_interview(session, team_id, interview_id)

    def pulse_members(self, team_id: str, pulse_id: int) -> list[PulseMemberRecord]:
        """Return the people asked in a pulse with where their pulse interview stands."""
        with self._transaction() as session:
            return pulses.members(session, team_id, pulse_id)

    def pulse_answers(self, team_id: str, pulse_id: int) -> list[InterviewRecord]:
        """Return the pulse's finished member interviews with their answers."""
        with self._transaction() as session:
            return pulses.finished_interviews(session, team_id, pulse_id)

    def drop_pulse_member(self, team_id: str, pulse_id: int, user_id: str) -> bool:
        """Take a person who could not be reached out of a pulse (their pulse set aside);
        False when they were not in it."""
        with self._transaction() as session:
            return pulses.drop_member(session, self._clock, team_id, pulse_id, user_id)

    def mark_pulse_answered(self, team_id: str, interview_id: int) -> None:
        """Record when a member finished their pulse."""
        with self._transaction() as session:
            pulses.mark_answered(session, self._clock, team_id, interview_id)

    def mark_pulse_reminded(self, team_id: str, pulse_id: int, user_id: str) -> bool:
        """Claim a member's one reminder; False when it was already taken."""
        with self._transaction() as session:
            return pulses.mark_reminded(session, self._clock, team_id, pulse_id, user_id)

    def close_pulse(self, team_id: str, pulse_id: int) -> bool:
        """Close an open pulse (unfinished answers are set aside); False if already closed."""
        with self._transaction() as session:
            return pulses.close_pulse(session, self._clock, team_id, pulse_id)

    def set_pulse_shown(self, team_id: str, pulse_id: int, count: int) -> None:
        """Remember how many answers the owner's shown view of a pulse holds."""
        with self._transaction() as session:
            pulses.set_shown(session, team_id, pulse_id, count)

    def due_pulses(self, now: datetime) -> list[PulseRecord]:
        """Return the open pulses of every team whose deadline has passed."""
        with self._transaction() as session:
            return pulses.due_pulses(session, now)

    def open_pulses(self) -> list[PulseRecord]:
        """Return every open pulse (for the reminder pass)."""
        with self._transaction() as session:
            return pulses.open_pulses(session)


def open_store(settings: Settings, *, clock: Clock = utc_now) -> Store:
    """Return the store the settings describe: `DATABASE_URL`, else the SQLite file in
    `ALIGNBOT_DATA_DIR`; the schema is migrated before this returns."""
    return Store.open(resolve_url(settings.database_url, settings.data_dir), clock=clock)
