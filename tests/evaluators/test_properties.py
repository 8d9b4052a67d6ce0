"""Properties of `evaluate` over arbitrary valid assessments (hypothesis):

- total: no exception for any Assessment the models accept, and the output is valid JSON that
  validates back into an Evaluation and renders as text;
- deterministic: byte-identical JSON for equal input, also across processes;
- bounded: every score in 0-100, maturity 1-4, plan periods of at most three steps;
- monotone: any single answer made better (up its rubric scale's order, a lower cost, a higher
  benefit, rating, share of features needed or metric input) never lowers any score in the
  Evaluation: overall, every dimension, every initiative's alignment and value, ROI figures,
  strategic metrics, the maturity level, the band and every quadrant, as long as no
  initiative's simple ROI goes from plausible to implausible (above the rubric's
  `roi.implausible_roi_pct`). Confidence is not a score: it measures how much is known, and
  answering "unknown" lowers it by design;
- an implausible ROI is not value: it counts as a plausible ROI of the rubric's
  `roi.implausible_counts_as_pct`, so a higher benefit is monotone only while the ROI stays
  plausible, and fixing the estimate (bringing it down to a plausible ROI at or above that
  figure) never lowers any score or verdict;
- "not applicable" to the ethics review scores exactly as "yes" while no initiative handles
  customer or employee data (an area of the rubric's `personal_data_areas`), as "no" while
  one does,
  and its levers are that answer's (never towards "not applicable");
- order-invariant: shuffling objectives, initiatives, KPIs and objective ids changes nothing;
- a conflict with how the business competes is the first finding of its initiative;
- levers are exact: applying a proposed lever to the assessment never lowers the score, gains
  exactly what the lever claims and reaches the verdict it names.

Each property runs 150 examples; ALIGNBOT_HYPOTHESIS_EXAMPLES=3000 runs a deeper search.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from evaluators import Assessment, Evaluation, Rubric, evaluate, load_rubric, render_report_text
from evaluators.results import DimensionScore, InitiativeResult, Lever, ScoreBreakdown
from evaluators.verdicts import QUADRANT_ORDER
from tests.evaluators.strategies import assessments

RUBRIC = load_rubric()
SETTINGS = settings(
    max_examples=int(os.environ.get("ALIGNBOT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TRI = "tri"
SCALED_FIELDS = {
    ("checklist", None): TRI,
    ("organisation", "review_cadence"): "review_cadence",
    ("organisation", "ethics_review"): "ethics_review",
    ("organisation", None): TRI,
    ("initiative", "value_fit"): "value_fit",
    ("initiative", "integration"): "integration",
    ("initiative", "process_mapped"): TRI,
    ("initiative", "pilot_first"): TRI,
    ("initiative", "user_training"): TRI,
    ("scorecard", None): "impact",
}


def _candidates(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every answer of `data` that could be made better: (path, how)."""
    found: list[tuple[tuple[Any, ...], str]] = []
    for item, value in data["checklist"].items():
        found.append((("checklist", item), f"scale:{TRI}:{value}"))
    for item, value in data["organisation"].items():
        scale = SCALED_FIELDS.get(("organisation", item), TRI)
        found.append((("organisation", item), f"scale:{scale}:{value}"))
    for i, initiative in enumerate(data["initiatives"]):
        base = ("initiatives", i)
        for field in ("value_fit", "integration", "process_mapped", "pilot_first", "user_training"):
            scale = SCALED_FIELDS[("initiative", field)]
            found.append(((*base, field), f"scale:{scale}:{initiative[field]}"))
        for perspective, value in initiative["scorecard"].items():
            found.append(((*base, "scorecard", perspective), f"scale:impact:{value}"))
        if initiative["features_needed_pct"] is not None:
            found.append(((*base, "features_needed_pct"), "up:100"))
        for key, value in initiative["intangibles"].items():
            if value is not None:
                found.append(((*base, "intangibles", key), "up:5"))
        for key, value in initiative["costs"].items():
            if value is not None:
                found.append(((*base, "costs", key), "down:0"))
        for key, value in initiative["benefits"].items():
            if value is not None:
                found.append(((*base, "benefits", key), "up:1e12"))
    metrics = data["metrics"]
    if metrics is not None:
        for part, whole in (
            ("journey_touchpoints_automated", "journey_touchpoints_total"),
            ("critical_processes_automated", "processes_automated_total"),
        ):
            if metrics[part] is not None:
                limit = metrics[whole] if metrics[whole] is not None else 10_000
                found.append((("metrics", part), f"int_up:{limit}"))
        if metrics["automation_data_used_pct"] is not None:
            found.append((("metrics", "automation_data_used_pct"), "up:100"))
        if metrics["reconfigure_days"] is not None:
            found.append((("metrics", "reconfigure_days"), "down:0"))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


