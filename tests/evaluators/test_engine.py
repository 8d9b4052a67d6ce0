"""Behaviour of `evaluate` on hand-built assessments: caps, bands, quadrants, ranks,
findings, the plan, the KPI plan, the maturity level, strategic metrics and confidence."""

from __future__ import annotations

from typing import Any

import pytest

from evaluators import Assessment, Evaluation, Rubric, evaluate, render_report_text
from evaluators.models import Checklist, Organisation
from evaluators.plan import build_plan
from tests.evaluators.conftest import load_persona


def _changed(assessment: Assessment, **changes: Any) -> Assessment:
    """The assessment with dotted-path changes, e.g. `initiatives__0__value_fit="conflicts"`."""
    data = assessment.model_dump(mode="json")
    for path, value in changes.items():
        *parents, last = path.split("__")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value
    return Assessment.model_validate(data)


@pytest.fixture
def plumbing() -> Assessment:
    return load_persona("plumbing_scheduling")


def _finding_ids(evaluation: Evaluation) -> list[str]:
    return [f.id for f in evaluation.findings]


def test_empty_assessment_is_scored_with_zero_confidence(rubric: Rubric) -> None:
    evaluation = evaluate(Assessment(), rubric)

    assert evaluation.score == 0
    assert evaluation.band.id == "misaligned"
    assert evaluation.maturity.level == 1
    assert evaluation.confidence.score == 0
    assert evaluation.confidence.level == "low"
    assert evaluation.initiatives == ()
    assert {"no_objectives", "unclear_strategy", "low_confidence"} <= set(_finding_ids(evaluation))


def test_unknown_answers_lower_confidence_and_score_like_no(
    rubric: Rubric, plumbing: Assessment
) -> None:
    unknown = _changed(plumbing, checklist=Checklist().model_dump())
    no = _changed(plumbing, checklist=dict.fromkeys(Checklist.model_fields, "no"))

    by_unknown, by_no = evaluate(unknown, rubric), evaluate(no, rubric)

    assert by_unknown.dimension("readiness_checklist").score == 0
    assert by_unknown.score == by_no.score
    assert by_unknown.confidence.score < by_no.confidence.score
    assert "checklist.pilot_projects" in by_unknown.confidence.unknown


@pytest.mark.parametrize("item", list(Checklist.model_fields))
def test_partly_scores_above_unknown_on_every_checklist_item(
    rubric: Rubric, plumbing: Assessment, item: str
) -> None:
    partly = evaluate(_changed(plumbing, **{f"checklist__{item}": "partly"}), rubric)
    unknown = evaluate(_changed(plumbing, **{f"checklist__{item}": "unknown"}), rubric)

    assert (
        partly.dimension("readiness_checklist").score
        > unknown.dimension("readiness_checklist").score
    )


def test_conflict_with_value_proposition_caps_alignment_at_30(
    rubric: Rubric, plumbing: Assessment
) -> None:
    evaluation = evaluate(_changed(plumbing, initiatives__0__value_fit="conflicts"), rubric)
    result = evaluation.initiatives[0]

    assert result.alignment.score == 30
    cap = result.alignment.rules[-1]
    assert cap.rule_id == "alignment.cap.conflicts_with_value_proposition"
    assert cap.points < 0
    assert evaluation.findings[0].id == "value_conflict:scheduling-software"
    assert evaluation.findings[0].severity == "critical"


def test_dangling_objective_ids_count_as_not_linked(rubric: Rubric, plumbing: Assessment) -> None:
    evaluation = evaluate(
        _changed(plumbing, initiatives__0__objective_ids=["no-such-goal"]), rubric
    )
    result = evaluation.initiatives[0]

    assert result.alignment.score == 40
    assert "not_linked" in [p.id for p in result.pitfalls]
    flag = next(p for p in result.pitfalls if p.id == "not_linked")
    paths = {e.path: e.value for e in flag.evidence}
    assert paths["initiatives[scheduling-software].objective_ids.unknown"] == "no-such-goal"
    # Its KPIs still reach the KPI plan, under "not linked to an objective".
    orphans = evaluation.kpi_plan[-1]
    assert orphans.objective_id is None
    assert {k.initiative_id for k in orphans.kpis} == {"scheduling-software"}


