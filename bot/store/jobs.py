"""The queries behind durable Slack work (`Store.write_jobs` and its siblings).

A job is one acknowledged Slack event whose answer is slow work. Its life: recorded as it is
acked, already "running" for the process that acked it (attempt 1, held until `lease_until`;
the insert decides, so of several deliveries exactly one records it); or, where no edge
recorded it, inserted "pending" and claimed by one conditional UPDATE. "done" once answered.
A running job's owner renews its lease while it lives; a job whose lease ran out is anyone's
to resume, and a job handed back (pending, nobody's) at once.

The two writes every question costs, its record and its "done", are Core statements that
take a whole burst of questions each (`record_claimed`, `finish`), so that a burst costs one
transaction, not two per question.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, or_, select, tuple_, update
from sqlalchemy.orm import Session

from bot.store.records import JobRecord
from bot.store.schema import SlackJob
from bot.store.upsert import dialect_insert, insert_ignore

UNFINISHED = ("pending", "running")
# Rows per statement: ten values each, well under SQLite's and PostgreSQL's bind limits.
CHUNK = 500

Key = tuple[str, str]


def record_claimed(
    connection: Connection,
    now: datetime,
    rows: Sequence[tuple[str, str, str, dict[str, Any]]],
    *,
    owner: str,
    lease_until: datetime,
) -> set[Key]:
    """Insert each (team id, event id, kind, payload) of `rows` as running for `owner`
    (attempt 1) in one statement; return the keys that were new (the others
    were recorded already: a retried delivery, which is not this owner's to run)."""
    if not rows:
        return set()
    values = [
        {
            "team_id": team_id,
            "event_id": event_id,
            "kind": kind,
            "payload": payload,
            "state": "running",
            "owner": owner,
            "lease_until": lease_until,
            "attempts": 1,
            "created_at": now,
            "updated_at": now,
        }
        for team_id, event_id, kind, payload in rows
    ]
    # One statement with a list of parameter sets, not `.values(rows)`: its compiled form is
    # cached (SQLAlchemy still sends one INSERT per batch of rows), where a statement holding
    # the rows' values was built and compiled again for every burst, most of its CPU.
    result = connection.execute(_record_claimed_statement(connection.dialect.name), values)
    return {(str(t), str(e)) for t, e in result}


@functools.cache
def _record_claimed_statement(dialect_name: str) -> Any:
    return (
        dialect_insert(dialect_name, SlackJob.__table__)
        .on_conflict_do_nothing()
        .returning(SlackJob.team_id, SlackJob.event_id)
    )


def finish(connection: Connection, now: datetime, keys: Sequence[Key], *, owner: str) -> None:
    """Mark done each job of `keys` that `owner` still holds, one statement per `CHUNK`."""
    for start in range(0, len(keys), CHUNK):
        connection.execute(
            _FINISH, {"job_keys": list(keys[start : start + CHUNK]), "holder": owner, "at": now}
        )


# Built once, its values bound at each call: building it per call cost more CPU than the
# write itself.
_FINISH = (
    update(SlackJob)
    .where(
        tuple_(SlackJob.team_id, SlackJob.event_id).in_(bindparam("job_keys", expanding=True)),
        SlackJob.owner == bindparam("holder"),
        SlackJob.state.in_(UNFINISHED),
    )
    .values(state="done", owner=None, lease_until=None, updated_at=bindparam("at"))
)


def record_job(
    session: Session,
    now: datetime,
    key: tuple[str, str],
    kind: str,
    payload: dict[str, Any],
    *,
    owner: str,
    lease_until: datetime,
) -> bool:
    """Insert the pending job `key` (team id, event id) reserved for `owner`; True when
    new, False when the event was already recorded (a retried delivery)."""
    team_id, event_id = key
    return insert_ignore(
        session,
        SlackJob,
        {
            "team_id": team_id,
            "event_id": event_id,
            "kind": kind,
            "payload": payload,
            "state": "pending",
            "owner": owner,
            "lease_until": lease_until,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
        },
    )


def claim_job(
    session: Session, now: datetime, key: tuple[str, str], owner: str, lease_until: datetime
) -> int | None:
    """Mark the job `key` running for `owner` when it is pending and reserved for `owner`
    (or for nobody, or its reservation ran out); return its attempt number, or None when
    another process or delivery has it or it is done."""
    team_id, event_id = key
    claimed = session.execute(
        update(SlackJob)
        .where(
            SlackJob.team_id == team_id,
            SlackJob.event_id == event_id,
            SlackJob.state == "pending",
            or_(
                SlackJob.owner == owner,
                SlackJob.owner.is_(None),
                SlackJob.lease_until < now,
            ),
        )
        .values(
            state="running",
            owner=owner,
            lease_until=lease_until,
            attempts=SlackJob.attempts + 1,
            updated_at=now,
        )
        .returning(SlackJob.attempts)
    ).first()
    return None if claimed is None else int(claimed[0])


def claim_stale_jobs(
    session: Session, now: datetime, owner: str, lease_until: datetime, limit: int
) -> list[JobRecord]:
    """Claim for `owner` up to `limit` unfinished jobs that nobody holds (handed back, or
    their owner's lease ran out), oldest first, and return them."""
    rows = session.scalars(
        select(SlackJob)
        .where(
            SlackJob.state.in_(UNFINISHED),
            or_(SlackJob.owner.is_(None), SlackJob.lease_until < now),
        )
        .order_by(SlackJob.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.state = "running"
        row.owner = owner
        row.lease_until = lease_until
        row.attempts += 1
        row.updated_at = now
    return [job_record(row) for row in rows]


def renew_jobs(session: Session, now: datetime, owner: str, lease_until: datetime) -> int:
    """Extend the lease of every unfinished job `owner` holds; return how many."""
    result = session.execute(
        update(SlackJob)
        .where(SlackJob.owner == owner, SlackJob.state.in_(UNFINISHED))
        .values(lease_until=lease_until, updated_at=now)
        .returning(SlackJob.event_id)
    )
    return len(result.all())


def release_jobs(session: Session, now: datetime, owner: str) -> int:
    """Hand back every unfinished job `owner` holds (pending again, nobody's), so the next
    process resumes them at once; return how many."""
    result = session.execute(
        update(SlackJob)
        .where(SlackJob.owner == owner, SlackJob.state.in_(UNFINISHED))
        .values(state="pending", owner=None, lease_until=None, updated_at=now)
        .returning(SlackJob.event_id)
    )
    return len(result.all())


def job_record(row: SlackJob) -> JobRecord:
    """Return the frozen record of a job row."""
    return JobRecord(
        team_id=row.team_id,
        event_id=row.event_id,
        kind=row.kind,
        payload=dict(row.payload),
        state=row.state,
        attempts=row.attempts,
    )
