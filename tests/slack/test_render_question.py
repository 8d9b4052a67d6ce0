"""The interview's Block Kit: every question of the bank, in every state it can be shown in,
and its answer modal, within Slack's limits (checked by the independent `limits` oracle);
each type gets the controls that fit it; values name the step they answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.interview import InterviewEngine, load_bank
from bot.interview.state import InterviewState
from bot.interview.views import Asked, OptionView, Progress, QuestionView
from bot.render import question as rq
from bot.render.blocks import BlockKitLimitError
from bot.render.interview_modal import (
    CALLBACK_ID,
    INPUT_BLOCK,
    ModalState,
    answer_errors,
    build_answer_modal,
)
from tests.interview.script import BUSY_OWNER, TODAY
from tests.slack.limits import block_kit_problems, view_problems

BANK = load_bank()

# The busy owner, opening every optional part, so that every question of the bank is shown.
EVERY_PART = {
    **BUSY_OWNER,
    "kpi.target": "idk",  # an unknown target asks which way is better
    "kpi.direction": "up",
    "initiative.detail": "yes",
    "initiative.intangible_customer": "4",
    "initiative.intangible_employee": "3",
    "initiative.intangible_risk": "2",
    "initiative.intangible_agility": "idk",
    "initiative.scorecard_financial": "some",
    "initiative.scorecard_customer": "strong",
    "initiative.scorecard_process": "none",
    "initiative.scorecard_learning": "idk",
    "metrics.opt_in": "yes",
    "metrics.touchpoints_total": "12",
    "metrics.touchpoints_automated": "4",
    "metrics.processes_total": "6",
    "metrics.processes_critical": "2",
    "metrics.data_used": "30%",
    "metrics.reconfigure": "3 weeks",
}


def every_question() -> dict[str, QuestionView]:
    """The first view of each question id, walking the engine through `EVERY_PART`."""
    engine = InterviewEngine(BANK)
    state = InterviewState()
    outcome: Any = engine.show(state, TODAY)
    shown: dict[str, QuestionView] = {}
    while isinstance(outcome, Asked):
        question = outcome.question
        shown.setdefault(question.question_id, question)
        transition = engine.answer(state, question.id, EVERY_PART[question.question_id], TODAY)
        assert transition.outcome.kind != "invalid", (question.id, transition.outcome)
        state, outcome = transition.state, transition.outcome
    return shown


VIEWS = every_question()


def variants(question: QuestionView) -> list[list[dict[str, Any]]]:
    """The question message in each state: fresh, after a saved answer, refused, with a
    notice, revisited with its current answer."""
    long = "A very long answer, " * 300
    revisited = question.model_copy(update={"current_answer": long, "can_skip": True})
    return [
        rq.build_question_blocks(question),
        rq.build_question_blocks(question, recorded=long, revision="a" * 300),
        rq.build_question_blocks(question, problem=long, example=long),
        rq.build_question_blocks(question, notice=long),
        rq.build_question_blocks(revisited),
    ]


def view(
    qid: str = "q.x",
    type_: str = "text",
    options: tuple[OptionView, ...] = (),
    **changes: Any,
) -> QuestionView:
    """A question view with what a test needs changed."""
    fields: dict[str, Any] = {
        "id": f"{qid}#1",
        "question_id": qid,
        "type": type_,
        "text": "What is it?",
        "help": "Because.",
        "options": options,
        "required": False,
        "unknown_allowed": True,
        "can_back": True,
        "can_skip": True,
        "example": "an example",
        "progress": Progress(number=3, total=51, section="Your business", minutes_left=9),
    }
    return QuestionView(**(fields | changes))


def options(n: int, label: str = "Option") -> tuple[OptionView, ...]:
    return tuple(OptionView(id=f"o{i}", label=f"{label} {i}") for i in range(n))


def controls(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(type, label or action id) of the answer block's elements."""
    answer = next(b for b in blocks if str(b.get("block_id", "")).startswith("interview_answer"))
    return [
        (e["type"], (e.get("text") or {}).get("text") or e["action_id"]) for e in answer["elements"]
    ]


