from __future__ import annotations

import pytest

from bot.listeners.text import mentions, plain_text_from_slack, split_subcommand

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
