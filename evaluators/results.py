"""The scoring engine's output: an `Evaluation` and its parts.

Field names are plain and stable: the Slack renderer, the terminal report and the store all
read them. Every score carries the rules that produced it (`RuleApplication`: rule id, the
answers it read, its weight, the 0-1 value it gave and the points it added), so the report can
always answer "why 62?": a score is the sum of its rules' points. Lists are in a canonical
order (by severity, rank or id), never in input order, so equal assessments give
byte-identical JSON whatever order their objectives, initiatives and KPIs came in.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from evaluators.models import Direction

JSONScalar = str | int | float | bool | None
Severity = Literal["critical", "warning", "info", "strength"]
QuadrantId = Literal["do_now", "fix_first", "strategic_bet", "reconsider", "stop"]
ConfidenceLevel = Literal["high", "medium", "low"]
MetricLevel = Literal["high", "medium", "low"]
KPIOrigin = Literal["initiative", "objective", "corpus"]

SEVERITY_ORDER: dict[str, int] = {"critical": 0, "warning": 1, "info": 2, "strength": 3}


class _Out(BaseModel):
    # An infinite or NaN figure is a bug: fail loudly instead of serialising it as null.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Evidence(_Out):
    """One answer (or derived figure) that a rule or finding read: a field path and its value.
    Paths name objectives and initiatives by id, e.g. `initiatives[robot].process_mapped`."""

    path: str
    value: JSONScalar

    @classmethod
    def of(cls, path: str, value: JSONScalar) -> Evidence:
        """Return the evidence that `path` had `value` (shorthand for the engine)."""
        return cls(path=path, value=value)


class SourceRef(_Out):
    """The corpus passage a rule or finding traces to."""

    document: str
    title: str
    section: str


class RuleApplication(_Out):
    """One rule's contribution to a score: `points` = weight share x value x 100. A cap
    (e.g. "conflicts with how you compete") is a rule with weight 0 and negative points."""

    rule_id: str
    label: str
    inputs: tuple[Evidence, ...]
    weight: float
    value: float
    points: float


class ScoreBreakdown(_Out):
    """A 0-100 score and the rules whose points add up to it."""

    score: float
    rules: tuple[RuleApplication, ...]


class DimensionScore(_Out):
    """One dimension of alignment (strategy clarity, readiness checklist, ...)."""

    id: str
    label: str
    description: str
    weight: float
    score: float
    rules: tuple[RuleApplication, ...]


class Band(_Out):
    """What the overall score means. `capped_by` names the weak dimension that held the band
    down ("one broken leg matters more than the average"), or is None."""

    id: str
    label: str
    meaning: str
    capped_by: str | None


class WeakestDimension(_Out):
    """The lowest dimension, reported next to the plain mean of all dimensions."""

    id: str
    label: str
    score: float
    mean: float


class MaturityCondition(_Out):
    """One condition of a maturity level, whether it is met, and the figure it looked at."""

    level: int
    id: str
    label: str
    met: bool
    actual: float | None
    required: float


class Maturity(_Out):
    """The strategic alignment maturity level (1 reactive, 2 functional, 3 integrated,
    4 dynamic), the rule that placed it, and what it takes to reach the next level."""

    level: int
    name: str
    description: str
    rule: str
    next_level: int | None
    next_name: str | None
    to_reach_next: tuple[str, ...]
    conditions: tuple[MaturityCondition, ...]
    source: SourceRef


class ROI(_Out):
    """Return on investment over the rubric's horizon. Money is in the assessment's currency;
    a figure is None when the answers do not allow it (the assumptions say why)."""

    currency: str
    horizon_years: int
    discount_rate: float
    upfront_cost: float | None
    yearly_running_cost: float | None
    yearly_benefit: float | None
    tco: float | None
    total_benefit: float | None
    simple_roi_pct: float | None
    payback_months: float | None
    discounted_payback_months: float | None
    npv: float | None
    assumptions: tuple[str, ...]


class PitfallFlag(_Out):
    """One of the corpus's pitfalls raised on an initiative, with the answers that raised it."""

    id: str
    name: str
    severity: Severity
    evidence: tuple[Evidence, ...]
    source: SourceRef