def test_the_walk_shows_every_question_of_the_bank() -> None:
    placed = {p.id for p in BANK.placed()}
    assert placed <= set(VIEWS)


@pytest.mark.parametrize("question_id", sorted(VIEWS))
def test_every_question_renders_within_block_kit_limits_in_every_state(question_id: str) -> None:
    for blocks in variants(VIEWS[question_id]):
        assert block_kit_problems(blocks, "message") == []


@pytest.mark.parametrize("question_id", sorted(q for q, v in VIEWS.items() if rq.uses_modal(v)))
def test_every_modal_question_opens_a_valid_modal(question_id: str) -> None:
    question = VIEWS[question_id].model_copy(update={"current_answer": "x" * 5000})
    state = ModalState(
        team_id="T" * 20, user_id="U" * 20, step_id=question.id, channel_id="D1", message_ts="1.2"
    )
    modal = build_answer_modal(question, state)
    assert view_problems(modal) == []
    assert modal["callback_id"] == CALLBACK_ID
    assert ModalState.decode(modal["private_metadata"]) == state


@pytest.mark.parametrize("question_id", sorted(VIEWS))
def test_every_element_value_names_the_step_it_answers(question_id: str) -> None:
    question = VIEWS[question_id]
    blocks = rq.build_question_blocks(question)
    found = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    values = [e["value"] for e in found if "value" in e]
    values += [o["value"] for e in found for o in e.get("options", [])]
    decoded = [rq.decode_step_value(v) for v in values]
    assert decoded
    assert all(d is not None and d.step_id == question.id for d in decoded)


@pytest.mark.parametrize(
    ("question_id", "expected"),
    [
        (
            "checklist.clear_strategy",
            [("button", "Yes"), ("button", "Partly"), ("button", "No"), ("button", "Don't know")],
        ),
        (
            "data.ethics",
            [
                ("button", "Yes"),
                ("button", "Partly"),
                ("button", "No"),
                ("button", "Not applicable"),
                ("button", "Don't know"),
            ],
        ),
        ("objective.another", [("button", "Yes"), ("button", "No")]),
        (
            "business.size",
            [
                ("button", "Just me"),
                ("button", "2 to 9"),
                ("button", "10 to 49"),
                ("button", "50 to 249"),
                ("button", "Don't know"),
            ],
        ),
        ("data.review", [("static_select", rq.SELECT)]),
        ("business.currency", [("static_select", rq.SELECT), ("button", "Don't know")]),
        (
            "initiative.objectives",
            [("checkboxes", rq.PICK), ("button", "Next →"), ("button", "Don't know")],
        ),
        ("initiative.cost_upfront", [("button", "Answer…"), ("button", "Don't know")]),
        ("objective.statement", [("button", "Answer…"), ("button", "We have none written down")]),
        ("initiative.name", [("button", "Answer…")]),
        (
            "initiative.intangible_customer",
            [("button", str(n)) for n in range(6)] + [("button", "Don't know")],
        ),
    ],
)
def test_each_type_gets_the_controls_that_fit_it(
    question_id: str, expected: list[tuple[str, str]]
) -> None:
    assert controls(rq.build_question_blocks(VIEWS[question_id])) == expected


@pytest.mark.parametrize(
    ("n", "kind"),
    [(5, "button"), (6, "static_select"), (100, "static_select"), (101, "button")],
)
def test_single_choices_take_buttons_then_a_menu_then_the_modal(n: int, kind: str) -> None:
    question = view(type_="choice", options=options(n), unknown_allowed=False)
    blocks = rq.build_question_blocks(question)
    assert controls(blocks)[0][0] == kind
    assert rq.uses_modal(question) == (n > 100)
    assert block_kit_problems(blocks) == []


