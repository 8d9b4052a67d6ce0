"""The scoring engine's input: an `Assessment` (what the interview collects).

Every field traces to the corpus (`knowledge/sources/`); the comment on each group names the
passage. "unknown" is a legal answer everywhere: it lowers the report's confidence, never
breaks the evaluation. Money is in the assessment's currency, yearly unless the name says
otherwise; `None` means "not answered" and is treated like "unknown".

The output models (`Evaluation` and its parts) live in `evaluators/results.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# --- answer vocabularies -------------------------------------------------------------------

# The strategic alignment checklist's Yes/No, widened to the answers people actually give.
Tri = Literal["yes", "partly", "no", "unknown"]

# The ethics and privacy review: the checklist's answers plus "not_applicable", for a business
# whose automation handles nobody's personal data ("Ethical Alignment ● Automation with
# Strategic Responsibility"). What it counts as is the rubric's decision (scales.ethics_review).
NOT_APPLICABLE = "not_applicable"
EthicsReview = Literal["yes", "partly", "no", "not_applicable", "unknown"]

# Strategic pillars ("Mapping AI to Strategic Pillars"), plus retention from the AI alignment
# matrix and "other" for a goal that fits none of them.
Pillar = Literal[
    "customer_acquisition",
    "customer_retention",
    "operational_efficiency",
    "product_innovation",
    "market_expansion",
    "other",
    "unknown",
]

# Solo (1), micro (2-9), small (10-49), medium (50-249) people.
SizeBand = Literal["solo", "micro", "small", "medium", "unknown"]

AutomationArea = Literal[
    "marketing",
    "sales",
    "customer_service",
    "operations",
    "production",
    "inventory",
    "finance",
    "hr",
    "scheduling",
    "reporting",
    "it",
    "other",
]

Integration = Literal["full", "partial", "none", "unknown"]

# Does the initiative support how the business competes (its value proposition)?
# The handcrafted bakery's kneading robot "conflicts"; the speed-first shop's chatbot "supports".
ValueFit = Literal["supports", "neutral", "conflicts", "unknown"]

# How far the initiative has gone: the next steps differ before and after buying.
Stage = Literal["idea", "evaluating", "piloting", "deployed", "unknown"]

# Balanced-scorecard impact on one perspective.
Impact = Literal["hurts", "none", "some", "strong", "unknown"]

ReviewCadence = Literal["never", "yearly", "quarterly", "monthly", "weekly", "unknown"]

Direction = Literal["up", "down"]

# Does a KPI measure the objective itself (new-client revenue, churn rate) or an activity that
# should lead to it (leads generated, emails sent, tickets closed)? ("These KPIs should be
# directly linked to the defined strategic goals", Metrics That Matter.)
Measures = Literal["outcome", "activity", "unknown"]

Rating = Annotated[int, Field(ge=0, le=5)]
Money = Annotated[float, Field(ge=0, le=1e12)]
Percent = Annotated[float, Field(ge=0, le=100)]
ShortText = Annotated[str, Field(max_length=500)]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


class _Model(BaseModel):
    # NaN and infinity are not answers: reject them at the boundary, so no figure downstream
    # (KPI progress, ROI) has to guard against them.
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, use_attribute_docstrings=True
    )


# --- the business -------------------------------------------------------------------------


class Business(_Model):
    """Who is being assessed."""

    name: ShortText = ""
    """The business's name, as the report addresses it (up to 500 characters)."""
    industry: ShortText = ""
    """What the business does, in a few words."""
    size_band: SizeBand = "unknown"
    """People working in it: solo (1), micro (2-9), small (10-49), medium (50-249) or unknown."""
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "USD"
    """ISO 4217 code of every amount (USD, EUR, GBP...); lower case is accepted and normalised."""

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        if not (value.isascii() and value.isalpha()):
            raise ValueError("a currency is a three-letter ISO 4217 code such as USD, EUR or GBP")
        return value


class Objective(_Model):
    """A strategic objective, with what it takes to judge it SMART
    ("Crafting the Strategic Automation Blueprint": specific, measurable, achievable,
    relevant, time-bound; e.g. "increase online sales by 20% within the next fiscal year")."""

    id: Key
    """A short key that initiatives use in objective_ids (letters, digits, _ . -)."""
    statement: ShortText
    """The objective in a sentence, e.g. 'Increase online sales by 20% within a year'."""
    pillar: Pillar = "unknown"
    """The strategic pillar it serves, or 'other' / 'unknown'."""
    target_metric: ShortText | None = None
    """The metric that measures it, e.g. 'Online sales revenue'."""
    baseline_value: float | None = None
    """The metric's value today, in target_unit."""
    target_value: float | None = None
    """The value the metric should reach by the deadline, in target_unit."""
    target_unit: ShortText | None = None
    """Unit of the baseline and target values, e.g. '%', 'USD/month', 'orders/week'."""
    deadline: date | None = None
    """When the target should be reached (YYYY-MM-DD)."""


