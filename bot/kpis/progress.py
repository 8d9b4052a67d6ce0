"""How far a KPI has come: a pure function of its baseline, target, direction, deadline and
logged values. Computed, never guessed.

Progress is the share of the way from the baseline to the target that the latest value has
covered, in the KPI's good direction (up or down), bounded to 0-1: a value worse than the
baseline is 0, one at or beyond the target is 1. "On track" compares that share with a
straight line from the baseline when tracking started to the target at the deadline, at the
date of the latest value. With no baseline, the first logged value is the baseline (and its
day the start): progress is then measured from where tracking really began.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

Direction = Literal["up", "down"]
Status = Literal["achieved", "on_track", "off_track", "no_target", "no_reading", "no_deadline"]

# Float noise in a ratio must not flip a KPI that is exactly on the line to "off track".
TOLERANCE = 1e-9


class Reading(BaseModel):
    """One logged value of a KPI and the day it describes."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    observed_on: date
    value: float


class KpiProgress(BaseModel):
    """Where a KPI stands (see the module docstring). `progress` and `expected` are shares
    of the way from baseline to target (0-1), None when they cannot be computed: no target,
    no baseline and no value yet, or (for `expected`) no deadline."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    status: Status
    baseline: float | None
    baseline_from_reading: bool
    target: float | None
    latest: float | None
    latest_on: date | None
    progress: float | None
    expected: float | None


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def share_of_way(direction: Direction, baseline: float, target: float, value: float) -> float:
    """Return how much of the way from `baseline` to `target` `value` has covered in the
    good `direction`, bounded to 0-1: 1 means the target is reached. A target no better than
    the baseline ("hold the line") is 1 while the value is at least as good as the target,
    else 0."""
    sign = 1.0 if direction == "up" else -1.0
    needed = sign * (target - baseline)
    if needed <= 0:
        return 1.0 if sign * (value - target) >= -TOLERANCE else 0.0
    share = sign * (value - baseline) / needed
    # Float noise just short of the target still reaches it; the tolerance is on the share,
    # so the baseline itself (share 0) never counts as reached however close the target is.
    return 1.0 if share >= 1.0 - TOLERANCE else _clamp(share)


def expected_share(start: date, deadline: date, on: date) -> float:
    """Return the share of the way a straight line from `start` to `deadline` has covered
    on the day `on`, bounded to 0-1 (1 from the deadline on, or at once if the deadline is
    not after the start)."""
    span = (deadline - start).days
    if span <= 0:
        return 1.0
    return _clamp((on - start).days / span)


def kpi_progress(
    *,
    direction: Direction,
    baseline: float | None,
    target: float | None,
    started_on: date,
    deadline: date | None,
    readings: Sequence[Reading],
) -> KpiProgress:
    """Return where a KPI stands after `readings` (any order; the latest day counts), tracked
    since `started_on` toward `target` by `deadline`."""
    ordered = sorted(readings, key=lambda r: r.observed_on)
    latest = ordered[-1] if ordered else None
    from_reading = baseline is None and latest is not None
    start = started_on
    if baseline is None and ordered:
        baseline, start = ordered[0].value, ordered[0].observed_on
    base = KpiProgress(
        status="no_reading",
        baseline=baseline,
        baseline_from_reading=from_reading,
        target=target,
        latest=latest.value if latest else None,
        latest_on=latest.observed_on if latest else None,
        progress=None,
        expected=None,
    )
    if target is None:
        return base.model_copy(update={"status": "no_target" if latest else "no_reading"})
    if latest is None or baseline is None:
        return base
    progress = share_of_way(direction, baseline, target, latest.value)
    if progress == 1.0:
        return base.model_copy(update={"status": "achieved", "progress": progress})
    if deadline is None:
        return base.model_copy(update={"status": "no_deadline", "progress": progress})
    expected = expected_share(start, deadline, latest.observed_on)
    status: Status = "on_track" if progress >= expected - TOLERANCE else "off_track"
    return base.model_copy(update={"status": status, "progress": progress, "expected": expected})
