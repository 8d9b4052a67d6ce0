"""Nudge rendering (bot/render/nudges.py, the KPI list and add modal of bot/render/kpis.py)
against the Block Kit limits, with hostile and oversized KPI names."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from bot.kpis.dashboard import TrackedKpi
from bot.kpis.logged import LoggedValue, NextStep
from bot.kpis.progress import Reading, kpi_progress
from bot.render.kpis import (
    LOG_VALUE,
    add_block_id,
    build_kpi_add_view,
    build_kpi_list_blocks,
)
from bot.render.nudges import (
    SNOOZE,
    STOP,
    build_digest_blocks,
    build_log_value_view,
    build_logged_blocks,
    build_nudge_blocks,
    build_preferences_blocks,
    build_preferences_view,
    nudge_fallback_text,
)
from bot.store import NudgePreferences
from knowledge.models import Citation
from tests.nudges.people import kpi
from tests.slack.limits import block_kit_problems, view_problems

HOSTILE = "<!channel> & <@U123> *bold* " + "x" * 200


def tracked(n: int = 1, name: str | None = None, value: float = 12.0) -> TrackedKpi:
    record = kpi(n, name=name or f"KPI {n}", baseline=10.0, target=20.0)
    progress = kpi_progress(
        direction="up",
        baseline=10.0,
        target=20.0,
        started_on=date(2026, 12, 1),
        deadline=date(2027, 12, 31),
        readings=[Reading(observed_on=date(2027, 1, 4), value=value)],
    )
    return TrackedKpi(kpi=record, progress=progress)


def _action_ids(blocks: list[dict[str, object]]) -> list[str]:
    found = []
    for block in blocks:
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            found.append(accessory["action_id"])
        for element in block.get("elements", []):  # type: ignore[attr-defined]
            if isinstance(element, dict) and "action_id" in element:
                found.append(element["action_id"])
    return found


def test_nudge_has_a_log_button_per_kpi_then_snooze_and_stop() -> None:
    blocks = build_nudge_blocks([tracked(1), tracked(2)])
    assert _action_ids(blocks) == [LOG_VALUE, LOG_VALUE, SNOOZE, STOP]
    assert block_kit_problems(blocks) == []


@pytest.mark.parametrize("count", [1, 49, 120])
def test_nudge_keeps_within_fifty_blocks_whatever_the_number_of_kpis(count: int) -> None:
    blocks = build_nudge_blocks([tracked(i, HOSTILE) for i in range(count)], reminder=True)
    assert block_kit_problems(blocks) == []
    assert _action_ids(blocks)[-2:] == [SNOOZE, STOP]


def test_user_text_cannot_ping_anyone_in_a_nudge_or_its_text() -> None:
    blocks = build_nudge_blocks([tracked(1, HOSTILE)])
    text = nudge_fallback_text([tracked(1, HOSTILE)])
    assert "<!channel>" not in json.dumps(blocks)
    assert "<!channel>" not in text
    assert "&lt;!channel&gt;" in text


def test_log_value_modal_defaults_the_day_to_today_and_fits() -> None:
    view = build_log_value_view(tracked(1, HOSTILE), today=date(2027, 1, 4))
    assert view_problems(view) == []
    assert '"initial_date": "2027-01-04"' in json.dumps(view)
    assert json.loads(str(view["private_metadata"])) == {"k": 1}


def test_confirmation_says_off_track_and_gives_the_reports_next_step() -> None:
    logged = LoggedValue(
        tracked=tracked(1, value=10.0).model_copy(
            update={
                "progress": tracked(1, value=10.0).progress.model_copy(
                    update={"status": "off_track"}
                )
            }
        ),
        turned_off_track=True,
        next_step=NextStep(finding_title="Pilot first", next_step="Run a <pilot>", topic="pilot"),
        passage=Citation(
            n=1,
            title="Strategic alignment",
            source="alignment",
            level="Intermediate",
            section="Pilot projects",
            text="Start small & measure.",
            score=0.6,
        ),
    )
    blocks = build_logged_blocks(logged)
    text = json.dumps(blocks)
    assert "off track now" in text
    assert "Run a &lt;pilot&gt;" in text
    assert "Start small &amp; measure." in text
    assert block_kit_problems(blocks) == []


def test_confirmation_on_track_has_no_next_step() -> None:
    logged = LoggedValue(tracked=tracked(1, value=19.0), turned_off_track=False)
    assert len(build_logged_blocks(logged)) == 1


def test_preferences_show_time_days_pause_and_away() -> None:
    prefs = NudgePreferences(
        nudge_time=time(7, 30), work_days=(0, 2), paused=True, away_until=date(2027, 1, 8)
    )
    text = json.dumps(build_preferences_blocks(prefs))
    assert "07:30, Monday, Wednesday" in text
    assert "Paused" in text
    assert "Away until" in text
    assert view_problems(build_preferences_view(prefs)) == []


def test_kpi_list_has_a_log_button_per_kpi_and_fits() -> None:
    blocks = build_kpi_list_blocks([tracked(i, HOSTILE) for i in range(80)])
    assert block_kit_problems(blocks) == []
    assert build_kpi_list_blocks([])[0]["text"]["text"].startswith("You track no KPIs")


def test_kpi_add_modal_offers_the_reports_objectives_and_fits() -> None:
    view = build_kpi_add_view(objectives=[HOSTILE] * 3, initiatives=["Robot"])
    assert view_problems(view) == []
    ids = [b["block_id"] for b in view["blocks"]]  # type: ignore[attr-defined]
    assert add_block_id("objective") in ids
    assert add_block_id("initiative") in ids
    assert add_block_id("objective") not in [
        b["block_id"]
        for b in build_kpi_add_view()["blocks"]  # type: ignore[attr-defined]
    ]


def test_digest_has_a_status_line_per_kpi() -> None:
    blocks = build_digest_blocks([tracked(1), tracked(2, HOSTILE)])
    assert block_kit_problems(blocks) == []
    assert json.dumps(blocks, ensure_ascii=False).count("• ") == 2