def test_one_broken_leg_holds_the_band_down(rubric: Rubric, plumbing: Assessment) -> None:
    weak_people = _changed(
        plumbing,
        organisation={
            **Organisation().model_dump(),
            "data_practices": "yes",
            "ethics_review": "yes",
        },
        checklist__team_involvement="no",
        initiatives__0__user_training="no",
    )

    evaluation = evaluate(weak_people, rubric)

    assert evaluation.dimension("people_change").score < 25
    assert evaluation.score >= 60
    assert evaluation.band.id == "partly_aligned"
    assert evaluation.band.capped_by == "people_change"
    assert "one broken leg" in evaluation.band.meaning
    assert evaluation.weakest_dimension.id == "people_change"
    assert evaluation.weakest_dimension.mean > evaluation.weakest_dimension.score


@pytest.mark.parametrize(
    ("changes", "quadrant"),
    [
        ({}, "do_now"),
        ({"initiatives__0__costs": {}, "initiatives__0__benefits": {}}, "strategic_bet"),
        ({"initiatives__0__integration": "none"}, "reconsider"),
        ({"initiatives__0__process_mapped": "no"}, "fix_first"),
        (
            {
                "initiatives__0__value_fit": "conflicts",
                "initiatives__0__benefits": {"yearly_savings": 100},
            },
            "stop",
        ),
    ],
)
def test_priority_quadrant_follows_alignment_and_value(
    rubric: Rubric, plumbing: Assessment, changes: dict[str, Any], quadrant: str
) -> None:
    result = evaluate(_changed(plumbing, **changes), rubric).initiatives[0]

    assert result.quadrant.id == quadrant


def test_initiatives_are_ranked_by_quadrant_then_scores(
    rubric: Rubric, plumbing: Assessment
) -> None:
    data = plumbing.model_dump(mode="json")
    weak = {**data["initiatives"][0], "id": "a-weak-one", "value_fit": "conflicts"}
    strong_twin = {**data["initiatives"][0], "id": "z-twin"}
    data["initiatives"] = [weak, data["initiatives"][0], strong_twin]

    evaluation = evaluate(Assessment.model_validate(data), rubric)

    assert [(r.id, r.rank) for r in evaluation.initiatives] == [
        ("scheduling-software", 1),
        ("z-twin", 2),
        ("a-weak-one", 3),
    ]


def test_findings_come_most_severe_first(rubric: Rubric) -> None:
    evaluation = evaluate(load_persona("artisan_bakery"), rubric)
    order = ["critical", "warning", "info", "strength"]

    ranks = [order.index(f.severity) for f in evaluation.findings]

    assert ranks == sorted(ranks)
    assert len({f.id for f in evaluation.findings}) == len(evaluation.findings)


def test_plan_draws_at_most_three_steps_per_period_from_the_findings(rubric: Rubric) -> None:
    evaluation = evaluate(load_persona("artisan_bakery"), rubric)
    plan = evaluation.plan
    by_id = {f.id: f for f in evaluation.findings}

    steps = [*plan.days_30, *plan.days_60, *plan.days_90]
    assert all(len(p) == 3 for p in (plan.days_30, plan.days_60, plan.days_90))
    assert all(by_id[s.finding_id].next_step == s.text for s in steps)
    assert plan.days_30[0].finding_id == "value_conflict:kneading-robot"
    assert len({s.text for s in steps}) == len(steps)


def test_next_step_changes_once_the_initiative_is_deployed(
    rubric: Rubric, plumbing: Assessment
) -> None:
    before = _changed(plumbing, initiatives__0__integration="none")
    after = _changed(before, initiatives__0__stage="deployed")

    step_before = evaluate(before, rubric).findings[0]
    step_after = evaluate(after, rubric).findings[0]

    assert step_before.rule_id == step_after.rule_id == "integration_none"
    assert "before you buy" in step_before.next_step
    assert "before you buy" not in step_after.next_step


def test_kpis_not_measured_asks_to_measure_them_when_every_initiative_has_one(
    rubric: Rubric, plumbing: Assessment
) -> None:
    """The plumbing persona's initiative has a KPI with baseline, target and deadline: what
    its 'no' to the checklist's KPI item lacks is measuring, not choosing."""
    not_measured = _changed(plumbing, checklist__kpi_measurement="no")
    ids = {f.rule_id for f in evaluate(not_measured, rubric).findings}
    assert "kpis_not_yet_measured" in ids
    assert "no_kpi_measurement" not in ids


