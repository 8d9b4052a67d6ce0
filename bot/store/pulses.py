"""Team pulses and the people asked in them (`Store`'s pulse methods call these).

A member's answers live in an interview of kind "pulse" (`bot.store.interviews`), opened
when the pulse is sent; `pulse_members` links each person to it. Closing a pulse sets the
unfinished ones aside, so a late click records nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.interviews import (
    Clock,
    InterviewKind,
    InterviewTransaction,
    aware,
    ensure_workspace,
    load_answers,
    to_record,
)
from bot.store.records import (
    InterviewRecord,
    PulseMemberRecord,
    PulseRecord,
    PulseStart,
    PulseStatus,
)
from bot.store.schema import OPEN_STATUSES, Interview, PulseMember, TeamPulse

PULSE: InterviewKind = "pulse"


def pulse_record(row: TeamPulse) -> PulseRecord:
    """Return the frozen record of a pulse row."""
    status: PulseStatus = "open" if row.status == "open" else "closed"
    return PulseRecord(
        id=row.id,
        team_id=row.team_id,
        owner_id=row.owner_id,
        status=status,
        owner_side=dict(row.owner_side),
        bank_version=row.bank_version,
        deadline=aware(row.deadline),
        shown_count=row.shown_count,
        created_at=aware(row.created_at),
        closed_at=aware(row.closed_at) if row.closed_at else None,
    )


def create_pulse(
    session: Session,
    clock: Clock,
    *,
    team_id: str,
    owner_id: str,
    owner_side: dict[str, Any],
    bank_version: str,
    deadline: datetime,
    members: Sequence[str],
) -> PulseStart:
    """Store a pulse and open a pulse interview for each member (once each); a member
    whose earlier pulse is still open is left out (`busy`)."""
    now = clock()
    ensure_workspace(session, now, team_id)
    row = TeamPulse(
        team_id=team_id,
        owner_id=owner_id,
        status="open",
        owner_side=owner_side,
        bank_version=bank_version,
        deadline=deadline,
        shown_count=0,
        created_at=now,
    )
    session.add(row)
    session.flush()
    asked: list[str] = []
    busy: list[str] = []
    for user_id in dict.fromkeys(members):
        tx = InterviewTransaction(session, clock, team_id, user_id, PULSE)
        if tx.record is not None:
            busy.append(user_id)
            continue
        interview = tx.start(bank_version)
        session.add(
            PulseMember(
                team_id=team_id, pulse_id=row.id, user_id=user_id, interview_id=interview.id
            )
        )
        asked.append(user_id)
    session.flush()
    return PulseStart(pulse=pulse_record(row), asked=tuple(asked), busy=tuple(busy))


def get_pulse(session: Session, team_id: str, pulse_id: int) -> PulseRecord | None:
    """Return one of the team's pulses (None for another team's)."""
    row = session.scalars(
        select(TeamPulse).where(TeamPulse.team_id == team_id, TeamPulse.id == pulse_id)
    ).first()
    return None if row is None else pulse_record(row)


def latest_pulse(session: Session, team_id: str, owner_id: str) -> PulseRecord | None:
    """Return the owner's most recent pulse, open or closed."""
    row = session.scalars(
        select(TeamPulse)
        .where(TeamPulse.team_id == team_id, TeamPulse.owner_id == owner_id)
        .order_by(TeamPulse.created_at.desc(), TeamPulse.id.desc())
        .limit(1)
    ).first()
    return None if row is None else pulse_record(row)


def pulse_of_interview(session: Session, team_id: str, interview_id: int) -> PulseRecord | None:
    """Return the pulse a member's pulse interview belongs to."""
    row = session.scalars(
        select(TeamPulse)
        .join(PulseMember, PulseMember.pulse_id == TeamPulse.id)
        .where(PulseMember.team_id == team_id, PulseMember.interview_id == interview_id)
    ).first()
    return None if row is None else pulse_record(row)


def members(session: Session, team_id: str, pulse_id: int) -> list[PulseMemberRecord]:
    """Return the people asked in a pulse with where their pulse interview stands."""
    rows = session.execute(
        select(PulseMember, Interview.status)
        .outerjoin(Interview, Interview.id == PulseMember.interview_id)
        .where(PulseMember.team_id == team_id, PulseMember.pulse_id == pulse_id)
        .order_by(PulseMember.id)
    )
    out = []
    for member, status in rows:
        out.append(
            PulseMemberRecord(
                user_id=member.user_id,
                interview_id=member.interview_id,
                status=status,
                answered_at=aware(member.answered_at) if member.answered_at else None,
                reminded_at=aware(member.reminded_at) if member.reminded_at else None,
            )
        )
    return out


