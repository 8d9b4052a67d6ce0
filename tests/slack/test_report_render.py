"""The report message and its "Details" modal (bot/render/report.py), checked against
Slack's Block Kit limits with the four personas scored by the real rubric, a worst case of
five initiatives and thirty (or 150) findings, and hypothesis-generated assessments."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.interview.report import Report
from bot.render.blocks import channel_mention
from bot.render.report import (
    ACTIONS_BLOCK_ID,
    DETAILS,
    DETAILS_PAGE,
    SHARE_REPORT,
    TOP_FINDINGS,
    TRACK_KPIS,
    build_details_view,
    build_report_blocks,
    build_share_view,
    build_shared_view,
    build_sharing_view,
    details_pages,
    parse_details_ref,
    parse_report_ref,
    report_fallback_text,
    report_ref,
)
from evaluators import Assessment, Evaluation, Rubric, evaluate, load_rubric
from knowledge.models import Citation
from prompts.formatting import format_money, format_score
from tests.evaluators.conftest import load_persona
from tests.evaluators.strategies import assessments
from tests.slack.limits import block_kit_problems, view_problems

PERSONAS = (
    "artisan_bakery",
    "ecommerce_chatbot",
    "agency_reporting",
    "plumbing_scheduling",
    "b2b_marketing_automation",
)
PASSAGE = (
    "A bakery famed for its sourdough, with a strategy built on handcrafted, artisanal "
    "appeal, might find that a robotic arm becomes a very expensive, very shiny, and "
    "ultimately counterproductive piece of equipment."
)


def passage(text: str = PASSAGE) -> Citation:
    return Citation(
        n=1,
        title="Strategic alignment and automation ROI for SMBs",
        source="alignment-automation-roi",
        level="Fundamentals",
        section="Fundamentals",
        text=text,
        score=0.61,
    )


def report_of(evaluation: Evaluation, citation: Citation | None = None) -> Report:
    cited = citation or passage()
    return Report(
        evaluation_id=42,
        interview_id=7,
        evaluation=evaluation,
        citations={f.id: cited for f in evaluation.findings},
    )


def text_of(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def details_of(report: Report) -> list[dict[str, Any]]:
    """Every page of the report's Details modal, as Slack receives them."""
    return [build_details_view(report, page) for page in range(len(details_pages(report)))]


def details_text(report: Report) -> str:
    return text_of([block for view in details_of(report) for block in view["blocks"]])


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module", params=PERSONAS)
def persona(request: pytest.FixtureRequest, rubric: Rubric) -> Evaluation:
    return evaluate(load_persona(request.param), rubric)


@pytest.fixture(scope="module")
def bakery(rubric: Rubric) -> Evaluation:
    return evaluate(load_persona("artisan_bakery"), rubric)


@pytest.fixture(scope="module")
def crowded(bakery: Evaluation) -> Evaluation:
    """Five initiatives and thirty findings, with the longest texts the models allow."""
    initiative = bakery.initiatives[0]
    initiatives = tuple(
        initiative.model_copy(update={"id": f"i{n}", "name": f"{'Initiative ' * 10}{n}"[:120]})
        for n in range(5)
    )
    finding = bakery.findings[0]
    findings = tuple(
        finding.model_copy(
            update={"id": f"f{n}", "title": "A long finding title " * 6, "why": "Why " * 200}
        )
        for n in range(30)
    )
    return bakery.model_copy(update={"initiatives": initiatives, "findings": findings})


# --- every persona --------------------------------------------------------------------------


def test_report_of_every_persona_fits_a_message(persona: Evaluation) -> None:
    for shared in (False, True):
        blocks = build_report_blocks(report_of(persona), shared=shared, shared_by="U0PATBAKER")
        assert block_kit_problems(blocks, "message") == []


def test_report_shows_score_band_maturity_and_weakest_dimension(persona: Evaluation) -> None:
    text = text_of(build_report_blocks(report_of(persona)))
    assert f"Score: {format_score(persona.score)} / 100 · {persona.band.label}" in text
    assert f"Level {persona.maturity.level} of 4: {persona.maturity.name}" in text
    weak = persona.weakest_dimension
    assert f"{weak.label}: {format_score(weak.score)}" in text
    assert f"mean of all dimensions {format_score(weak.mean)}" in text


def test_report_says_what_unlocks_a_fix_first_initiative(rubric: Rubric) -> None:
    firm = evaluate(load_persona("b2b_marketing_automation"), rubric)

    text = text_of(build_report_blocks(report_of(firm)))

    assert "*Marketing automation platform*: Fix first" in text
    assert "_To unlock:_ Map the marketing process behind Marketing automation platform" in text
    assert "*What would move your score most* (one answer, one step better)" in text