class Checklist(_Model):
    """The eight-item "Strategic Alignment Checklist for SMB Automation"."""

    clear_strategy: Tri = "unknown"
    """Clearly defined strategic goals and priorities: yes, partly, no or unknown."""
    process_assessment: Tri = "unknown"
    """Current processes assessed for inefficiencies and bottlenecks: yes, partly, no or unknown."""
    automation_alignment: Tri = "unknown"
    """Automation initiatives directly linked to the strategic goals: yes, partly, no or unknown."""
    prioritisation: Tri = "unknown"
    """Automation projects prioritised by strategic impact: yes, partly, no or unknown."""
    pilot_projects: Tri = "unknown"
    """Small pilot projects before a large-scale rollout: yes, partly, no or unknown."""
    team_involvement: Tri = "unknown"
    """Employees involved in planning and implementation: yes, partly, no or unknown."""
    kpi_measurement: Tri = "unknown"
    """KPIs in place to measure automation success: yes, partly, no or unknown."""
    continuous_monitoring: Tri = "unknown"
    """Results monitored and evaluated regularly: yes, partly, no or unknown."""


class Organisation(_Model):
    """People, data and ethics around the initiatives ("The Human Element", "Data as the
    Alignment Catalyst", "Ethical Alignment", "Regularly review and adapt").

    Team involvement is the checklist's item and is not asked twice."""

    leadership_sponsorship: Tri = "unknown"
    """A leader champions the automation strategy: yes, partly, no or unknown."""
    change_communication: Tri = "unknown"
    """Employees told why automation comes and what their role is: yes, partly, no, unknown."""
    training_plan: Tri = "unknown"
    """A training and change-management plan exists: yes, partly, no or unknown."""
    data_practices: Tri = "unknown"
    """Data quality, access and use in decisions are in place: yes, partly, no or unknown."""
    ethics_review: EthicsReview = "unknown"
    """Privacy, bias and fairness risks of automation reviewed: yes, partly, no, unknown, or
    not_applicable when no automation handles customer or employee data (it counts as yes
    while no initiative is in marketing, sales, customer service or HR, as no while one is)."""
    review_cadence: ReviewCadence = "unknown"
    """How often automation is reviewed against the strategy: never, yearly, quarterly,
    monthly, weekly or unknown."""


# --- initiatives --------------------------------------------------------------------------


class KPI(_Model):
    """A key performance indicator, measured before and after ("Metrics That Matter")."""

    name: Name
    """What is measured, e.g. 'Website conversion rate' (1-120 characters)."""
    unit: ShortText = ""
    """Unit of the baseline and target, e.g. '%', 'hours/month'."""
    direction: Direction = "up"
    """'up' when a higher value is better, 'down' when a lower one is."""
    baseline: float | None = None
    """The KPI's value before the initiative, in unit."""
    target: float | None = None
    """The value the KPI should reach, in unit."""
    deadline: date | None = None
    """When the target should be reached (YYYY-MM-DD)."""
    measures: Measures = "unknown"
    """'outcome' when it measures the objective itself (revenue, churn), 'activity' when it
    measures an activity that should lead to it (leads, emails sent), or 'unknown'."""


class Costs(_Model):
    """Total cost of ownership inputs ("What is the total cost of ownership, including
    implementation, training, and ongoing maintenance?")."""

    upfront: Money | None = None
    """One-off purchase price, in the business's currency (0 to 1e12)."""
    implementation: Money | None = None
    """One-off setup and integration cost, in the business's currency (0 to 1e12)."""
    training: Money | None = None
    """One-off training cost, in the business's currency (0 to 1e12)."""
    yearly_licence: Money | None = None
    """Licence or subscription cost per year, in the business's currency (0 to 1e12)."""
    yearly_maintenance: Money | None = None
    """Maintenance and support cost per year, in the business's currency (0 to 1e12)."""


class Benefits(_Model):
    """Expected tangible yearly benefits."""

    yearly_savings: Money | None = None
    """Costs saved per year, in the business's currency (0 to 1e12)."""
    yearly_revenue: Money | None = None
    """Extra revenue per year (sales, not profit), in the business's currency (0 to 1e12)."""


class Intangibles(_Model):
    """Intangible benefits, rated 0-5 ("ROI can also encompass improvements in customer
    satisfaction, enhanced employee productivity, reduced operational risks, and increased
    market agility")."""

    customer: Rating | None = None
    """Benefit to customer satisfaction, rated 0 (none) to 5 (very large)."""
    employee: Rating | None = None
    """Benefit to employee productivity and satisfaction, rated 0 to 5."""
    risk: Rating | None = None
    """Reduction of operational risk, rated 0 to 5."""
    agility: Rating | None = None
    """Gain in market agility, rated 0 to 5."""


