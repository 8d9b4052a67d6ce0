"""The names a rubric may use: facts (0-1 values the engine computes from the answers) and
answers (raw answers and derived figures that finding conditions test). The rubric is
validated against these sets at load, so a typo fails there, not during an evaluation.

Business names are available everywhere; `initiative.*` names only where a rule is checked
once per initiative (initiative scoring and initiative-scope findings).
"""

from __future__ import annotations

CHECKLIST_ITEMS = (
    "clear_strategy",
    "process_assessment",
    "automation_alignment",
    "prioritisation",
    "pilot_projects",
    "team_involvement",
    "kpi_measurement",
    "continuous_monitoring",
)
# The organisation's answers, each with the rubric scale that values it.
ORGANISATION_SCALES: dict[str, str] = {
    "leadership_sponsorship": "tri",
    "change_communication": "tri",
    "training_plan": "tri",
    "data_practices": "tri",
    "ethics_review": "ethics_review",
    "review_cadence": "review_cadence",
}
SCORECARD_PERSPECTIVES = ("financial", "customer", "internal_process", "learning_growth")
COST_ITEMS = ("upfront", "implementation", "training", "yearly_licence", "yearly_maintenance")
BENEFIT_ITEMS = ("yearly_savings", "yearly_revenue")

BUSINESS_FACTS: frozenset[str] = frozenset(
    [f"checklist.{item}" for item in CHECKLIST_ITEMS]
    + [f"organisation.{item}" for item in ORGANISATION_SCALES]
    + [
        "objectives.defined",
        "objectives.smart",
        "initiatives.defined",
        "initiatives.linked_any",
        "initiatives.linked_share",
        "initiatives.alignment_mean",
        "initiatives.alignment_min",
        "initiatives.value_mean",
        "initiatives.kpi_quality_mean",
        "initiatives.kpi_quality_max",
        "initiatives.user_training_mean",
        "initiatives.pilot_first_mean",
        "initiatives.integration_mean",
        "initiatives.integration_min",
        "initiatives.personal_data",
    ]
)

INITIATIVE_FACTS: frozenset[str] = frozenset(
    {
        "initiative.linked",
        "initiative.value_fit",
        "initiative.process_mapped",
        "initiative.integration",
        "initiative.features_needed",
        "initiative.scorecard",
        "initiative.pilot_first",
        "initiative.user_training",
        "initiative.kpi_quality",
        "initiative.kpi_complete",
        "initiative.roi",
        "initiative.payback",
        "initiative.intangibles",
        "initiative.cost_completeness",
        "initiative.benefits_known",
        "initiative.roi_plausible",
    }
)

BUSINESS_ANSWERS: frozenset[str] = frozenset(
    [f"checklist.{item}" for item in CHECKLIST_ITEMS]
    + [f"organisation.{item}" for item in ORGANISATION_SCALES]
    + ["business.size_band", "confidence.score"]
    + ["metrics.cjai", "metrics.spar", "metrics.sdur", "metrics.aac"]
)

INITIATIVE_ANSWERS: frozenset[str] = frozenset(
    [
        "initiative.stage",
        "initiative.area",
        "initiative.value_fit",
        "initiative.process_mapped",
        "initiative.integration",
        "initiative.features_needed_pct",
        "initiative.pilot_first",
        "initiative.user_training",
        "initiative.roi.simple_roi_pct",
        "initiative.roi.payback_months",
        "initiative.roi.npv",
        "initiative.kpi_measures",
    ]
    + [f"initiative.scorecard.{p}" for p in SCORECARD_PERSPECTIVES]
    + [f"initiative.costs.{c}" for c in COST_ITEMS]
    + [f"initiative.benefits.{b}" for b in BENEFIT_ITEMS]
)
