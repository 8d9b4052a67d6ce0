"""Weighted scores with their explanation: each rule adds weight share x fact x 100 points,
caps then hold the score down while their fact stays low. The points of the listed rules add
up to the score (to rounding), which is how the report answers "why 62?"."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from evaluators.facts import Fact
from evaluators.results import Evidence, RuleApplication, ScoreBreakdown
from evaluators.rubric import Cap, WeightedRule


def score_rules(
    prefix: str,
    rules: Sequence[WeightedRule],
    facts: Mapping[str, Fact],
    caps: Sequence[Cap] = (),
) -> ScoreBreakdown:
    """Return the 0-100 score of `rules` over `facts`, capped by `caps`, with every rule's
    contribution; rule ids are `prefix.rule_id`."""
    points = _shares(rules, {rule.fact: facts[rule.fact].value for rule in rules})
    applied = [
        RuleApplication(
            rule_id=f"{prefix}.{rule.id}",
            label=rule.label,
            inputs=facts[rule.fact].evidence,
            weight=rule.weight,
            value=round(facts[rule.fact].value, 4),
            points=round(share, 2),
        )
        for rule, share in zip(rules, points, strict=True)
    ]
    score = min(100.0, max(0.0, math.fsum(points)))
    for cap in caps:
        fact = facts[cap.fact]
        if fact.value < cap.below and score > cap.cap:
            applied.append(
                RuleApplication(
                    rule_id=f"{prefix}.cap.{cap.id}",
                    label=cap.label,
                    inputs=fact.evidence,
                    weight=0.0,
                    value=round(fact.value, 4),
                    points=round(cap.cap - score, 2),
                )
            )
            score = cap.cap
    return ScoreBreakdown(score=round(score, 1), rules=tuple(applied))


def rules_score(
    rules: Sequence[WeightedRule], values: Mapping[str, float], caps: Sequence[Cap] = ()
) -> float:
    """Return exactly `score_rules(...).score` from plain fact values, without the
    explanation: what the levers re-score an answer change with, hundreds of times a report."""
    score = min(100.0, max(0.0, math.fsum(_shares(rules, values))))
    for cap in caps:
        if values[cap.fact] < cap.below and score > cap.cap:
            score = cap.cap
    return round(score, 1)


def mean_score(parts: Sequence[tuple[float, float]]) -> float:
    """Return exactly `weighted_mean(...).score` from (weight, score) parts, unexplained."""
    total_weight = math.fsum(weight for weight, _ in parts)
    points = [weight / total_weight * score for weight, score in parts]
    return round(min(100.0, max(0.0, math.fsum(points))), 1)


def _shares(rules: Sequence[WeightedRule], values: Mapping[str, float]) -> list[float]:
    """Each rule's points: its weight's share x its fact's value x 100."""
    total_weight = math.fsum(rule.weight for rule in rules)
    return [rule.weight / total_weight * values[rule.fact] * 100 for rule in rules]


def weighted_mean(prefix: str, parts: Sequence[tuple[str, str, float, float]]) -> ScoreBreakdown:
    """Return the weighted mean of (id, label, weight, score 0-100) parts, explained."""
    total_weight = math.fsum(weight for _, _, weight, _ in parts)
    applied = []
    points = []
    for part_id, label, weight, score in parts:
        share = weight / total_weight * score
        points.append(share)
        applied.append(
            RuleApplication(
                rule_id=f"{prefix}.{part_id}",
                label=label,
                inputs=(Evidence.of(f"dimensions.{part_id}.score", score),),
                weight=weight,
                value=round(score / 100, 4),
                points=round(share, 2),
            )
        )
    score = min(100.0, max(0.0, math.fsum(points)))
    return ScoreBreakdown(score=round(score, 1), rules=tuple(applied))