def finished_interviews(session: Session, team_id: str, pulse_id: int) -> list[InterviewRecord]:
    """Return the finished pulse interviews of a pulse, with their answers."""
    rows = session.scalars(
        select(Interview)
        .join(PulseMember, PulseMember.interview_id == Interview.id)
        .where(
            PulseMember.team_id == team_id,
            PulseMember.pulse_id == pulse_id,
            Interview.status == "finished",
        )
        .order_by(Interview.id)
    )
    return [to_record(row, load_answers(session, team_id, row.id)) for row in rows]


def drop_member(session: Session, clock: Clock, team_id: str, pulse_id: int, user_id: str) -> bool:
    """Take a person Slack could not reach out of a pulse: their pulse interview is set
    aside and they are no longer among those asked (nor waiting, nor reminded); False when
    they were not in it."""
    member = session.scalars(
        select(PulseMember).where(
            PulseMember.team_id == team_id,
            PulseMember.pulse_id == pulse_id,
            PulseMember.user_id == user_id,
        )
    ).first()
    if member is None:
        return False
    if member.interview_id is not None:
        session.execute(
            update(Interview)
            .where(Interview.id == member.interview_id, Interview.status.in_(OPEN_STATUSES))
            .values(status="abandoned", updated_at=clock(), version=Interview.version + 1)
            .execution_options(synchronize_session=False)
        )
    session.delete(member)
    return True


def mark_answered(session: Session, clock: Clock, team_id: str, interview_id: int) -> None:
    """Record when a member finished their pulse."""
    session.execute(
        update(PulseMember)
        .where(
            PulseMember.team_id == team_id,
            PulseMember.interview_id == interview_id,
            PulseMember.answered_at.is_(None),
        )
        .values(answered_at=clock())
    )


def mark_reminded(
    session: Session, clock: Clock, team_id: str, pulse_id: int, user_id: str
) -> bool:
    """Record the one reminder of a member; False when they were already reminded (another
    process took it)."""
    done = session.execute(
        update(PulseMember)
        .where(
            PulseMember.team_id == team_id,
            PulseMember.pulse_id == pulse_id,
            PulseMember.user_id == user_id,
            PulseMember.reminded_at.is_(None),
        )
        .values(reminded_at=clock())
        .returning(PulseMember.id)
    ).first()
    return done is not None


def close_pulse(session: Session, clock: Clock, team_id: str, pulse_id: int) -> bool:
    """Close an open pulse and set its unfinished interviews aside; False when it was
    already closed."""
    now = clock()
    closed = session.execute(
        update(TeamPulse)
        .where(TeamPulse.team_id == team_id, TeamPulse.id == pulse_id, TeamPulse.status == "open")
        .values(status="closed", closed_at=now)
        .returning(TeamPulse.id)
    ).first()
    if closed is None:
        return False
    open_ids = select(PulseMember.interview_id).where(
        PulseMember.team_id == team_id, PulseMember.pulse_id == pulse_id
    )
    session.execute(
        update(Interview)
        .where(Interview.id.in_(open_ids), Interview.status.in_(OPEN_STATUSES))
        .values(status="abandoned", updated_at=now, version=Interview.version + 1)
        .execution_options(synchronize_session=False)
    )
    return True


def set_shown(session: Session, team_id: str, pulse_id: int, count: int) -> None:
    """Remember how many answers the owner's shown view holds."""
    session.execute(
        update(TeamPulse)
        .where(TeamPulse.team_id == team_id, TeamPulse.id == pulse_id)
        .values(shown_count=count)
    )


def due_pulses(session: Session, now: datetime) -> list[PulseRecord]:
    """Return the open pulses (every team) whose deadline has passed."""
    rows = session.scalars(
        select(TeamPulse).where(TeamPulse.status == "open", TeamPulse.deadline <= now)
    )
    return [pulse_record(row) for row in rows]


def open_pulses(session: Session) -> list[PulseRecord]:
    """Return every open pulse (the scheduler's reminder pass)."""
    return [
        pulse_record(row)
        for row in session.scalars(select(TeamPulse).where(TeamPulse.status == "open"))
    ]
