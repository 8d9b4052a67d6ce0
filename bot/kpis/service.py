"""KPI tracking over the store, keyed by (Slack team id, user id) like the interview.

Every read is scoped by team id, and a report or KPI of another person is as absent as a
missing one: nobody tracks, shares or changes what is not theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime

from pydantic import ValidationError

from bot.history.timeline import build_history
from bot.interview.report import Cite, own_evaluation
from bot.interview.service import InterviewService, question_of
from bot.kpis.dashboard import Dashboard, InterviewStatus, TrackedKpi, tracked_kpi
from bot.kpis.errors import KpiError
from bot.kpis.forms import log_command_splits
from bot.kpis.logged import LoggedValue, NextStep, next_step_for
from bot.kpis.names import find_by_name
from bot.kpis.preferences import zone_of
from bot.kpis.tracking import kpi_drafts, kpi_key
from bot.kpis.values import VALUE_IN_FUTURE, KpiValues, parse_logged_value
from bot.store import EvaluationRecord, KpiDraft, KpiRecord, Store
from evaluators import Evaluation
from knowledge.models import Citation

LOG_USAGE = (
    "Type the KPI's name and its value, e.g. `/align kpi log Weekly orders 130` "
    "(a note after the value is kept with it)."
)
# Another person's KPI is answered as a missing one: naming its owner would tell anyone who
# tries KPI ids who tracks what.
NOT_YOUR_KPI = "I can't find that KPI among yours; the KPIs you track are on alignbot's Home tab."
ALREADY_TRACKED = "You already track a KPI called “{name}”; log a value or pick another name."

log = logging.getLogger(__name__)


class KpiService:
    """KPI tracking for the bot (see the module docstring); the dashboard says where the
    person's interview stands when it is given one."""

    def __init__(
        self,
        store: Store,
        interview: InterviewService | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        cite: Cite | None = None,
    ) -> None:
        self.store = store
        self._interview = interview
        self._cite = cite
        self._clock = clock or (lambda: datetime.now(UTC))

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
            cadence_day=kpi.cadence_day,
            objective=kpi.objective,
            initiative=kpi.initiative,
            evaluation_id=kpi.evaluation_id,
            digest_channel=kpi.digest_channel,
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

    def add(self, team_id: str, user_id: str, draft: KpiDraft) -> KpiRecord:
        """Start tracking a KPI the person added by hand (owned by them); `KpiError` when
        they already track one of that name."""
        mine = self.store.list_kpis(team_id, user_id, active_only=False)
        if any(kpi_key(k.name) == kpi_key(draft.name) and k.active for k in mine):
            raise KpiError(ALREADY_TRACKED.format(name=draft.name))
        owned = draft.model_copy(update={"owner_user_id": user_id})
        return self.store.upsert_kpi(team_id, owned)

    def find(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Return the person's KPI that `name` designates (case, spacing and small typos
        forgiven); `KpiError` listing their KPIs when none or several match."""
        return find_by_name(self.store.list_kpis(team_id, user_id), name)

    def log(
        self,
        team_id: str,
        user_id: str,
        name: str,
        text: str,
        *,
        note: str | None = None,
        day: date | None = None,
    ) -> LoggedValue:
        """Log the value typed for the person's KPI `name` ("12.5", "$3k", "18%") on `day`
        (their today by default); a bad value raises `KpiError` and stores nothing."""
        kpi = self.find(team_id, user_id, name)
        value = parse_logged_value(text, name=kpi.name)
        return self.log_value(team_id, user_id, kpi.id, value, note=note, day=day)

    def log_typed(self, team_id: str, user_id: str, argument: str) -> LoggedValue:
        """Log what `/align kpi log NAME VALUE [note]` says: the first reading whose NAME is
        one of the person's KPIs; `KpiError` with the usage or their KPIs otherwise."""
        splits = log_command_splits(argument)
        if not splits:
            raise KpiError(LOG_USAGE)
        first_problem: KpiError | None = None
        for name, value, note in splits:
            try:
                kpi = self.find(team_id, user_id, name)
            except KpiError as exc:
                first_problem = first_problem or exc
                continue
            return self.log(team_id, user_id, kpi.name, value, note=note or None)
        assert first_problem is not None
        raise first_problem

    def log_value(
        self,
        team_id: str,
        user_id: str,
        kpi_id: int,
        value: float,
        *,
        note: str | None = None,
        day: date | None = None,
    ) -> LoggedValue:
        """Log `value` for the person's KPI on `day` (their today by default) and return
        where it stands, saying when this value turned it off track, with the next step
        of the latest report's finding for its initiative."""
        kpi = self.kpi_of(team_id, user_id, kpi_id)
        today = (
            self._clock().astimezone(zone_of(self.store.nudge_preferences(team_id, user_id))).date()
        )
        if day is not None and day > today:
            raise KpiError(VALUE_IN_FUTURE)
        before = self._with_progress(team_id, kpi).progress.status
        self.store.log_reading(
            team_id,
            kpi.id,
            value=value,
            observed_on=day or today,
            recorded_by=user_id,
            note=(note or "").strip()[:500] or None,
        )
        tracked = self._with_progress(team_id, kpi)
        turned = tracked.progress.status == "off_track" and before != "off_track"
        step: NextStep | None = None
        passage: Citation | None = None
        if tracked.progress.status == "off_track":
            latest = self.store.latest_evaluation(team_id, user_id)
            step = next_step_for(_readable(latest), kpi)
            if step is not None and self._cite is not None:
                passage = self._cite(step.topic)
        return LoggedValue(
            tracked=tracked, turned_off_track=turned, next_step=step, passage=passage
        )

    def pause(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Leave the person's KPI `name` out of nudges until resumed."""
        return self.store.set_kpi_paused(team_id, self.find(team_id, user_id, name).id, True)

    def resume(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Put the person's paused KPI `name` back into their nudges."""
        return self.store.set_kpi_paused(team_id, self.find(team_id, user_id, name).id, False)

    def delete(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Delete the person's KPI `name` and its readings; return what was deleted."""
        kpi = self.find(team_id, user_id, name)
        self.store.delete_kpi(team_id, kpi.id)
        return kpi

    def _with_progress(self, team_id: str, kpi: KpiRecord) -> TrackedKpi:
        return tracked_kpi(kpi, self.store.list_readings(team_id, kpi.id))

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
            history=build_history(self.store.list_evaluations(team_id, user_id))
            if latest
            else None,
            today=self._clock().date(),
            reassess_cadence=self.store.nudge_preferences(team_id, user_id).reassess_cadence,
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