@pytest.mark.parametrize(("n", "kind"), [(10, "checkboxes"), (11, "multi_static_select")])
def test_many_multiple_choices_take_a_multi_select(n: int, kind: str) -> None:
    blocks = rq.build_question_blocks(view(type_="multi", options=options(n)))
    assert controls(blocks)[0][0] == kind
    assert block_kit_problems(blocks) == []


def test_wide_scales_are_answered_in_the_modal() -> None:
    assert rq.uses_modal(view(type_="scale", scale=(0, 100)))
    assert not rq.uses_modal(view(type_="scale", scale=(1, 10)))


@pytest.mark.parametrize(
    ("changes", "labels"),
    [
        ({}, ["← Back", "Skip", "Pause"]),
        ({"can_back": False}, ["Skip", "Pause"]),
        ({"can_skip": False}, ["← Back", "Pause"]),
        ({"current_answer": "$12,000"}, ["← Back", "Keep answer", "Pause"]),
    ],
)
def test_navigation_offers_back_skip_or_keep_and_pause(
    changes: dict[str, Any], labels: list[str]
) -> None:
    blocks = rq.build_question_blocks(view(**changes))
    nav = next(b for b in blocks if str(b.get("block_id", "")).startswith("interview_nav"))
    assert [e["text"]["text"] for e in nav["elements"]] == labels


def test_a_refusal_says_the_engines_sentence_and_example_before_the_question() -> None:
    blocks = rq.build_question_blocks(view(), problem="Please give a number.", example="80,000 USD")
    assert blocks[1]["text"]["text"] == "⚠️ Please give a number. For example: _80,000 USD_"
    assert blocks[2]["text"]["text"] == "*What is it?*"


def test_what_was_saved_is_echoed_and_a_skip_says_so() -> None:
    saved = rq.build_question_blocks(view(), recorded="$12,000 a year")
    skipped = rq.build_question_blocks(view(), recorded="skipped")
    assert saved[1]["elements"][0]["text"] == "✓ Saved: $12,000 a year"
    assert skipped[1]["elements"][0]["text"] == "✓ Skipped."


def test_user_and_bank_text_cannot_form_mentions_or_links() -> None:
    risky = view(text="Tell <!channel> about <@U123>", help="R&D <b>", example="<http://x|y>")
    shown = json.dumps(rq.build_question_blocks(risky, recorded="<!here>"), ensure_ascii=False)
    assert "<!channel>" not in shown
    assert "<@U123>" not in shown
    assert "<!here>" not in shown
    assert "&lt;!channel&gt;" in shown


def test_block_ids_change_with_each_revision_of_the_message() -> None:
    first = rq.build_question_blocks(view(), revision="1")
    second = rq.build_question_blocks(view(), revision="2")
    ids = {b.get("block_id") for b in first} - {None}
    assert ids
    assert ids.isdisjoint({b.get("block_id") for b in second})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (rq.encode_step_value("kpi.target#1.2", "3%"), rq.StepValue("kpi.target#1.2", "3%")),
        (rq.encode_step_value("business.name"), rq.StepValue("business.name", "")),
        ('{"q": "a question"}', None),
        ("not json", None),
        ("[1, 2]", None),
        ('{"s": "", "a": "x"}', None),
        ('{"s": "x", "a": 3}', None),
        (None, None),
    ],
)
def test_step_values_round_trip_and_foreign_values_are_ignored(
    value: str | None, expected: rq.StepValue | None
) -> None:
    assert rq.decode_step_value(value) == expected


def test_a_step_value_too_long_for_an_option_is_a_bug_not_a_trim() -> None:
    with pytest.raises(BlockKitLimitError):
        rq.encode_step_value("x" * 200)


slack_text = st.text(st.characters(codec="utf-8"), max_size=3500)


