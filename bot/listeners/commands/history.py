"""`/align history`: the person's alignment over time, only to them; with two assessments
or more, the chart goes to their DM with the bot (a file cannot be ephemeral).
`/align history cadence quarterly` sets how often a re-assessment is offered."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.history.cadence import CADENCE_CHOICES, CADENCE_LABELS, parse_cadence
from bot.history.chart import render_history_chart
from bot.listeners.commands.request import SubcommandRequest
from bot.render.blocks import paginate
from bot.render.history import build_history_blocks, history_fallback_text
from bot.slack.failures import REPORTS_NOT_AVAILABLE
from bot.slack.home import dm_channel
from bot.store.records import ReassessCadence

logger = logging.getLogger(__name__)

HISTORY_USAGE = (
    "`/align history` shows your alignment over time; `/align history cadence quarterly` "
    f"sets how often I offer a re-assessment: {CADENCE_CHOICES}."
)
CADENCE_SET = (
    "Re-assessment: {every} from now on. `/align interview reassess` starts one whenever you like."
)
CHART_IN_DM = "The chart is in our DM (the Messages tab)."
CHART_FAILED = "I could not share the chart just now; `/align history` tries again."


def _cadence_argument(argument: str) -> tuple[bool, ReassessCadence | None]:
    """Whether `argument` is "cadence …", and the cadence it names (None: none known)."""
    words = argument.strip().split(maxsplit=1)
    if not words or words[0].lower() != "cadence":
        return False, None
    return True, parse_cadence(words[1] if len(words) > 1 else "")


def history_usage_problem(argument: str) -> str | None:
    """Return the usage when `/align history ARGUMENT` is not understood (a cadence that
    names none of the choices), else None; checked in the ack, without I/O."""
    if not argument.strip():
        return None
    about_cadence, cadence = _cadence_argument(argument)
    if about_cadence and cadence is not None:
        return None
    return HISTORY_USAGE


def run_history(request: SubcommandRequest) -> None:
    """Show the person's history ephemerally and share its chart in their DM, or set how
    often a re-assessment is offered."""
    history = request.deps.history
    if history is None:
        request.say(REPORTS_NOT_AVAILABLE)
        return
    actor = request.actor
    about_cadence, picked = _cadence_argument(request.command.argument)
    if about_cadence:
        if picked is None:
            request.say(HISTORY_USAGE)
            return
        history.set_cadence(actor.team_id, actor.user_id, picked)
        request.say(CADENCE_SET.format(every=CADENCE_LABELS[picked]))
        return
    timeline = history.history(actor.team_id, actor.user_id)
    text = history_fallback_text(timeline)
    cadence = history.cadence(actor.team_id, actor.user_id)
    for page in paginate(build_history_blocks(timeline, datetime.now(UTC).date(), cadence)):
        request.say(text, page)
    if timeline.latest_change is None:  # a line needs two assessments
        return
    try:
        request.client.files_upload_v2(
            channel=dm_channel(request.client, actor.user_id),
            filename="alignment-history.png",
            title="Your alignment over time",
            content=render_history_chart(timeline),
            initial_comment=text,
            request_file_info=False,
        )
    except Exception:
        logger.warning("could not share the history chart", exc_info=True)
        request.say(CHART_FAILED)
        return
    request.say(CHART_IN_DM)