@st.composite
def improved_pairs(draw: st.DrawFn) -> tuple[Assessment, Assessment, str]:
    """An assessment, the same with one answer made better, and a description of the change."""
    assessment = draw(assessments())
    data = assessment.model_dump(mode="json")
    candidates = [c for c in _candidates(data) if _can_improve(data, c)]
    if not candidates:
        return assessment, assessment, "nothing to improve"
    path, how = draw(st.sampled_from(candidates))
    current = _get(data, path)
    kind, *rest = how.split(":")
    if kind == "scale":
        order = RUBRIC.scales[rest[0]].order
        better = order[order.index(current) + 1 :]
        new: Any = draw(st.sampled_from(better))
    elif kind == "int_up":
        new = draw(st.integers(current + 1, int(rest[0])))
    elif kind == "up":
        new = draw(st.floats(current, float(rest[0])).filter(lambda x: x > current))
        if path[-2] == "intangibles":
            new = draw(st.integers(current + 1, 5))
    else:
        new = draw(st.floats(float(rest[0]), current).filter(lambda x: x < current))
    _set(data, path, new)
    better_assessment = Assessment.model_validate(data)
    return assessment, better_assessment, f"{'.'.join(map(str, path))}: {current!r} -> {new!r}"


def _can_improve(data: dict[str, Any], candidate: tuple[tuple[Any, ...], str]) -> bool:
    path, how = candidate
    current = _get(data, path)
    kind, *rest = how.split(":")
    if kind == "scale":
        order = RUBRIC.scales[rest[0]].order  # type: ignore[index]
        # "Not applicable" is off the order: it scores as the answer it counts as (its own
        # property below), so moving up from that answer is what this property covers.
        return current in order and order.index(current) < len(order) - 1
    if kind in ("up", "int_up"):
        return bool(current < float(rest[0]))
    return bool(current > float(rest[0]))


def _band_rank(rubric: Rubric, band_id: str) -> int:
    return [b.id for b in rubric.bands].index(band_id)


def _never_worse(before: Evaluation, after: Evaluation, change: str) -> None:
    _scores_never_worse(before, after, change)
    note = f"after {change}"
    for new_result in after.initiatives:
        old_roi, new_roi = before.initiative(new_result.id).roi, new_result.roi
        # None is the worst figure: an improvement may make one appear, never vanish.
        if old_roi.npv is not None:
            assert new_roi.npv is not None, note
            assert new_roi.npv >= old_roi.npv, note
        if old_roi.tco is not None:
            assert new_roi.tco is not None, note
            assert new_roi.tco <= old_roi.tco, note
        if old_roi.simple_roi_pct is not None and new_roi.simple_roi_pct is not None:
            assert new_roi.simple_roi_pct >= old_roi.simple_roi_pct, note
        for field in ("payback_months", "discounted_payback_months"):
            old_months, new_months = getattr(old_roi, field), getattr(new_roi, field)
            if old_months is not None:
                assert new_months is not None, f"{field} {note}"
                assert new_months <= old_months, f"{field} {note}"


