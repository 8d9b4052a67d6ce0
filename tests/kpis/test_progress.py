"""KPI progress (bot/kpis/progress.py): worked cases, then invariants over any KPI."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.kpis.progress import (
    Direction,
    KpiProgress,
    Reading,
    expected_share,
    kpi_progress,
    share_of_way,
)

START = date(2026, 1, 1)
DEADLINE = date(2026, 12, 31)  # 364 days after START
MIDYEAR = date(2026, 7, 2)  # 182 days: half way


def progress_of(
    values: list[tuple[date, float]],
    *,
    direction: Direction = "up",
    baseline: float | None = 100.0,
    target: float | None = 200.0,
    deadline: date | None = DEADLINE,
) -> KpiProgress:
    return kpi_progress(
        direction=direction,
        baseline=baseline,
        target=target,
        started_on=START,
        deadline=deadline,
        readings=[Reading(observed_on=d, value=v) for d, v in values],
    )


@pytest.mark.parametrize(
    ("values", "kpi", "outcome"),
    [
        # half the time gone, 60% of the way covered: ahead of the line
        ([(MIDYEAR, 160.0)], ("up", 100.0, 200.0), ("on_track", 0.6, 0.5)),
        # half the time gone, 40% of the way: behind it
        ([(MIDYEAR, 140.0)], ("up", 100.0, 200.0), ("off_track", 0.4, 0.5)),
        # exactly on the line
        ([(MIDYEAR, 150.0)], ("up", 100.0, 200.0), ("on_track", 0.5, 0.5)),
        # response time coming down from 18 h to 1 h: 9.5 h is half way
        ([(MIDYEAR, 9.5)], ("down", 18.0, 1.0), ("on_track", 0.5, 0.5)),
        ([(MIDYEAR, 12.0)], ("down", 18.0, 1.0), ("off_track", 6 / 17, 0.5)),
        # worse than the baseline counts as no progress, not negative progress
        ([(MIDYEAR, 80.0)], ("up", 100.0, 200.0), ("off_track", 0.0, 0.5)),
        ([(MIDYEAR, 20.0)], ("down", 18.0, 1.0), ("off_track", 0.0, 0.5)),
        # at or past the target: achieved, whatever the date
        ([(START, 250.0)], ("up", 100.0, 200.0), ("achieved", 1.0, None)),
        ([(DEADLINE + timedelta(days=30), 0.5)], ("down", 18.0, 1.0), ("achieved", 1.0, None)),
        # past the deadline and short of the target
        ([(DEADLINE + timedelta(days=30), 190.0)], ("up", 100.0, 200.0), ("off_track", 0.9, 1.0)),
        # only the latest value counts, in date order whatever the input order
        ([(MIDYEAR, 160.0), (START, 50.0)], ("up", 100.0, 200.0), ("on_track", 0.6, 0.5)),
        # "hold the line": a target no better than the baseline
        ([(MIDYEAR, 100.0)], ("up", 100.0, 100.0), ("achieved", 1.0, None)),
        ([(MIDYEAR, 99.0)], ("up", 100.0, 100.0), ("off_track", 0.0, 0.5)),
    ],
)
def test_progress_is_the_share_of_the_way_against_a_straight_line(
    values: list[tuple[date, float]],
    kpi: tuple[Direction, float, float],
    outcome: tuple[str, float, float | None],
) -> None:
    direction, baseline, target = kpi
    status, progress, expected = outcome
    result = progress_of(values, direction=direction, baseline=baseline, target=target)
    assert result.status == status
    assert result.progress == pytest.approx(progress)
    if expected is None:
        assert result.expected is None
    else:
        assert result.expected == pytest.approx(expected, abs=0.01)


def test_kpi_without_values_is_waiting_for_its_first_one() -> None:
    result = progress_of([])
    assert (result.status, result.progress, result.latest) == ("no_reading", None, None)


def test_kpi_without_target_reports_its_latest_value_only() -> None:
    result = progress_of([(MIDYEAR, 130.0)], target=None)
    assert (result.status, result.latest, result.progress) == ("no_target", 130.0, None)


def test_kpi_without_target_or_values_is_waiting_for_values() -> None:
    assert progress_of([], target=None).status == "no_reading"


def test_kpi_without_deadline_shows_progress_but_no_line() -> None:
    result = progress_of([(MIDYEAR, 150.0)], deadline=None)
    assert (result.status, result.progress, result.expected) == ("no_deadline", 0.5, None)


def test_first_value_is_the_baseline_when_none_was_given() -> None:
    first = date(2026, 3, 1)
    result = progress_of([(first, 40.0), (date(2026, 8, 1), 70.0)], baseline=None, target=100.0)
    assert result.baseline == 40.0
    assert result.baseline_from_reading
    assert result.progress == pytest.approx(0.5)
    # the line starts on the first value's day, not the day tracking began
    assert result.expected == pytest.approx(expected_share(first, DEADLINE, date(2026, 8, 1)))


def test_a_given_baseline_is_not_replaced_by_the_first_value() -> None:
    result = progress_of([(MIDYEAR, 150.0)])
    assert (result.baseline, result.baseline_from_reading) == (100.0, False)


@pytest.mark.parametrize(
    ("start", "deadline", "on", "share"),
    [
        (START, DEADLINE, START, 0.0),
        (START, DEADLINE, MIDYEAR, 0.5),
        (START, DEADLINE, DEADLINE, 1.0),
        (START, DEADLINE, START - timedelta(days=10), 0.0),
        (START, DEADLINE, DEADLINE + timedelta(days=10), 1.0),
        (START, START, START, 1.0),
        (START, START - timedelta(days=5), START, 1.0),
    ],
)
def test_expected_share_follows_a_straight_line_between_start_and_deadline(
    start: date, deadline: date, on: date, share: float
) -> None:
    assert expected_share(start, deadline, on) == pytest.approx(share, abs=0.01)


# --- invariants -------------------------------------------------------------------------------

values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
readings = st.lists(st.builds(Reading, observed_on=days, value=values), max_size=6)
directions = st.sampled_from(["up", "down"])


@given(
    direction=directions,
    baseline=st.one_of(st.none(), values),
    target=st.one_of(st.none(), values),
    deadline=st.one_of(st.none(), days),
    logged=readings,
)
# Found on a fresh clone: a target a hair below a first reading of 0 was "achieved" at 0%.
@example(
    direction="down",
    baseline=None,
    target=-5e-324,
    deadline=None,
    logged=[Reading(observed_on=date(2020, 1, 1), value=0.0)],
)
def test_progress_and_expected_are_always_shares_between_0_and_1(
    direction: Direction,
    baseline: float | None,
    target: float | None,
    deadline: date | None,
    logged: list[Reading],
) -> None:
    result = kpi_progress(
        direction=direction,
        baseline=baseline,
        target=target,
        started_on=START,
        deadline=deadline,
        readings=logged,
    )
    for share in (result.progress, result.expected):
        assert share is None or 0.0 <= share <= 1.0
    if result.status == "achieved":
        assert result.progress == 1.0
    if result.status in ("on_track", "off_track"):
        assert result.progress is not None
        assert result.expected is not None
    assert (result.latest is None) == (not logged)


@given(
    direction=directions,
    baseline=st.one_of(st.none(), values),
    target=st.one_of(st.none(), values),
    deadline=st.one_of(st.none(), days),
    logged=readings,
)
def test_progress_is_the_same_for_a_falling_kpi_as_for_its_mirror_image(
    direction: Direction,
    baseline: float | None,
    target: float | None,
    deadline: date | None,
    logged: list[Reading],
) -> None:
    def negate(x: float | None) -> float | None:
        return None if x is None else -x

    mirrored: Direction = "down" if direction == "up" else "up"
    original = kpi_progress(
        direction=direction,
        baseline=baseline,
        target=target,
        started_on=START,
        deadline=deadline,
        readings=logged,
    )
    mirror = kpi_progress(
        direction=mirrored,
        baseline=negate(baseline),
        target=negate(target),
        started_on=START,
        deadline=deadline,
        readings=[r.model_copy(update={"value": -r.value}) for r in logged],
    )
    assert mirror.status == original.status
    assert mirror.progress == original.progress
    assert mirror.expected == original.expected


@given(direction=directions, baseline=values, target=values, a=values, b=values)
def test_a_better_value_never_shows_less_progress(
    direction: Direction, baseline: float, target: float, a: float, b: float
) -> None:
    worse, better = sorted((a, b), reverse=direction == "down")
    assert share_of_way(direction, baseline, target, better) >= share_of_way(
        direction, baseline, target, worse
    )


@given(direction=directions, baseline=values, target=values)
def test_the_baseline_is_no_progress_and_the_target_is_all_of_it(
    direction: Direction, baseline: float, target: float
) -> None:
    assert share_of_way(direction, baseline, target, target) == 1.0
    improving = (target > baseline) if direction == "up" else (target < baseline)
    if improving:
        assert share_of_way(direction, baseline, target, baseline) == 0.0


@given(start=days, deadline=days, a=days, b=days)
def test_the_line_never_goes_backwards(start: date, deadline: date, a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert expected_share(start, deadline, early) <= expected_share(start, deadline, late)
