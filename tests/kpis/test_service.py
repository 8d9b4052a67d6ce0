"""KPI tracking over the real store, on SQLite and PostgreSQL (bot/kpis/service.py): the plan
tracked once however often, values kept, ownership and workspaces respected, progress and
the dashboard computed from what is stored."""

from __future__ import annotations

from datetime import date

import pytest

from bot.interview import InterviewService, InterviewStateError, load_bank
from bot.interview.report import REPORT_NOT_FOUND
from bot.interview.scoring import rubric_scorer
from bot.interview.views import Asked
from bot.kpis.errors import KpiError
from bot.kpis.service import KpiService
from bot.kpis.values import KpiValues
from bot.store import Store, StoreError
from tests.kpis.seed import store_persona
from tests.store.backends import FakeClock

TEAM, OTHER_TEAM = "T0BAKERY", "T0OTHER"
PAT, SAM = "U0PAT", "U0SAM"


@pytest.fixture
def interview(store: Store) -> InterviewService:
    return InterviewService(
        store, load_bank(), scorer=rubric_scorer(), today=lambda: date(2026, 11, 23)
    )


@pytest.fixture
def service(store: Store, interview: InterviewService) -> KpiService:
    return KpiService(store, interview)


def test_tracking_a_report_stores_each_planned_kpi_for_the_person(
    service: KpiService, store: Store
) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    tracked = service.track(TEAM, PAT, report.id)
    assert [k.name for k in tracked] == [
        "Sourdough loaves sold per week",
        "Dough batches kneaded per morning",
    ]
    assert store.list_kpis(TEAM, PAT) == tracked
    assert all(k.owner_user_id == PAT and k.evaluation_id == report.id for k in tracked)
    assert all(k.cadence == "weekdays" for k in tracked)


def test_tracking_twice_does_not_duplicate(service: KpiService, store: Store) -> None:
    report = store_persona(store, TEAM, PAT, "ecommerce_chatbot")
    first = service.track(TEAM, PAT, report.id)
    second = service.track(TEAM, PAT, report.id)
    assert [k.id for k in second] == [k.id for k in first]
    assert len(store.list_kpis(TEAM, PAT, active_only=False)) == 3


def test_tracking_again_keeps_a_target_filled_in_since(service: KpiService, store: Store) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    dough = service.track(TEAM, PAT, report.id)[1]
    service.set_values(TEAM, PAT, dough.id, baseline=None, target=9.0, target_date=None)
    again = service.track(TEAM, PAT, report.id)[1]
    assert (again.id, again.baseline, again.target) == (dough.id, 6.0, 9.0)


@pytest.mark.parametrize(
    ("team", "user"),
    [(TEAM, SAM), (OTHER_TEAM, PAT)],
    ids=["another person", "another workspace"],
)
def test_nobody_tracks_a_report_that_is_not_theirs(
    service: KpiService, store: Store, team: str, user: str
) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    with pytest.raises(InterviewStateError, match="can't find that report among yours"):
        service.track(team, user, report.id)
    assert store.list_kpis(team) == []
    assert str(InterviewStateError(REPORT_NOT_FOUND)).endswith("shows your latest one.")


def test_a_report_that_does_not_exist_cannot_be_tracked(service: KpiService) -> None:
    with pytest.raises(InterviewStateError):
        service.track(TEAM, PAT, 12345)


def test_set_values_fills_in_what_is_missing_and_keeps_the_rest(
    service: KpiService, store: Store
) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    dough = service.track(TEAM, PAT, report.id)[1]
    updated = service.set_values(
        TEAM, PAT, dough.id, baseline=None, target=10.0, target_date=date(2027, 6, 30)
    )
    assert (updated.id, updated.baseline, updated.target) == (dough.id, 6.0, 10.0)
    assert updated.target_date == date(2027, 6, 30)
    assert (updated.name, updated.unit, updated.initiative) == (
        dough.name,
        dough.unit,
        "Robotic kneading arm",
    )


def test_update_logs_a_value_and_sets_targets_in_one_go(service: KpiService, store: Store) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    dough = service.track(TEAM, PAT, report.id)[1]  # 6 batches, no target
    values = KpiValues(target=10.0, value=8.0, observed_on=date(2026, 12, 1))
    updated = service.update(TEAM, PAT, dough.id, values)
    assert updated.kpi.target == 10.0
    assert (updated.progress.latest, updated.progress.progress) == (8.0, 0.5)
    again = service.update(TEAM, PAT, dough.id, KpiValues(value=9.0, observed_on=date(2026, 12, 1)))
    assert again.progress.latest == 9.0  # the same day again replaces the value
    assert len(store.list_readings(TEAM, dough.id)) == 1
    assert store.list_readings(TEAM, dough.id)[0].recorded_by == PAT


