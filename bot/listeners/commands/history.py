"""`/align history`: the person's alignment over time, only to them; with two assessments
or more, the chart goes to their DM with the bot (a file cannot be ephemeral)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.history.chart import render_history_chart
from bot.listeners.commands.request import SubcommandRequest
from bot.render.blocks import paginate
from bot.render.history import build_history_blocks, history_fallback_text
from bot.slack.failures import REPORTS_NOT_AVAILABLE
from bot.slack.home import dm_channel

logger = logging.getLogger(__name__)

CHART_IN_DM = "The chart is in our DM (the Messages tab)."
CHART_FAILED = "I could not share the chart just now; `/align history` tries again."


def run_history(request: SubcommandRequest) -> None:
    """Show the person's history ephemerally and share its chart in their DM."""
    history = request.deps.history
    if history is None:
        request.say(REPORTS_NOT_AVAILABLE)
        return
    actor = request.actor
    timeline = history.history(actor.team_id, actor.user_id)
    text = history_fallback_text(timeline)
    for page in paginate(build_history_blocks(timeline, datetime.now(UTC).date())):
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
