"""`/align report`: the person's latest report again, only to them, with its buttons."""

from __future__ import annotations

from bot.listeners.commands.request import SubcommandRequest
from bot.render.blocks import paginate
from bot.render.report import build_report_blocks, report_fallback_text
from bot.slack.failures import REPORTS_NOT_AVAILABLE

NO_REPORT = (
    "You have no report yet. Run `/align interview` to answer the alignment interview; your "
    "report appears when you finish, and `/align report` shows it again any time."
)


def run_report(request: SubcommandRequest) -> None:
    """Show the person's latest report ephemerally (or say how to get one)."""
    reports = request.deps.reports
    if reports is None:
        request.say(REPORTS_NOT_AVAILABLE)
        return
    report = reports.latest_report(request.actor.team_id, request.actor.user_id)
    if report is None:
        request.say(NO_REPORT)
        return
    text = report_fallback_text(report)
    for page in paginate(build_report_blocks(report)):
        request.say(text, page)
