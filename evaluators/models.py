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

from pydantic import BaseModel, ConfigDict, Field, model_validator

# --- answer vocabularies -------------------------------------------------------------------

# The strategic alignment checklist's Yes/No, widened to the answers people actually give.
Tri = Literal["yes", "partly", "no", "unknown"]

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
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- the business -------------------------------------------------------------------------


class Business(_Model):
    """Who is being assessed."""

    name: ShortText = ""
    industry: ShortText = ""
    size_band: SizeBand = "unknown"
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "USD"


class Objective(_Model):
    """A strategic objective, with what it takes to judge it SMART
    ("Crafting the Strategic Automation Blueprint": specific, measurable, achievable,
    relevant, time-bound; e.g. "increase online sales by 20% within the next fiscal year")."""

    id: Key
    statement: ShortText
    pillar: Pillar = "unknown"
    target_metric: ShortText | None = None
    baseline_value: float | None = None
    target_value: float | None = None
    target_unit: ShortText | None = None
    deadline: date | None = None


class Checklist(_Model):
    """The eight-item "Strategic Alignment Checklist for SMB Automation"."""

    clear_strategy: Tri = "unknown"
    process_assessment: Tri = "unknown"
    automation_alignment: Tri = "unknown"
    prioritisation: Tri = "unknown"
    pilot_projects: Tri = "unknown"
    team_involvement: Tri = "unknown"
    kpi_measurement: Tri = "unknown"
    continuous_monitoring: Tri = "unknown"


class Organisation(_Model):
    """People, data and ethics around the initiatives ("The Human Element", "Data as the
    Alignment Catalyst", "Ethical Alignment", "Regularly review and adapt").

    Team involvement is the checklist's item and is not asked twice."""

    leadership_sponsorship: Tri = "unknown"
    change_communication: Tri = "unknown"
    training_plan: Tri = "unknown"
    data_practices: Tri = "unknown"
    ethics_review: Tri = "unknown"
    review_cadence: ReviewCadence = "unknown"


# --- initiatives --------------------------------------------------------------------------


class KPI(_Model):
    """A key performance indicator, measured before and after ("Metrics That Matter")."""

    name: Name
    unit: ShortText = ""
    direction: Direction = "up"
    baseline: float | None = None
    target: float | None = None
    deadline: date | None = None
    measures: Measures = "unknown"


class Costs(_Model):
    """Total cost of ownership inputs ("What is the total cost of ownership, including
    implementation, training, and ongoing maintenance?")."""

    upfront: Money | None = None
    implementation: Money | None = None
    training: Money | None = None
    yearly_licence: Money | None = None
    yearly_maintenance: Money | None = None


class Benefits(_Model):
    """Expected tangible yearly benefits."""

    yearly_savings: Money | None = None
    yearly_revenue: Money | None = None


class Intangibles(_Model):
    """Intangible benefits, rated 0-5 ("ROI can also encompass improvements in customer
    satisfaction, enhanced employee productivity, reduced operational risks, and increased
    market agility")."""

    customer: Rating | None = None
    employee: Rating | None = None
    risk: Rating | None = None
    agility: Rating | None = None


class Scorecard(_Model):
    """Balanced-scorecard impact ("The Strategic Alignment Framework"): financial, customer,
    internal processes, learning & growth."""

    financial: Impact = "unknown"
    customer: Impact = "unknown"
    internal_process: Impact = "unknown"
    learning_growth: Impact = "unknown"


class Initiative(_Model):
    """One automation, AI or technology initiative, planned or running."""

    id: Key
    name: Name
    area: AutomationArea = "other"
    stage: Stage = "unknown"
    objective_ids: tuple[Key, ...] = ()
    problem: ShortText = ""
    value_fit: ValueFit = "unknown"
    process_mapped: Tri = "unknown"
    integration: Integration = "unknown"
    features_needed_pct: Percent | None = None
    pilot_first: Tri = "unknown"
    user_training: Tri = "unknown"
    kpis: tuple[KPI, ...] = Field(default=(), max_length=10)
    costs: Costs = Costs()
    benefits: Benefits = Benefits()
    intangibles: Intangibles = Intangibles()
    scorecard: Scorecard = Scorecard()


class StrategicMetricsInput(_Model):
    """Optional inputs of the "Strategic Automation Metrics Framework" (CJAI, SPAR, SDUR, AAC),
    business-wide because they measure the whole automation portfolio."""

    journey_touchpoints_total: Annotated[int, Field(ge=0, le=10_000)] | None = None
    journey_touchpoints_automated: Annotated[int, Field(ge=0, le=10_000)] | None = None
    processes_automated_total: Annotated[int, Field(ge=0, le=10_000)] | None = None
    critical_processes_automated: Annotated[int, Field(ge=0, le=10_000)] | None = None
    automation_data_used_pct: Percent | None = None
    reconfigure_days: Annotated[float, Field(ge=0, le=3650)] | None = None

    @model_validator(mode="after")
    def _parts_within_wholes(self) -> StrategicMetricsInput:
        pairs = (
            ("journey_touchpoints_automated", "journey_touchpoints_total"),
            ("critical_processes_automated", "processes_automated_total"),
        )
        for part, whole in pairs:
            p, w = getattr(self, part), getattr(self, whole)
            if p is not None and w is not None and p > w:
                raise ValueError(f"{part} ({p}) cannot exceed {whole} ({w})")
        return self


class Assessment(_Model):
    """Everything the alignment interview collects about one business."""

    business: Business = Business()
    objectives: tuple[Objective, ...] = Field(default=(), max_length=5)
    checklist: Checklist = Checklist()
    organisation: Organisation = Organisation()
    initiatives: tuple[Initiative, ...] = Field(default=(), max_length=5)
    metrics: StrategicMetricsInput | None = None

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
