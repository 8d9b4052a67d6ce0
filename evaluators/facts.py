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
    ORGANISATION_SCALES,
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


# Initiative answers on a rubric scale, each setting the fact `initiative.<field>` to its
# scale value (the levers move exactly these, and the scorecard's perspectives).
SCALED_ANSWERS: dict[str, str] = {
    "value_fit": "value_fit",
    "process_mapped": "tri",
    "integration": "integration",
    "pilot_first": "tri",
    "user_training": "tri",
}


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
    answers["initiative.kpi_measures"] = _kpi_measures(initiative, path)
    for p in SCORECARD_PERSPECTIVES:
        answers[f"initiative.scorecard.{p}"] = answer(
            f"scorecard.{p}", getattr(initiative.scorecard, p)
        )
    for c in COST_ITEMS:
        answers[f"initiative.costs.{c}"] = answer(f"costs.{c}", costs[c])
    for b in BENEFIT_ITEMS:
        answers[f"initiative.benefits.{b}"] = answer(f"benefits.{b}", benefits[b])

    def scaled(field: str) -> Fact:
        evidence = answers[f"initiative.{field}"]
        return Fact(rubric.scale_value(SCALED_ANSWERS[field], str(evidence.value)), (evidence,))

    links = [answer("objective_ids", ", ".join(requested) or "none")]
    if dangling:
        links.append(answer("objective_ids.unknown", ", ".join(dangling)))
    impacts = tuple(answers[f"initiative.scorecard.{p}"] for p in SCORECARD_PERSPECTIVES)
    kpi_scores = [_kpi_quality(k, rubric.kpi_quality) for k in initiative.kpis]
    complete = [k for k in initiative.kpis if k.baseline is not None and k.target is not None]
    kpi_evidence = tuple(
        answer(f"kpis[{k.name}]", _describe_kpi(k)) for k in sorted(initiative.kpis, key=_kpi_key)
    ) or (answer("kpis", "none"),)
    roi_pct = answers["initiative.roi.simple_roi_pct"]
    payback = answers["initiative.roi.payback_months"]
    cost_items = tuple(answers[f"initiative.costs.{c}"] for c in COST_ITEMS)
    completeness = sum(e.value is not None for e in cost_items) / len(cost_items)
    # The evidence of an incomplete cost names exactly the items missing.
    missing_costs = tuple(e for e in cost_items if e.value is None) or cost_items
    # An ROI or payback over incomplete costs is not credited at face value: the share of the
    # cost items known decides how much of it counts ("without considering all costs").
    credit = rubric.roi.incomplete_costs_credit
    counted = credit + (1 - credit) * completeness
    # An implausible ROI is not value: until checked it counts as a merely plausible one.
    implausible = (
        roi.simple_roi_pct is not None and roi.simple_roi_pct > rubric.roi.implausible_roi_pct
    )

    facts: Facts = {
        "initiative.linked": Fact(1.0 if linked else 0.0, tuple(links)),
        "initiative.value_fit": scaled("value_fit"),
        "initiative.process_mapped": scaled("process_mapped"),
        "initiative.integration": scaled("integration"),
        "initiative.features_needed": Fact(
            0.0 if features is None else features / 100,
            (answers["initiative.features_needed_pct"],),
        ),
        "initiative.scorecard": Fact(
            scorecard_value(rubric, [str(e.value) for e in impacts]), impacts
        ),
        "initiative.pilot_first": scaled("pilot_first"),
        "initiative.user_training": scaled("user_training"),
        "initiative.kpi_quality": Fact(max(kpi_scores, default=0.0), kpi_evidence),
        "initiative.kpi_complete": Fact(1.0 if complete else 0.0, kpi_evidence),
        "initiative.roi": Fact(
            _roi_value(roi, rubric, implausible) * counted, (roi_pct, payback, *cost_items)
        ),
        "initiative.payback": Fact(
            _payback_value(roi, rubric, implausible) * counted, (payback, *cost_items)
        ),
        "initiative.intangibles": Fact(
            math.fsum(v or 0 for v in ratings.values()) / (5 * len(ratings)),
            tuple(answer(f"intangibles.{k}", v) for k, v in ratings.items()),
        ),
        "initiative.cost_completeness": Fact(completeness, missing_costs),
        "initiative.benefits_known": Fact(
            1.0 if any(v is not None for v in benefits.values()) else 0.0,
            tuple(answers[f"initiative.benefits.{b}"] for b in BENEFIT_ITEMS),
        ),
        "initiative.roi_plausible": Fact(0.0 if implausible else 1.0, (roi_pct,)),
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
    personal_data = handles_personal_data(rubric, assessment.initiatives)
    for item, scale in ORGANISATION_SCALES.items():
        evidence = answers[f"organisation.{item}"]
        counted = rubric.counted_answer(scale, str(evidence.value), personal_data=personal_data)
        facts[f"organisation.{item}"] = Fact(rubric.scale_value(scale, counted), (evidence,))

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

    values = initiatives_values(
        [(s.alignment, s.value, {k: f.value for k, f in s.context.facts.items()}) for s in ordered]
    )
    alignment = [s.alignment for s in ordered]
    integration_answers = [s.context.initiative.integration for s in ordered]
    areas = [s.context.initiative.area for s in ordered]
    link_evidence = per_initiative("linked", [bool(s.context.linked) for s in ordered])
    alignment_evidence = per_initiative("alignment", alignment)
    integration_evidence = per_initiative("integration", integration_answers)
    kpi = [s.context.facts["initiative.kpi_quality"].value for s in ordered]
    explained: dict[str, tuple[Evidence, ...]] = {
        "initiatives.defined": (Evidence.of("initiatives.count", len(ordered)),),
        "initiatives.linked_any": link_evidence,
        "initiatives.linked_share": link_evidence,
        "initiatives.alignment_mean": alignment_evidence,
        "initiatives.alignment_min": alignment_evidence,
        "initiatives.value_mean": per_initiative("value", [s.value for s in ordered]),
        "initiatives.kpi_quality_mean": per_initiative("kpi_quality", [round(k, 2) for k in kpi]),
        "initiatives.kpi_quality_max": per_initiative("kpi_quality", [round(k, 2) for k in kpi]),
        "initiatives.user_training_mean": per_initiative(
            "user_training", [s.context.initiative.user_training for s in ordered]
        ),
        "initiatives.pilot_first_mean": per_initiative(
            "pilot_first", [s.context.initiative.pilot_first for s in ordered]
        ),
        "initiatives.integration_mean": integration_evidence,
        "initiatives.integration_min": integration_evidence,
    }
    for name, value in values.items():
        facts[name] = Fact(value, explained[name])
    facts["initiatives.personal_data"] = Fact(
        1.0 if personal_data else 0.0, per_initiative("area", areas)
    )
    return facts


def handles_personal_data(rubric: Rubric, initiatives: Sequence[Initiative]) -> bool:
    """Return whether some initiative handles customer or employee data (its area is one of
    the rubric's `personal_data_areas`): what an ethics review that "does not apply" is
    checked against."""
    return any(i.area in rubric.personal_data_areas for i in initiatives)


def initiatives_values(
    scored: Sequence[tuple[float, float, Mapping[str, float]]],
) -> dict[str, float]:
    """Return the values of the business facts that sum up the initiatives (all but
    `initiatives.personal_data`), from each initiative's (alignment, value, fact values) in
    id order: `business_facts` explains them, the levers re-score with them."""

    def mean(values: Sequence[float]) -> float:
        return math.fsum(values) / len(values) if values else 0.0

    def of(name: str) -> list[float]:
        return [facts[name] for _, _, facts in scored]

    alignment = [a for a, _, _ in scored]
    linked = of("initiative.linked")
    integration = of("initiative.integration")
    return {
        "initiatives.defined": 1.0 if scored else 0.0,
        "initiatives.linked_any": 1.0 if any(x >= 1 for x in linked) else 0.0,
        "initiatives.linked_share": mean(linked),
        "initiatives.alignment_mean": mean(alignment) / 100,
        "initiatives.alignment_min": min(alignment, default=0.0) / 100,
        "initiatives.value_mean": mean([v for _, v, _ in scored]) / 100,
        "initiatives.kpi_quality_mean": mean(of("initiative.kpi_quality")),
        "initiatives.kpi_quality_max": max(of("initiative.kpi_quality"), default=0.0),
        "initiatives.user_training_mean": mean(of("initiative.user_training")),
        "initiatives.pilot_first_mean": mean(of("initiative.pilot_first")),
        "initiatives.integration_mean": mean(integration),
        "initiatives.integration_min": min(integration, default=0.0),
    }


def scorecard_value(rubric: Rubric, impacts: Sequence[str]) -> float:
    """Return the scorecard fact: the mean value of the four perspectives' impact answers."""
    return math.fsum(rubric.scale_value("impact", i) for i in impacts) / len(impacts)


def business_answers(
    assessment: Assessment, confidence_score: float, metrics: Mapping[str, float]
) -> Answers:
    """Return the business-wide answers finding conditions may test; `metrics` holds the
    strategic metrics computed (by id), the others are unknown."""
    answers: Answers = {}
    for item in CHECKLIST_ITEMS:
        path = f"checklist.{item}"
        answers[path] = Evidence.of(path, getattr(assessment.checklist, item))
    for item in ORGANISATION_SCALES:
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


def _kpi_measures(initiative: Initiative, path: str) -> Evidence:
    """What the initiative's KPIs measure, taken together: "outcome" when one measures the
    objective itself, "activity" when every one is known to measure an activity only,
    otherwise unknown (None)."""
    answers = {k.measures for k in initiative.kpis}
    value = "outcome" if "outcome" in answers else "activity" if answers == {"activity"} else None
    return Evidence.of(f"{path}.kpis.measures", value)


def _kpi_key(kpi: KPI) -> tuple[str, str, str, str]:
    return (kpi.name.casefold(), kpi.name, kpi.unit, kpi.model_dump_json())


def _describe_kpi(kpi: KPI) -> str:
    def num(x: float | None) -> str:
        return "?" if x is None else f"{x:g}"

    unit = f" {kpi.unit}" if kpi.unit else ""
    deadline = kpi.deadline.isoformat() if kpi.deadline else "no deadline"
    return f"{kpi.direction}: {num(kpi.baseline)} -> {num(kpi.target)}{unit}, {deadline}"


def _roi_value(roi: ROI, rubric: Rubric, implausible: bool) -> float:
    """The ROI fact: the rubric's curve at the simple ROI (an implausible one counts as the
    rubric's `implausible_counts_as_pct`); with nothing to pay (zero TCO) a positive benefit is
    the best case and no benefit is break-even; no estimate earns 0."""
    if implausible:
        return rubric.roi.roi_curve.at(rubric.roi.implausible_counts_as_pct)
    if roi.simple_roi_pct is not None:
        return rubric.roi.roi_curve.at(roi.simple_roi_pct)
    if roi.tco == 0 and roi.total_benefit is not None:
        return 1.0 if roi.total_benefit > 0 else rubric.roi.roi_curve.at(0.0)
    return 0.0


def _payback_value(roi: ROI, rubric: Rubric, implausible: bool) -> float:
    """The payback fact: the rubric's curve at the payback (an implausible ROI's payback
    counts as no shorter than the one its counted ROI allows); never paying back earns 0."""
    if roi.payback_months is None:
        return 0.0
    months = roi.payback_months
    if implausible:
        months = max(months, rubric.roi.implausible_payback_months())
    return rubric.roi.payback_curve.at(months)
