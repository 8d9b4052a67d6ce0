"""Facts: the 0-1 values the rubric's rules weigh, each with the answers it was read from.

A fact is computed once per evaluation (business facts) or once per initiative (initiative
facts). Every fact is monotone in the answers: an answer moved up its scale's order, a lower
cost, a higher benefit or rating never lowers a fact. Unanswered numbers count as 0 (no
credit for what nobody knows); unanswered choices take their scale's "unknown" value.

Answers are the raw values finding conditions test, keyed by the names in `fact_names`, each
with the field path the report shows as evidence (`initiatives[robot].process_mapped`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from evaluators.fact_names import (
    BENEFIT_ITEMS,
    CHECKLIST_ITEMS,
    COST_ITEMS,
    ORGANISATION_TRI,
    SCORECARD_PERSPECTIVES,
)
from evaluators.models import KPI, Assessment, Initiative, Objective
from evaluators.results import ROI, Evidence, JSONScalar
from evaluators.roi import compute_roi
from evaluators.rubric import KPIQualitySpec, Rubric


@dataclass(frozen=True, slots=True)
class Fact:
    """A 0-1 value and the answers it was computed from."""

    value: float
    evidence: tuple[Evidence, ...]


Facts = dict[str, Fact]
Answers = dict[str, Evidence]


@dataclass(frozen=True, slots=True)
class InitiativeContext:
    """One initiative with its resolved objectives, ROI, facts and answers."""

    initiative: Initiative
    path: str
    linked: tuple[str, ...]
    roi: ROI
    facts: Facts
    answers: Answers


@dataclass(frozen=True, slots=True)
class ScoredInitiative:
    """An initiative's context with its alignment and value scores (0-100)."""

    context: InitiativeContext
    alignment: float
    value: float


def initiative_path(initiative_id: str) -> str:
    """Return the evidence path prefix of an initiative."""
    return f"initiatives[{initiative_id}]"


def objective_path(objective_id: str) -> str:
    """Return the evidence path prefix of an objective."""
    return f"objectives[{objective_id}]"


def initiative_context(
    initiative: Initiative, objectives: Mapping[str, Objective], rubric: Rubric, currency: str
) -> InitiativeContext:
    """Return the initiative's facts and answers, for its scores and findings."""
    path = initiative_path(initiative.id)
    roi = compute_roi(initiative, rubric.roi, currency)
    requested = sorted(set(initiative.objective_ids))
    linked = tuple(i for i in requested if i in objectives)
    dangling = [i for i in requested if i not in objectives]

    def answer(field: str, value: JSONScalar) -> Evidence:
        return Evidence.of(f"{path}.{field}", value)

    # Every answer once; facts below reuse these evidence objects.
    features = initiative.features_needed_pct
    costs = initiative.costs.model_dump()
    benefits = initiative.benefits.model_dump()
    ratings = initiative.intangibles.model_dump()
    answers: Answers = {
        f"initiative.{field}": answer(field, getattr(initiative, field))
        for field in (
            "stage",
            "area",
            "value_fit",
            "process_mapped",
            "integration",
            "features_needed_pct",
            "pilot_first",
            "user_training",
        )
    }
    answers["initiative.roi.simple_roi_pct"] = answer("roi.simple_roi_pct", roi.simple_roi_pct)
    answers["initiative.roi.payback_months"] = answer("roi.payback_months", roi.payback_months)
    answers["initiative.roi.npv"] = answer("roi.npv", roi.npv)
    for p in SCORECARD_PERSPECTIVES:
        answers[f"initiative.scorecard.{p}"] = answer(
            f"scorecard.{p}", getattr(initiative.scorecard, p)
        )
    for c in COST_ITEMS:
        answers[f"initiative.costs.{c}"] = answer(f"costs.{c}", costs[c])
    for b in BENEFIT_ITEMS:
        answers[f"initiative.benefits.{b}"] = answer(f"benefits.{b}", benefits[b])

    def scaled(field: str, scale: str) -> Fact:
        evidence = answers[f"initiative.{field}"]
        return Fact(rubric.scale_value(scale, str(evidence.value)), (evidence,))

    links = [answer("objective_ids", ", ".join(requested) or None)]
    if dangling:
        links.append(answer("objective_ids.unknown", ", ".join(dangling)))
    impacts = tuple(answers[f"initiative.scorecard.{p}"] for p in SCORECARD_PERSPECTIVES)
    kpi_scores = [_kpi_quality(k, rubric.kpi_quality) for k in initiative.kpis]
    complete = [k for k in initiative.kpis if k.baseline is not None and k.target is not None]
    kpi_evidence = tuple(
        answer(f"kpis[{k.name}]", _describe_kpi(k)) for k in sorted(initiative.kpis, key=_kpi_key)
    ) or (answer("kpis", None),)
    roi_pct = answers["initiative.roi.simple_roi_pct"]
    payback = answers["initiative.roi.payback_months"]

    facts: Facts = {
        "initiative.linked": Fact(1.0 if linked else 0.0, tuple(links)),
        "initiative.value_fit": scaled("value_fit", "value_fit"),
        "initiative.process_mapped": scaled("process_mapped", "tri"),
        "initiative.integration": scaled("integration", "integration"),
        "initiative.features_needed": Fact(
            0.0 if features is None else features / 100,
            (answers["initiative.features_needed_pct"],),
        ),
        "initiative.scorecard": Fact(
            math.fsum(rubric.scale_value("impact", str(e.value)) for e in impacts) / len(impacts),
            impacts,
        ),
        "initiative.pilot_first": scaled("pilot_first", "tri"),
        "initiative.user_training": scaled("user_training", "tri"),
        "initiative.kpi_quality": Fact(max(kpi_scores, default=0.0), kpi_evidence),
        "initiative.kpi_complete": Fact(1.0 if complete else 0.0, kpi_evidence),
        "initiative.roi": Fact(_roi_value(roi, rubric), (roi_pct, payback)),
        "initiative.payback": Fact(
            0.0 if roi.payback_months is None else rubric.roi.payback_curve.at(roi.payback_months),
            (payback,),
        ),
        "initiative.intangibles": Fact(
            math.fsum(v or 0 for v in ratings.values()) / (5 * len(ratings)),
            tuple(answer(f"intangibles.{k}", v) for k, v in ratings.items()),
        ),
        "initiative.cost_completeness": Fact(
            sum(v is not None for v in costs.values()) / len(costs),
            tuple(answers[f"initiative.costs.{c}"] for c in COST_ITEMS),
        ),
        "initiative.benefits_known": Fact(
            1.0 if any(v is not None for v in benefits.values()) else 0.0,
            tuple(answers[f"initiative.benefits.{b}"] for b in BENEFIT_ITEMS),
        ),
        "initiative.roi_plausible": Fact(
            0.0
            if roi.simple_roi_pct is not None
            and roi.simple_roi_pct > rubric.roi.implausible_roi_pct
            else 1.0,
            (roi_pct,),
        ),
    }

    return InitiativeContext(initiative, path, linked, roi, facts, answers)


