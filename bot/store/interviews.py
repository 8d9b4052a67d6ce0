"""Interview rows and their answers, read and written under a per-person lock.

`InterviewTransaction` is what `Store.interview_transaction(team_id, user_id)` yields: the
person's open interview, locked for the whole transaction (`SELECT … FOR UPDATE` on
PostgreSQL; SQLite transactions are `BEGIN IMMEDIATE`, i.e. serialised), so two requests for
the same person (a double click, two replicas) run one after the other and the second sees
what the first wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.store.records import (
    AnswerState,
    EvaluationRecord,
    InterviewChange,
    InterviewRecord,
    InterviewStatus,
    StoredAnswer,
)
from bot.store.schema import OPEN_STATUSES, Evaluation, Interview, InterviewAnswer, Workspace
from bot.store.upsert import insert_for, insert_ignore

Clock = Callable[[], datetime]
InterviewKind = Literal["assessment", "pulse"]
ASSESSMENT: InterviewKind = "assessment"


def aware(moment: datetime) -> datetime:
    """Return `moment` as an aware UTC datetime (SQLite hands back naive ones)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def ensure_workspace(
    session: Session, now: datetime, team_id: str, name: str | None = None
) -> None:
    """Create the workspace row on first use; a no-op afterwards."""
    insert_ignore(session, Workspace, {"team_id": team_id, "name": name, "created_at": now})


def to_record(row: Interview, answers: list[StoredAnswer]) -> InterviewRecord:
    """Return the frozen record of an interview row and its answers."""
    return InterviewRecord(
        id=row.id,
        team_id=row.team_id,
        user_id=row.user_id,
        status=_status(row.status),
        revisit=row.revisit,
        current_key=row.current_key,
        bank_version=row.bank_version,
        rubric_version=row.rubric_version,
        channel_id=row.channel_id,
        message_ts=row.message_ts,
        version=row.version,
        answers={a.key: a for a in answers},
        created_at=aware(row.created_at),
        updated_at=aware(row.updated_at),
        finished_at=aware(row.finished_at) if row.finished_at else None,
    )


def _status(value: str) -> InterviewStatus:
    if value == "active":
        return "active"
    if value == "paused":
        return "paused"
    if value == "finished":
        return "finished"
    return "abandoned"


def _answer_state(value: str) -> AnswerState:
    if value == "answered":
        return "answered"
    return "unknown" if value == "unknown" else "skipped"


def evaluation_record(row: Evaluation) -> EvaluationRecord:
    """Return the frozen record of an evaluation row."""
    return EvaluationRecord(
        id=row.id,
        team_id=row.team_id,
        user_id=row.user_id,
        interview_id=row.interview_id,
        rubric_version=row.rubric_version,
        bank_version=row.bank_version,
        score=row.score,
        band=row.band,
        maturity_level=row.maturity_level,
        confidence=row.confidence,
        assessment=row.assessment,
        evaluation=row.evaluation,
        created_at=aware(row.created_at),
    )


def load_answers(session: Session, team_id: str, interview_id: int) -> list[StoredAnswer]:
    """Return an interview's answers (plain rows, no ORM objects: this runs on every step)."""
    rows = session.execute(
        select(
            InterviewAnswer.key,
            InterviewAnswer.state,
            InterviewAnswer.value,
            InterviewAnswer.raw,
            InterviewAnswer.answered_at,
            InterviewAnswer.carried,
        ).where(InterviewAnswer.team_id == team_id, InterviewAnswer.interview_id == interview_id)
    )
    return [
        StoredAnswer(
            key=key,
            state=_answer_state(state),
            value=value,
            raw=raw,
            answered_at=aware(at),
            carried=bool(carried),
        )
        for key, state, value, raw, at, carried in rows
    ]


def find_open(
    session: Session, team_id: str, user_id: str, *, lock: bool, kind: InterviewKind = ASSESSMENT
) -> Interview | None:
    """Return the person's open (active or paused) interview row of `kind`, locked when
    asked."""
    query = select(Interview).where(
        Interview.team_id == team_id,
        Interview.user_id == user_id,
        Interview.kind == kind,
        Interview.status.in_(OPEN_STATUSES),
    )
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def find_latest(
    session: Session, team_id: str, user_id: str, kind: InterviewKind = ASSESSMENT
) -> Interview | None:
    """Return the person's most recent interview row of `kind`, whatever its status."""
    return session.scalars(
        select(Interview)
        .where(Interview.team_id == team_id, Interview.user_id == user_id, Interview.kind == kind)
        .order_by(Interview.created_at.desc(), Interview.id.desc())
        .limit(1)
    ).first()