def test_kpis_not_measured_asks_to_choose_them_when_an_initiative_has_none(
    rubric: Rubric, plumbing: Assessment
) -> None:
    without_kpis = _changed(plumbing, checklist__kpi_measurement="no", initiatives__0__kpis=[])
    ids = {f.rule_id for f in evaluate(without_kpis, rubric).findings}
    assert "no_kpi_measurement" in ids
    assert "kpis_not_yet_measured" not in ids


def test_long_names_keep_finding_texts_within_slack_sizes(
    rubric: Rubric, plumbing: Assessment
) -> None:
    long_name = ("Scheduler " * 12).strip()
    evaluation = evaluate(
        _changed(plumbing, initiatives__0__name=long_name, initiatives__0__user_training="no"),
        rubric,
    )

    finding = next(f for f in evaluation.findings if f.rule_id == "lack_of_user_adoption")
    assert len(finding.title) <= 150
    assert finding.title.endswith("…")
    assert len(finding.next_step) <= 300


def test_kpi_plan_uses_answers_first_and_the_corpus_mapping_otherwise(rubric: Rubric) -> None:
    assessment = Assessment.model_validate(
        {
            "business": {"currency": "EUR"},
            "objectives": [
                {
                    "id": "grow",
                    "statement": "Win new customers online",
                    "pillar": "customer_acquisition",
                },
                {
                    "id": "keep",
                    "statement": "Keep our customers",
                    "pillar": "customer_retention",
                    "target_metric": "Churn rate",
                    "baseline_value": 12,
                    "target_value": 8,
                    "target_unit": "%",
                },
            ],
            "initiatives": [
                {
                    "id": "crm",
                    "name": "CRM automation",
                    "objective_ids": ["keep"],
                    "kpis": [{"name": "CSAT", "unit": "score", "baseline": 4, "target": 4.5}],
                }
            ],
        }
    )

    plan = {p.objective_id: p for p in evaluate(assessment, rubric).kpi_plan}

    grow = plan["grow"].kpis
    assert [k.origin for k in grow] == ["corpus", "corpus", "corpus"]
    assert grow[2].name == "Customer acquisition cost"
    assert grow[2].unit == "EUR"
    assert grow[2].direction == "down"
    keep = plan["keep"].kpis
    assert [(k.name, k.origin, k.direction) for k in keep] == [
        ("Churn rate", "objective", "down"),
        ("CSAT", "initiative", "up"),
    ]
    assert keep[1].initiative_id == "crm"
    assert None not in plan


def test_dynamic_maturity_needs_adaptability_measured(rubric: Rubric, plumbing: Assessment) -> None:
    perfect = _changed(
        plumbing,
        checklist=dict.fromkeys(Checklist.model_fields, "yes"),
        organisation={
            **dict.fromkeys(Organisation.model_fields, "yes"),
            "review_cadence": "monthly",
        },
        initiatives__0__integration="full",
        metrics={"automation_data_used_pct": 60},
    )

    without_aac = evaluate(perfect, rubric).maturity
    with_aac = evaluate(_changed(perfect, metrics__reconfigure_days=14), rubric).maturity

    assert without_aac.level == 3
    assert without_aac.to_reach_next == (
        "Be able to reconfigure automation for a new initiative within a month (AAC of 12 a year)",
    )
    assert with_aac.level == 4
    assert with_aac.next_level is None


def test_strategic_metrics_follow_the_corpus_definitions(rubric: Rubric) -> None:
    metrics = {
        "journey_touchpoints_total": 8,
        "journey_touchpoints_automated": 2,
        "processes_automated_total": 4,
        "critical_processes_automated": 3,
        "automation_data_used_pct": 55,
        "reconfigure_days": 0.5,
    }

    evaluation = evaluate(Assessment.model_validate({"metrics": metrics}), rubric)

    assert [(m.id, m.value, m.level) for m in evaluation.metrics] == [
        ("cjai", 25.0, "medium"),
        ("spar", 75.0, "high"),
        ("sdur", 55.0, "high"),
        ("aac", 365.0, "high"),
    ]