def _scores_never_worse(before: Evaluation, after: Evaluation, change: str) -> None:
    note = f"after {change}"
    assert after.score >= before.score, note
    assert _band_rank(RUBRIC, after.band.id) <= _band_rank(RUBRIC, before.band.id), note
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert new.score >= old.score, f"{old.id} {old.score} -> {new.score} {note}"
    assert after.maturity.level >= before.maturity.level, note
    for new_result in after.initiatives:
        old_quadrant = before.initiative(new_result.id).quadrant.id
        assert QUADRANT_ORDER[new_result.quadrant.id] <= QUADRANT_ORDER[old_quadrant], note
    old_metrics = {m.id: m.value for m in before.metrics}
    for metric in after.metrics:
        assert metric.value >= old_metrics[metric.id], f"{metric.id} {note}"
    for new_result in after.initiatives:
        old_result = before.initiative(new_result.id)
        assert new_result.alignment.score >= old_result.alignment.score, note
        assert new_result.value.score >= old_result.value.score, note


def _implausible(roi_pct: float | None) -> bool:
    return roi_pct is not None and roi_pct > RUBRIC.roi.implausible_roi_pct


def _becomes_implausible(before: Evaluation, after: Evaluation) -> bool:
    """Whether some initiative's simple ROI went from plausible to implausible."""
    return any(
        _implausible(new.roi.simple_roi_pct)
        and not _implausible(before.initiative(new.id).roi.simple_roi_pct)
        for new in after.initiatives
    )


@st.composite
def roi_pairs(
    draw: st.DrawFn, before_pct: st.SearchStrategy[float], after_pct: st.SearchStrategy[float]
) -> tuple[Assessment, Assessment, str]:
    """An assessment, and the same with one initiative's yearly savings changed so that its
    simple ROI moves from a draw of `before_pct` to one of `after_pct` (same costs)."""
    assessment = draw(assessments().filter(lambda a: bool(a.initiatives)))
    data = assessment.model_dump(mode="json")
    index = draw(st.integers(0, len(data["initiatives"]) - 1))
    # Costs of at least 100 keep a cent's rounding far below the ROI margins drawn.
    money = st.floats(0, 1e6)
    costs = {k: draw(st.none() | money) for k in data["initiatives"][index]["costs"]}
    costs["upfront"] = draw(st.floats(100, 1e6))
    horizon = RUBRIC.roi.horizon_years
    tco = math.fsum(v or 0.0 for k, v in costs.items() if not k.startswith("yearly"))
    tco += horizon * math.fsum(v or 0.0 for k, v in costs.items() if k.startswith("yearly"))
    pair = []
    pcts = (draw(before_pct), draw(after_pct))
    for pct in pcts:
        initiative = data["initiatives"][index]
        initiative["costs"] = costs
        savings = (1 + pct / 100) * tco / horizon
        initiative["benefits"] = {"yearly_savings": savings, "yearly_revenue": None}
        pair.append(Assessment.model_validate(data))
    change = f"initiatives[{index}] ROI {pcts[0]:g}% -> {pcts[1]:g}%"
    return pair[0], pair[1], change


@SETTINGS
@given(assessments())
def test_evaluate_is_total_and_bounded_for_any_valid_assessment(assessment: Assessment) -> None:
    evaluation = evaluate(assessment, RUBRIC)

    dumped = evaluation.model_dump_json()
    assert Evaluation.model_validate_json(dumped) == evaluation
    assert render_report_text(evaluation)
    assert 0 <= evaluation.score <= 100
    assert all(0 <= d.score <= 100 for d in evaluation.dimensions)
    for result in evaluation.initiatives:
        assert 0 <= result.alignment.score <= 100
        assert 0 <= result.value.score <= 100
    assert sorted(r.rank for r in evaluation.initiatives) == list(
        range(1, len(evaluation.initiatives) + 1)
    )
    assert 1 <= evaluation.maturity.level <= 4
    assert 0 <= evaluation.confidence.score <= 100
    plan = evaluation.plan
    assert all(len(p) <= 3 for p in (plan.days_30, plan.days_60, plan.days_90))
    planned = [(k.initiative_id, k.name.casefold()) for p in evaluation.kpi_plan for k in p.kpis]
    from_initiatives = [p for p in planned if p[0] is not None]
    assert len(set(from_initiatives)) == len(from_initiatives)
    for finding in evaluation.findings:
        assert len(finding.title) <= 150
        assert len(finding.why) <= 300
        assert len(finding.next_step) <= 300


