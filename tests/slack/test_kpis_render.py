"""Tracked-KPI rendering (bot/render/kpis.py) against the Block Kit limits: the confirmation
after "Track these KPIs", a KPI's progress line, and the "Set values" modal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.kpis.dashboard import TrackedKpi
from bot.kpis.progress import KpiProgress, Reading, kpi_progress
from bot.render.kpis import (
    BASELINE_BLOCK,
    DATE_BLOCK,
    OBSERVED_BLOCK,
    READING_BLOCK,
    SET_KPI_VALUES,
    TARGET_BLOCK,
    build_kpi_saved_view,
    build_kpi_values_view,
    build_tracked_blocks,
    missing_text,
    parse_kpi_ref,
    progress_bar,
    progress_text,
    tracked_fallback_text,
    tracked_kpi_block,
    values_line,
)
from bot.store import KpiRecord
from tests.slack.limits import block_kit_problems, view_problems

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def kpi(n: int = 1, **fields: Any) -> KpiRecord:
    values: dict[str, Any] = {
        "id": n,
        "team_id": "T1",
        "owner_user_id": "U1",
        "name": f"Sourdough loaves sold per week {n}",
        "unit": "loaves/week",
        "direction": "up",
        "baseline": 600.0,
        "target": 690.0,
        "target_date": date(2027, 9, 30),
        "cadence": "weekdays",
        "objective": "Grow sourdough sales to regulars by 15%",
        "initiative": None,
        "evaluation_id": 1,
        "active": True,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return KpiRecord(**(values | fields))


def text_of(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def progress_of(record: KpiRecord, *readings: tuple[date, float]) -> KpiProgress:
    return kpi_progress(
        direction=record.direction,
        baseline=record.baseline,
        target=record.target,
        started_on=record.created_at.date(),
        deadline=record.target_date,
        readings=[Reading(observed_on=d, value=v) for d, v in readings],
    )


def test_confirmation_lists_complete_kpis_and_offers_set_values_for_the_rest() -> None:
    blocks = build_tracked_blocks([kpi(1), kpi(2, target=None, target_date=None)])
    assert block_kit_problems(blocks, "message") == []
    text = text_of(blocks)
    assert "*Now tracking 2 KPIs for you.*" in text
    assert "• ↑ *Sourdough loaves sold per week 1*: 600 loaves/week → 690 loaves/week" in text
    incomplete = blocks[-1]
    assert "_no target or target date yet_" in incomplete["text"]["text"]
    assert incomplete["accessory"]["action_id"] == SET_KPI_VALUES
    assert parse_kpi_ref(incomplete["accessory"]["value"]) == 2
    assert "Press *Set values*" in text


def test_confirmation_of_one_complete_kpi_has_no_set_values_button() -> None:
    blocks = build_tracked_blocks([kpi(1)])
    assert "*Now tracking 1 KPI for you.*" in text_of(blocks)
    assert SET_KPI_VALUES not in text_of(blocks)


def test_confirmation_of_nothing_says_so() -> None:
    assert text_of(build_tracked_blocks([])) == text_of(
        [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "This report has no KPIs to track."},
            }
        ]
    )


def test_confirmation_of_sixty_kpis_missing_values_fits_and_counts_the_rest() -> None:
    many = [kpi(n, baseline=None, target=None, name="K" * 120 + str(n)) for n in range(60)]
    blocks = build_tracked_blocks(many)
    assert block_kit_problems(blocks, "message") == []
    assert len(blocks) == 50
    assert "…and 13 more KPIs missing a value: set them from the *Home* tab." in text_of(blocks)


def test_fallback_text_names_the_kpis() -> None:
    assert tracked_fallback_text([kpi(1)]) == (
        "Now tracking 1 KPI: Sourdough loaves sold per week 1."
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, "600 loaves/week → 690 loaves/week by 30 September 2027"),
        ({"target": None, "target_date": None}, "600 loaves/week → ?"),
        ({"unit": "%", "baseline": 22.0, "target": 30.5}, "22% → 30.5% by 30 September 2027"),
        ({"unit": "", "baseline": None}, "? → 690 by 30 September 2027"),
        ({"unit": "<b>&co"}, "600 &lt;b&gt;&amp;co → 690 &lt;b&gt;&amp;co by 30 September 2027"),
    ],
)
def test_values_line_shows_baseline_target_and_date(fields: dict[str, Any], expected: str) -> None:
    assert values_line(kpi(**fields)) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ""),
        ({"target": None}, "_no target yet_"),
        ({"baseline": None, "target": None}, "_no baseline or target yet_"),
        (
            {"baseline": None, "target": None, "target_date": None},
            "_no baseline, target or target date yet_",
        ),
    ],
)
def test_missing_text_names_what_is_missing(fields: dict[str, Any], expected: str) -> None:
    assert missing_text(kpi(**fields)) == expected


@pytest.mark.parametrize(
    ("share", "bar"),
    [(0.0, "▱" * 10), (0.5, "▰" * 5 + "▱" * 5), (1.0, "▰" * 10), (1.7, "▰" * 10), (-1, "▱" * 10)],
)
def test_progress_bar_is_bounded(share: float, bar: str) -> None:
    assert progress_bar(share) == bar


def test_progress_text_shows_bar_share_status_and_latest_value() -> None:
    record = kpi()
    progress = progress_of(record, (date(2027, 1, 15), 645.0))
    assert progress_text(progress, record) == (
        "`▰▰▰▰▰▱▱▱▱▱` 50% · 🟢 on track · latest 645 loaves/week on 15 January 2027"
    )


def test_progress_text_says_when_the_first_value_is_the_baseline() -> None:
    record = kpi(baseline=None)
    progress = progress_of(record, (date(2027, 1, 15), 645.0))
    assert "baseline taken from the first value" in progress_text(progress, record)


def test_tracked_kpi_block_offers_set_values_or_log_a_value() -> None:
    complete = tracked_kpi_block(TrackedKpi(kpi=kpi(), progress=progress_of(kpi())))
    missing = kpi(target=None)
    incomplete = tracked_kpi_block(TrackedKpi(kpi=missing, progress=progress_of(missing)))
    assert complete["accessory"]["text"]["text"] == "Log a value"
    assert incomplete["accessory"]["text"]["text"] == "Set values"
    assert "waiting for a first value" in complete["text"]["text"]
    assert block_kit_problems([complete, incomplete], "home") == []


def test_values_modal_is_filled_with_what_is_stored_and_fits() -> None:
    view = build_kpi_values_view(kpi(7, baseline=1234.5, target=None), today=date(2026, 12, 1))
    assert view_problems(view) == []
    assert json.loads(str(view["private_metadata"])) == {"k": 7}
    blocks: list[dict[str, Any]] = view["blocks"]  # type: ignore[assignment]
    inputs = {b["block_id"]: b for b in blocks if b["type"] == "input"}
    assert list(inputs) == [READING_BLOCK, OBSERVED_BLOCK, BASELINE_BLOCK, TARGET_BLOCK, DATE_BLOCK]
    assert all(b["optional"] for b in inputs.values())
    assert "initial_value" not in inputs[READING_BLOCK]["element"]
    assert inputs[OBSERVED_BLOCK]["element"]["initial_date"] == "2026-12-01"
    assert inputs[BASELINE_BLOCK]["element"]["initial_value"] == "1,234.5"
    assert "initial_value" not in inputs[TARGET_BLOCK]["element"]
    assert inputs[DATE_BLOCK]["element"]["initial_date"] == "2027-09-30"


def test_values_modal_of_a_falling_kpi_says_lower_is_better() -> None:
    view = build_kpi_values_view(
        kpi(direction="down", name="Median first response time"), today=date(2026, 12, 1)
    )
    assert "lower is better" in text_of(view)


def test_saved_view_confirms_the_values_progress_and_what_is_still_missing() -> None:
    record = kpi(target_date=None)
    view = build_kpi_saved_view(
        TrackedKpi(kpi=record, progress=progress_of(record, (date(2027, 1, 15), 645.0)))
    )
    assert view_problems(view) == []
    assert "Saved." in text_of(view)
    assert "50% · no target date yet · latest 645 loaves/week on 15 January 2027" in text_of(view)
    assert "_no target date yet_" in text_of(view)


@pytest.mark.parametrize(("value", "expected"), [("12", 12), ("x", None), ("", None), ("-3", None)])
def test_kpi_buttons_carry_the_kpi_id(value: str, expected: int | None) -> None:
    assert parse_kpi_ref(value) == expected