def test_strategic_metrics_are_left_out_without_their_inputs(rubric: Rubric) -> None:
    metrics = {"journey_touchpoints_total": 0, "journey_touchpoints_automated": 0}

    evaluation = evaluate(Assessment.model_validate({"metrics": metrics}), rubric)

    assert evaluation.metrics == ()


def test_every_score_explains_itself_with_rules_and_inputs(
    rubric: Rubric, plumbing: Assessment
) -> None:
    evaluation = evaluate(plumbing, rubric)

    assert [r.rule_id for r in evaluation.score_rules] == [
        f"overall.{d.id}" for d in evaluation.dimensions
    ]
    clear = evaluation.dimension("strategy_clarity").rules[0]
    assert clear.rule_id == "strategy_clarity.clear_strategy"
    assert [(e.path, e.value) for e in clear.inputs] == [("checklist.clear_strategy", "yes")]
    assert clear.points == 35.0
    assert evaluation.rubric_version == rubric.version


def test_evaluation_does_not_change_its_input(rubric: Rubric, plumbing: Assessment) -> None:
    before = plumbing.model_dump_json()

    evaluate(plumbing, rubric)

    assert plumbing.model_dump_json() == before


def test_kpi_plan_lists_each_kpi_once_when_an_initiative_serves_two_objectives(
    rubric: Rubric,
) -> None:
    evaluation = evaluate(load_persona("ecommerce_chatbot"), rubric)

    planned = [(k.name, k.objective_id) for p in evaluation.kpi_plan for k in p.kpis]

    assert planned == [
        ("Median first response time", "fast-answers"),
        ("Customer satisfaction score (CSAT)", "fast-answers"),
        ("Repeat purchase rate", "repeat-buyers"),
    ]


def test_fix_first_says_what_to_fix_and_ranks_after_do_now(
    rubric: Rubric, plumbing: Assessment
) -> None:
    data = plumbing.model_dump(mode="json")
    unmapped = {**data["initiatives"][0], "id": "a-unmapped", "process_mapped": "no"}
    data["initiatives"].append(unmapped)

    evaluation = evaluate(Assessment.model_validate(data), rubric)
    result = evaluation.initiative("a-unmapped")

    assert [r.id for r in evaluation.initiatives] == ["scheduling-software", "a-unmapped"]
    assert result.quadrant.id == "fix_first"
    assert result.quadrant.unlock == (
        "Map the scheduling process behind Route-optimised scheduling software and fix where "
        "it breaks; automating a broken process just makes the broken process faster.",
    )
    assert evaluation.initiative("scheduling-software").quadrant.unlock == ()


def test_kpi_plan_proposes_the_objectives_metric_when_only_activities_are_measured(
    rubric: Rubric, plumbing: Assessment
) -> None:
    data = plumbing.model_dump(mode="json")
    data["objectives"][0]["target_value"] = None
    for kpi in data["initiatives"][0]["kpis"]:
        kpi["measures"] = "activity"

    evaluation = evaluate(Assessment.model_validate(data), rubric)

    first = evaluation.kpi_plan[0].kpis[0]
    assert (first.name, first.origin, first.target) == (
        "Service calls per technician per day",
        "objective",
        None,
    )
    assert "activity_kpis_only:scheduling-software" in [f.id for f in evaluation.findings]


def test_a_kpi_whose_kind_is_unknown_raises_no_activity_finding(
    rubric: Rubric, plumbing: Assessment
) -> None:
    data = plumbing.model_dump(mode="json")
    data["initiatives"][0]["kpis"][0]["measures"] = "activity"

    evaluation = evaluate(Assessment.model_validate(data), rubric)

    assert "activity_kpis_only" not in [f.rule_id for f in evaluation.findings]


def test_kpi_finding_says_what_is_missing_when_one_initiative_is_measured(
    rubric: Rubric, plumbing: Assessment
) -> None:
    data = _changed(plumbing, checklist__kpi_measurement="no").model_dump(mode="json")
    data["initiatives"].append({**data["initiatives"][0], "id": "unmeasured", "kpis": []})

    findings = evaluate(Assessment.model_validate(data), rubric).findings
    ids = {f.rule_id for f in findings}

    assert "well_measured" in ids
    assert "kpis_partly_defined" in ids
    assert not {"no_kpi_measurement", "kpis_not_yet_measured"} & ids