@SETTINGS
@given(assessments())
def test_score_rules_add_up_to_the_score_for_any_assessment(assessment: Assessment) -> None:
    evaluation = evaluate(assessment, RUBRIC)

    assert abs(sum(r.points for r in evaluation.score_rules) - evaluation.score) <= 0.1
    breakdowns: list[DimensionScore | ScoreBreakdown] = [*evaluation.dimensions]
    breakdowns += [r.alignment for r in evaluation.initiatives]
    breakdowns += [r.value for r in evaluation.initiatives]
    for breakdown in breakdowns:
        assert abs(sum(r.points for r in breakdown.rules) - breakdown.score) <= 0.1


@SETTINGS
@given(assessments())
def test_evaluate_is_byte_identical_for_equal_input(assessment: Assessment) -> None:
    copy = Assessment.model_validate_json(assessment.model_dump_json())

    assert (
        evaluate(assessment, RUBRIC).model_dump_json() == evaluate(copy, RUBRIC).model_dump_json()
    )


@SETTINGS
@given(improved_pairs())
def test_a_better_answer_never_lowers_any_score_while_every_roi_stays_plausible(
    pair: tuple[Assessment, Assessment, str],
) -> None:
    before, after, change = pair
    old, new = evaluate(before, RUBRIC), evaluate(after, RUBRIC)
    assume(not _becomes_implausible(old, new))

    _never_worse(old, new, change)


PLAUSIBLE_PCT = st.floats(-100, RUBRIC.roi.implausible_roi_pct - 1)
IMPLAUSIBLE_PCT = st.floats(
    RUBRIC.roi.implausible_roi_pct + 1, 100 * RUBRIC.roi.implausible_roi_pct
)
CHECKED_PCT = st.floats(
    RUBRIC.roi.implausible_counts_as_pct + 1, RUBRIC.roi.implausible_roi_pct - 1
)


@SETTINGS
@given(
    st.tuples(PLAUSIBLE_PCT, PLAUSIBLE_PCT).flatmap(
        lambda pcts: roi_pairs(st.just(min(pcts)), st.just(max(pcts)))
    )
)
def test_a_higher_benefit_never_lowers_any_score_while_the_roi_stays_plausible(
    pair: tuple[Assessment, Assessment, str],
) -> None:
    before, after, change = pair
    old, new = evaluate(before, RUBRIC), evaluate(after, RUBRIC)
    assert not _becomes_implausible(old, new), change

    _never_worse(old, new, change)


@SETTINGS
@given(roi_pairs(IMPLAUSIBLE_PCT, CHECKED_PCT))
def test_bringing_an_implausible_roi_down_to_a_plausible_one_never_lowers_any_score(
    pair: tuple[Assessment, Assessment, str],
) -> None:
    before, after, change = pair
    old, new = evaluate(before, RUBRIC), evaluate(after, RUBRIC)
    assert any(
        _implausible(old.initiative(r.id).roi.simple_roi_pct)
        and not _implausible(r.roi.simple_roi_pct)
        for r in new.initiatives
    ), change

    _scores_never_worse(old, new, change)


@SETTINGS
@given(assessments(), st.randoms(use_true_random=False))
def test_evaluation_ignores_the_order_of_objectives_initiatives_and_kpis(
    assessment: Assessment, random: Any
) -> None:
    data = assessment.model_dump(mode="json")
    random.shuffle(data["objectives"])
    random.shuffle(data["initiatives"])
    for initiative in data["initiatives"]:
        random.shuffle(initiative["kpis"])
        random.shuffle(initiative["objective_ids"])
    shuffled = Assessment.model_validate(data)

    assert (
        evaluate(shuffled, RUBRIC).model_dump_json()
        == evaluate(assessment, RUBRIC).model_dump_json()
    )