def test_details_say_what_would_move_a_fix_first_initiative_most(rubric: Rubric) -> None:
    firm = evaluate(load_persona("b2b_marketing_automation"), rubric)

    text = details_text(report_of(firm))

    assert "*To unlock:* Map the marketing process behind Marketing automation platform" in text
    assert "*What would move it most*" in text
    assert "Process mapped and fixed before automating: no → partly, +7.5 points; " in text


def test_report_message_is_one_screen_of_about_twenty_blocks(persona: Evaluation) -> None:
    blocks = build_report_blocks(report_of(persona))
    assert len(blocks) <= 25
    assert len(json.dumps(blocks, ensure_ascii=False)) <= 6000


def test_report_gives_each_initiatives_verdict_on_one_line(persona: Evaluation) -> None:
    text = text_of(build_report_blocks(report_of(persona)))
    for result in persona.initiatives:
        assert f"{result.rank}. *{result.name}*: {result.quadrant.label} (alignment " in text
    assert "*Assumptions:*" not in text


def test_details_give_each_initiatives_roi_and_assumptions(persona: Evaluation) -> None:
    text = details_text(report_of(persona))
    for result in persona.initiatives:
        assert f"*{result.rank}. {result.name}*: {result.quadrant.label}" in text
        assert f"TCO {format_money(result.roi.tco, persona.currency)}" in text
        assert f"NPV {format_money(result.roi.npv, persona.currency)}" in text
    assert "*Assumptions:*" in text


def test_report_lists_the_next_30_days_and_details_every_period(persona: Evaluation) -> None:
    message = text_of(build_report_blocks(report_of(persona)))
    details = details_text(report_of(persona))
    assert persona.plan.days_30
    for step in persona.plan.days_30:
        assert json.dumps(step.text, ensure_ascii=False)[1:-1] in message
    for step in [*persona.plan.days_30, *persona.plan.days_60, *persona.plan.days_90]:
        assert json.dumps(step.text, ensure_ascii=False)[1:-1] in details


def test_details_of_every_persona_fit_modals_and_hold_every_finding(persona: Evaluation) -> None:
    report = report_of(persona)
    for view in details_of(report):
        assert view_problems(view) == []
    text = details_text(report)
    for finding in persona.findings:
        assert json.dumps(finding.title, ensure_ascii=False)[1:-1] in text
    assert f"*Why {format_score(persona.score)}?*" in text


# --- the bakery in detail -------------------------------------------------------------------


def test_details_quote_the_cited_passage_with_title_and_section(bakery: Evaluation) -> None:
    text = details_text(report_of(bakery))
    assert "> “A bakery famed for its sourdough" in text
    assert "— _Strategic alignment and automation ROI for SMBs_ — Fundamentals" in text


def test_report_names_each_top_findings_source_without_the_passage(bakery: Evaluation) -> None:
    text = text_of(build_report_blocks(report_of(bakery)))
    assert "Source: _Strategic alignment and automation ROI for SMBs_ — Fundamentals" in text
    assert "A bakery famed for its sourdough" not in text


def test_details_trim_a_long_passage_instead_of_rejecting_it(bakery: Evaluation) -> None:
    report = report_of(bakery, passage(PASSAGE * 30))
    for view in details_of(report):
        assert view_problems(view) == []
    assert "…”" in details_text(report)


def test_finding_without_a_passage_names_the_rubrics_source(bakery: Evaluation) -> None:
    report = Report(
        evaluation_id=1,
        interview_id=None,
        evaluation=bakery,
        citations={f.id: None for f in bakery.findings},
    )
    source = bakery.findings[0].source
    assert f"Source: _{source.title}_ — {source.section}" in text_of(build_report_blocks(report))
    assert f"Source: {source.title} — {source.section}" in details_text(report)


def test_report_shows_the_top_three_findings_and_counts_the_rest(bakery: Evaluation) -> None:
    text = text_of(build_report_blocks(report_of(bakery)))
    assert TOP_FINDINGS == 3
    for finding in bakery.findings[:TOP_FINDINGS]:
        assert finding.title in text
        assert f"*Next:* {finding.next_step}" in text
    assert bakery.findings[TOP_FINDINGS].title not in text
    left = len(bakery.findings) - TOP_FINDINGS
    assert f"…and {left} more findings, every finding's cited passage" in text
    assert "press *Details*." in text


def test_findings_come_with_their_severity_emoji(bakery: Evaluation) -> None:
    text = text_of(build_report_blocks(report_of(bakery)))
    assert f"🔴 *{bakery.findings[0].title}*" in text
    assert f"🟠 *{bakery.findings[1].title}*" in text


def test_report_says_which_answers_were_unknown(bakery: Evaluation) -> None:
    text = text_of(build_report_blocks(report_of(bakery)))
    assert "*Confidence: high*, 41 of 43 answers known" in text
    assert "ethics review, integration (Robotic kneading arm)" in text


