"""`/align team`: the owner's team pulse. With nothing after it, the form that picks the
people (or a channel) and the deadline; `results` shows what the owner may see of their
latest pulse (ephemeral; the chart goes to their DM); `close` closes it now and shows the
same."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.listeners.commands.request import SubcommandRequest
from bot.listeners.views.team_pulse import slack_zone
from bot.render.blocks import paginate
from bot.render.pulse import build_pulse_modal, build_pulse_results_blocks, pulse_results_text
from bot.slack.failures import REPORTS_NOT_AVAILABLE
from bot.slack.home import dm_channel, refresh_home
from bot.team.chart import render_team_chart
from bot.team.errors import TeamError
from bot.team.pulses import PulseResults

logger = logging.getLogger(__name__)

TEAM_USAGE = (
    "Usage: `/align team` sends your team a pulse; `/align team results` shows what they "
    "answered (totals only); `/align team close` closes the pulse now."
)
ACTIONS = ("", "results", "close")


def team_usage_problem(argument: str) -> str | None:
    """The usage to show for a wrong argument; None when it is one of `ACTIONS`."""
    return None if argument.strip().lower() in ACTIONS else TEAM_USAGE


def run_team(request: SubcommandRequest) -> None:
    """Open the pulse form, or show (after closing, with `close`) the latest pulse's
    results."""
    team = request.deps.team
    if team is None:
        request.say(REPORTS_NOT_AVAILABLE)
        return
    argument = request.command.argument.strip().lower()
    actor = request.actor
    if not argument:
        zone = team.owner_zone(
            actor.team_id, actor.user_id, slack_zone(request.client, actor.user_id)
        )
        view = build_pulse_modal(datetime.now(zone).date())
        request.client.views_open(trigger_id=request.command.trigger_id, view=view)
        return
    try:
        if argument == "close":
            results = team.close(actor.team_id, actor.user_id)
        else:
            results = team.results(actor.team_id, actor.user_id)
    except TeamError as exc:
        request.say(str(exc))
        return
    show_results(request, results)
    if argument == "close":
        deps = request.deps
        refresh_home(request.client, deps.kpis, actor, deps.nudges, deps.team)


def show_results(request: SubcommandRequest, results: PulseResults) -> None:
    """Show the results ephemerally and, once they are shown, the chart in the DM."""
    text = pulse_results_text(results)
    for page in paginate(build_pulse_results_blocks(results)):
        request.say(text, page)
    send_team_chart(request.client, request.actor.user_id, results)


def send_team_chart(client: WebClient, owner_id: str, results: PulseResults) -> None:
    """Share the team chart in the owner's DM once results show (a file cannot be
    ephemeral); best effort, since the results themselves were already shown."""
    if not results.team.shown:
        return
    try:
        client.files_upload_v2(
            channel=dm_channel(client, owner_id),
            filename="team-pulse.png",
            title="Your team pulse",
            content=render_team_chart(results.team),
            initial_comment="Your team pulse: priority agreement and each initiative's ratings.",
            request_file_info=False,
        )
    except Exception:
        logger.warning("could not share the team chart", exc_info=True)
