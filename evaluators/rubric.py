"""The rubric: everything the scoring engine believes about strategy, as validated data.

`evaluators/rubric.yaml` holds the weights, answer values, band thresholds, pitfall and
finding rules with their texts, the ROI horizon and discount rate, and the corpus's
objective -> KPI mappings; every rule cites the corpus passage it comes from. This module
holds the pydantic models that validate it and `load_rubric()`, the engine's only I/O.

A broken file fails at load with a `RubricError` naming the file and the field, e.g.
``rubric.yaml: dimensions[2].rules[0].fact: unknown fact 'checklist.foo'``.
"""

from __future__ import annotations

import itertools
import string
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from evaluators.errors import RubricError
from evaluators.fact_names import (
    BUSINESS_ANSWERS,
    BUSINESS_FACTS,
    INITIATIVE_ANSWERS,
    INITIATIVE_FACTS,
)
from evaluators.models import (
    NOT_APPLICABLE,
    AutomationArea,
    Direction,
    EthicsReview,
    Impact,
    Integration,
    Pillar,
    ReviewCadence,
    Tri,
    ValueFit,
)
from evaluators.results import Severity
from prompts.data_files import read_yaml, validate_model

DEFAULT_RUBRIC = Path(__file__).with_name("rubric.yaml")

# The dimensions the Evaluation contract promises; a rubric may add more.
REQUIRED_DIMENSIONS = (
    "strategy_clarity",
    "readiness_checklist",
    "initiative_alignment",
    "measurement_kpis",
    "value_roi",
    "people_change",
    "data_ethics",
)

# Each answer vocabulary of the Assessment, by the scale name the rubric uses for it.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "tri": get_args(Tri),
    "value_fit": get_args(ValueFit),
    "integration": get_args(Integration),
    "impact": get_args(Impact),
    "review_cadence": get_args(ReviewCadence),
    "ethics_review": get_args(EthicsReview),
}

