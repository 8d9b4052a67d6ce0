from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render import blocks as bk
from bot.render.answer import MAX_ITEM_TEXT, build_answer_blocks
from knowledge.models import Answer, AnswerItem, Citation
from tests.slack.limits import block_kit_problems, view_problems

# Text as people and web captures write it: astral emoji, combining marks, mrkdwn, entities.
slack_text = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=40),
        st.sampled_from(
            ["😀", "👍🏽", "&", "<", ">", "*bold*", "_", "`code`", "~", "\n", " ", "é"]
        ),
        st.just("word " * 300),
    ),
    max_size=60,
).map("".join)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a & b", "a &amp; b"),
        ("<!channel> hi", "&lt;!channel&gt; hi"),
        ("<@U123|pat>", "&lt;@U123|pat&gt;"),
        ("R&D > ops < sales", "R&amp;D &gt; ops &lt; sales"),
        ("no markup", "no markup"),
    ],
)
def test_escape_mrkdwn_escapes_ampersand_and_angle_brackets(text: str, escaped: str) -> None:
    assert bk.escape_mrkdwn(text) == escaped


def test_slack_length_counts_astral_emoji_as_two() -> None:
    assert bk.slack_length("😀a") == 3


def test_trim_leaves_text_within_the_limit_unchanged() -> None:
    assert bk.trim("short", 10) == "short"


def test_trim_cuts_at_a_word_and_marks_the_cut() -> None:
    assert bk.trim("automation serves strategy", 20) == "automation serves…"


def test_trim_never_cuts_an_escaped_entity_in_half() -> None:
    trimmed = bk.trim("x" * 10 + "&amp;" + "y" * 20, 14)
    assert trimmed == "x" * 10 + "…"


@given(slack_text, st.integers(min_value=8, max_value=3000))
def test_trim_always_fits_the_limit(text: str, limit: int) -> None:
    assert bk.slack_length(bk.trim(text, limit)) <= limit


