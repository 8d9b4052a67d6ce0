"""The strategic alignment maturity level, from the corpus's "Strategic Alignment Maturity
Model for SMB Automation": 1 reactive, 2 functional, 3 integrated, 4 dynamic.

A business is at the highest level whose conditions, and every lower level's, all hold.
Conditions are thresholds on dimension scores, facts and strategic metrics, all monotone in
the answers, so a better answer never lowers the level. A metric nobody gave never meets its
condition: the dynamic level needs adaptability measured, not assumed.
"""

from __future__ import annotations

from collections.abc import Mapping

from evaluators.facts import Facts
from evaluators.findings import source_ref
from evaluators.results import Maturity, MaturityCondition
from evaluators.rubric import MaturityConditionSpec, Rubric


def assess_maturity(
    rubric: Rubric,
    dimensions: Mapping[str, float],
    facts: Facts,
    metrics: Mapping[str, float],
) -> Maturity:
    """Return the maturity level, the rule that placed it there and what the next level
    needs."""
    conditions: list[MaturityCondition] = []
    for level in rubric.maturity[1:]:
        for spec in level.conditions:
            actual = _actual(spec, dimensions, facts, metrics)
            conditions.append(
                MaturityCondition(
                    level=level.level,
                    id=spec.id,
                    label=spec.label,
                    met=actual is not None and actual >= spec.at_least,
                    actual=None if actual is None else round(actual, 2),
                    required=spec.at_least,
                )
            )

    reached = 1
    for level in rubric.maturity[1:]:
        if all(c.met for c in conditions if c.level == level.level):
            reached = level.level
        else:
            break

    current = rubric.maturity[reached - 1]
    upcoming = rubric.maturity[reached] if reached < len(rubric.maturity) else None
    missing = tuple(
        c.label
        for c in conditions
        if upcoming is not None and c.level == upcoming.level and not c.met
    )
    if upcoming is None:
        rule = f"Level {reached} ({current.name}): every condition of levels 2 to 4 holds."
    else:
        held = {1: "", 2: "every condition of level 2 holds; "}.get(
            reached, f"every condition of levels 2 and {reached} holds; "
        )
        rule = (
            f"Level {reached} ({current.name}): {held}level {upcoming.level} "
            f"({upcoming.name}) needs {len(missing)} more condition"
            f"{'' if len(missing) == 1 else 's'}."
        )
    return Maturity(
        level=reached,
        name=current.name,
        description=current.description,
        rule=rule,
        next_level=None if upcoming is None else upcoming.level,
        next_name=None if upcoming is None else upcoming.name,
        to_reach_next=missing,
        conditions=tuple(conditions),
        source=source_ref(rubric, current.source.document, current.source.section),
    )


def _actual(
    spec: MaturityConditionSpec,
    dimensions: Mapping[str, float],
    facts: Facts,
    metrics: Mapping[str, float],
) -> float | None:
    if spec.dimension is not None:
        return dimensions[spec.dimension]
    if spec.fact is not None:
        return facts[spec.fact].value
    assert spec.metric is not None
    return metrics.get(spec.metric)