# Placeholders a finding's texts may use, by scope.
PLACEHOLDERS = {
    "business": frozenset({"business", "personal_data"}),
    "initiative": frozenset({"business", "initiative", "area", "missing_costs"}),
}

Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
DocumentKey = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=300)]
Label = Annotated[str, Field(min_length=1, max_length=120)]
Unit = Annotated[float, Field(ge=0, le=1)]
Score = Annotated[float, Field(ge=0, le=100)]
Weight = Annotated[float, Field(gt=0, le=1000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Document(_Strict):
    """A corpus document rules may cite."""

    file: Label
    title: Label


class Source(_Strict):
    """Where a rule comes from: a document key of `documents` and a section heading in it."""

    document: DocumentKey
    section: Label


class NotApplicable(_Strict):
    """What "not applicable" counts as on a scale: an answer of its order, one while no
    initiative handles personal data (its area is a `personal_data_areas` one), another while
    one does. It is outside the order: it claims the practice is not needed, which is not a
    degree of doing it."""

    counts_as: str
    with_personal_data: str


class Scale(_Strict):
    """An answer vocabulary's order (worst first) and the 0-1 value of each answer; values
    never decrease along the order, which is what makes the engine monotone. A scale whose
    vocabulary has "not_applicable" says what it counts as in `not_applicable`."""

    order: tuple[str, ...] = Field(min_length=2)
    values: dict[str, Unit]
    not_applicable: NotApplicable | None = None
    note: Text
    source: Source

    @model_validator(mode="after")
    def _values_follow_order(self) -> Scale:
        if len(set(self.order)) != len(self.order):
            raise ValueError("order lists an answer twice")
        if set(self.values) != set(self.order):
            raise ValueError(
                f"values must give exactly the answers in order ({', '.join(self.order)})"
            )
        if self.not_applicable is not None:
            for field, answer in self.not_applicable:
                if answer not in self.order:
                    raise ValueError(
                        f"not_applicable.{field}: {answer!r} is not an answer of the order"
                    )
        for worse, better in itertools.pairwise(self.order):
            if self.values[better] < self.values[worse]:
                raise ValueError(
                    f"values must not decrease along order: {better!r} "
                    f"({self.values[better]}) is below {worse!r} ({self.values[worse]})"
                )
        return self


class Curve(_Strict):
    """A piecewise-linear map from a figure to a 0-1 value, flat beyond its ends."""

    points: tuple[tuple[float, Unit], ...] = Field(min_length=2)

    @field_validator("points")
    @classmethod
    def _x_increasing(
        cls, points: tuple[tuple[float, float], ...]
    ) -> tuple[tuple[float, float], ...]:
        xs = [x for x, _ in points]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValueError("x values must be strictly increasing")
        return points

    def is_monotone(self, direction: Literal["increasing", "decreasing"]) -> bool:
        """Return whether the curve never moves against `direction`."""
        ys = [y for _, y in self.points]
        pairs = itertools.pairwise(ys)
        if direction == "increasing":
            return all(b >= a for a, b in pairs)
        return all(b <= a for a, b in pairs)

    def at(self, x: float) -> float:
        """Return the curve's value at x (clamped to the end values outside the range)."""
        points = self.points
        if x <= points[0][0]:
            return points[0][1]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if x <= x1:
                return y0 + (x - x0) * (y1 - y0) / (x1 - x0)
        return points[-1][1]


class WeightedRule(_Strict):
    """A scoring rule: a fact (a 0-1 value computed from the answers) times a weight."""

    id: Key
    label: Label
    fact: str
    weight: Weight
    source: Source


class Cap(_Strict):
    """A ceiling on a score while a fact stays below a threshold (e.g. an initiative that
    works against how the business competes cannot score as aligned)."""

    id: Key
    label: Label
    fact: str
    below: Unit
    cap: Score
    source: Source


class Dimension(_Strict):
    """One dimension of the overall score."""

    id: Key
    label: Label
    description: Text
    weight: Weight
    rules: tuple[WeightedRule, ...] = Field(min_length=1)


class InitiativeScoring(_Strict):
    """How one initiative's alignment or value score is built."""

    rules: tuple[WeightedRule, ...] = Field(min_length=1)
    caps: tuple[Cap, ...] = ()


class BandSpec(_Strict):
    """A band of the overall score: from `at_least` up to the next band's threshold."""

    id: Key
    label: Label
    at_least: Score
    meaning: Text


class WeakestLeg(_Strict):
    """While any dimension is below `below`, the band is at most `band_at_most`."""

    below: Score
    band_at_most: Key
    source: Source


class QuadrantSpec(_Strict):
    """Label and meaning of one priority quadrant."""

    label: Label
    meaning: Text


class Blocker(_Strict):
    """A problem that keeps an initiative out of "do now" (it is "fix first" instead) while
    its fact stays below `below`; `unlock` says what to fix. Only a fact below a threshold:
    a better answer can then only clear it, which keeps the verdict monotone."""

    id: Key
    fact: str
    below: Unit
    unlock: Text
    findings: tuple[Key, ...] = Field(min_length=1)
    source: Source


class Quadrants(_Strict):
    """Alignment x value thresholds of the priority matrix, and the blockers that turn a
    "do now" into "fix first"."""

    alignment_at_least: Score
    value_at_least: Score
    do_now: QuadrantSpec
    strategic_bet: QuadrantSpec
    reconsider: QuadrantSpec
    stop: QuadrantSpec
    fix_first: QuadrantSpec
    source: Source
    blockers: tuple[Blocker, ...] = ()


class MaturityConditionSpec(_Strict):
    """A threshold on exactly one of: a dimension score (0-100), a business fact (0-1), or a
    strategic metric's value (in its unit). A missing metric never meets its condition."""

    id: Key
    label: Label
    dimension: Key | None = None
    fact: str | None = None
    metric: Key | None = None
    at_least: float

    @model_validator(mode="after")
    def _one_subject(self) -> MaturityConditionSpec:
        subjects = [s for s in (self.dimension, self.fact, self.metric) if s is not None]
        if len(subjects) != 1:
            raise ValueError("give exactly one of dimension, fact or metric")
        return self


class MaturityLevelSpec(_Strict):
    """One level of the maturity model; reaching it needs all its conditions (and the lower
    levels')."""

    level: Annotated[int, Field(ge=1, le=4)]
    name: Label
    description: Text
    source: Source
    conditions: tuple[MaturityConditionSpec, ...] = ()


class Condition(_Strict):
    """When a finding fires: a leaf tests a fact (`below` / `at_least`, 0-1) or an answer
    (`in` a list of answers, "unknown" matching an unanswered one, or `below` / `at_least` a
    number); `all` / `any` combine conditions."""

    fact: str | None = None
    answer: str | None = None
    below: float | None = None
    at_least: float | None = None
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None

    @model_validator(mode="after")
    def _well_formed(self) -> Condition:
        kinds = [k for k in ("fact", "answer", "all", "any") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("give exactly one of fact, answer, all or any")
        ops = [o for o in ("below", "at_least", "in_") if getattr(self, o) is not None]
        if kinds[0] in ("all", "any"):
            if ops:
                raise ValueError("all/any take no below, at_least or in")
            if not getattr(self, kinds[0]):
                raise ValueError(f"{kinds[0]} needs at least one condition")
        elif len(ops) != 1:
            raise ValueError(f"{kinds[0]} needs exactly one of below, at_least or in")
        elif kinds[0] == "fact" and ops[0] == "in_":
            raise ValueError("a fact is a number: use below or at_least, not in")
        return self

    def references(self) -> list[tuple[str, str]]:
        """Return every (kind, name) leaf reference, kind being "fact" or "answer"."""
        if self.fact is not None:
            return [("fact", self.fact)]
        if self.answer is not None:
            return [("answer", self.answer)]
        return [ref for child in (self.all or self.any or ()) for ref in child.references()]


class FindingRule(_Strict):
    """A finding the report raises when `when` holds. Initiative-scope rules are checked per
    initiative; those with `pitfall` set also flag the corpus pitfall on the initiative."""

    id: Key
    scope: Literal["business", "initiative"]
    severity: Severity
    pitfall: Key | None = None
    when: Condition
    title: Annotated[str, Field(min_length=1, max_length=120)]
    why: Text
    next_step: Text
    next_step_after: Text | None = None
    topic: Annotated[str, Field(min_length=3, max_length=120)]
    horizon: Literal[30, 60, 90]
    source: Source


class PitfallSpec(_Strict):
    """One of the corpus's pitfalls of misaligned automation (plus the issue's two)."""

    name: Label
    description: Text
    source: Source


class KPIQualitySpec(_Strict):
    """Shares of a KPI's quality: a baseline, a target, a target that improves on the baseline
    in the KPI's direction, and a deadline. They add up to 1."""

    baseline: Unit
    target: Unit
    improves: Unit
    deadline: Unit
    source: Source

    @model_validator(mode="after")
    def _sums_to_one(self) -> KPIQualitySpec:
        if abs(self.baseline + self.target + self.improves + self.deadline - 1) > 1e-9:
            raise ValueError("baseline + target + improves + deadline must add up to 1")
        return self


class KPITemplate(_Strict):
    """A KPI the corpus maps to a strategic pillar; unit "currency" becomes the business's."""

    name: Label
    unit: Label
    direction: Direction


class PillarKPIs(_Strict):
    """The corpus's KPIs for one strategic pillar."""

    kpis: tuple[KPITemplate, ...] = Field(min_length=1)
    source: Source


class ROISettings(_Strict):
    """Horizon, discount rate and the curves that turn ROI figures into 0-1 values."""

    horizon_years: Annotated[int, Field(ge=1, le=10)]
    discount_rate: Annotated[float, Field(ge=0, le=1)]
    revenue_margin: Unit
    implausible_roi_pct: Annotated[float, Field(gt=0)]
    incomplete_costs_credit: Unit
    implausible_counts_as_pct: Annotated[float, Field(ge=0)]
    implausible_source: Source
    roi_curve: Curve
    payback_curve: Curve
    source: Source

    @model_validator(mode="after")
    def _curves_monotone(self) -> ROISettings:
        if not self.roi_curve.is_monotone("increasing"):
            raise ValueError("roi_curve must not decrease: a higher ROI is never worse")
        if not self.payback_curve.is_monotone("decreasing"):
            raise ValueError("payback_curve must not increase: a longer payback is never better")
        if self.implausible_counts_as_pct >= self.implausible_roi_pct:
            raise ValueError(
                "implausible_counts_as_pct must be below implausible_roi_pct: an implausible "
                "ROI counts as a plausible one"
            )
        return self

    def implausible_payback_months(self) -> float:
        """Return the payback an implausible ROI is counted as: the longest payback that an
        ROI of `implausible_counts_as_pct` over the horizon allows (horizon / (1 + ROI)), so a
        checked estimate at or above that ROI never has a worse payback credit."""
        return self.horizon_years * 12 / (1 + self.implausible_counts_as_pct / 100)


class MetricSpec(_Strict):
    """A strategic automation metric: what it means and its level thresholds (higher is
    better for all four, so a level never drops when an input improves)."""

    name: Label
    unit: Label
    definition: Text
    medium_at_least: float
    high_at_least: float
    source: Source

    @model_validator(mode="after")
    def _levels_ordered(self) -> MetricSpec:
        if self.high_at_least < self.medium_at_least:
            raise ValueError("high_at_least must be at least medium_at_least")
        return self


class Metrics(_Strict):
    """The four metrics the assessment's optional inputs allow."""

    cjai: MetricSpec
    spar: MetricSpec
    sdur: MetricSpec
    aac: MetricSpec


class ConfidenceSpec(_Strict):
    """Thresholds of the confidence level (share of answers known, 0-100)."""

    high_at_least: Score
    medium_at_least: Score


class SMARTSpec(_Strict):
    """How the engine judges an objective SMART."""

    specific_min_words: Annotated[int, Field(ge=1, le=50)]
    source: Source


class Rubric(_Strict):
    """The whole rubric; see `evaluators/rubric.yaml` for the meaning of every value."""

    version: Annotated[str, Field(min_length=1, max_length=40)]
    documents: dict[DocumentKey, Document]
    scales: dict[
        Literal["tri", "value_fit", "integration", "impact", "review_cadence", "ethics_review"],
        Scale,
    ]
    smart: SMARTSpec
    kpi_quality: KPIQualitySpec
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    bands: tuple[BandSpec, ...] = Field(min_length=1)
    weakest_leg: WeakestLeg
    money_headline: Text
    initiative_alignment: InitiativeScoring
    initiative_value: InitiativeScoring
    quadrants: Quadrants
    maturity: tuple[MaturityLevelSpec, ...]
    roi: ROISettings
    metrics: Metrics
    confidence: ConfidenceSpec
    personal_data_areas: dict[AutomationArea, Literal["customer", "employee"]]
    objective_kpis: dict[Pillar, PillarKPIs]
    pitfalls: dict[Key, PitfallSpec]
    findings: tuple[FindingRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        problems: list[str] = []
        problems += self._check_scales()
        problems += self._check_dimensions()
        problems += self._check_bands()
        problems += _check_placeholders(
            "money_headline", self.money_headline, frozenset({"initiatives", "horizon"})
        )
        problems += self._check_initiative_scoring()
        problems += self._check_maturity()
        problems += self._check_findings()
        problems += self._check_sources()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _check_scales(self) -> list[str]:
        problems = []
        for name, vocabulary in VOCABULARIES.items():
            scale = self.scales.get(name)  # type: ignore[call-overload]
            if scale is None:
                problems.append(f"scales.{name}: missing")
                continue
            listed = set(vocabulary) - {NOT_APPLICABLE}
            if set(scale.order) != listed:
                problems.append(
                    f"scales.{name}.order: must list exactly {', '.join(sorted(listed))}"
                )
            if (NOT_APPLICABLE in vocabulary) != (scale.not_applicable is not None):
                problems.append(
                    f"scales.{name}.not_applicable: give it exactly when {NOT_APPLICABLE!r} "
                    "is an answer"
                )
        return problems

    def _check_dimensions(self) -> list[str]:
        problems = []
        ids = [d.id for d in self.dimensions]
        for dim_id in REQUIRED_DIMENSIONS:
            if dim_id not in ids:
                problems.append(f"dimensions: missing required dimension {dim_id!r}")
        if len(set(ids)) != len(ids):
            problems.append("dimensions: ids must be unique")
        for i, dim in enumerate(self.dimensions):
            problems += _check_rules(f"dimensions[{i}]", dim.rules, BUSINESS_FACTS)
        return problems

    def _check_bands(self) -> list[str]:
        problems = []
        ids = [b.id for b in self.bands]
        if len(set(ids)) != len(ids):
            problems.append("bands: ids must be unique")
        thresholds = [b.at_least for b in self.bands]
        if thresholds != sorted(thresholds, reverse=True) or len(set(thresholds)) != len(ids):
            problems.append("bands: list them from the highest at_least down, no ties")
        if thresholds and thresholds[-1] != 0:
            problems.append("bands: the last band must start at 0 so every score has a band")
        if self.weakest_leg.band_at_most not in ids:
            problems.append(
                f"weakest_leg.band_at_most: {self.weakest_leg.band_at_most!r} is not a band id"
            )
        return problems

    def _check_initiative_scoring(self) -> list[str]:
        problems = []
        for name in ("initiative_alignment", "initiative_value"):
            scoring: InitiativeScoring = getattr(self, name)
            problems += _check_rules(name, scoring.rules, INITIATIVE_FACTS)
            for i, cap in enumerate(scoring.caps):
                if cap.fact not in INITIATIVE_FACTS:
                    problems.append(f"{name}.caps[{i}].fact: unknown fact {cap.fact!r}")
        for i, blocker in enumerate(self.quadrants.blockers):
            where = f"quadrants.blockers[{i}]"
            if blocker.fact not in INITIATIVE_FACTS:
                problems.append(f"{where}.fact: unknown fact {blocker.fact!r}")
            problems += _check_placeholders(f"{where}.unlock", blocker.unlock, "initiative")
            known = {f.id for f in self.findings}
            for rule_id in blocker.findings:
                if rule_id not in known:
                    problems.append(f"{where}.findings: unknown finding {rule_id!r}")
        return problems

    def _check_maturity(self) -> list[str]:
        problems = []
        if [m.level for m in self.maturity] != [1, 2, 3, 4]:
            problems.append("maturity: list levels 1, 2, 3 and 4 in order")
        if self.maturity and self.maturity[0].conditions:
            problems.append("maturity[0].conditions: level 1 is where everyone starts: none")
        dims = {d.id for d in self.dimensions}
        for i, level in enumerate(self.maturity):
            for j, cond in enumerate(level.conditions):
                where = f"maturity[{i}].conditions[{j}]"
                if cond.dimension is not None and cond.dimension not in dims:
                    problems.append(f"{where}.dimension: unknown dimension {cond.dimension!r}")
                if cond.fact is not None and cond.fact not in BUSINESS_FACTS:
                    problems.append(f"{where}.fact: unknown fact {cond.fact!r}")
                if cond.metric is not None and cond.metric not in Metrics.model_fields:
                    problems.append(f"{where}.metric: unknown metric {cond.metric!r}")
        return problems

    def _check_findings(self) -> list[str]:
        problems = []
        ids = [f.id for f in self.findings]
        if len(set(ids)) != len(ids):
            problems.append("findings: ids must be unique")
        for i, rule in enumerate(self.findings):
            where = f"findings[{i}]"
            facts = BUSINESS_FACTS | (INITIATIVE_FACTS if rule.scope == "initiative" else set())
            answers = BUSINESS_ANSWERS | (
                INITIATIVE_ANSWERS if rule.scope == "initiative" else set()
            )
            for kind, name in rule.when.references():
                known = facts if kind == "fact" else answers
                if name not in known:
                    problems.append(f"{where}.when: unknown {kind} {name!r} for {rule.scope} scope")
            if rule.pitfall is not None:
                if rule.scope != "initiative":
                    problems.append(f"{where}.pitfall: only initiative-scope findings are pitfalls")
                if rule.pitfall not in self.pitfalls:
                    problems.append(f"{where}.pitfall: unknown pitfall {rule.pitfall!r}")
            for field in ("title", "why", "next_step", "next_step_after"):
                text = getattr(rule, field)
                if text is not None:
                    problems += _check_placeholders(f"{where}.{field}", text, rule.scope)
        return problems

    def _check_sources(self) -> list[str]:
        problems = []
        for where, source in self.cited_sources():
            if source.document not in self.documents:
                problems.append(f"{where}.source.document: unknown document {source.document!r}")
        return problems

    def cited_sources(self) -> list[tuple[str, Source]]:
        """Return (field path, source) for every source the rubric cites."""
        found: list[tuple[str, Source]] = [
            ("smart", self.smart.source),
            ("kpi_quality", self.kpi_quality.source),
            ("weakest_leg", self.weakest_leg.source),
            ("quadrants", self.quadrants.source),
            ("roi", self.roi.source),
        ]
        found += [(f"scales.{k}", v.source) for k, v in self.scales.items()]
        found += [(f"maturity[{i}]", m.source) for i, m in enumerate(self.maturity)]
        for i, dim in enumerate(self.dimensions):
            found += [(f"dimensions[{i}].rules[{j}]", r.source) for j, r in enumerate(dim.rules)]
        for name in ("initiative_alignment", "initiative_value"):
            scoring: InitiativeScoring = getattr(self, name)
            found += [(f"{name}.rules[{j}]", r.source) for j, r in enumerate(scoring.rules)]
            found += [(f"{name}.caps[{j}]", c.source) for j, c in enumerate(scoring.caps)]
        found += [(f"metrics.{k}", getattr(self.metrics, k).source) for k in Metrics.model_fields]
        found += [(f"objective_kpis.{k}", v.source) for k, v in self.objective_kpis.items()]
        found += [
            (f"quadrants.blockers[{i}]", b.source) for i, b in enumerate(self.quadrants.blockers)
        ]
        found += [(f"pitfalls.{k}", v.source) for k, v in self.pitfalls.items()]
        found += [(f"findings[{i}]", f.source) for i, f in enumerate(self.findings)]
        return found

    def scale_value(self, scale: str, answer: str) -> float:
        """Return the 0-1 value the rubric gives `answer` on `scale` (an answer of its order;
        `counted_answer` first for one that may be "not applicable")."""
        return self.scales[scale].values[answer]  # type: ignore[index]

    def counted_answer(self, scale: str, answer: str, *, personal_data: bool) -> str:
        """Return the answer of `scale`'s order that `answer` counts as: itself, or for "not
        applicable" the answer the rubric gives it, which depends on whether an initiative
        handles personal data (a review does not apply only while none does)."""
        spec = self.scales[scale].not_applicable  # type: ignore[index]
        if answer != NOT_APPLICABLE or spec is None:
            return answer
        return spec.with_personal_data if personal_data else spec.counts_as

    def band_for(self, score: float) -> BandSpec:
        """Return the band whose range holds `score`."""
        for band in self.bands:
            if score >= band.at_least:
                return band
        return self.bands[-1]

    def source_ref(self, source: Source) -> tuple[str, str, str]:
        """Return (document key, document title, section) for a source."""
        return source.document, self.documents[source.document].title, source.section


def _check_placeholders(
    where: str, text: str, scope: Literal["business", "initiative"] | frozenset[str]
) -> list[str]:
    allowed = PLACEHOLDERS[scope] if isinstance(scope, str) else scope
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
    except ValueError as exc:
        return [f"{where}: {exc}"]
    unknown = sorted(names - allowed)
    if unknown:
        return [
            f"{where}: unknown placeholder(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(allowed))})"
        ]
    return []


def _check_rules(where: str, rules: tuple[WeightedRule, ...], facts: frozenset[str]) -> list[str]:
    problems = []
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        problems.append(f"{where}.rules: ids must be unique")
    for j, rule in enumerate(rules):
        if rule.fact not in facts:
            problems.append(f"{where}.rules[{j}].fact: unknown fact {rule.fact!r}")
    return problems


def load_rubric(path: Path | str | None = None) -> Rubric:
    """Return the validated rubric from `path` (default: the shipped `rubric.yaml`); the only
    I/O of the scoring engine, kept apart from `evaluate` so that stays pure. Every problem
    is reported at once, with the file and the field."""
    file = Path(path) if path is not None else DEFAULT_RUBRIC
    data = read_yaml(file, RubricError)
    if not isinstance(data, dict):
        raise RubricError(f"{file}: the rubric must be a YAML mapping of sections")
    return validate_model(data, Rubric, RubricError, name=str(file))