def business_facts(
    assessment: Assessment,
    rubric: Rubric,
    answers: Answers,
    initiatives: Sequence[ScoredInitiative],
) -> Facts:
    """Return the business-wide facts; `answers` are `business_answers()`, `initiatives`
    must already be scored."""
    facts: Facts = {}
    for item in CHECKLIST_ITEMS:
        evidence = answers[f"checklist.{item}"]
        facts[f"checklist.{item}"] = Fact(
            rubric.scale_value("tri", str(evidence.value)), (evidence,)
        )
    for item in ORGANISATION_TRI:
        evidence = answers[f"organisation.{item}"]
        facts[f"organisation.{item}"] = Fact(
            rubric.scale_value("tri", str(evidence.value)), (evidence,)
        )
    cadence = answers["organisation.review_cadence"]
    facts["organisation.review_cadence"] = Fact(
        rubric.scale_value("review_cadence", str(cadence.value)), (cadence,)
    )

    objectives = sorted(assessment.objectives, key=lambda o: o.id)
    smart = [(o, smart_parts(o, rubric)) for o in objectives]
    facts["objectives.defined"] = Fact(
        1.0 if objectives else 0.0,
        (Evidence.of("objectives.count", len(objectives)),),
    )
    facts["objectives.smart"] = Fact(
        math.fsum(sum(p.values()) / len(p) for _, p in smart) / len(smart) if smart else 0.0,
        tuple(Evidence.of(objective_path(o.id), _describe_smart(p)) for o, p in smart)
        or (Evidence.of("objectives.count", 0),),
    )

    ordered = sorted(initiatives, key=lambda s: s.context.initiative.id)

    def per_initiative(field: str, values: Sequence[JSONScalar]) -> tuple[Evidence, ...]:
        if not ordered:
            return (Evidence.of("initiatives.count", 0),)
        return tuple(
            Evidence.of(f"{s.context.path}.{field}", v)
            for s, v in zip(ordered, values, strict=True)
        )

    def mean(values: Sequence[float]) -> float:
        return math.fsum(values) / len(values) if values else 0.0

    def initiative_fact(name: str) -> list[float]:
        return [s.context.facts[name].value for s in ordered]

    alignment = [s.alignment for s in ordered]
    value = [s.value for s in ordered]
    linked = [bool(s.context.linked) for s in ordered]
    integration = initiative_fact("initiative.integration")
    integration_answers = [s.context.initiative.integration for s in ordered]
    areas = [s.context.initiative.area for s in ordered]

    facts["initiatives.defined"] = Fact(
        1.0 if ordered else 0.0, (Evidence.of("initiatives.count", len(ordered)),)
    )
    link_evidence = per_initiative("linked", linked)
    facts["initiatives.linked_any"] = Fact(1.0 if any(linked) else 0.0, link_evidence)
    facts["initiatives.linked_share"] = Fact(mean([float(x) for x in linked]), link_evidence)
    alignment_evidence = per_initiative("alignment", alignment)
    facts["initiatives.alignment_mean"] = Fact(mean(alignment) / 100, alignment_evidence)
    facts["initiatives.alignment_min"] = Fact(min(alignment, default=0.0) / 100, alignment_evidence)
    facts["initiatives.value_mean"] = Fact(mean(value) / 100, per_initiative("value", value))
    kpi = initiative_fact("initiative.kpi_quality")
    facts["initiatives.kpi_quality_mean"] = Fact(
        mean(kpi), per_initiative("kpi_quality", [round(k, 2) for k in kpi])
    )
    facts["initiatives.user_training_mean"] = Fact(
        mean(initiative_fact("initiative.user_training")),
        per_initiative("user_training", [s.context.initiative.user_training for s in ordered]),
    )
    facts["initiatives.pilot_first_mean"] = Fact(
        mean(initiative_fact("initiative.pilot_first")),
        per_initiative("pilot_first", [s.context.initiative.pilot_first for s in ordered]),
    )
    integration_evidence = per_initiative("integration", integration_answers)
    facts["initiatives.integration_mean"] = Fact(mean(integration), integration_evidence)
    facts["initiatives.integration_min"] = Fact(min(integration, default=0.0), integration_evidence)
    facts["initiatives.personal_data"] = Fact(
        1.0 if any(a in rubric.personal_data_areas for a in areas) else 0.0,
        per_initiative("area", areas),
    )
    return facts