def test_cost_finding_names_exactly_the_missing_items(rubric: Rubric) -> None:
    agency = evaluate(load_persona("agency_reporting"), rubric)

    finding = next(f for f in agency.findings if f.rule_id == "roi_costs_incomplete")

    assert [e.path for e in finding.evidence if ".costs." in e.path] == [
        "initiatives[reporting-suite].costs.training",
        "initiatives[reporting-suite].costs.yearly_maintenance",
    ]
    assert "(training, yearly maintenance)" in finding.next_step


def test_a_stopped_initiative_puts_one_step_in_the_plan(rubric: Rubric) -> None:
    bakery = evaluate(load_persona("artisan_bakery"), rubric)
    plan = bakery.plan

    steps = [s.finding_id for p in (plan.days_30, plan.days_60, plan.days_90) for s in p]

    assert [s for s in steps if s.endswith(":kneading-robot")] == ["value_conflict:kneading-robot"]


def test_a_fix_first_initiative_puts_only_its_unblocking_step_in_the_plan(
    rubric: Rubric,
) -> None:
    firm = evaluate(load_persona("b2b_marketing_automation"), rubric)
    plan = firm.plan

    steps = [s.finding_id for p in (plan.days_30, plan.days_60, plan.days_90) for s in p]

    assert [s for s in steps if s.endswith(":marketing-automation")] == [
        "process_not_mapped:marketing-automation"
    ]


def test_no_objective_and_no_kpi_are_answers_not_unknowns(
    rubric: Rubric, plumbing: Assessment
) -> None:
    alone = _changed(plumbing, initiatives__0__objective_ids=[], initiatives__0__kpis=[])

    findings = {f.rule_id: f for f in evaluate(alone, rubric).findings}

    linked = [(e.path, e.value) for e in findings["not_linked"].evidence]
    assert linked == [("initiatives[scheduling-software].objective_ids", "none")]
    kpis = [(e.path, e.value) for e in findings["no_kpi_baseline_target"].evidence]
    assert kpis == [("initiatives[scheduling-software].kpis", "none")]


def test_the_plan_never_opens_with_an_empty_month(rubric: Rubric, plumbing: Assessment) -> None:
    evaluation = evaluate(_changed(plumbing, initiatives__0__integration="none"), rubric)
    later = [f for f in evaluation.findings if f.rule_id == "integration_none"]

    plan = build_plan(rubric, later, {})

    assert [s.finding_id for s in plan.days_30] == ["integration_none:scheduling-software"]
    assert plan.days_60 == plan.days_90 == ()


def test_the_headline_says_when_the_money_does_not_work(rubric: Rubric) -> None:
    bakery = evaluate(load_persona("artisan_bakery"), rubric)
    plumber = evaluate(load_persona("plumbing_scheduling"), rubric)

    assert bakery.money_note == (
        "The money does not work yet: over 3 years the net present value is negative for "
        "Robotic kneading arm (NPV -€23,606)."
    )
    assert plumber.money_note == ""
    first_lines = " ".join(render_report_text(bakery).splitlines()[:6])
    assert "The money does not work yet" in first_lines


def test_an_unknown_ethics_review_is_worded_as_unknown_not_as_missing(
    rubric: Rubric, plumbing: Assessment
) -> None:
    unknown = _changed(
        plumbing, organisation__ethics_review="unknown", initiatives__0__area="customer_service"
    )

    ids = _finding_ids(evaluate(unknown, rubric))

    assert "ethics_review_unknown" in ids
    assert "no_ethics_review" not in ids


def test_no_ethics_review_over_customer_data_is_a_warning(
    rubric: Rubric, plumbing: Assessment
) -> None:
    missing = _changed(
        plumbing, organisation__ethics_review="no", initiatives__0__area="customer_service"
    )

    findings = {f.rule_id: f for f in evaluate(missing, rubric).findings}

    assert findings["no_ethics_review"].severity == "warning"
    assert "ethics_review_unknown" not in findings


ETHICS_FINDINGS = {"no_ethics_review", "ethics_review_unknown", "ethics_review_said_not_applicable"}


