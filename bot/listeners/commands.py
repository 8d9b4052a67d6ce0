"""The `/align` slash command. The ack answers what needs no work at once (help, usage
mistakes); `/align ask QUESTION` is answered by a lazy listener, ephemerally through the
command's response_url, with a button to share the answer in the channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.listeners.deps import SlackDeps
from bot.listeners.failures import guarded
from bot.listeners.text import plain_text_from_slack, split_subcommand
from bot.render.answer import answer_fallback_text, build_answer_blocks
from bot.render.blocks import escape_mrkdwn, paginate, trim
from bot.render.help import build_help_blocks, help_fallback_text

COMMAND = "/align"
ASK_USAGE = (
    "Add your question after `ask`, e.g. "
    "`/align ask How do I measure the ROI of automating invoicing?`"
)


def acknowledge_align(ack: Ack, command: dict[str, Any]) -> None:
    """Answer `/align` within Slack's 3 s: help and usage problems right in the ack, an
    empty ack for `ask` (its answer follows from the lazy listener)."""
    name = str(command.get("command") or COMMAND)
    subcommand, rest = split_subcommand(str(command.get("text", "")))
    if subcommand == "ask":
        if rest:
            ack()
        else:
            ack(response_type="ephemeral", text=ASK_USAGE)
        return
    problem = None
    if subcommand not in ("", "help"):
        shown = escape_mrkdwn(trim(subcommand, 40))
        problem = f"I don't know `{escape_mrkdwn(name)} {shown}`. Here is what I can do:"
    ack(
        response_type="ephemeral",
        text=help_fallback_text(name),
        blocks=build_help_blocks(name, problem=problem),
    )


def register(app: App, deps: SlackDeps) -> None:
    """Register `/align` and its lazy `ask` answer."""

    def answer_ask(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        subcommand, rest = split_subcommand(str(body.get("text", "")))
        # Slack escapes &, < and > in command text as in messages.
        question = plain_text_from_slack(rest)
        if subcommand != "ask" or not question:
            return
        answer = deps.advisor.ask(question)
        blocks = build_answer_blocks(answer, question=question, show_question=True, shareable=True)
        text = answer_fallback_text(answer)
        for page in paginate(blocks):
            respond(response_type="ephemeral", replace_original=False, text=text, blocks=page)

    app.command(COMMAND)(ack=acknowledge_align, lazy=[guarded(answer_ask)])
