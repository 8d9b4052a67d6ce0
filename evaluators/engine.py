"""`evaluate(assessment, rubric) -> Evaluation`: the scoring engine's one entry point.

Pure: no I/O, no clock, no randomness; the rubric comes in as an argument (`load_rubric()`
reads it). The same input gives byte-identical `Evaluation.model_dump_json()`, whatever the
order of objectives, initiatives and KPIs, and in any process (nothing depends on set or hash
order). Steps, in order:

1. per initiative: ROI, facts, alignment and value scores (`facts`, `roi`, `scoring`);
2. strategic metrics, confidence, the business answers and facts (`metrics`, `confidence`);
3. the dimension scores, the overall score, its band and the weakest dimension;
4. the maturity level, the priority quadrant and rank per initiative;
5. findings and pitfall flags, the 30/60/90-day plan and the KPI plan;
6. the levers: which single answers, improved one step, would move each score most.
"""

from __future__ import annotations

from evaluators.confidence import measure_confidence
from evaluators.facts import (
    InitiativeContext,
    ScoredInitiative,
    business_answers,
    business_facts,
    initiative_context,
)
from evaluators.findings import build_findings, initiative_placeholders, pitfall_flags
from evaluators.levers import find_levers
from evaluators.maturity import assess_maturity
from evaluators.metrics import strategic_metrics
from evaluators.models import Assessment
from evaluators.plan import build_kpi_plan, build_plan
from evaluators.results import (
    Band,
    DimensionScore,
    Evaluation,
    InitiativeResult,
    Quadrant,
    ScoreBreakdown,
    WeakestDimension,
)
from evaluators.rubric import Rubric
from evaluators.scoring import score_rules, weighted_mean
from evaluators.verdicts import QUADRANT_ORDER, band_spec, blockers, quadrant_id
from prompts.formatting import format_money


def evaluate(assessment: Assessment, rubric: Rubric) -> Evaluation:
    """Return the scored, explained report for `assessment` under `rubric`."""
    objectives = {o.id: o for o in assessment.objectives}
    currency = assessment.business.currency
    scored = []
    breakdowns: dict[str, tuple[ScoreBreakdown, ScoreBreakdown]] = {}
    for initiative in sorted(assessment.initiatives, key=lambda i: i.id):
        context = initiative_context(initiative, objectives, rubric, currency)
        alignment = score_rules(
            "alignment",
            rubric.initiative_alignment.rules,
            context.facts,
            rubric.initiative_alignment.caps,
        )
        value = score_rules(
            "value", rubric.initiative_value.rules, context.facts, rubric.initiative_value.caps
        )
        breakdowns[initiative.id] = (alignment, value)
        scored.append(ScoredInitiative(context, alignment.score, value.score))

    metrics = strategic_metrics(assessment.metrics, rubric)
    confidence = measure_confidence(assessment, rubric)
    answers = business_answers(assessment, confidence.score, {m.id: m.value for m in metrics})
    facts = business_facts(assessment, rubric, answers, scored)
    dimensions = tuple(
        _dimension(d.id, d.label, d.description, d.weight, score_rules(d.id, d.rules, facts))
        for d in rubric.dimensions
    )
    overall = weighted_mean("overall", [(d.id, d.label, d.weight, d.score) for d in dimensions])
    weakest = min(dimensions, key=lambda d: d.score)  # ties: the rubric's first
    mean = round(sum(d.score for d in dimensions) / len(dimensions), 1)
    band = _band(rubric, overall.score, weakest)

    maturity = assess_maturity(
        rubric, {d.id: d.score for d in dimensions}, facts, {m.id: m.value for m in metrics}
    )

    name = assessment.business.name
    quadrants = {s.context.initiative.id: _quadrant(rubric, s, name) for s in scored}
    ranked: list[ScoredInitiative] = sorted(
        scored,
        key=lambda s: (
            QUADRANT_ORDER[quadrants[s.context.initiative.id].id],
            -(s.alignment + s.value),
            -s.alignment,
            s.context.initiative.id,
        ),
    )
    contexts: list[InitiativeContext] = [s.context for s in ranked]
    findings = build_findings(rubric, name, facts, answers, contexts)
    levers, initiative_levers = find_levers(
        rubric, assessment, scored, {k: f.value for k, f in facts.items()}
    )

    initiatives = []
    for rank, s in enumerate(ranked, start=1):
        initiative = s.context.initiative
        alignment, value = breakdowns[initiative.id]
        initiatives.append(
            InitiativeResult(
                id=initiative.id,
                name=initiative.name,
                area=initiative.area,
                stage=initiative.stage,
                objective_ids=tuple(sorted(set(initiative.objective_ids))),
                alignment=alignment,
                value=value,
                roi=s.context.roi,
                pitfalls=pitfall_flags(rubric, findings, initiative.id),
                quadrant=quadrants[initiative.id],
                rank=rank,
                levers=initiative_levers[initiative.id],
            )
        )

    return Evaluation(
        rubric_version=rubric.version,
        business=assessment.business.name,
        currency=currency,
        score=overall.score,
        band=band,
        score_rules=overall.rules,
        dimensions=dimensions,
        weakest_dimension=WeakestDimension(
            id=weakest.id, label=weakest.label, score=weakest.score, mean=mean
        ),
        maturity=maturity,
        initiatives=tuple(initiatives),
        metrics=metrics,
        findings=findings,
        plan=build_plan(rubric, findings, {i: q.id for i, q in quadrants.items()}),
        kpi_plan=build_kpi_plan(rubric, assessment),
        confidence=confidence,
        levers=levers,
        money_note=_money_note(rubric, initiatives),
    )


def _money_note(rubric: Rubric, initiatives: list[InitiativeResult]) -> str:
    """The headline line saying the money does not work, or "" when it does (or is unknown)."""
    losing = [r for r in initiatives if r.roi.npv is not None and r.roi.npv < 0]
    if not losing:
        return ""
    named = "; ".join(
        f"{' '.join(r.name.split())} (NPV {format_money(r.roi.npv, r.roi.currency)})"
        for r in losing
    )
    return rubric.money_headline.format(initiatives=named, horizon=rubric.roi.horizon_years)


def _dimension(
    dim_id: str, label: str, description: str, weight: float, breakdown: ScoreBreakdown
) -> DimensionScore:
    return DimensionScore(
        id=dim_id,
        label=label,
        description=description,
        weight=weight,
        score=breakdown.score,
        rules=breakdown.rules,
    )


def _band(rubric: Rubric, score: float, weakest: DimensionScore) -> Band:
    """The score's band, held down to the rubric's ceiling while one dimension is very weak."""
    band, capped = band_spec(rubric, score, weakest.score)
    meaning = band.meaning
    if capped:
        meaning = (
            f"{meaning} Held at this band because {weakest.label.lower()} scores "
            f"{weakest.score:g}: one broken leg matters more than the average."
        )
    return Band(
        id=band.id, label=band.label, meaning=meaning, capped_by=weakest.id if capped else None
    )


def _quadrant(rubric: Rubric, scored: ScoredInitiative, business_name: str) -> Quadrant:
    facts = {k: f.value for k, f in scored.context.facts.items()}
    quadrant = quadrant_id(rubric, scored.alignment, scored.value, facts)
    text = getattr(rubric.quadrants, quadrant)
    unlock: tuple[str, ...] = ()
    if quadrant == "fix_first":
        values = initiative_placeholders(business_name, scored.context.initiative)
        unlock = tuple(b.unlock.format_map(values) for b in blockers(rubric, facts))
    return Quadrant(id=quadrant, label=text.label, meaning=text.meaning, unlock=unlock)
