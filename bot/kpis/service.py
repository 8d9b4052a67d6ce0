"""KPI tracking over the store, keyed by (Slack team id, user id) like the interview.

Every read is scoped by team id, and a report or KPI of another person is as absent as a
missing one: nobody tracks, shares or changes what is not theirs.
"""

from __future__ import annotations

import logging
from datetime import date

from pydantic import ValidationError

from bot.interview.report import own_evaluation
from bot.interview.service import InterviewService, question_of
from bot.kpis.dashboard import Dashboard, InterviewStatus, TrackedKpi
from bot.kpis.errors import KpiError
from bot.kpis.progress import Reading, kpi_progress
from bot.kpis.tracking import kpi_drafts
from bot.kpis.values import KpiValues
from bot.store import EvaluationRecord, KpiDraft, KpiRecord, Store
from evaluators import Evaluation

# Another person's KPI is answered as a missing one: naming its owner would tell anyone who
# tries KPI ids who tracks what.
NOT_YOUR_KPI = "I can't find that KPI among yours; the KPIs you track are on alignbot's Home tab."

log = logging.getLogger(__name__)


class KpiService:
    """KPI tracking for the bot (see the module docstring); the dashboard says where the
    person's interview stands when it is given one."""

    def __init__(self, store: Store, interview: InterviewService | None = None) -> None:
        self.store = store
        self._interview = interview

    def track(self, team_id: str, user_id: str, evaluation_id: int) -> list[KpiRecord]:
        """Track every KPI of the person's evaluation's KPI plan, owned by them; tracking
        again updates in place and keeps values they filled in since."""
        record = own_evaluation(self.store, team_id, user_id, evaluation_id)
        evaluation = Evaluation.model_validate(record.evaluation)
        existing = self.store.list_kpis(team_id, user_id, active_only=False)
        drafts = kpi_drafts(
            evaluation, owner_user_id=user_id, evaluation_id=record.id, existing=existing
        )
        return [self.store.upsert_kpi(team_id, draft) for draft in drafts]

    def kpi_of(self, team_id: str, user_id: str, kpi_id: int) -> KpiRecord:
        """Return the person's KPI `kpi_id`; `StoreError` for another workspace's or a
        missing one, `KpiError` for another person's."""
        kpi = self.store.get_kpi(team_id, kpi_id)
        if kpi.owner_user_id != user_id:
            raise KpiError(NOT_YOUR_KPI)
        return kpi

    def set_values(
        self,
        team_id: str,
        user_id: str,
        kpi_id: int,
        *,
        baseline: float | None,
        target: float | None,
        target_date: date | None,
    ) -> KpiRecord:
        """Set a KPI's baseline, target and target date (None leaves a value as it is); only
        its owner may."""
        kpi = self.kpi_of(team_id, user_id, kpi_id)
        draft = KpiDraft(
            owner_user_id=kpi.owner_user_id,
            name=kpi.name,
            unit=kpi.unit,
            direction=kpi.direction,
            baseline=kpi.baseline if baseline is None else baseline,
            target=kpi.target if target is None else target,
            target_date=target_date or kpi.target_date,
            cadence=kpi.cadence,
            objective=kpi.objective,
            initiative=kpi.initiative,
            evaluation_id=kpi.evaluation_id,
        )
        return self.store.upsert_kpi(team_id, draft)

    def update(self, team_id: str, user_id: str, kpi_id: int, values: KpiValues) -> TrackedKpi:
        """Apply what the person typed for their KPI: set its baseline, target or date and
        log the value it showed on a day (the same day again replaces it); return the KPI
        with its progress now."""
        kpi = self.kpi_of(team_id, user_id, kpi_id)
        if values.changes_targets:
            kpi = self.set_values(
                team_id,
                user_id,
                kpi_id,
                baseline=values.baseline,
                target=values.target,
                target_date=values.target_date,
            )
        if values.value is not None and values.observed_on is not None:
            self.store.log_reading(
                team_id,
                kpi_id,
                value=values.value,
                observed_on=values.observed_on,
                recorded_by=user_id,
            )
        return self._with_progress(team_id, kpi)

    def tracked(self, team_id: str, user_id: str) -> list[TrackedKpi]:
        """Return the person's active KPIs, oldest first, each with its progress."""
        return [self._with_progress(team_id, kpi) for kpi in self.store.list_kpis(team_id, user_id)]

    def _with_progress(self, team_id: str, kpi: KpiRecord) -> TrackedKpi:
        readings = [
            Reading(observed_on=r.observed_on, value=r.value)
            for r in self.store.list_readings(team_id, kpi.id)
        ]
        progress = kpi_progress(
            direction=kpi.direction,
            baseline=kpi.baseline,
            target=kpi.target,
            started_on=kpi.created_at.date(),
            deadline=kpi.target_date,
            readings=readings,
        )
        return TrackedKpi(kpi=kpi, progress=progress)

    def dashboard(self, team_id: str, user_id: str) -> Dashboard:
        """Return the person's dashboard: latest evaluation, interview state, KPIs."""
        latest = self.store.latest_evaluation(team_id, user_id)
        status = InterviewStatus(state="finished" if latest else "not_started")
        interview = self._interview
        reply = interview.current(team_id, user_id) if interview is not None else None
        question = question_of(reply) if reply is not None else None
        if question is not None:
            progress = question.progress
            status = InterviewStatus(
                state="in_progress",
                label=progress.label,
                number=progress.number,
                total=progress.total,
            )
        return Dashboard(
            evaluation_id=latest.id if latest else None,
            evaluated_at=latest.created_at if latest else None,
            evaluation=_readable(latest),
            interview=status,
            kpis=tuple(self.tracked(team_id, user_id)),
        )


def _readable(record: EvaluationRecord | None) -> Evaluation | None:
    """The stored evaluation, or None when there is none or it no longer reads as one (an
    old format): the rest of the dashboard still shows."""
    if record is None:
        return None
    try:
        return Evaluation.model_validate(record.evaluation)
    except ValidationError:
        log.warning("evaluation %s does not read as an Evaluation; not shown", record.id)
        return None
