"""KPIs added and logged by hand, found by name, paused and deleted, and nudge preferences,
over the real store on SQLite and PostgreSQL (bot/kpis/service.py, names.py, forms.py,
preferences.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.kpis.errors import KpiError
from bot.kpis.forms import parse_new_kpi, parse_nudge_time, parse_work_days
from bot.kpis.preferences import NudgePreferencesService, PreferencesChange
from bot.kpis.service import KpiService
from bot.store import KpiDraft, NudgePreferences, Store
from tests.kpis.seed import store_persona
from tests.store.backends import FakeClock

TEAM, OTHER_TEAM = "T0BAKERY", "T0OTHER"
PAT = "U0PAT"
TODAY = date(2026, 11, 23)


@pytest.fixture
def service(store: Store, clock: FakeClock) -> KpiService:
    return KpiService(store, clock=clock)


def _add(service: KpiService, name: str, **fields: object) -> int:
    draft = KpiDraft.model_validate({"owner_user_id": PAT, "name": name, **fields})
    return service.add(TEAM, PAT, draft).id


def test_added_kpi_is_listed_with_its_cadence(service: KpiService) -> None:
    _add(service, "Weekly orders", cadence="weekly", cadence_day=0, baseline=10, target=20)
    [tracked] = service.tracked(TEAM, PAT)
    assert (tracked.kpi.name, tracked.kpi.cadence, tracked.kpi.cadence_day) == (
        "Weekly orders",
        "weekly",
        0,
    )


def test_adding_a_name_already_tracked_is_refused(service: KpiService) -> None:
    _add(service, "Weekly orders")
    with pytest.raises(KpiError, match="already track"):
        _add(service, "weekly  ORDERS")


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("weekly orders", "Weekly orders"),
        ("REFUND", "Refund rate"),
        ("wekly ordres", "Weekly orders"),
    ],
)
def test_find_by_name_forgives_case_parts_and_typos(
    service: KpiService, typed: str, found: str
) -> None:
    _add(service, "Weekly orders")
    _add(service, "Refund rate")
    assert service.find(TEAM, PAT, typed).name == found


@pytest.mark.parametrize(("typed", "says"), [("rate", "could be"), ("payroll", "don't know")])
def test_unknown_or_ambiguous_name_lists_the_persons_kpis(
    service: KpiService, typed: str, says: str
) -> None:
    _add(service, "Refund rate")
    _add(service, "Churn rate")
    with pytest.raises(KpiError, match=says) as raised:
        service.find(TEAM, PAT, typed)
    assert "Churn rate" in str(raised.value)


def test_another_workspaces_kpi_is_not_found(service: KpiService) -> None:
    _add(service, "Weekly orders")
    with pytest.raises(KpiError, match="no KPIs yet"):
        service.find(OTHER_TEAM, PAT, "Weekly orders")


@pytest.mark.parametrize(("typed", "value"), [("12.5", 12.5), ("$3k", 3000.0), ("18%", 18.0)])
def test_log_reads_values_like_interview_answers(
    service: KpiService, store: Store, typed: str, value: float
) -> None:
    kpi = _add(service, "Weekly orders")
    logged = service.log(TEAM, PAT, "weekly orders", typed, note="after the promo")
    readings = store.list_readings(TEAM, kpi)
    assert [(r.value, r.observed_on, r.note) for r in readings] == [
        (value, TODAY, "after the promo")
    ]
    assert logged.tracked.progress.latest == value


def test_a_bad_value_gets_one_sentence_and_an_example_and_stores_nothing(
    service: KpiService, store: Store
) -> None:
    kpi = _add(service, "Weekly orders")
    with pytest.raises(KpiError, match=r"like 20.*/align kpi log Weekly orders 12\.5"):
        service.log(TEAM, PAT, "weekly orders", "lots")
    assert store.list_readings(TEAM, kpi) == []


def test_log_defaults_to_the_persons_local_today(
    service: KpiService, store: Store, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    store.save_nudge_preferences(TEAM, PAT, NudgePreferences(tz="America/Los_Angeles"))
    _add(service, "Weekly orders")
    logged = service.log(TEAM, PAT, "weekly orders", "4")
    assert logged.tracked.progress.latest_on == TODAY


def test_a_value_for_a_day_to_come_is_refused(service: KpiService) -> None:
    _add(service, "Weekly orders")
    with pytest.raises(KpiError, match="today or an earlier day"):
        service.log(TEAM, PAT, "weekly orders", "4", day=date(2026, 12, 1))


def test_a_value_that_turns_a_kpi_off_track_says_so_with_the_reports_next_step(
    service: KpiService, store: Store, clock: FakeClock
) -> None:
    report = store_persona(store, TEAM, PAT, "artisan_bakery")
    service.track(TEAM, PAT, report.id)
    kneading = service.find(TEAM, PAT, "dough batches")
    service.set_values(TEAM, PAT, kneading.id, baseline=6, target=12, target_date=date(2027, 1, 1))
    first = service.log(TEAM, PAT, "dough batches", "8")
    clock.advance(days=30)
    second = service.log(TEAM, PAT, "dough batches", "8")
    assert (first.tracked.progress.status, first.turned_off_track) == ("on_track", False)
    assert (second.tracked.progress.status, second.turned_off_track) == ("off_track", True)
    assert second.next_step is not None
    assert "Robotic kneading arm" in second.next_step.finding_title
    assert second.next_step.topic


def test_pause_resume_and_delete_by_name(service: KpiService, store: Store) -> None:
    _add(service, "Weekly orders")
    assert service.pause(TEAM, PAT, "weekly orders").paused is True
    assert store.nudge_snapshot(TEAM, TODAY, TODAY).kpis == ()
    assert service.resume(TEAM, PAT, "weekly orders").paused is False
    service.delete(TEAM, PAT, "weekly orders")
    assert service.tracked(TEAM, PAT) == []


# --- the add form ------------------------------------------------------------------------------


def _form(**fields: str) -> dict[str, str]:
    return {"name": "Weekly orders", "cadence": "weekly", "cadence_day": "monday"} | fields


def test_add_form_reads_money_dates_and_the_cadence_day() -> None:
    draft, errors = parse_new_kpi(
        _form(baseline="$3k", target="$4.5k", target_date="2027-06-30", direction="up"),
        owner_user_id=PAT,
        today=TODAY,
    )
    assert errors == {}
    assert draft is not None
    assert (draft.baseline, draft.target, draft.target_date, draft.cadence_day) == (
        3000.0,
        4500.0,
        date(2027, 6, 30),
        0,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"baseline": "lots"}, "baseline"),
        ({"target_date": "2020-01-01"}, "target_date"),
        ({"cadence": "hourly"}, "cadence"),
        ({"cadence": "monthly", "cadence_day": "40"}, "cadence_day"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_add_form_answers_a_field_it_cannot_read_with_a_field_error(
    fields: dict[str, str], field: str
) -> None:
    draft, errors = parse_new_kpi(_form(**fields), owner_user_id=PAT, today=TODAY)
    assert draft is None
    assert list(errors) == [field]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("09:00", time(9)), ("9am", time(9)), ("5:30 pm", time(17, 30)), ("12am", time(0))],
)
def test_nudge_time_reads_common_spellings(typed: str, meant: time) -> None:
    assert parse_nudge_time(typed) == meant


@pytest.mark.parametrize("typed", ["25:00", "13pm", "noonish"])
def test_a_time_that_is_not_one_gets_an_example(typed: str) -> None:
    with pytest.raises(KpiError, match="like 09:00"):
        parse_nudge_time(typed)


def test_work_days_read_names_and_digits() -> None:
    assert parse_work_days(["fri", "0", "Wednesday"]) == (0, 2, 4)
    with pytest.raises(KpiError):
        parse_work_days(["someday"])


# --- nudge preferences --------------------------------------------------------------------------


def test_preferences_change_only_what_is_given(store: Store, clock: FakeClock) -> None:
    prefs = NudgePreferencesService(store, clock=clock)
    prefs.change(TEAM, PAT, PreferencesChange(nudge_time=time(7, 30), away_until=TODAY))
    changed = prefs.change(TEAM, PAT, PreferencesChange(work_days=(0, 1)))
    assert (changed.nudge_time, changed.work_days, changed.away_until) == (
        time(7, 30),
        (0, 1),
        TODAY,
    )
    assert prefs.change(TEAM, PAT, PreferencesChange(away_until=None)).away_until is None


def test_snooze_holds_nudges_until_the_persons_tomorrow(store: Store, clock: FakeClock) -> None:
    prefs = NudgePreferencesService(store, clock=clock)
    assert prefs.snooze(TEAM, PAT).snoozed_until == date(2026, 11, 24)
    assert prefs.stop(TEAM, PAT).paused is True
    assert prefs.get(OTHER_TEAM, PAT) == NudgePreferences()