class Scorecard(_Model):
    """Balanced-scorecard impact ("The Strategic Alignment Framework"): financial, customer,
    internal processes, learning & growth."""

    financial: Impact = "unknown"
    """Impact on the financial perspective: hurts, none, some, strong or unknown."""
    customer: Impact = "unknown"
    """Impact on the customer perspective: hurts, none, some, strong or unknown."""
    internal_process: Impact = "unknown"
    """Impact on internal processes: hurts, none, some, strong or unknown."""
    learning_growth: Impact = "unknown"
    """Impact on learning and growth: hurts, none, some, strong or unknown."""


class Initiative(_Model):
    """One automation, AI or technology initiative, planned or running."""

    id: Key
    """A short key naming the initiative in the report's field paths (letters, digits, _ . -)."""
    name: Name
    """The initiative's name, e.g. 'Support chatbot' (1-120 characters)."""
    area: AutomationArea = "other"
    """The area of the business it automates."""
    stage: Stage = "unknown"
    """How far it has gone: idea, evaluating, piloting, deployed or unknown."""
    objective_ids: tuple[Key, ...] = ()
    """Ids of the objectives it serves; each must be the id of an objective in objectives."""
    problem: ShortText = ""
    """The problem it should solve, in a sentence."""
    value_fit: ValueFit = "unknown"
    """Whether it supports how the business competes: supports, neutral, conflicts or unknown."""
    process_mapped: Tri = "unknown"
    """The process behind it mapped and fixed before automating: yes, partly, no or unknown."""
    integration: Integration = "unknown"
    """It exchanges data with the existing systems: full, partial, none or unknown."""
    features_needed_pct: Percent | None = None
    """Share of the paid features actually needed, in percent (0-100)."""
    pilot_first: Tri = "unknown"
    """It starts as a small pilot: yes, partly, no or unknown."""
    user_training: Tri = "unknown"
    """Its users are trained: yes, partly, no or unknown."""
    kpis: tuple[KPI, ...] = Field(default=(), max_length=10)
    """The KPIs that show whether it works (at most 10)."""
    costs: Costs = Costs()
    """Its total cost of ownership inputs; an item left out counts as 0 and lowers value."""
    benefits: Benefits = Benefits()
    """Its expected tangible yearly benefits."""
    intangibles: Intangibles = Intangibles()
    """Its intangible benefits, each rated 0-5."""
    scorecard: Scorecard = Scorecard()
    """Its impact on the four balanced-scorecard perspectives."""


class StrategicMetricsInput(_Model):
    """Optional inputs of the "Strategic Automation Metrics Framework" (CJAI, SPAR, SDUR, AAC),
    business-wide because they measure the whole automation portfolio."""

    journey_touchpoints_total: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """Customer-journey touchpoints in all (0-10,000)."""
    journey_touchpoints_automated: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """Of those, touchpoints automated to add value (at most the total)."""
    processes_automated_total: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """Processes automated in all (0-10,000)."""
    critical_processes_automated: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """Of those, strategically critical processes (at most the total)."""
    automation_data_used_pct: Percent | None = None
    """Share of automation data used in strategic decisions, in percent (0-100)."""
    reconfigure_days: Annotated[float, Field(ge=0, le=3650)] | None = None
    """Days it would take to reconfigure the automation for a new initiative (0-3650)."""

    @model_validator(mode="after")
    def _parts_within_wholes(self) -> StrategicMetricsInput:
        pairs = (
            ("journey_touchpoints_automated", "journey_touchpoints_total"),
            ("critical_processes_automated", "processes_automated_total"),
        )
        problems = []
        for part, whole in pairs:
            p, w = getattr(self, part), getattr(self, whole)
            if p is not None and w is not None and p > w:
                problems.append(f"{part} ({p}) cannot exceed {whole} ({w})")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Assessment(_Model):
    """Everything the alignment interview collects about one business."""

    business: Business = Business()
    """Who is being assessed: name, industry, size and currency."""
    objectives: tuple[Objective, ...] = Field(default=(), max_length=5)
    """The strategic objectives (at most 5); with no initiative, at least one is needed."""
    checklist: Checklist = Checklist()
    """The eight-item strategic alignment checklist."""
    organisation: Organisation = Organisation()
    """People, data and ethics practices."""
    initiatives: tuple[Initiative, ...] = Field(default=(), max_length=5)
    """The automation, AI or technology initiatives (at most 5); with no objective, at least
    one is needed."""
    metrics: StrategicMetricsInput | None = None
    """Optional inputs of the strategic automation metrics (CJAI, SPAR, SDUR, AAC)."""

    @model_validator(mode="after")
    def _ids_unique(self) -> Assessment:
        for label, ids in (
            ("objective", [o.id for o in self.objectives]),
            ("initiative", [i.id for i in self.initiatives]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {label} id(s): {', '.join(dupes)}")
        return self
