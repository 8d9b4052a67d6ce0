"""`/align`: the ack answers what needs no work at once (help, usage mistakes); the rest runs
in a lazy listener, by subcommand (`SUBCOMMANDS`, whose names `bot.render.help` lists)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.listeners.commands.ask import ask_usage_problem, run_ask
from bot.listeners.commands.history import history_usage_problem, run_history
from bot.listeners.commands.interview import interview_usage_problem, run_interview
from bot.listeners.commands.kpi import kpi_usage_problem, run_kpi
from bot.listeners.commands.nudges import run_nudges
from bot.listeners.commands.report import run_report
from bot.listeners.commands.request import SubcommandRequest
from bot.listeners.commands.team import run_team, team_usage_problem
from bot.render.blocks import escape_mrkdwn, trim
from bot.render.help import build_help_blocks, help_fallback_text
from bot.slack.deps import SlackDeps
from bot.slack.failures import guarded
from bot.slack.payloads import SlashCommand

COMMAND = "/align"


def _no_usage_problem(_argument: str) -> str | None:
    return None


@dataclass(frozen=True)
class Subcommand:
    """A subcommand whose answer needs work: `check` returns the usage to show in the ack
    when its argument is wrong (no I/O), `run` does the work after the ack."""

    run: Callable[[SubcommandRequest], None]
    check: Callable[[str], str | None] = _no_usage_problem


SUBCOMMANDS: dict[str, Subcommand] = {
    "ask": Subcommand(run_ask, ask_usage_problem),
    "interview": Subcommand(run_interview, interview_usage_problem),
    "report": Subcommand(run_report),
    "history": Subcommand(run_history, history_usage_problem),
    "kpi": Subcommand(run_kpi, kpi_usage_problem),
    "kpis": Subcommand(run_kpi, kpi_usage_problem),
    "nudges": Subcommand(run_nudges),
    "team": Subcommand(run_team, team_usage_problem),
}


def acknowledge_align(ack: Ack, body: dict[str, Any]) -> None:
    """Answer `/align` within Slack's 3 s: help and usage problems right in the ack, an
    empty ack for subcommands whose answer follows from the lazy listener."""
    command = SlashCommand.of(body)
    subcommand = SUBCOMMANDS.get(command.subcommand)
    if subcommand is not None:
        usage = subcommand.check(command.argument)
        if usage is None:
            ack()
        else:
            ack(response_type="ephemeral", text=usage)
        return
    name = command.command or COMMAND
    problem = None
    if command.subcommand not in ("", "help"):
        shown = escape_mrkdwn(trim(command.subcommand, 40))
        problem = f"I don't know `{escape_mrkdwn(name)} {shown}`. Here is what I can do:"
    ack(
        response_type="ephemeral",
        text=help_fallback_text(name),
        blocks=build_help_blocks(name, problem=problem),
    )


def register(app: App, deps: SlackDeps) -> None:
    """Register `/align`: the ack, and the lazy listener running `SUBCOMMANDS`."""

    def run_subcommand(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        command = SlashCommand.of(body)
        subcommand = SUBCOMMANDS.get(command.subcommand)
        if subcommand is not None and subcommand.check(command.argument) is None:
            subcommand.run(SubcommandRequest(deps, command, client, respond))

    app.command(COMMAND)(ack=acknowledge_align, lazy=[guarded(run_subcommand)])
