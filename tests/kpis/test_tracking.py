"""From a KPI plan to KPI drafts (bot/kpis/tracking.py): pure, no store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings

from bot.kpis.tracking import kpi_drafts, kpi_key, missing_values, planned_kpis
from bot.store import KpiRecord
from evaluators import Evaluation, evaluate, load_rubric
from tests.evaluators.strategies import assessments
from tests.kpis.seed import persona_evaluation

RUBRIC = load_rubric()


def stored(**fields: Any) -> KpiRecord:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    values: dict[str, Any] = {
        "id": 1,
        "team_id": "T1",
        "owner_user_id": "U1",
        "name": "Dough batches kneaded per morning",
        "unit": "batches",
        "direction": "up",
        "baseline": 6.0,
        "target": None,
        "target_date": None,
        "cadence": "weekdays",
        "objective": None,
        "initiative": None,
        "evaluation_id": 1,
        "active": True,
        "created_at": now,
        "updated_at": now,
    }
    return KpiRecord(**(values | fields))


def test_each_planned_kpi_becomes_a_draft_owned_by_the_person() -> None:
    bakery = persona_evaluation("artisan_bakery")
    drafts = kpi_drafts(bakery, owner_user_id="U0PAT", evaluation_id=9)
    assert [d.model_dump(exclude={"cadence_day", "digest_channel"}) for d in drafts] == [
        {
            "owner_user_id": "U0PAT",
            "name": "Sourdough loaves sold per week",
            "unit": "loaves/week",
            "direction": "up",
            "baseline": 600.0,
            "target": 690.0,
            "target_date": date(2027, 9, 30),
            "cadence": "weekdays",
            "objective": bakery.kpi_plan[0].objective,
            "initiative": None,
            "evaluation_id": 9,
        },
        {
            "owner_user_id": "U0PAT",
            "name": "Dough batches kneaded per morning",
            "unit": "batches",
            "direction": "up",
            "baseline": 6.0,
            "target": None,
            "target_date": date(2027, 9, 30),
            "cadence": "weekdays",
            "objective": bakery.kpi_plan[0].objective,
            "initiative": "Robotic kneading arm",
            "evaluation_id": 9,
        },
    ]


def test_a_falling_kpi_keeps_its_direction() -> None:
    shop = persona_evaluation("ecommerce_chatbot")
    drafts = {d.name: d for d in kpi_drafts(shop, owner_user_id="U1", evaluation_id=1)}
    response = drafts["Median first response time"]
    assert (response.direction, response.baseline, response.target) == ("down", 18.0, 1.0)
    assert len(drafts) == 3


def test_a_kpi_planned_under_two_objectives_is_tracked_once() -> None:
    bakery = persona_evaluation("artisan_bakery")
    group = bakery.kpi_plan[0]
    renamed = group.kpis[0].model_copy(update={"name": "  SOURDOUGH loaves sold  per week "})
    again = group.model_copy(update={"objective_id": "other", "kpis": (renamed,)})
    doubled = bakery.model_copy(update={"kpi_plan": (group, again)})
    drafts = kpi_drafts(doubled, owner_user_id="U1", evaluation_id=1)
    assert [d.name for d in drafts] == [k.name for k in group.kpis]
    assert [k.name for k, _ in planned_kpis(doubled)] == [k.name for k in group.kpis]


def test_tracking_again_keeps_values_filled_in_since_and_the_stored_name() -> None:
    bakery = persona_evaluation("artisan_bakery")
    before = stored(
        name="dough batches kneaded per MORNING",
        target=9.0,
        target_date=date(2027, 3, 1),
        cadence="weekly",
    )
    drafts = kpi_drafts(bakery, owner_user_id="U1", evaluation_id=2, existing=[before])
    dough = drafts[1]
    assert dough.name == "dough batches kneaded per MORNING"
    assert (dough.baseline, dough.target) == (6.0, 9.0)  # the plan's baseline, the kept target
    assert dough.target_date == date(2027, 9, 30)  # the plan gives one: it wins
    assert dough.cadence == "weekly"


def test_a_plan_value_replaces_a_stored_one() -> None:
    bakery = persona_evaluation("artisan_bakery")
    before = stored(name="Sourdough loaves sold per week", baseline=1.0, target=2.0)
    drafts = kpi_drafts(bakery, owner_user_id="U1", evaluation_id=2, existing=[before])
    assert (drafts[0].baseline, drafts[0].target) == (600.0, 690.0)


def test_an_evaluation_without_a_kpi_plan_tracks_nothing() -> None:
    bakery = persona_evaluation("artisan_bakery")
    assert (
        kpi_drafts(bakery.model_copy(update={"kpi_plan": ()}), owner_user_id="U1", evaluation_id=1)
        == []
    )


def test_missing_values_names_what_progress_still_needs() -> None:
    assert missing_values(stored()) == ["target", "target date"]
    assert missing_values(stored(baseline=None)) == ["baseline", "target", "target date"]
    assert missing_values(stored(target=7.0, target_date=date(2027, 1, 1))) == []


def test_kpi_key_ignores_case_and_spacing() -> None:
    assert kpi_key("  Online   ORDERS ") == kpi_key("online orders")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment=assessments())
def test_any_evaluations_plan_makes_valid_drafts_within_the_stores_limits(
    assessment: Any,
) -> None:
    evaluation: Evaluation = evaluate(assessment, RUBRIC)
    drafts = kpi_drafts(evaluation, owner_user_id="U1", evaluation_id=1)
    assert len({kpi_key(d.name) for d in drafts}) == len(drafts)
    assert len(drafts) == len(planned_kpis(evaluation))
    for draft in drafts:
        assert len(draft.name) <= 120
        assert len(draft.unit) <= 40