def test_nobody_logs_a_value_on_another_persons_kpi(service: KpiService, store: Store) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    dough = service.track(TEAM, PAT, report.id)[1]
    with pytest.raises(KpiError):
        service.update(TEAM, SAM, dough.id, KpiValues(value=1.0, observed_on=date(2026, 12, 1)))
    assert store.list_readings(TEAM, dough.id) == []


def test_only_the_owner_changes_a_kpi(service: KpiService, store: Store) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    dough = service.track(TEAM, PAT, report.id)[1]
    with pytest.raises(KpiError, match="can't find that KPI among yours") as refused:
        service.set_values(TEAM, SAM, dough.id, baseline=1.0, target=2.0, target_date=None)
    assert PAT not in str(refused.value)
    with pytest.raises(StoreError):
        service.set_values(OTHER_TEAM, PAT, dough.id, baseline=1.0, target=2.0, target_date=None)
    assert store.get_kpi(TEAM, dough.id).target is None


def test_kpi_of_gives_the_person_their_own_kpi_only(service: KpiService, store: Store) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    dough = service.track(TEAM, PAT, report.id)[1]
    assert service.kpi_of(TEAM, PAT, dough.id) == dough
    with pytest.raises(KpiError):
        service.kpi_of(TEAM, SAM, dough.id)
    with pytest.raises(StoreError):
        service.kpi_of(OTHER_TEAM, PAT, dough.id)


def test_tracked_kpis_come_with_progress_from_their_readings(
    service: KpiService, store: Store, clock: FakeClock
) -> None:
    report = store_persona(store, TEAM, PAT, "ecommerce_chatbot")
    kpis = {k.name: k for k in service.track(TEAM, PAT, report.id)}
    response = kpis["Median first response time"]  # 18 h -> 1 h by 2027-03-31, falling
    store.log_reading(TEAM, response.id, value=9.5, observed_on=date(2026, 12, 1), recorded_by=PAT)
    progress = {t.kpi.name: t.progress for t in service.tracked(TEAM, PAT)}
    assert progress["Median first response time"].status == "on_track"
    assert progress["Median first response time"].progress == pytest.approx(0.5)
    assert progress["Median first response time"].latest == 9.5
    assert progress["Repeat purchase rate"].status == "no_reading"
    assert clock.now.date() == date(2026, 11, 23)  # tracking started on the store's today


def test_dashboard_of_a_newcomer_has_nothing_yet(
    service: KpiService, interview: InterviewService
) -> None:
    dashboard = service.dashboard(TEAM, PAT)
    assert dashboard.interview.state == "not_started"
    assert (dashboard.evaluation, dashboard.evaluation_id, dashboard.kpis) == (None, None, ())


def test_dashboard_shows_where_an_open_interview_stands(
    service: KpiService, interview: InterviewService
) -> None:
    first = interview.start_or_resume(TEAM, PAT)
    assert isinstance(first, Asked)
    interview.answer(TEAM, PAT, first.question.id, "Crumb & Co")
    status = service.dashboard(TEAM, PAT).interview
    assert status.state == "in_progress"
    assert status.number == 2
    assert status.label is not None
    assert status.label.startswith(f"question 2 of about {status.total}")


def test_dashboard_shows_the_latest_report_and_tracked_kpis(
    service: KpiService, store: Store, interview: InterviewService
) -> None:
    store_persona(store, TEAM, PAT, "artisan_bakery")
    report = store_persona(store, TEAM, PAT, "plumbing_scheduling")
    service.track(TEAM, PAT, report.id)
    dashboard = service.dashboard(TEAM, PAT)
    assert dashboard.interview.state == "finished"
    assert dashboard.evaluation_id == report.id
    assert dashboard.evaluation is not None
    assert dashboard.evaluation.score == report.score
    assert len(dashboard.kpis) == 2


def test_dashboard_is_scoped_to_the_person_and_workspace(
    service: KpiService, store: Store, interview: InterviewService
) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    service.track(TEAM, PAT, report.id)
    for team, user in ((TEAM, SAM), (OTHER_TEAM, PAT)):
        dashboard = service.dashboard(team, user)
        assert (dashboard.evaluation, dashboard.kpis) == (None, ())
