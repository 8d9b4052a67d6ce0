"""The next-step plan (30 / 60 / 90 days) and the KPI plan, both drawn from the findings and
answers of one evaluation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from evaluators.models import KPI, Assessment, Objective
from evaluators.results import (
    Finding,
    ObjectiveKPIPlan,
    Plan,
    PlannedKPI,
    PlanStep,
    QuadrantId,
)
from evaluators.rubric import Rubric

STEPS_PER_PERIOD = 3
_PERIODS = (30, 60, 90)


def build_plan(
    rubric: Rubric, findings: Sequence[Finding], quadrants: Mapping[str, QuadrantId]
) -> Plan:
    """Return at most three steps per period, taking findings in priority order (problems
    first, then what keeps strengths strong): each goes to its rule's period, or the next
    one with room, or is left out. An initiative held back (`quadrants` by initiative id)
    contributes only the step that unblocks it: "stop" its most important finding's, "fix
    first" those of the findings its blockers name; the plan never prepares a purchase the
    report advises against. The plan never opens with an empty month: without a 30-day step,
    the most important step moves into the first month."""
    horizons = {rule.id: rule.horizon for rule in rubric.findings}
    unblocking = {rule_id for b in rubric.quadrants.blockers for rule_id in b.findings}
    periods: dict[int, list[PlanStep]] = {p: [] for p in _PERIODS}
    seen: set[str] = set()
    stopped: set[str] = set()
    placed: list[tuple[int, PlanStep]] = []
    for finding in findings:
        initiative = finding.initiative_id or ""
        quadrant = quadrants.get(initiative)
        if quadrant == "stop":
            if initiative in stopped:
                continue
            stopped.add(initiative)
        elif quadrant == "fix_first" and finding.rule_id not in unblocking:
            continue
        if finding.next_step in seen:
            continue
        for period in _PERIODS:
            if period >= horizons[finding.rule_id] and len(periods[period]) < STEPS_PER_PERIOD:
                step = PlanStep(finding_id=finding.id, text=finding.next_step)
                periods[period].append(step)
                placed.append((period, step))
                seen.add(finding.next_step)
                break
    if placed and not periods[30]:
        # A plan that starts in a month's time is not a plan: the most important step
        # starts now, whatever its rule's horizon.
        period, first = placed[0]
        periods[period].remove(first)
        periods[30].append(first)
    return Plan(days_30=tuple(periods[30]), days_60=tuple(periods[60]), days_90=tuple(periods[90]))


def build_kpi_plan(rubric: Rubric, assessment: Assessment) -> tuple[ObjectiveKPIPlan, ...]:
    """Return, per objective (by id), the KPIs to track: the objective's own target metric
    and the KPIs of the initiatives serving it; when the answers give none, the corpus's KPIs
    for the objective's pillar. Each KPI appears once in the whole plan (one nudge per
    measure): an initiative serving several objectives files each KPI under the objective
    whose metric it is, else under the first of them. KPIs of initiatives linked to no known
    objective come last, under `objective_id` None."""
    objectives = sorted(assessment.objectives, key=lambda o: o.id)
    by_id = {o.id: o for o in objectives}
    currency = assessment.business.currency
    # An objective served by an initiative measured only by activities gets its own metric
    # proposed, even without a target ("Measure what the objective measures").
    activity_only = {
        i
        for initiative in assessment.initiatives
        if initiative.kpis and all(k.measures == "activity" for k in initiative.kpis)
        for i in initiative.objective_ids
        if i in by_id
    }
    filed: dict[str, list[PlannedKPI]] = {
        o.id: _objective_metric(o, o.id in activity_only) for o in objectives
    }
    orphans: list[PlannedKPI] = []
    for initiative in sorted(assessment.initiatives, key=lambda i: i.id):
        served = sorted({i for i in initiative.objective_ids if i in by_id})
        for kpi in sorted(initiative.kpis, key=_kpi_order):
            if not served:
                orphans.append(_from_answer(kpi, None, initiative.id, None))
                continue
            home = next(
                (i for i in served if _same_measure(kpi.name, by_id[i].target_metric)), served[0]
            )
            filed[home].append(_from_answer(kpi, home, initiative.id, by_id[home].deadline))

    plans = []
    for objective in objectives:
        kpis = filed[objective.id]
        proposed = not kpis or (
            objective.id in activity_only and not any(k.origin == "objective" for k in kpis)
        )
        if proposed and objective.pillar in rubric.objective_kpis:
            kpis = [
                PlannedKPI(
                    name=t.name,
                    unit=currency if t.unit == "currency" else t.unit,
                    direction=t.direction,
                    baseline=None,
                    target=None,
                    deadline=objective.deadline,
                    objective_id=objective.id,
                    initiative_id=None,
                    origin="corpus",
                )
                for t in rubric.objective_kpis[objective.pillar].kpis
            ] + kpis
        plans.append(
            ObjectiveKPIPlan(
                objective_id=objective.id, objective=objective.statement, kpis=_unique(kpis)
            )
        )
    if orphans:
        plans.append(
            ObjectiveKPIPlan(
                objective_id=None, objective="Not linked to an objective", kpis=_unique(orphans)
            )
        )
    return tuple(plans)


def _same_measure(name: str, metric: str | None) -> bool:
    return metric is not None and name.casefold().strip() == metric.casefold().strip()


def _objective_metric(objective: Objective, wanted: bool = False) -> list[PlannedKPI]:
    """The objective's own metric as a KPI when it has a target, or whenever it is `wanted`
    (its initiatives measure only activities)."""
    metric = (objective.target_metric or "").strip()
    if not metric or (objective.target_value is None and not wanted):
        return []
    baseline = objective.baseline_value
    target = objective.target_value
    down = baseline is not None and target is not None and target < baseline
    return [
        PlannedKPI(
            name=metric[:120],
            unit=objective.target_unit or "",
            direction="down" if down else "up",
            baseline=baseline,
            target=target,
            deadline=objective.deadline,
            objective_id=objective.id,
            initiative_id=None,
            origin="objective",
        )
    ]


def _from_answer(
    kpi: KPI, objective_id: str | None, initiative_id: str, fallback_deadline: date | None
) -> PlannedKPI:
    return PlannedKPI(
        name=kpi.name,
        unit=kpi.unit,
        direction=kpi.direction,
        baseline=kpi.baseline,
        target=kpi.target,
        deadline=kpi.deadline or fallback_deadline,
        objective_id=objective_id,
        initiative_id=initiative_id,
        origin="initiative",
    )


def _kpi_order(kpi: KPI) -> tuple[str, str]:
    return (kpi.name.casefold(), kpi.model_dump_json())


def _unique(kpis: list[PlannedKPI]) -> tuple[PlannedKPI, ...]:
    """Keep the first KPI of each name (case-insensitive): one nudge per measure."""
    seen: set[str] = set()
    kept = []
    for kpi in kpis:
        key = kpi.name.casefold().strip()
        if key not in seen:
            seen.add(key)
            kept.append(kpi)
    return tuple(kept)
