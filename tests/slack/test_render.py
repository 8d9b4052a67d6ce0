from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import blocks as bk
from bot.render.answer import (
    ABSTENTION_HINT,
    HELPFUL,
    NOT_HELPFUL,
    SHARE,
    answer_fallback_text,
    build_answer_blocks,
    build_shared_answer_blocks,
    citation_line,
    decode_answer_ref,
    encode_answer_ref,
)
from bot.render.help import SUBCOMMANDS, build_help_blocks, help_fallback_text
from bot.render.home import build_home_view
from knowledge.models import Answer, Citation
from tests.slack.limits import block_kit_problems, view_problems

texts = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=30),
        st.sampled_from(["😀", "&", "<!channel>", "<@U1>", "*", "_", "\n\n", "[1]", " "]),
        st.just("Automation must serve the strategy. " * 60),
    ),
    max_size=40,
).map("".join)


def citation(n: int, *, title: str = "Strategic Alignment", section: str = "Pilots") -> Citation:
    return Citation(
        n=n,
        title=title,
        source="doc",
        level="Intermediate",
        section=section,
        text="Start with a pilot project.",
        score=0.6,
    )


def answer(text: str = "Run a pilot first [1].", n_citations: int = 1) -> Answer:
    return Answer(
        answer=text,
        confident=True,
        citations=[citation(i + 1) for i in range(n_citations)],
    )


def all_text(blocks: list[dict[str, object]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_answer_shows_text_citations_and_feedback_buttons() -> None:
    blocks = build_answer_blocks(answer(), question="How do we start?")
    assert blocks[0]["text"]["text"] == "Run a pilot first [1]."
    assert "*[1]* Strategic Alignment — Pilots (Intermediate)" in all_text(blocks)
    buttons = blocks[-1]["elements"]
    assert [b["action_id"] for b in buttons] == [HELPFUL, NOT_HELPFUL]


def test_answer_offers_sharing_only_when_shareable() -> None:
    blocks = build_answer_blocks(answer(), question="q", shareable=True)
    assert [b["action_id"] for b in blocks[-1]["elements"]] == [HELPFUL, NOT_HELPFUL, SHARE]


def test_answer_repeats_the_question_when_asked_to() -> None:
    blocks = build_answer_blocks(answer(), question="Is a <robot> worth it?", show_question=True)
    assert blocks[0]["elements"][0]["text"] == "*Question:* Is a &lt;robot&gt; worth it?"


def test_answer_escapes_markup_in_answer_and_citations() -> None:
    risky = Answer(
        answer="Tell <!channel> & <@U1> [1]",
        confident=True,
        citations=[citation(1, title="R&D <tools>", section="A > B")],
    )
    text = all_text(build_answer_blocks(risky, question="q"))
    assert "<!channel>" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in text
    assert "R&amp;D &lt;tools&gt; — A &gt; B" in text


@pytest.mark.parametrize(
    "abstention",
    [
        Answer(answer="I have no guidance on that.", confident=False, citations=[]),
        Answer(answer="I have no guidance on that.", confident=False, citations=[citation(1)]),
    ],
)
def test_abstention_is_rendered_plainly_without_citations_or_buttons(abstention: Answer) -> None:
    blocks = build_answer_blocks(abstention, question="What's the weather?")
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert blocks[0]["text"]["text"] == "I have no guidance on that."
    assert blocks[1]["elements"][0]["text"] == ABSTENTION_HINT


def test_answer_with_many_citations_keeps_context_blocks_within_ten_elements() -> None:
    blocks = build_answer_blocks(answer(n_citations=23), question="q")
    assert block_kit_problems(blocks) == []
    assert "*[23]*" in all_text(blocks)


def test_long_answer_is_split_into_sections_and_pages_not_rejected() -> None:
    long = "Align every tool with a goal. " * 8000
    pages = bk.paginate(build_answer_blocks(answer(long), question="q"))
    assert len(pages) > 1
    for page in pages:
        assert block_kit_problems(page) == []
    assert pages[-1][-1]["type"] == "actions"


@settings(max_examples=60, deadline=None)
@given(text=texts, question=texts, title=texts, section=texts, n=st.integers(0, 14))
def test_answer_pages_are_valid_block_kit_for_any_input(
    text: str, question: str, title: str, section: str, n: int
) -> None:
    rendered = Answer(
        answer=text,
        confident=True,
        citations=[citation(i + 1, title=title or "t", section=section) for i in range(n)],
    )
    blocks = build_answer_blocks(rendered, question=question, show_question=True, shareable=True)
    for page in bk.paginate(blocks):
        assert block_kit_problems(page) == []


@given(texts)
def test_answer_ref_round_trips_within_the_button_value_limit(question: str) -> None:
    value = encode_answer_ref(question)
    assert bk.slack_length(value) <= bk.MAX_BUTTON_VALUE
    assert question.startswith(decode_answer_ref(value).removesuffix("…"))


@pytest.mark.parametrize("value", ["", "not json", "[1, 2]", '{"q": 3}'])
def test_decode_answer_ref_returns_empty_for_foreign_values(value: str) -> None:
    assert decode_answer_ref(value) == ""


def test_shared_answer_names_who_shared_it_and_cannot_be_shared_again() -> None:
    blocks = build_shared_answer_blocks(answer(), question="q", user_id="U0PAT")
    assert blocks[0]["elements"][0]["text"] == "Shared by <@U0PAT>"
    assert SHARE not in all_text(blocks)


def test_shared_answer_does_not_turn_a_strange_user_id_into_markup() -> None:
    blocks = build_shared_answer_blocks(answer(), question="q", user_id="U1> <!channel")
    assert blocks[0]["elements"][0]["text"] == "Shared"


def test_citation_line_omits_a_level_equal_to_the_section() -> None:
    line = citation_line(citation(2, section="Intermediate"))
    assert line == "*[2]* Strategic Alignment — Intermediate"


def test_answer_fallback_text_is_the_answer_on_one_line() -> None:
    assert answer_fallback_text(answer("one\n\ntwo")) == "one two"


def test_help_lists_every_subcommand_with_an_example() -> None:
    text = all_text(build_help_blocks())
    for sub in SUBCOMMANDS:
        assert f"/align {sub.usage}" in text
        assert f"/align {sub.example}" in text


def test_help_says_the_problem_first() -> None:
    blocks = build_help_blocks(problem="I don't know `/align frobnicate`.")
    assert blocks[0]["text"]["text"] == "I don't know `/align frobnicate`."


@given(texts)
def test_help_is_valid_block_kit_for_any_command_name(command: str) -> None:
    assert block_kit_problems(build_help_blocks(command or "/align")) == []


def test_help_fallback_text_names_the_subcommands() -> None:
    assert "/align ask QUESTION" in help_fallback_text()


def test_home_view_is_a_valid_home_tab() -> None:
    view = build_home_view()
    assert view["type"] == "home"
    assert view_problems(view) == []


def test_home_view_keeps_within_one_hundred_blocks_with_a_large_dashboard() -> None:
    view = build_home_view(dashboard=[bk.section(f"KPI {i}") for i in range(150)])
    assert view_problems(view) == []