def test_report_without_unknown_answers_has_no_confidence_note(bakery: Evaluation) -> None:
    sure = bakery.confidence.model_copy(update={"unknown": (), "known": 43, "score": 100.0})
    text = text_of(build_report_blocks(report_of(bakery.model_copy(update={"confidence": sure}))))
    assert "Confidence" not in text


def test_details_list_kpis_and_say_which_values_are_missing(bakery: Evaluation) -> None:
    text = details_text(report_of(bakery))
    assert (
        "↑ Sourdough loaves sold per week: 600 loaves/week → 690 loaves/week by 30 September 2027"
        in (text)
    )
    assert (
        "Dough batches kneaded per morning: 6 batches → ? by 30 September 2027 _(no target yet)_"
        in (text)
    )


def test_details_give_the_rule_trail_behind_every_dimension(bakery: Evaluation) -> None:
    text = details_text(report_of(bakery))
    assert "The score is the weighted mean of the dimensions:" in text
    for dimension in bakery.dimensions:
        assert f"*{dimension.label}: {format_score(dimension.score)}*" in text
    rule = bakery.dimensions[0].rules[0]
    assert json.dumps(rule.label, ensure_ascii=False)[1:-1] in text


def test_report_words_an_ethics_review_said_not_to_apply_over_customer_data(
    rubric: Rubric,
) -> None:
    data = load_persona("ecommerce_chatbot").model_dump(mode="json")
    data["organisation"]["ethics_review"] = "not_applicable"
    report = report_of(evaluate(Assessment.model_validate(data), rubric))

    message, details = text_of(build_report_blocks(report)), details_text(report)

    assert (
        "🟠 *You said an ethics and privacy review does not apply, but Customer service chatbot "
        "handles customer data*"
    ) in message
    assert "Ethics and privacy review of automation: not applicable → partly" in message
    assert "(organisation.ethics_review = not applicable)" in details
    assert "not_applicable" not in message + details


def test_report_buttons_track_share_and_open_the_details(bakery: Evaluation) -> None:
    blocks = build_report_blocks(report_of(bakery))
    buttons = next(b for b in blocks if b.get("block_id") == ACTIONS_BLOCK_ID)
    assert [e["action_id"] for e in buttons["elements"]] == [TRACK_KPIS, SHARE_REPORT, DETAILS]
    assert [e["text"]["text"] for e in buttons["elements"]][-1] == "Details"
    assert {e["value"] for e in buttons["elements"]} == {"42"}


def test_report_without_kpis_offers_no_tracking(bakery: Evaluation) -> None:
    report = report_of(bakery.model_copy(update={"kpi_plan": ()}))
    assert TRACK_KPIS not in action_ids(build_report_blocks(report))
    assert "KPIs to track" not in text_of(build_report_blocks(report))
    assert "KPIs to track" not in details_text(report)


def test_shared_copy_names_who_shared_it_and_has_no_buttons(bakery: Evaluation) -> None:
    blocks = build_report_blocks(report_of(bakery), shared=True, shared_by="U0PATBAKER")
    assert blocks[1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Shared by <@U0PATBAKER>"}],
    }
    assert action_ids(blocks) == []
    assert "<@U0PATBAKER> can open them with `/align report`." in text_of(blocks)


def test_shared_copy_never_mentions_something_that_is_not_a_user_id(bakery: Evaluation) -> None:
    blocks = build_report_blocks(report_of(bakery), shared=True, shared_by="!channel")
    assert "<!channel>" not in text_of(blocks)
    assert "Shared by someone" in text_of(blocks)


def test_user_text_cannot_ping_the_channel_or_break_formatting(bakery: Evaluation) -> None:
    risky = bakery.model_copy(update={"business": "Crumb <!channel> & <@U123>"})
    blocks = build_report_blocks(report_of(risky))
    assert blocks[0]["text"]["text"] == "Alignment report: Crumb &lt;!channel> & &lt;@U123>"
    assert "<!channel>" not in text_of(blocks)
    assert "<@U123>" not in report_fallback_text(report_of(risky))


def test_report_without_a_business_name_has_a_plain_title(bakery: Evaluation) -> None:
    blocks = build_report_blocks(report_of(bakery.model_copy(update={"business": "  "})))
    assert blocks[0]["text"]["text"] == "Your alignment report"


def test_fallback_text_gives_score_band_maturity_and_the_top_finding(bakery: Evaluation) -> None:
    assert report_fallback_text(report_of(bakery)) == (
        "Alignment report: Crumb & Hearth Bakery: 39.2/100, Misaligned; maturity level 1 "
        "(Reactive); top finding: Robotic kneading arm works against how you compete."
    )


# --- the worst case -------------------------------------------------------------------------


