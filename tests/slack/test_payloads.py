"""Reading what Slack sends (bot/slack/payloads.py): message markup into plain text, and
clicks, modal submissions and commands into typed values, whatever optional parts are
missing."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.payloads import (
    Actor,
    BlockAction,
    MessageRef,
    SlashCommand,
    ViewSubmission,
    mentions,
    plain_text_from_slack,
    split_subcommand,
)

BOT = "U0ALIGNBOT"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<@U0ALIGNBOT> How do I start?", "How do I start?"),
        ("How do I start, <@U0ALIGNBOT>?", "How do I start?"),
        ("Is 3.5 ok . really", "Is 3.5 ok. really"),
        ("<@U0ALIGNBOT|alignbot>   what   now", "what now"),
        ("ask <@U0PAT|pat> about it", "ask @pat about it"),
        ("ask <@U0PAT> about it", "ask @someone about it"),
        ("see <#C0GENERAL1|general>", "see #general"),
        ("read <https://example.com/a|the guide> first", "read the guide first"),
        ("read <https://example.com/a> first", "read https://example.com/a first"),
        ("<!here> is R&amp;D &lt;worth&gt; it?", "@here is R&D <worth> it?"),
        ("<!subteam^S123|@owners> budget?", "@owners budget?"),
        ("<@U0ALIGNBOT>", ""),
    ],
)
def test_plain_text_from_slack_turns_markup_into_what_was_typed(text: str, plain: str) -> None:
    assert plain_text_from_slack(text, bot_user_id=BOT) == plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<@U0ALIGNBOT> hi", True), ("<@U0ALIGNBOT|alignbot> hi", True), ("<@U0OTHER> hi", False)],
)
def test_mentions_finds_the_user_in_slack_markup(text: str, expected: bool) -> None:
    assert mentions(text, BOT) is expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", ("", "")),
        ("   ", ("", "")),
        ("help", ("help", "")),
        ("ASK  What is  SPAR? ", ("ask", "What is  SPAR?")),
        ("nonsense words", ("nonsense", "words")),
    ],
)
def test_split_subcommand_returns_the_lowercased_name_and_the_rest(
    text: str, parts: tuple[str, str]
) -> None:
    assert split_subcommand(text) == parts


CLICK: dict[str, Any] = {
    "type": "block_actions",
    "user": {"id": "U0PAT", "team_id": "T0USER"},
    "team": {"id": "T0BAKERY"},
    "trigger_id": "1.2.abc",
    "response_url": "https://hooks.slack.com/actions/x",
    "container": {"type": "message", "channel_id": "D0PAT", "message_ts": "1700000000.000100"},
    "channel": {"id": "D0PAT"},
    "actions": [{"action_id": "interview_answer:1", "value": "yes"}],
    "state": {"values": {"b1": {"pick": {"selected_options": [{"value": "a"}, {"value": "b"}]}}}},
}


def test_block_action_reads_who_what_and_where() -> None:
    click = BlockAction.of(CLICK)
    assert click.actor == Actor("T0BAKERY", "U0PAT")
    assert (click.action_id, click.value, click.trigger_id) == (
        "interview_answer:1",
        "yes",
        "1.2.abc",
    )
    assert click.message == MessageRef("D0PAT", "1700000000.000100")
    assert click.channel_id == "D0PAT"
    assert click.ticked("pick") == ("a", "b")


def test_block_action_reads_a_menu_pick_as_its_value() -> None:
    body = {**CLICK, "actions": [{"action_id": "m", "selected_option": {"value": "micro"}}]}
    assert BlockAction.of(body).value == "micro"


def test_block_action_on_the_home_tab_has_no_message_and_the_user_team() -> None:
    body = {"user": {"id": "U0PAT", "team_id": "T0USER"}, "actions": [], "container": {}}
    click = BlockAction.of(body)
    assert click.actor == Actor("T0USER", "U0PAT")
    assert (click.action_id, click.value, click.message, click.channel_id) == ("", None, None, "")
    assert click.response_url is None


def test_block_action_in_an_ephemeral_message_has_no_message_to_edit() -> None:
    body = {**CLICK, "container": {**CLICK["container"], "is_ephemeral": True}}
    assert BlockAction.of(body).message is None


@pytest.mark.parametrize(
    ("values", "typed"),
    [
        ({"answer_block": {"answer": {"type": "plain_text_input", "value": "$12k"}}}, "$12k"),
        ({"answer_block": {"answer": {"type": "plain_text_input", "value": None}}}, ""),
        ({}, ""),
        ({"answer_block": {}}, ""),
        ({"answer_block": "not a block"}, ""),
    ],
)
def test_view_submission_reads_a_field_or_empty(values: dict[str, Any], typed: str) -> None:
    submission = ViewSubmission.of({"view": {"state": {"values": values}}})
    assert submission.field("answer_block", "answer") == typed


def test_view_submission_reads_a_picked_date_and_the_metadata() -> None:
    body = {
        "user": {"id": "U0PAT"},
        "team": {"id": "T0BAKERY"},
        "view": {
            "id": "V1",
            "private_metadata": '{"k":3}',
            "state": {"values": {"d": {"v": {"selected_date": "2027-01-04"}}}},
        },
    }
    submission = ViewSubmission.of(body)
    assert (submission.view_id, submission.private_metadata) == ("V1", '{"k":3}')
    assert submission.field("d", "v", "selected_date") == "2027-01-04"


def test_slash_command_splits_subcommand_and_plain_argument() -> None:
    command = SlashCommand.of(
        {"command": "/align", "text": "ASK what &amp; why?", "team_id": "T1", "user_id": "U1"}
    )
    assert (command.subcommand, command.argument) == ("ask", "what & why?")
    assert command.channel_id == ""