class Quadrant(_Out):
    """Priority quadrant from alignment x value. "Fix first" is a "do now" held back by a
    problem the corpus says to fix before automating; `unlock` says what to fix (empty in
    the other quadrants)."""

    id: QuadrantId
    label: str
    meaning: str
    unlock: tuple[str, ...] = ()


class Lever(_Out):
    """One answer improved one step (`path`: `from_answer` -> `to_answer`) and what it does,
    found by re-scoring the assessment with that answer changed: `gain` is the points the
    score gains (the overall score, or an initiative's alignment plus value), `verdict_from`
    and `verdict_to` the band (or quadrant) ids before and after (equal when it stays).
    `label` says what the answer is about, `initiative` names its initiative (or is "")."""

    path: str
    label: str
    initiative: str
    from_answer: str
    to_answer: str
    gain: float
    verdict_from: str
    verdict_to: str
    verdict_from_label: str
    verdict_to_label: str


class InitiativeResult(_Out):
    """Everything the report says about one initiative."""

    id: str
    name: str
    area: str
    stage: str
    objective_ids: tuple[str, ...]
    alignment: ScoreBreakdown
    value: ScoreBreakdown
    roi: ROI
    pitfalls: tuple[PitfallFlag, ...]
    quadrant: Quadrant
    rank: int
    levers: tuple[Lever, ...] = ()


class StrategicMetric(_Out):
    """One of the corpus's strategic automation metrics (CJAI, SPAR, SDUR, AAC)."""

    id: str
    name: str
    value: float
    unit: str
    level: MetricLevel
    definition: str
    inputs: tuple[Evidence, ...]
    source: SourceRef


class Finding(_Out):
    """Something the report tells the owner, with the answers behind it, why it matters, what
    to do next, and a retrieval topic the bot turns into a cited corpus passage."""

    id: str
    rule_id: str
    severity: Severity
    title: str
    evidence: tuple[Evidence, ...]
    why: str
    next_step: str
    topic: str
    initiative_id: str | None
    source: SourceRef


class PlanStep(_Out):
    """One concrete step of the 30/60/90-day plan and the finding it comes from."""

    finding_id: str
    text: str


class Plan(_Out):
    """At most three steps per period, drawn from the findings in priority order."""

    days_30: tuple[PlanStep, ...]
    days_60: tuple[PlanStep, ...]
    days_90: tuple[PlanStep, ...]


class PlannedKPI(_Out):
    """A KPI ready to become a nudged KPI: where it came from, and the objective and
    initiative it measures. Baseline and target are None when nobody gave them yet."""

    name: str
    unit: str
    direction: Direction
    baseline: float | None
    target: float | None
    deadline: date | None
    objective_id: str | None
    initiative_id: str | None
    origin: KPIOrigin


class ObjectiveKPIPlan(_Out):
    """The KPIs to track for one objective (`objective_id` None: initiatives linked to none)."""

    objective_id: str | None
    objective: str
    kpis: tuple[PlannedKPI, ...]


class Confidence(_Out):
    """How much of the assessment was answered: `score` is the share of answers known (0-100);
    `unknown` lists the field paths still unanswered."""

    score: float
    level: ConfidenceLevel
    known: int
    total: int
    unknown: tuple[str, ...]


class Evaluation(_Out):
    """The scored, explained report for one assessment. `money_note` is said under the band
    when an initiative loses money over the horizon ("" otherwise); `levers` are what would
    move the overall score most."""

    rubric_version: str
    business: str
    currency: str
    score: float
    band: Band
    score_rules: tuple[RuleApplication, ...]
    dimensions: tuple[DimensionScore, ...]
    weakest_dimension: WeakestDimension
    maturity: Maturity
    initiatives: tuple[InitiativeResult, ...]
    metrics: tuple[StrategicMetric, ...]
    findings: tuple[Finding, ...]
    plan: Plan
    kpi_plan: tuple[ObjectiveKPIPlan, ...]
    confidence: Confidence
    levers: tuple[Lever, ...] = ()
    money_note: str = ""

    def dimension(self, dimension_id: str) -> DimensionScore:
        """Return the dimension with this id; KeyError names it when the rubric has none."""
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def initiative(self, initiative_id: str) -> InitiativeResult:
        """Return the result for this initiative id."""
        for result in self.initiatives:
            if result.id == initiative_id:
                return result
        raise KeyError(initiative_id)