def test_an_ethics_review_that_does_not_apply_scores_like_yes_without_personal_data(
    rubric: Rubric, plumbing: Assessment
) -> None:
    # The plumber's only initiative is scheduling: nobody's personal data to review.
    na = evaluate(_changed(plumbing, organisation__ethics_review="not_applicable"), rubric)
    yes = evaluate(_changed(plumbing, organisation__ethics_review="yes"), rubric)

    assert na.dimension("data_ethics").score == yes.dimension("data_ethics").score
    assert na.score == yes.score
    assert not ETHICS_FINDINGS & {f.rule_id for f in na.findings}
    assert "organisation.ethics_review" not in [lever.path for lever in na.levers]


@pytest.fixture
def said_not_applicable_over_customers(plumbing: Assessment) -> Assessment:
    """The plumber's scheduling software moved to customer service, its ethics review said not
    to apply."""
    return _changed(
        plumbing,
        organisation__ethics_review="not_applicable",
        initiatives__0__area="customer_service",
    )


def test_an_ethics_review_said_not_to_apply_over_customer_data_scores_like_no_and_says_why(
    rubric: Rubric, said_not_applicable_over_customers: Assessment
) -> None:
    na = evaluate(said_not_applicable_over_customers, rubric)
    no = evaluate(
        _changed(said_not_applicable_over_customers, organisation__ethics_review="no"), rubric
    )

    assert na.dimension("data_ethics").score == no.dimension("data_ethics").score
    assert na.score == no.score
    findings = {f.rule_id: f for f in na.findings if f.rule_id in ETHICS_FINDINGS}
    assert list(findings) == ["ethics_review_said_not_applicable"]
    finding = findings["ethics_review_said_not_applicable"]
    assert finding.severity == "warning"
    assert finding.title == (
        "You said an ethics and privacy review does not apply, but Route-optimised scheduling "
        "software handles customer data"
    )
    assert finding.source.section == "Ethical Alignment — Automation with Strategic Responsibility"
    assert finding.next_step.startswith("Review each initiative that touches customer")


def test_the_not_applicable_finding_names_every_initiative_and_whose_data(
    rubric: Rubric, plumbing: Assessment
) -> None:
    data = plumbing.model_dump(mode="json")
    first = data["initiatives"][0]
    data["initiatives"] = [
        {**first, "area": "customer_service"},
        {**first, "id": "payroll", "name": "Payroll assistant", "area": "hr"},
        {**first, "id": "stock", "name": "Stock counter", "area": "inventory"},
    ]
    data["organisation"]["ethics_review"] = "not_applicable"

    evaluation = evaluate(Assessment.model_validate(data), rubric)

    [finding] = [f for f in evaluation.findings if f.rule_id == "ethics_review_said_not_applicable"]
    # In rank order (equal scores: by id), the stock counter left out.
    assert [r.id for r in evaluation.initiatives] == ["payroll", "scheduling-software", "stock"]
    assert finding.title.endswith(
        "but Payroll assistant and Route-optimised scheduling software handle customer and "
        "employee data"
    )


def test_an_ethics_review_that_does_not_apply_is_a_known_answer(
    rubric: Rubric, plumbing: Assessment
) -> None:
    na = evaluate(_changed(plumbing, organisation__ethics_review="not_applicable"), rubric)
    unknown = evaluate(_changed(plumbing, organisation__ethics_review="unknown"), rubric)

    assert "organisation.ethics_review" not in na.confidence.unknown
    assert na.confidence.known == unknown.confidence.known + 1


def test_a_lever_moves_an_inapplicable_review_over_customer_data_to_partly(
    rubric: Rubric, said_not_applicable_over_customers: Assessment
) -> None:
    levers = evaluate(said_not_applicable_over_customers, rubric).levers

    [lever] = [x for x in levers if x.path == "organisation.ethics_review"]

    assert (lever.from_answer, lever.to_answer) == ("not_applicable", "partly")
    assert lever.gain > 0


def test_an_ethics_review_that_does_not_apply_reads_as_not_applicable_in_the_report(
    rubric: Rubric, said_not_applicable_over_customers: Assessment
) -> None:
    report = render_report_text(evaluate(said_not_applicable_over_customers, rubric))

    text = " ".join(report.split())

    assert "Evidence: organisation.ethics_review = not applicable" in text
    assert "Ethics and privacy review of automation: not applicable → partly" in text
    assert "not_applicable" not in text
