"""`/align kpi`: the person's KPIs with their progress, each with "Log value"; `add` opens a
form, `log NAME VALUE [note]` logs in one line, `pause|resume|delete NAME` change one KPI.
Names are matched forgivingly; an unknown or ambiguous one gets the person's KPIs listed
(a `KpiError`, told by the guard like every user error)."""

from __future__ import annotations

from bot.listeners.commands.request import SubcommandRequest
from bot.render.kpis import build_kpi_add_view, build_kpi_list_blocks
from bot.render.nudges import build_logged_blocks, logged_fallback_text
from bot.slack.failures import KPIS_NOT_AVAILABLE
from bot.slack.payloads import split_subcommand

KPI_USAGE = (
    "`/align kpi` lists your KPIs; `/align kpi add` adds one; `/align kpi log NAME VALUE "
    "[note]` logs a value (e.g. `/align kpi log Weekly orders 130`); `/align kpi pause NAME`, "
    "`resume NAME` and `delete NAME` change one."
)
NEEDS_A_NAME = ("log", "pause", "resume", "delete")
DONE = {
    "pause": "Paused *{name}*: no nudges for it until `/align kpi resume {name}`.",
    "resume": "*{name}* is back in your nudges.",
    "delete": "Deleted *{name}* and the values logged for it.",
}


def kpi_usage_problem(argument: str) -> str | None:
    """Return the usage when `/align kpi ARGUMENT` is not understood, else None; checked in
    the ack, without I/O."""
    action, rest = split_subcommand(argument)
    if action not in ("", "list", "add", *NEEDS_A_NAME):
        return KPI_USAGE
    if action in NEEDS_A_NAME and not rest:
        return KPI_USAGE
    return None


def _names(text: str) -> str:
    """The KPI name as a person reads it in the reply, with mrkdwn neutralised."""
    return text.replace("*", "").replace("_", "").replace("`", "")


def run_kpi(request: SubcommandRequest) -> None:
    """Run `/align kpi [add|log|pause|resume|delete …]` after its ack."""
    kpis = request.deps.kpis
    if kpis is None:
        request.say(KPIS_NOT_AVAILABLE)
        return
    team, user = request.actor.team_id, request.actor.user_id
    action, rest = split_subcommand(request.command.argument)
    if action in ("", "list"):
        tracked = kpis.tracked(team, user)
        noun = "KPI" if len(tracked) == 1 else "KPIs"
        request.say(f"Your {len(tracked)} {noun}", build_kpi_list_blocks(tracked))
        return
    if action == "add":
        report = request.deps.reports.latest_report(team, user) if request.deps.reports else None
        evaluation = report.evaluation if report is not None else None
        objectives = [p.objective for p in evaluation.kpi_plan] if evaluation else []
        initiatives = [i.name for i in evaluation.initiatives] if evaluation else []
        view = build_kpi_add_view(objectives=objectives, initiatives=initiatives)
        request.client.views_open(trigger_id=request.command.trigger_id, view=view)
        return
    if action == "log":
        logged = kpis.log_typed(team, user, rest)
        request.say(logged_fallback_text(logged), build_logged_blocks(logged))
        return
    change = {"pause": kpis.pause, "resume": kpis.resume, "delete": kpis.delete}[action]
    kpi = change(team, user, rest)
    request.say(DONE[action].format(name=_names(kpi.name)))
