"""The queries behind durable Slack work (`Store.record_job` and its siblings).

A job is one acknowledged Slack event whose answer is slow work. Its life: recorded
"pending" before the ack, reserved for the process that acked it until `lease_until`;
"running" once a process claims it (the claim is one conditional UPDATE, so of several
processes or deliveries exactly one wins); "done" once answered. A running job's owner renews
its lease while it lives; a job whose lease ran out is anyone's to resume.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.store.records import JobRecord
from bot.store.schema import SlackJob
from bot.store.upsert import insert_ignore

UNFINISHED = ("pending", "running")


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


def finish_job(session: Session, now: datetime, key: tuple[str, str], owner: str) -> None:
    """Mark the job `key` done, if `owner` still holds it."""
    team_id, event_id = key
    session.execute(
        update(SlackJob)
        .where(
            SlackJob.team_id == team_id,
            SlackJob.event_id == event_id,
            SlackJob.owner == owner,
            SlackJob.state.in_(UNFINISHED),
        )
        .values(state="done", owner=None, lease_until=None, updated_at=now)
    )


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