def test_five_initiatives_and_thirty_findings_still_fit_and_say_what_is_left(
    crowded: Evaluation,
) -> None:
    for shared in (False, True):
        blocks = build_report_blocks(report_of(crowded), shared=shared, shared_by="U0PATBAKER")
        assert block_kit_problems(blocks, "message") == []
        text = text_of(blocks)
        assert "more findings" in text
        for n in range(5):
            assert f"{n + 1}. " in text or crowded.initiatives[n].name in text


def test_details_of_thirty_findings_fit_modals(crowded: Evaluation) -> None:
    report = report_of(crowded)
    for view in details_of(report):
        assert view_problems(view) == []
    assert "*All 30 findings*, most important first" in details_text(report)


def test_details_of_150_findings_are_paged_and_lose_none(crowded: Evaluation) -> None:
    many = crowded.model_copy(
        update={
            "findings": tuple(
                crowded.findings[0].model_copy(update={"id": f"x{n}", "title": f"Finding {n}."})
                for n in range(150)
            )
        }
    )
    views = details_of(report_of(many))
    assert len(views) > 3
    for number, view in enumerate(views, start=1):
        assert view_problems(view) == []
        blocks: list[dict[str, Any]] = view["blocks"]
        assert blocks[0]["elements"][0]["text"].startswith(f"Page {number} of {len(views)}")
        assert len(blocks) <= 50
    text = details_text(report_of(many))
    assert all(f"*Finding {n}.*" in text for n in range(150))


def test_details_pages_turn_with_previous_and_next(bakery: Evaluation) -> None:
    report = report_of(bakery)
    views = details_of(report)
    assert len(views) >= 2
    first, last = views[0]["blocks"][-1], views[-1]["blocks"][-1]
    assert [(e["action_id"], e["value"]) for e in first["elements"]] == [(DETAILS_PAGE, "42:1")]
    assert [e["text"]["text"] for e in last["elements"]] == ["← Previous"]
    assert build_details_view(report, 99) == views[-1]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(assessment=assessments(), shared=st.booleans(), cited=st.booleans())
def test_any_assessments_report_fits_a_message_and_its_findings_a_modal(
    rubric: Rubric, assessment: Any, shared: bool, cited: bool
) -> None:
    evaluation = evaluate(assessment, rubric)
    report = Report(
        evaluation_id=1,
        interview_id=1,
        evaluation=evaluation,
        citations={f.id: passage() if cited else None for f in evaluation.findings},
    )
    blocks = build_report_blocks(report, shared=shared, shared_by="U0PATBAKER")
    assert block_kit_problems(blocks, "message") == []
    for view in details_of(report):
        assert view_problems(view) == []
    shown = sum(1 for f in evaluation.findings if json.dumps(f.title)[1:-1] in text_of(blocks))
    if len(evaluation.findings) > shown:
        assert "more finding" in text_of(blocks)


# --- figures and references -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (" 7 ", 7), ("", None), ("-1", None), ("4x", None), ("9" * 30, None)],
)
def test_report_buttons_carry_the_evaluation_id(value: str, expected: int | None) -> None:
    assert parse_report_ref(value) == expected


def test_report_ref_round_trips(bakery: Evaluation) -> None:
    assert parse_report_ref(report_ref(report_of(bakery))) == 42


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", (42, 0)), ("42:3", (42, 3)), ("42:", (42, 0)), ("42:x", None), ("x:1", None)],
)
def test_details_buttons_carry_the_report_and_the_page(
    value: str, expected: tuple[int, int] | None
) -> None:
    assert parse_details_ref(value) == expected


# --- the share modal --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "picked"),
    [("C0GENERAL1", "C0GENERAL1"), ("G0PRIVATE1", "G0PRIVATE1"), ("D0PATBOT01", None), ("", None)],
)
def test_share_modal_picks_the_channel_it_was_opened_from(origin: str, picked: str | None) -> None:
    view = build_share_view(42, origin_channel=origin)
    assert view_problems(view) == []
    select = view["blocks"][-1]["element"]  # type: ignore[index]
    assert select["type"] == "conversations_select"
    assert select.get("initial_conversation") == picked
    assert json.loads(str(view["private_metadata"])) == {"e": 42}


def test_share_modal_says_what_went_wrong_first() -> None:
    view = build_share_view(
        42, origin_channel="C0X1", problem=f"I'm not in {channel_mention('C0X1')}."
    )
    assert view_problems(view) == []
    assert view["blocks"][0]["text"]["text"] == "⚠️ I'm not in <#C0X1>."  # type: ignore[index]


def test_share_outcome_views_name_the_channel() -> None:
    for view in (build_sharing_view("C0X1"), build_shared_view("C0X1")):
        assert view_problems(view) == []
        assert "<#C0X1>" in text_of(view["blocks"])  # type: ignore[arg-type]
    assert "<#" not in text_of(build_shared_view("!everyone")["blocks"])  # type: ignore[arg-type]