def business_answers(
    assessment: Assessment, confidence_score: float, metrics: Mapping[str, float]
) -> Answers:
    """Return the business-wide answers finding conditions may test; `metrics` holds the
    strategic metrics computed (by id), the others are unknown."""
    answers: Answers = {}
    for item in CHECKLIST_ITEMS:
        path = f"checklist.{item}"
        answers[path] = Evidence.of(path, getattr(assessment.checklist, item))
    for item in (*ORGANISATION_TRI, "review_cadence"):
        path = f"organisation.{item}"
        answers[path] = Evidence.of(path, getattr(assessment.organisation, item))
    answers["business.size_band"] = Evidence(
        path="business.size_band", value=assessment.business.size_band
    )
    answers["confidence.score"] = Evidence.of("confidence.score", confidence_score)
    for metric in ("cjai", "spar", "sdur", "aac"):
        answers[f"metrics.{metric}"] = Evidence.of(f"metrics.{metric}", metrics.get(metric))
    return answers


def smart_parts(objective: Objective, rubric: Rubric) -> dict[str, bool]:
    """Return which SMART criteria an objective meets: specific (a statement of enough words),
    measurable (a metric and a target value), achievable (a baseline to judge the target
    against), relevant (a strategic pillar), time-bound (a deadline)."""
    return {
        "specific": len(objective.statement.split()) >= rubric.smart.specific_min_words,
        "measurable": bool((objective.target_metric or "").strip())
        and objective.target_value is not None,
        "achievable": objective.baseline_value is not None,
        "relevant": objective.pillar != "unknown",
        "time-bound": objective.deadline is not None,
    }


def _describe_smart(parts: Mapping[str, bool]) -> str:
    missing = [name for name, ok in parts.items() if not ok]
    met = f"{len(parts) - len(missing)}/{len(parts)} SMART"
    return f"{met} (missing: {', '.join(missing)})" if missing else met


def _kpi_quality(kpi: KPI, spec: KPIQualitySpec) -> float:
    """Return a KPI's 0-1 quality: baseline, target, a target that improves on the baseline
    in the KPI's direction, and a deadline."""
    improves = (
        kpi.baseline is not None
        and kpi.target is not None
        and (kpi.target > kpi.baseline if kpi.direction == "up" else kpi.target < kpi.baseline)
    )
    return math.fsum(
        (
            spec.baseline if kpi.baseline is not None else 0.0,
            spec.target if kpi.target is not None else 0.0,
            spec.improves if improves else 0.0,
            spec.deadline if kpi.deadline is not None else 0.0,
        )
    )


def _kpi_key(kpi: KPI) -> tuple[str, str, str, str]:
    return (kpi.name.casefold(), kpi.name, kpi.unit, kpi.model_dump_json())


def _describe_kpi(kpi: KPI) -> str:
    def num(x: float | None) -> str:
        return "?" if x is None else f"{x:g}"

    unit = f" {kpi.unit}" if kpi.unit else ""
    deadline = kpi.deadline.isoformat() if kpi.deadline else "no deadline"
    return f"{kpi.direction}: {num(kpi.baseline)} -> {num(kpi.target)}{unit}, {deadline}"


def _roi_value(roi: ROI, rubric: Rubric) -> float:
    """The ROI fact: the rubric's curve at the simple ROI; with nothing to pay (zero TCO) a
    positive benefit is the best case and no benefit is break-even; no estimate earns 0."""
    if roi.simple_roi_pct is not None:
        return rubric.roi.roi_curve.at(roi.simple_roi_pct)
    if roi.tco == 0 and roi.total_benefit is not None:
        return 1.0 if roi.total_benefit > 0 else rubric.roi.roi_curve.at(0.0)
    return 0.0