@given(slack_text)
def test_split_text_chunks_fit_and_keep_every_word(text: str) -> None:
    chunks = bk.split_text(bk.escape_mrkdwn(text), 300)
    assert all(0 < bk.slack_length(chunk) <= 300 for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(bk.escape_mrkdwn(text).split())


def test_split_text_prefers_paragraph_breaks() -> None:
    text = "first paragraph here.\n\nsecond paragraph here."
    assert bk.split_text(text, 30) == ["first paragraph here.", "second paragraph here."]


def test_split_text_keeps_entities_whole() -> None:
    chunks = bk.split_text("&amp;" * 100, 12)
    assert all(chunk.count("&") == chunk.count("&amp;") for chunk in chunks)


@given(slack_text)
def test_section_blocks_are_valid_for_any_text(text: str) -> None:
    assert block_kit_problems(bk.section_blocks(bk.escape_mrkdwn(text))) == []


@given(slack_text)
def test_header_context_and_button_are_valid_for_any_text(text: str) -> None:
    built = [
        bk.header(text),
        bk.context([text, text]),
        bk.actions([bk.button(text, "do_it", value="v")]),
        bk.section(bk.escape_mrkdwn(text)),
        bk.fields_section([text] * 3),
    ]
    assert block_kit_problems(built) == []


def test_button_rejects_an_action_id_over_the_limit() -> None:
    with pytest.raises(bk.BlockKitLimitError):
        bk.button("ok", "a" * 256)


def test_button_rejects_a_value_over_the_limit() -> None:
    with pytest.raises(bk.BlockKitLimitError, match="button value"):
        bk.button("ok", "ok", value="v" * 2001)


def test_context_folds_elements_beyond_ten_into_the_last() -> None:
    block = bk.context([f"item {i}" for i in range(14)])
    assert len(block["elements"]) == 10
    assert "item 13" in block["elements"][-1]["text"]


def test_fields_section_says_how_many_fields_were_left_out() -> None:
    block = bk.fields_section([f"f{i}" for i in range(13)])
    assert len(block["fields"]) == 10
    assert block["fields"][-1]["text"] == "…and 4 more"


def test_actions_keeps_at_most_twenty_five_elements() -> None:
    block = bk.actions([bk.button(str(i), f"b{i}") for i in range(30)])
    assert len(block["elements"]) == 25


@pytest.mark.parametrize(("count", "pages"), [(0, 0), (1, 1), (50, 1), (51, 2), (120, 3)])
def test_paginate_cuts_blocks_into_messages_of_at_most_fifty(count: int, pages: int) -> None:
    result = bk.paginate([bk.section(str(i)) for i in range(count)])
    assert len(result) == pages
    assert all(len(page) <= bk.MAX_MESSAGE_BLOCKS for page in result)
    assert sum(len(page) for page in result) == count


def test_paginate_does_not_start_a_message_with_a_divider() -> None:
    blocks = [bk.section(str(i)) for i in range(50)] + [bk.divider(), bk.section("next")]
    assert bk.paginate(blocks)[1] == [bk.section("next")]


def test_fit_view_says_how_many_blocks_were_left_out() -> None:
    fitted = bk.fit_view([bk.section(str(i)) for i in range(130)])
    assert len(fitted) == 100
    assert "31 more" in fitted[-1]["elements"][0]["text"]


@given(slack_text)
def test_modal_title_and_buttons_are_valid_for_any_text(text: str) -> None:
    view = {
        "type": "modal",
        "title": bk.modal_title(text),
        "submit": bk.modal_button(text),
        "close": bk.modal_button(text),
        "blocks": bk.fit_view(bk.section_blocks(bk.escape_mrkdwn(text)) * 40),
        "private_metadata": bk.encode_private_metadata({"interview": 12, "q": "size"}),
    }
    assert view_problems(view) == []


def test_encode_private_metadata_round_trips_as_json() -> None:
    data = {"interview_id": 7, "question": "budget"}
    assert json.loads(bk.encode_private_metadata(data)) == data


def test_encode_private_metadata_rejects_more_than_three_thousand() -> None:
    with pytest.raises(bk.BlockKitLimitError, match="private_metadata"):
        bk.encode_private_metadata({"blob": "x" * 3000})


@given(slack_text)
def test_fallback_text_is_one_line_within_the_limit(text: str) -> None:
    fallback = bk.fallback_text(text)
    assert "\n" not in fallback
    assert 0 < bk.slack_length(fallback) <= bk.MAX_FALLBACK_TEXT


# --- an answer that gives a whole list ------------------------------------------------------


def _listed_answer(lines: list[str], *, numbered: bool = False) -> Answer:
    body = "\n".join(
        f"{i}. {line} [1]" if numbered else f"- {line} [1]" for i, line in enumerate(lines, 1)
    )
    return Answer(
        answer=f"Five pitfalls, from “Common Pitfalls” [1]:\n{body}",
        confident=True,
        citations=[
            Citation(n=1, title="T", source="s", level="", section="S", text="x", score=0.5)
        ],
        items=[AnswerItem(text=line, n=1) for line in lines],
    )


def _rich_lists(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        element
        for block in blocks
        if block["type"] == "rich_text"
        for element in block["elements"]
        if element["type"] == "rich_text_list"
    ]


def test_an_answers_items_render_as_one_bullet_list_under_its_lead() -> None:
    lines = ["Feature Overload: too many features", "Process Mismatch: broken process"]
    blocks = build_answer_blocks(_listed_answer(lines), question="What are the pitfalls?")
    assert blocks[0]["text"]["text"] == "Five pitfalls, from “Common Pitfalls” [1]:"
    (listed,) = _rich_lists(blocks)
    assert listed["style"] == "bullet"
    assert [e["elements"][0]["text"] for e in listed["elements"]] == [f"{t} [1]" for t in lines]
    assert block_kit_problems(blocks) == []


def test_steps_render_as_a_numbered_list() -> None:
    blocks = build_answer_blocks(
        _listed_answer(["Assess", "Prioritise"], numbered=True), question="q"
    )
    assert _rich_lists(blocks)[0]["style"] == "ordered"


@given(st.lists(slack_text, min_size=1, max_size=40))
def test_any_list_answer_stays_within_slacks_limits(lines: list[str]) -> None:
    blocks = build_answer_blocks(_listed_answer([line or "x" for line in lines]), question="q")
    assert len(blocks) <= bk.MAX_MESSAGE_BLOCKS
    assert block_kit_problems(blocks) == []
    for listed in _rich_lists(blocks):
        for entry in listed["elements"]:
            assert bk.slack_length(entry["elements"][0]["text"]) <= MAX_ITEM_TEXT
