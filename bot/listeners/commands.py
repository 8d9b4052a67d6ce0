"""The `/align` slash command. The ack answers what needs no work at once (help, usage
mistakes); the rest runs in a lazy listener, by subcommand (`LAZY_SUBCOMMANDS`):
`/align ask QUESTION` is answered ephemerally through the command's response_url, with a
button to share the answer in the channel; `/align interview` runs the interview in the
person's DM (`bot.listeners.interview`); `/align report` shows the latest report again
(`bot.listeners.report`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.listeners.deps import SlackDeps
from bot.listeners.failures import guarded
from bot.listeners.interview import interview_usage_problem, run_interview_command
from bot.listeners.report import show_report
from bot.listeners.text import plain_text_from_slack, split_subcommand
from bot.metrics import measured_answer
from bot.render.answer import answer_fallback_text, build_answer_blocks
from bot.render.blocks import escape_mrkdwn, paginate, trim
from bot.render.help import build_help_blocks, help_fallback_text

COMMAND = "/align"
ASK_USAGE = (
    "Add your question after `ask`, e.g. "
    "`/align ask How do I measure the ROI of automating invoicing?`"
)


@dataclass(frozen=True)
class SubcommandRequest:
    """One `/align` subcommand to run after its ack: who typed it, in which workspace and
    channel, the text after its name, and how to answer (`respond` posts ephemerally
    through the command's response_url; `client` is the bot's Web API client)."""

    deps: SlackDeps
    argument: str
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    client: WebClient
    respond: Respond

    @classmethod
    def from_body(
        cls, deps: SlackDeps, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> SubcommandRequest:
        """Return the subcommand a slash command's body describes."""
        return cls(
            deps=deps,
            argument=argument(str(body.get("text", ""))),
            team_id=str(body.get("team_id", "")),
            user_id=str(body.get("user_id", "")),
            channel_id=str(body.get("channel_id", "")),
            trigger_id=str(body.get("trigger_id", "")),
            client=client,
            respond=respond,
        )


def ask(command: SubcommandRequest) -> None:
    """Answer `/align ask QUESTION` ephemerally, with a button to share the answer."""
    question = command.argument
    if not question:
        return  # the ack already explained the usage
    answer = measured_answer(command.deps.advisor.ask, question)
    blocks = build_answer_blocks(answer, question=question, show_question=True, shareable=True)
    text = answer_fallback_text(answer)
    for page in paginate(blocks):
        command.respond(response_type="ephemeral", replace_original=False, text=text, blocks=page)


SubcommandWork = Callable[[SubcommandRequest], None]
"""Work done after the ack for a subcommand."""


def interview(command: SubcommandRequest) -> None:
    """`/align interview`: start or resume the interview in the person's DM;
    `/align interview restart`: start it over, after a confirmation."""
    run_interview_command(
        command.deps,
        command.client,
        argument=command.argument,
        team_id=command.team_id,
        user_id=command.user_id,
        channel_id=command.channel_id,
        respond=command.respond,
    )


# Subcommands whose answer needs work: acked empty, then run by the lazy listener. Help and
# usage problems are answered in the ack itself.
LAZY_SUBCOMMANDS: dict[str, SubcommandWork] = {
    "ask": ask,
    "interview": interview,
    "report": show_report,
}


def argument(text: str) -> str:
    """Return the text after the subcommand's name as typed; Slack escapes &, < and > in
    command text as in messages."""
    return plain_text_from_slack(split_subcommand(text)[1])


def acknowledge_align(ack: Ack, command: dict[str, Any]) -> None:
    """Answer `/align` within Slack's 3 s: help and usage problems right in the ack, an
    empty ack for subcommands whose answer follows from the lazy listener."""
    name = str(command.get("command") or COMMAND)
    text = str(command.get("text", ""))
    subcommand, _ = split_subcommand(text)
    if subcommand == "ask" and not argument(text):
        ack(response_type="ephemeral", text=ASK_USAGE)
        return
    if subcommand == "interview" and (usage := interview_usage_problem(argument(text))):
        ack(response_type="ephemeral", text=usage)
        return
    if subcommand in LAZY_SUBCOMMANDS:
        ack()
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
    """Register `/align`: the ack, and the lazy listener running `LAZY_SUBCOMMANDS`."""

    def run_subcommand(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        text = str(body.get("text", ""))
        work = LAZY_SUBCOMMANDS.get(split_subcommand(text)[0])
        if work is not None:
            work(SubcommandRequest.from_body(deps, body, client, respond))

    app.command(COMMAND)(ack=acknowledge_align, lazy=[guarded(run_subcommand)])
