"""The App Home tab: the person's dashboard (latest score and maturity, open findings, where
their interview stands, their KPIs with progress), then what alignbot can do. Always within
the 100 blocks a Home view holds: past `MAX_HOME_KPIS` KPIs, it says how many are not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.kpis.dashboard import Dashboard, InterviewStatus
from bot.render.blocks import (
    Block,
    button,
    context,
    divider,
    escape_mrkdwn,
    fit_view,
    header,
    section,
)
from bot.render.help import INTRO, SUBCOMMANDS, Subcommand
from bot.render.history import build_history_home_blocks
from bot.render.kpis import tracked_kpi_block
from bot.render.report import SEVERITY_EMOJI
from evaluators import Evaluation
from prompts.formatting import format_date, format_score

RESUME_INTERVIEW = "home_interview"
SHOW_REPORT = "home_show_report"
OPEN_FINDINGS = 3
MAX_HOME_KPIS = 40

NO_REPORT = (
    "*Your alignment*\nNo report yet. The alignment interview asks about your strategy, your "
    "automation plans and how you measure them, then scores how well they fit together."
)
NO_KPIS = (
    "*Your KPIs*\nNone tracked yet. Press *Track these KPIs* under your report to follow "
    "its KPI plan here."
)


def _assessed_on(when: datetime | None) -> str:
    return f" Assessed on {format_date(when.date())}." if when is not None else ""


def report_blocks(dashboard: Dashboard) -> list[Block]:
    """Return the latest report's headline and its open findings (or how to get a report)."""
    ev = dashboard.evaluation
    if ev is None or dashboard.evaluation_id is None:
        return [section(NO_REPORT)]
    weak = ev.weakest_dimension
    text = (
        f"*Your alignment*\n*Score {format_score(ev.score)} / 100 · "
        f"{escape_mrkdwn(ev.band.label)}*, maturity level {ev.maturity.level} of 4 "
        f"({escape_mrkdwn(ev.maturity.name)}).\nWeakest dimension: {escape_mrkdwn(weak.label)} "
        f"({format_score(weak.score)}).{_assessed_on(dashboard.evaluated_at)}"
    )
    show = button("Show report", SHOW_REPORT, value=str(dashboard.evaluation_id))
    blocks = [section(text, accessory=show)]
    findings = open_findings_text(ev)
    if findings:
        blocks.append(section(findings))
    return blocks


def open_findings_text(ev: Evaluation) -> str:
    """Return the top open findings (problems, most important first) as mrkdwn."""
    problems = [f for f in ev.findings if f.severity != "strength"]
    if not problems:
        return ""
    lines = [
        f"{SEVERITY_EMOJI[f.severity]} {escape_mrkdwn(f.title)}" for f in problems[:OPEN_FINDINGS]
    ]
    if len(problems) > OPEN_FINDINGS:
        lines.append(f"_…and {len(problems) - OPEN_FINDINGS} more in the report_")
    return "*Open findings*\n" + "\n".join(lines)


def interview_block(status: InterviewStatus) -> Block:
    """Return where the interview stands, with a button that starts or resumes it (in the
    Messages tab)."""
    if status.state == "in_progress":
        where = escape_mrkdwn(status.label or "part way through")
        text = f"*Alignment interview*: in progress, at {where}. Everything so far is saved."
        return section(text, accessory=button("Resume", RESUME_INTERVIEW, style="primary"))
    if status.state == "finished":
        text = (
            "*Alignment interview*: complete. Run it again when your plans change, to see "
            "how your score moves."
        )
        return section(text, accessory=button("New interview", RESUME_INTERVIEW))
    text = (
        "*Alignment interview*: not started. One question at a time, in the *Messages* tab; "
        "pause whenever you like, nothing is lost."
    )
    return section(text, accessory=button("Start", RESUME_INTERVIEW, style="primary"))


def kpi_blocks(dashboard: Dashboard) -> list[Block]:
    """Return the person's KPIs with progress, at most `MAX_HOME_KPIS`."""
    if not dashboard.kpis:
        return [section(NO_KPIS)]
    blocks = [section(f"*Your KPIs* ({len(dashboard.kpis)})")]
    blocks += [tracked_kpi_block(t) for t in dashboard.kpis[:MAX_HOME_KPIS]]
    if len(dashboard.kpis) > MAX_HOME_KPIS:
        left = len(dashboard.kpis) - MAX_HOME_KPIS
        blocks.append(context([f"…and {left} more KPIs not shown here."]))
    return blocks


def build_dashboard_blocks(dashboard: Dashboard) -> list[Block]:
    """Return the dashboard part of the Home tab."""
    return [
        divider(),
        *report_blocks(dashboard),
        *build_history_home_blocks(dashboard.history, dashboard.today, dashboard.reassess_cadence),
        interview_block(dashboard.interview),
        divider(),
        *kpi_blocks(dashboard),
    ]


def build_home_view(
    *, dashboard: Sequence[Block] = (), subcommands: Sequence[Subcommand] = SUBCOMMANDS
) -> dict[str, object]:
    """Return the Home tab view: the `dashboard` blocks, then "what can I do here"."""
    usage = "\n".join(f"• `/align {sub.usage}`: {sub.summary}" for sub in subcommands)
    blocks: list[Block] = [
        header("alignbot"),
        section(INTRO),
        *dashboard,
        divider(),
        section("*What can I do here?*\n" + usage),
        section(
            "*Ask me anything about strategy and technology*\n"
            "Send me a message in the *Messages* tab, or mention me in a channel."
        ),
        context(["Answers cite the passages they come from."]),
    ]
    return {"type": "home", "blocks": fit_view(blocks)}