def test_evaluation_json_is_identical_across_processes_with_different_hash_seeds() -> None:
    persona = Path(__file__).parent / "personas" / "agency_reporting.json"
    script = (
        "import sys; from evaluators import evaluate, load_rubric, parse_assessment; "
        "a = parse_assessment(open(sys.argv[1], 'rb').read()); "
        "sys.stdout.write(evaluate(a, load_rubric()).model_dump_json())"
    )
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(persona)],
            capture_output=True,
            check=True,
            env=env,
            cwd=Path(__file__).parents[2],
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["business"] == "Brightline Marketing"


def _apply(assessment: Assessment, lever: Lever) -> Assessment:
    """The assessment with the lever's answer changed (paths name initiatives by id)."""
    data = assessment.model_dump(mode="json")
    head, _, rest = lever.path.partition("].")
    if head.startswith("initiatives["):
        initiative_id = head.removeprefix("initiatives[")
        target = next(i for i in data["initiatives"] if i["id"] == initiative_id)
        path = tuple(rest.split("."))
    else:
        target, path = data, tuple(lever.path.split("."))
    assert _get(target, path) == lever.from_answer, lever.path
    _set(target, path, lever.to_answer)
    return Assessment.model_validate(data)


@SETTINGS
@given(assessments())
def test_applying_a_lever_gains_exactly_what_it_claims(assessment: Assessment) -> None:
    evaluation = evaluate(assessment, RUBRIC)

    for lever in evaluation.levers:
        after = evaluate(_apply(assessment, lever), RUBRIC)
        assert lever.gain > 0 or lever.verdict_to != lever.verdict_from, lever
        assert round(after.score - evaluation.score, 1) == lever.gain, lever
        assert (after.band.id, lever.verdict_from) == (lever.verdict_to, evaluation.band.id), lever
    for result in evaluation.initiatives:
        for lever in result.levers:
            changed = evaluate(_apply(assessment, lever), RUBRIC).initiative(result.id)
            gained = changed.alignment.score + changed.value.score
            assert round(gained - result.alignment.score - result.value.score, 1) == lever.gain
            assert changed.quadrant.id == lever.verdict_to, lever
            assert lever.verdict_from == result.quadrant.id, lever


def _verdict(result: InitiativeResult) -> tuple[str, float, float, str]:
    return (result.id, result.alignment.score, result.value.score, result.quadrant.id)


@SETTINGS
@given(assessments())
def test_an_ethics_review_that_does_not_apply_scores_as_yes_or_with_personal_data_as_no(
    assessment: Assessment,
) -> None:
    data = assessment.model_dump(mode="json")
    personal = any(i["area"] in RUBRIC.personal_data_areas for i in data["initiatives"])
    data["organisation"]["ethics_review"] = "not_applicable"
    na = evaluate(Assessment.model_validate(data), RUBRIC)
    data["organisation"]["ethics_review"] = "no" if personal else "yes"
    counted = evaluate(Assessment.model_validate(data), RUBRIC)

    assert na.score == counted.score
    assert na.band == counted.band
    assert [d.score for d in na.dimensions] == [d.score for d in counted.dimensions]
    assert na.maturity.level == counted.maturity.level
    assert [_verdict(r) for r in na.initiatives] == [_verdict(r) for r in counted.initiatives]
    # The levers are the counted answer's: "not applicable" moves from where it counts.
    assert [(x.path, x.to_answer, x.gain) for x in na.levers] == [
        (x.path, x.to_answer, x.gain) for x in counted.levers
    ]
    assert all(x.to_answer != "not_applicable" for x in na.levers)


@SETTINGS
@given(assessments())
def test_a_conflict_with_how_you_compete_comes_first_among_its_initiatives_findings(
    assessment: Assessment,
) -> None:
    evaluation = evaluate(assessment, RUBRIC)

    for result in evaluation.initiatives:
        own = [f.rule_id for f in evaluation.findings if f.initiative_id == result.id]
        if "value_conflict" in own:
            assert own[0] == "value_conflict", own
