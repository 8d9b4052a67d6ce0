"""What would move you most: single answers improved one step, re-scored exactly.

Every answer on a rubric scale (the checklist, the organisation's practices and review
cadence, each initiative's fit, process mapping, integration, pilot, training and scorecard)
is moved to its next better known answer ("no" -> "partly", "partly" -> "yes"; never to
"unknown", nor to or from "not applicable" other than from the answer it counts as), one at
a time, and the assessment is re-scored with that answer changed. The
engine is pure, so this is not an estimate: the re-scoring uses the same rules, thresholds and
rounding as `evaluate` (`scoring.rules_score`, `verdicts`), and a property test applies each
lever to the assessment and checks the full evaluation gains what the lever claims.

Levers that change the verdict (a better band, a better quadrant) come first, the largest
step first; then the largest gain; ties by answer path. Only levers that gain something are
kept, at most three per score.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from evaluators.fact_names import CHECKLIST_ITEMS, ORGANISATION_SCALES, SCORECARD_PERSPECTIVES
from evaluators.facts import (
    SCALED_ANSWERS,
    ScoredInitiative,
    handles_personal_data,
    initiatives_values,
    scorecard_value,
)
from evaluators.models import Assessment
from evaluators.results import Lever
from evaluators.rubric import Rubric
from evaluators.scoring import mean_score, rules_score
from evaluators.verdicts import QUADRANT_ORDER, band_rank, band_spec, quadrant_id

TOP = 3


@dataclass(frozen=True, slots=True)
class _Move:
    """One answer moved one step up its scale, and the fact value it sets."""

    path: str
    label: str
    initiative: str
    from_answer: str
    to_answer: str
    initiative_id: str | None
    fact: str
    value: float


@dataclass(frozen=True, slots=True)
class _Verdict:
    """A band or quadrant: its id, label and place (0 is the best)."""

    id: str
    label: str
    rank: int


def next_answer(rubric: Rubric, scale: str, answer: str) -> str | None:
    """Return the next better known answer on `scale` after `answer`, or None at the top."""
    order = rubric.scales[scale].order  # type: ignore[index]
    for better in order[order.index(answer) + 1 :]:
        if better != "unknown":
            return better
    return None


Found = list[tuple[tuple[int, float, str], _Move, float, _Verdict, _Verdict]]


def find_levers(
    rubric: Rubric,
    assessment: Assessment,
    scored: Sequence[ScoredInitiative],
    business: Mapping[str, float],
) -> tuple[tuple[Lever, ...], dict[str, tuple[Lever, ...]]]:
    """Return the top levers of the overall score and, by initiative id, of each initiative
    (its alignment plus value and its quadrant). `scored` are the initiatives (any order),
    `business` the values of the business facts they were scored with."""
    ordered = sorted(scored, key=lambda s: s.context.initiative.id)
    rows = [
        (s.alignment, s.value, {k: f.value for k, f in s.context.facts.items()}) for s in ordered
    ]
    index = {s.context.initiative.id: i for i, s in enumerate(ordered)}
    overall_of = _Overall(rubric, business)
    score, band = overall_of(business, set())

    overall: Found = []
    per_initiative: dict[str, Found] = {s.context.initiative.id: [] for s in ordered}
    for move in _moves(rubric, assessment, ordered):
        if move.initiative_id is not None:
            i = index[move.initiative_id]
            alignment, value, facts = rows[i]
            changed = {**facts, move.fact: move.value}
            new_alignment = rules_score(
                rubric.initiative_alignment.rules, changed, rubric.initiative_alignment.caps
            )
            new_value = rules_score(
                rubric.initiative_value.rules, changed, rubric.initiative_value.caps
            )
            _keep(
                per_initiative[move.initiative_id],
                move,
                round(new_alignment + new_value - alignment - value, 1),
                _quadrant(rubric, alignment, value, facts),
                _quadrant(rubric, new_alignment, new_value, changed),
            )
            new_rows = [*rows[:i], (new_alignment, new_value, changed), *rows[i + 1 :]]
            summed = initiatives_values(new_rows)
            moved = {k for k, v in summed.items() if v != business[k]}
            values = {**business, **summed}
        else:
            values = {**business, move.fact: move.value}
            moved = {move.fact}
        new_score, new_band = overall_of(values, moved)
        _keep(overall, move, round(new_score - score, 1), band, new_band)
    return _top(overall), {iid: _top(found) for iid, found in per_initiative.items()}


def _keep(found: Found, move: _Move, gain: float, before: _Verdict, after: _Verdict) -> None:
    steps = before.rank - after.rank
    if gain > 0 or steps > 0:
        found.append(((-steps, -gain, move.path), move, gain, before, after))


def _top(found: Found) -> tuple[Lever, ...]:
    """The best levers, built only for those kept (most moves gain something)."""
    found.sort(key=lambda item: item[0])
    return tuple(
        Lever(
            path=move.path,
            label=move.label,
            initiative=move.initiative,
            from_answer=move.from_answer,
            to_answer=move.to_answer,
            gain=gain,
            verdict_from=before.id,
            verdict_to=after.id,
            verdict_from_label=before.label,
            verdict_to_label=after.label,
        )
        for _, move, gain, before, after in found[:TOP]
    )


def _quadrant(
    rubric: Rubric, alignment: float, value: float, facts: Mapping[str, float]
) -> _Verdict:
    quadrant = quadrant_id(rubric, alignment, value, facts)
    label = getattr(rubric.quadrants, quadrant).label
    return _Verdict(quadrant, label, QUADRANT_ORDER[quadrant])


class _Overall:
    """The overall score and band of business fact values, as `evaluate` finds them; only
    the dimensions that weigh a moved fact are scored again (the others cannot change)."""

    def __init__(self, rubric: Rubric, base: Mapping[str, float]) -> None:
        self._rubric = rubric
        self._reads = [frozenset(r.fact for r in d.rules) for d in rubric.dimensions]
        self._base = [rules_score(d.rules, base) for d in rubric.dimensions]

    def __call__(self, values: Mapping[str, float], moved: set[str]) -> tuple[float, _Verdict]:
        rubric = self._rubric
        scores = [
            (d.weight, rules_score(d.rules, values) if reads & moved else base)
            for d, reads, base in zip(rubric.dimensions, self._reads, self._base, strict=True)
        ]
        score = mean_score(scores)
        band, _ = band_spec(rubric, score, min(s for _, s in scores))
        return score, _Verdict(band.id, band.label, band_rank(rubric, band.id))


def _moves(
    rubric: Rubric, assessment: Assessment, ordered: Sequence[ScoredInitiative]
) -> Iterator[_Move]:
    """Every answer on a scale that can move one step up, in a fixed order."""
    labels = _labels(rubric)
    business: list[tuple[str, str, str]] = [
        (f"checklist.{item}", "tri", getattr(assessment.checklist, item))
        for item in CHECKLIST_ITEMS
    ]
    business += [
        (f"organisation.{item}", scale, getattr(assessment.organisation, item))
        for item, scale in ORGANISATION_SCALES.items()
    ]
    personal_data = handles_personal_data(rubric, assessment.initiatives)
    for path, scale, answer in business:
        # "Not applicable" moves from what it counts as, and is never a move's target (it is
        # not on the order): "no review needed" is a fact about the business, not a step.
        counted = rubric.counted_answer(scale, answer, personal_data=personal_data)
        better = next_answer(rubric, scale, counted)
        if better is not None:
            value = rubric.scale_value(scale, better)
            yield _Move(path, labels[path], "", answer, better, None, path, value)
    for scored in ordered:
        initiative = scored.context.initiative
        for field, scale in SCALED_ANSWERS.items():
            answer = getattr(initiative, field)
            better = next_answer(rubric, scale, answer)
            if better is not None:
                fact = f"initiative.{field}"
                value = rubric.scale_value(scale, better)
                path = f"{scored.context.path}.{field}"
                # Pilots and training count in the business dimensions, as their means.
                label = labels.get(fact) or labels[f"initiatives.{field}_mean"]
                yield _Move(
                    path, label, initiative.name, answer, better, initiative.id, fact, value
                )
        impacts = [getattr(initiative.scorecard, p) for p in SCORECARD_PERSPECTIVES]
        for i, perspective in enumerate(SCORECARD_PERSPECTIVES):
            better = next_answer(rubric, "impact", impacts[i])
            if better is not None:
                value = scorecard_value(rubric, [*impacts[:i], better, *impacts[i + 1 :]])
                yield _Move(
                    f"{scored.context.path}.scorecard.{perspective}",
                    f"Impact on the {perspective.replace('_', ' ')} perspective",
                    initiative.name,
                    impacts[i],
                    better,
                    initiative.id,
                    "initiative.scorecard",
                    value,
                )


def _labels(rubric: Rubric) -> dict[str, str]:
    """What each fact a lever moves is about: the label of the first rubric rule weighing it."""
    rules = [
        *rubric.initiative_alignment.rules,
        *rubric.initiative_value.rules,
        *(r for d in rubric.dimensions for r in d.rules),
    ]
    labels: dict[str, str] = {}
    for rule in rules:
        labels.setdefault(rule.fact, rule.label)
    return labels
