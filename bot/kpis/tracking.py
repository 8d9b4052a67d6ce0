"""From an evaluation's KPI plan to tracked KPIs (pure: `KpiService` stores what this returns).

Each planned KPI becomes a `KpiDraft` owned by the person who clicked "Track these KPIs",
filed under its objective and initiative, nudged on weekdays by default. Tracking the same
plan again updates the KPIs in place (the store keys them by owner and name) and never
erases a value the owner has since filled in: a planned value of None keeps the stored one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from bot.store import KpiDraft, KpiRecord
from bot.store.records import Cadence
from evaluators.results import Evaluation, PlannedKPI

DEFAULT_CADENCE: Cadence = "weekdays"
MAX_NAME = 120
MAX_UNIT = 40
MAX_OBJECTIVE = 500
MAX_INITIATIVE = 120

MissingValue = Literal["baseline", "target", "target date"]


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def kpi_key(name: str) -> str:
    """Return the identity of a KPI name within one owner's KPIs (case and spaces ignored)."""
    return " ".join(name.split()).casefold()


def planned_kpis(evaluation: Evaluation) -> list[tuple[PlannedKPI, str]]:
    """Return each KPI of the plan once (the first of each name) with the objective it
    serves, in plan order."""
    seen: set[str] = set()
    planned: list[tuple[PlannedKPI, str]] = []
    for group in evaluation.kpi_plan:
        for kpi in group.kpis:
            key = kpi_key(kpi.name)
            if key and key not in seen:
                seen.add(key)
                planned.append((kpi, group.objective))
    return planned


def kpi_drafts(
    evaluation: Evaluation,
    *,
    owner_user_id: str,
    evaluation_id: int,
    existing: Iterable[KpiRecord] = (),
) -> list[KpiDraft]:
    """Return the drafts that track `evaluation`'s KPI plan for `owner_user_id`. A KPI the
    owner already tracks under the same name keeps its name as stored, its cadence, and any
    baseline, target or date the plan leaves empty."""
    names = {result.id: result.name for result in evaluation.initiatives}
    stored: Mapping[str, KpiRecord] = {kpi_key(k.name): k for k in existing}
    drafts = []
    for kpi, objective in planned_kpis(evaluation):
        name = _cut(kpi.name, MAX_NAME)
        before = stored.get(kpi_key(name))
        initiative = names.get(kpi.initiative_id or "", kpi.initiative_id)
        drafts.append(
            KpiDraft(
                owner_user_id=owner_user_id,
                name=before.name if before else name,
                unit=_cut(kpi.unit, MAX_UNIT),
                direction=kpi.direction,
                baseline=kpi.baseline if kpi.baseline is not None else _kept(before, "baseline"),
                target=kpi.target if kpi.target is not None else _kept(before, "target"),
                target_date=kpi.deadline or (before.target_date if before else None),
                cadence=before.cadence if before else DEFAULT_CADENCE,
                cadence_day=before.cadence_day if before else None,
                objective=_cut(objective, MAX_OBJECTIVE) or None,
                initiative=_cut(initiative, MAX_INITIATIVE) if initiative else None,
                evaluation_id=evaluation_id,
                digest_channel=before.digest_channel if before else None,
            )
        )
    return drafts


def _kept(record: KpiRecord | None, field: Literal["baseline", "target"]) -> float | None:
    return None if record is None else getattr(record, field)


def missing_values(kpi: KpiRecord) -> list[MissingValue]:
    """Return what a tracked KPI still lacks for its progress to be computed."""
    missing: list[MissingValue] = []
    if kpi.baseline is None:
        missing.append("baseline")
    if kpi.target is None:
        missing.append("target")
    if kpi.target_date is None:
        missing.append("target date")
    return missing