class InterviewTransaction:
    """One locked read-modify-write of a person's interview (see the module docstring)."""

    def __init__(
        self,
        session: Session,
        clock: Clock,
        team_id: str,
        user_id: str,
        kind: InterviewKind = ASSESSMENT,
    ) -> None:
        self._session = session
        self._clock = clock
        self.team_id = team_id
        self.user_id = user_id
        self.kind = kind
        self._row = find_open(session, team_id, user_id, lock=True, kind=kind)

    @property
    def record(self) -> InterviewRecord | None:
        """The person's open interview as it stands in this transaction, or None."""
        if self._row is None:
            return None
        return to_record(self._row, load_answers(self._session, self.team_id, self._row.id))

    def latest(self) -> InterviewRecord | None:
        """The person's most recent interview (open, finished or abandoned), or None."""
        row = self._row or find_latest(self._session, self.team_id, self.user_id, self.kind)
        if row is None:
            return None
        return to_record(row, load_answers(self._session, self.team_id, row.id))

    def latest_finished(self) -> InterviewRecord | None:
        """The person's most recent finished interview (a re-assessment's start), or None."""
        row = self._session.scalars(
            select(Interview)
            .where(
                Interview.team_id == self.team_id,
                Interview.user_id == self.user_id,
                Interview.kind == self.kind,
                Interview.status == "finished",
            )
            .order_by(Interview.created_at.desc(), Interview.id.desc())
            .limit(1)
        ).first()
        return (
            None
            if row is None
            else to_record(row, load_answers(self._session, self.team_id, row.id))
        )

    def evaluation_of(self, interview_id: int) -> EvaluationRecord | None:
        """The latest evaluation stored for one of the person's interviews."""
        row = self._session.scalars(
            select(Evaluation)
            .where(
                Evaluation.team_id == self.team_id,
                Evaluation.user_id == self.user_id,
                Evaluation.interview_id == interview_id,
            )
            .order_by(Evaluation.id.desc())
            .limit(1)
        ).first()
        return None if row is None else evaluation_record(row)

    def start(self, bank_version: str) -> InterviewRecord:
        """Open a new interview (or take the one a concurrent request just opened)."""
        now = self._clock()
        ensure_workspace(self._session, now, self.team_id)
        if self._row is None:
            insert_ignore(
                self._session,
                Interview,
                {
                    "team_id": self.team_id,
                    "user_id": self.user_id,
                    "kind": self.kind,
                    "status": "active",
                    "bank_version": bank_version,
                    "version": 0,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            self._row = find_open(
                self._session, self.team_id, self.user_id, lock=True, kind=self.kind
            )
        record = self.record
        if record is None:  # pragma: no cover - the insert or a concurrent one left a row
            raise RuntimeError("interview row vanished inside its own transaction")
        return record

    def abandon(self) -> None:
        """Close the open interview without finishing it (its answers stay stored)."""
        if self._row is None:
            return
        self._row.status = "abandoned"
        self._row.updated_at = self._clock()
        self._row.version += 1
        self._session.flush()
        self._row = None

    def set_message_ref(self, channel_id: str | None, message_ts: str | None) -> None:
        """Remember where Slack shows the interview (opaque strings)."""
        if self._row is None:
            return
        self._row.channel_id = channel_id
        self._row.message_ts = message_ts
        self._session.flush()

    def apply(self, change: InterviewChange, *, expected_version: int) -> EvaluationRecord | None:
        """Write `change` to the open interview: status, position, upserted answers and, on
        finish, the evaluation. Returns the stored evaluation, if any."""
        if self._row is None:
            raise RuntimeError("no open interview to change")
        now = self._clock()
        row_id = self._row.id
        values: dict[str, object] = {
            "status": change.status,
            "revisit": change.revisit,
            "current_key": change.current_key,
            "updated_at": now,
            "version": Interview.version + 1,
        }
        if change.status == "finished":
            values["finished_at"] = now
            if change.evaluation is not None:
                values["rubric_version"] = change.evaluation.rubric_version
        # Guarded by the version read under the lock: a stale writer changes nothing.
        changed = self._session.execute(
            update(Interview)
            .where(Interview.id == row_id, Interview.version == expected_version)
            .values(**values)
            .returning(Interview.id)
            .execution_options(synchronize_session=False)
        ).first()
        if changed is None:
            raise RuntimeError("interview changed under its lock")
        for answer in change.answers:
            statement = insert_for(self._session, InterviewAnswer).values(
                team_id=self.team_id,
                interview_id=row_id,
                key=answer.key,
                state=answer.state,
                value=answer.value,
                raw=answer.raw,
                answered_at=now,
                carried=answer.carried,
            )
            self._session.execute(
                statement.on_conflict_do_update(
                    index_elements=["interview_id", "key"],
                    set_={
                        "state": statement.excluded.state,
                        "value": statement.excluded.value,
                        "raw": statement.excluded.raw,
                        "answered_at": statement.excluded.answered_at,
                        "carried": statement.excluded.carried,
                    },
                )
            )
        stored: EvaluationRecord | None = None
        if change.evaluation is not None:
            new = change.evaluation
            row = Evaluation(
                team_id=self.team_id,
                user_id=self.user_id,
                interview_id=row_id,
                rubric_version=new.rubric_version,
                bank_version=self._row.bank_version,
                score=new.score,
                band=new.band,
                maturity_level=new.maturity_level,
                confidence=new.confidence,
                assessment=new.assessment,
                evaluation=new.evaluation,
                created_at=now,
            )
            self._session.add(row)
            self._session.flush()
            stored = evaluation_record(row)
        self._session.expire(self._row)
        if change.status not in OPEN_STATUSES:
            self._row = None
        return stored
