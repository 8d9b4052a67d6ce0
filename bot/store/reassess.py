"""What the scheduler reads to offer re-assessments, and the owner's cadence (`Store`'s
re-assessment methods call these).

A candidate is an owner whose latest assessment is old enough for the shortest cadence,
who did not choose "never", has no interview of their own open, and whose workspace has
not uninstalled the app: one query for every workspace, whatever the number of owners.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from bot.store.interviews import ASSESSMENT, aware
from bot.store.nudges import get_preferences, preferences_record, put_preferences
from bot.store.records import NudgeKind, NudgePreferences, ReassessCadence, ReassessCandidate
from bot.store.schema import (
    OPEN_STATUSES,
    Evaluation,
    Interview,
    NudgePreference,
    NudgeSent,
    WorkspaceUninstall,
)

REASSESS: NudgeKind = "reassess"
"""The kind of the `nudges_sent` rows that record a re-assessment offer."""


def candidates(session: Session, assessed_before: datetime) -> list[ReassessCandidate]:
    """Return the owners whose latest assessment was made before `assessed_before` and
    who may be offered a re-assessment (see the module docstring), with their preferences
    and the latest re-assessment offer sent to them (its due day)."""
    latest = (
        select(
            Evaluation.team_id,
            Evaluation.user_id,
            func.max(Evaluation.created_at).label("at"),
        )
        .group_by(Evaluation.team_id, Evaluation.user_id)
        .having(func.max(Evaluation.created_at) < assessed_before)
        .subquery()
    )
    offered = (
        select(NudgeSent.team_id, NudgeSent.user_id, func.max(NudgeSent.day).label("day"))
        .where(NudgeSent.kind == REASSESS, NudgeSent.status != "claimed")
        .group_by(NudgeSent.team_id, NudgeSent.user_id)
        .subquery()
    )
    interviewing = exists().where(
        Interview.team_id == latest.c.team_id,
        Interview.user_id == latest.c.user_id,
        Interview.kind == ASSESSMENT,
        Interview.status.in_(OPEN_STATUSES),
    )
    uninstalled = exists().where(WorkspaceUninstall.team_id == latest.c.team_id)
    rows = session.execute(
        select(
            Evaluation.team_id,
            Evaluation.user_id,
            Evaluation.id,
            Evaluation.score,
            Evaluation.created_at,
            NudgePreference.__table__,
            offered.c.day,
        )
        .join(
            latest,
            and_(
                Evaluation.team_id == latest.c.team_id,
                Evaluation.user_id == latest.c.user_id,
                Evaluation.created_at == latest.c.at,
            ),
        )
        .outerjoin(
            NudgePreference,
            and_(
                NudgePreference.team_id == latest.c.team_id,
                NudgePreference.user_id == latest.c.user_id,
            ),
        )
        .outerjoin(
            offered,
            and_(offered.c.team_id == latest.c.team_id, offered.c.user_id == latest.c.user_id),
        )
        .where(~interviewing, ~uninstalled)
        .order_by(Evaluation.team_id, Evaluation.user_id, Evaluation.id.desc())
    ).all()
    found: dict[tuple[str, str], ReassessCandidate] = {}
    for row in rows:
        key = (row[0], row[1])
        if key in found:  # two evaluations stored at the same instant: the newest id
            continue
        prefs = NudgePreferences() if row.nudge_time is None else preferences_record(row)
        if prefs.reassess_cadence == "never":
            continue
        found[key] = ReassessCandidate(
            team_id=row[0],
            user_id=row[1],
            evaluation_id=row[2],
            score=row[3],
            assessed_at=aware(row[4]),
            preferences=prefs,
            offered_for=row.day,
        )
    return list(found.values())


def set_cadence(
    session: Session, now: datetime, team_id: str, user_id: str, cadence: ReassessCadence
) -> NudgePreferences:
    """Store how often the person wants a re-assessment offered; return their preferences."""
    prefs = get_preferences(session, team_id, user_id)
    return put_preferences(
        session, now, team_id, user_id, prefs.model_copy(update={"reassess_cadence": cadence})
    )
