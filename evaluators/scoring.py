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
    total_weight = math.fsum(rule.weight for rule in rules)
    applied = []
    points = []
    for rule in rules:
        fact = facts[rule.fact]
        share = rule.weight / total_weight * fact.value * 100
        points.append(share)
        applied.append(
            RuleApplication(
                rule_id=f"{prefix}.{rule.id}",
                label=rule.label,
                inputs=fact.evidence,
                weight=rule.weight,
                value=round(fact.value, 4),
                points=round(share, 2),
            )
        )
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