@given(text=slack_text, help_=slack_text, example=slack_text, label=slack_text)
def test_any_text_renders_a_valid_message_and_modal(
    text: str, help_: str, example: str, label: str
) -> None:
    opts = (OptionView(id="a", label=label[:75] or "a"), OptionView(id="b", label="b"))
    for type_, given_options in (("choice", opts), ("multi", opts), ("money", ())):
        question = view(
            type_=type_,
            options=given_options,
            text=text or "?",
            help=help_ or "?",
            example=example,
            unknown_label=label[:75] or None,
            current_answer=text,
        )
        assert block_kit_problems(rq.build_question_blocks(question, problem=text)) == []
        state = ModalState(team_id="T1", user_id="U1", step_id=question.id)
        assert view_problems(build_answer_modal(question, state)) == []


def test_modal_shows_the_question_why_we_ask_and_an_example_placeholder() -> None:
    question = VIEWS["initiative.cost_upfront"]
    modal = build_answer_modal(question, ModalState(team_id="T", user_id="U", step_id="s"))
    shown = json.dumps(modal, ensure_ascii=False)
    field = next(b for b in modal["blocks"] if b["type"] == "input")
    assert question.text in shown
    assert "_Why we ask:_" in shown
    assert field["block_id"] == INPUT_BLOCK
    assert field["element"]["placeholder"]["text"] == f"e.g. {question.example}"
    assert "Amount in" in field["hint"]["text"]
    assert "Not sure?" in field["hint"]["text"]
    assert modal["title"]["text"] == "Your answer"


@pytest.mark.parametrize(
    ("question_id", "multiline"), [("initiative.problem", True), ("kpi.baseline", False)]
)
def test_text_questions_get_a_multiline_field(question_id: str, multiline: bool) -> None:
    modal = build_answer_modal(
        VIEWS[question_id], ModalState(team_id="T", user_id="U", step_id="s")
    )
    field = next(b for b in modal["blocks"] if b["type"] == "input")
    assert field["element"]["multiline"] is multiline


@pytest.mark.parametrize(
    "metadata",
    [
        "",
        "not json",
        "{}",
        '{"team_id": "T"}',
        '{"team_id":"T","user_id":"U","step_id":"s","extra":1}',
    ],
)
def test_foreign_private_metadata_is_not_a_modal_state(metadata: str) -> None:
    assert ModalState.decode(metadata) is None


def test_field_errors_name_the_input_block_and_stay_short() -> None:
    errors = answer_errors("Please give a number. " * 100, "80,000 USD")
    assert list(errors) == [INPUT_BLOCK]
    assert len(errors[INPUT_BLOCK]) <= 500
    assert answer_errors("Bad.", "1")[INPUT_BLOCK] == "Bad. For example: 1"


def test_messages_around_the_question_are_valid_block_kit() -> None:
    question = VIEWS["checklist.clear_strategy"]
    long = "x" * 5000
    for blocks in (
        rq.build_paused_blocks(question),
        rq.build_moved_blocks(long, long),
        rq.build_moved_blocks(),
        rq.build_finished_blocks(long),
        rq.build_finished_blocks(),
        rq.build_restart_confirm_blocks(question),
        rq.build_restart_confirm_blocks(None),
    ):
        assert block_kit_problems(blocks) == []


def test_moved_question_reads_as_question_and_answer() -> None:
    [line] = rq.build_moved_blocks("What is your business called?", "Crumb & Co")
    assert line["elements"][0]["text"] == "✓ What is your business called? → *Crumb &amp; Co*"


@pytest.mark.parametrize(
    ("permalink", "expected"),
    [
        (
            "https://x.slack.com/archives/D1/p1",
            "<https://x.slack.com/archives/D1/p1|our direct messages>",
        ),
        (None, "Your interview is in our direct messages: question 3 of about 51"),
    ],
)
def test_location_points_to_the_dm_with_a_link_when_there_is_one(
    permalink: str | None, expected: str
) -> None:
    assert expected in rq.location_text(view(), permalink)


def test_fallback_texts_are_one_line() -> None:
    question = view(text="What\nis it?")
    assert "\n" not in rq.question_fallback_text(question)
    assert rq.question_fallback_text(question).startswith("Question 3 of about 51:")
