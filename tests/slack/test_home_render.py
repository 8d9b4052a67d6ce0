"""The App Home dashboard (bot/render/home.py) against the Block Kit limits: nothing yet, an
interview in progress, a report with KPIs, and far more KPIs than a Home holds."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.kpis.dashboard import Dashboard, InterviewStatus, TrackedKpi
from bot.kpis.progress import kpi_progress
from bot.render.home import (
    MAX_HOME_KPIS,
    NO_KPIS,
    NO_REPORT,
    RESUME_INTERVIEW,
    SHOW_REPORT,
    build_dashboard_blocks,
    build_home_view,
    interview_block,
    open_findings_text,
)
from bot.store import KpiRecord
from evaluators import Evaluation, evaluate, load_rubric
from tests.evaluators.strategies import assessments
from tests.kpis.seed import persona_evaluation
from tests.slack.limits import view_problems

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
RUBRIC = load_rubric()


def tracked(n: int, name: str | None = None) -> TrackedKpi:
    kpi = KpiRecord(
        id=n,
        team_id="T1",
        owner_user_id="U1",
        name=name or f"KPI number {n}",
        unit="%",
        direction="up",
        baseline=10.0,
        target=20.0,
        target_date=date(2027, 6, 30),
        cadence="weekdays",
        objective=None,
        initiative=None,
        evaluation_id=1,
        active=True,
        created_at=NOW,
        updated_at=NOW,
    )
    progress = kpi_progress(
        direction="up",
        baseline=10.0,
        target=20.0,
        started_on=NOW.date(),
        deadline=kpi.target_date,
        readings=[],
    )
    return TrackedKpi(kpi=kpi, progress=progress)


def home(dashboard: Dashboard) -> dict[str, Any]:
    return build_home_view(dashboard=build_dashboard_blocks(dashboard))


def text_of(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


NOTHING = Dashboard(interview=InterviewStatus(state="not_started"))


def test_home_of_a_newcomer_fits_and_says_how_to_begin() -> None:
    view = home(NOTHING)
    assert view_problems(view) == []
    text = text_of(view)
    assert json.dumps(NO_REPORT)[1:-1] in text
    assert json.dumps(NO_KPIS)[1:-1] in text
    assert "*What can I do here?*" in text


def test_interview_in_progress_shows_where_with_a_resume_button() -> None:
    status = InterviewStatus(
        state="in_progress", label="question 7 of about 51, Readiness checklist", number=7, total=51
    )
    block = interview_block(status)
    assert block["text"]["text"].startswith(
        "*Alignment interview*: in progress, at question 7 of about 51, Readiness checklist."
    )
    assert block["accessory"]["action_id"] == RESUME_INTERVIEW
    assert block["accessory"]["text"]["text"] == "Resume"


def test_finished_interview_offers_a_new_one() -> None:
    block = interview_block(InterviewStatus(state="finished"))
    assert block["accessory"]["text"]["text"] == "New interview"


def test_home_with_a_report_shows_score_maturity_weakest_and_open_findings() -> None:
    bakery = persona_evaluation("artisan_bakery")
    dashboard = Dashboard(
        evaluation_id=5,
        evaluated_at=NOW,
        evaluation=bakery,
        interview=InterviewStatus(state="finished"),
        kpis=(tracked(1, "Sourdough loaves sold per week"),),
    )
    view = home(dashboard)
    assert view_problems(view) == []
    text = text_of(view)
    assert "*Score 39.2 / 100 · Misaligned*, maturity level 1 of 4 (Reactive)." in text
    assert "Weakest dimension: Data and ethics (0). Assessed on 23 November 2026." in text
    assert f"🔴 {bakery.findings[0].title}" in text
    problems = [f for f in bakery.findings if f.severity != "strength"]
    assert f"_…and {len(problems) - 3} more in the report_" in text
    assert "*Your KPIs* (1)" in text
    show = next(b for b in view["blocks"] if b.get("accessory", {}).get("action_id") == SHOW_REPORT)
    assert show["accessory"]["value"] == "5"


def test_open_findings_leave_strengths_out() -> None:
    bakery = persona_evaluation("artisan_bakery")
    strengths = tuple(f for f in bakery.findings if f.severity == "strength")
    assert open_findings_text(bakery.model_copy(update={"findings": strengths})) == ""


def test_home_with_more_kpis_than_it_holds_fits_and_counts_the_rest() -> None:
    bakery = persona_evaluation("artisan_bakery")
    dashboard = Dashboard(
        evaluation_id=5,
        evaluated_at=NOW,
        evaluation=bakery,
        interview=InterviewStatus(state="in_progress", label="question 3 of about 51, x"),
        kpis=tuple(tracked(n, "K" * 118 + f"{n:02d}") for n in range(75)),
    )
    view = home(dashboard)
    assert view_problems(view) == []
    assert f"…and {75 - MAX_HOME_KPIS} more KPIs not shown here." in text_of(view)
    assert "*What can I do here?*" in text_of(view)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment=assessments(), kpis=st.integers(0, 60))
def test_home_of_any_evaluation_fits(assessment: Any, kpis: int) -> None:
    evaluation: Evaluation = evaluate(assessment, RUBRIC)
    dashboard = Dashboard(
        evaluation_id=1,
        evaluated_at=NOW,
        evaluation=evaluation,
        interview=InterviewStatus(state="finished"),
        kpis=tuple(tracked(n) for n in range(kpis)),
    )
    assert view_problems(home(dashboard)) == []
