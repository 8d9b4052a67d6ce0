"""The alignment report in Slack: one message that always fits Block Kit's limits.

Header, score out of 100 with its band, maturity level and what reaches the next one, the
weakest dimension next to the mean, confidence when answers were unknown, the top findings
(severity, title, why, next step) each with its cited corpus passage, the 30/60/90-day plan,
the initiatives' ROI and priority (with what unlocks a "fix first" and what would move each most),
what would move the score most, the KPIs to track, and the buttons "Track these KPIs",
"Share to channel" and "All findings" (none on a copy shared in a channel).

When everything does not fit in 50 blocks the findings give way first, and the message says
how many are left out and where to read them (`build_findings_view`), never silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.interview.report import Report
from bot.kpis.tracking import planned_kpis
from bot.render.blocks import (
    MAX_MESSAGE_BLOCKS,
    Block,
    actions,
    button,
    channel_mention,
    context,
    divider,
    encode_private_metadata,
    escape_mrkdwn,
    fallback_text,
    fields_section,
    header,
    is_channel_id,
    modal_button,
    modal_title,
    plain_text,
    section,
    section_blocks,
    trim,
    user_mention,
)
from evaluators.report_text import lever_text
from evaluators.results import (
    ROI,
    Evaluation,
    Finding,
    InitiativeResult,
    PlannedKPI,
    Severity,
)
from knowledge.models import Citation
from prompts.formatting import (
    format_date,
    format_money,
    format_number,
    format_quantity,
    format_score,
)

TRACK_KPIS = "report_track_kpis"
SHARE_REPORT = "report_share"
ALL_FINDINGS = "report_all_findings"
ACTIONS_BLOCK_ID = "report_actions"
FINDINGS_VIEW = "report_findings_view"
SHARE_VIEW = "report_share_view"
SHARE_CHANNEL_BLOCK = "share_channel"
SHARE_CHANNEL_ACTION = "channel"

TOP_FINDINGS = 5
QUOTE_LENGTH = 280
MAX_UNKNOWN_SHOWN = 4
MAX_KPIS_SHOWN = 12

SEVERITY_EMOJI: dict[Severity, str] = {
    "critical": "🔴",
    "warning": "🟠",
    "info": "🔵",
    "strength": "🟢",
}
SEVERITY_LABEL: dict[Severity, str] = {
    "critical": "Critical",
    "warning": "Warning",
    "info": "Worth knowing",
    "strength": "Strength",
}
PERIODS = (("Next 30 days", "days_30"), ("Days 31-60", "days_60"), ("Days 61-90", "days_90"))

_PATH_ITEM = re.compile(r"^(initiatives|objectives)\[([^\]]+)\]\.(.+)$")


# --- figures --------------------------------------------------------------------------------


def _months(months: float | None) -> str:
    if months is None:
        return "not within the horizon"
    return f"{format_number(months, decimals=1)} months"


# --- the parts of the report ---------------------------------------------------------------


def report_title(evaluation: Evaluation) -> str:
    """Return the report's headline: "Alignment report: <business>"."""
    name = " ".join(evaluation.business.split())
    return f"Alignment report: {name}" if name else "Your alignment report"


def _summary(ev: Evaluation) -> list[Block]:
    band = ev.band
    blocks = [
        section(
            f"*Score: {format_score(ev.score)} / 100 · {escape_mrkdwn(band.label)}*\n"
            f"{escape_mrkdwn(band.meaning)}"
            + (f"\n*{escape_mrkdwn(ev.money_note)}*" if ev.money_note else "")
        )
    ]
    weak = ev.weakest_dimension
    maturity = ev.maturity
    fields = [
        f"*Maturity*\nLevel {maturity.level} of 4: {escape_mrkdwn(maturity.name)}",
        f"*Weakest dimension*\n{escape_mrkdwn(weak.label)}: {format_score(weak.score)} "
        f"(mean of all dimensions {format_score(weak.mean)})",
    ]
    blocks.append(fields_section(fields))
    if maturity.next_level is not None and maturity.to_reach_next:
        steps = "\n".join(f"• {escape_mrkdwn(step)}" for step in maturity.to_reach_next)
        blocks.append(
            section(
                f"*To reach level {maturity.next_level} "
                f"({escape_mrkdwn(maturity.next_name or '')})*\n{steps}"
            )
        )
    confidence = confidence_line(ev)
    if confidence:
        blocks.append(context([confidence]))
    return blocks


def _unknown_label(path: str, names: dict[str, str]) -> str:
    match = _PATH_ITEM.match(path)
    if match is None:
        field = path.rsplit(".", 1)[-1]
        return field.replace("_", " ")
    kind, item, field = match.groups()
    field = field.rsplit(".", 1)[-1].replace("_", " ")
    owner = names.get(item, item) if kind == "initiatives" else f"objective {item}"
    return f"{field} ({owner})"


def confidence_line(ev: Evaluation) -> str:
    """Return the confidence note (mrkdwn) when some answers were unknown, else ""."""
    conf = ev.confidence
    if not conf.unknown:
        return ""
    names = {result.id: result.name for result in ev.initiatives}
    shown = [escape_mrkdwn(_unknown_label(p, names)) for p in conf.unknown[:MAX_UNKNOWN_SHOWN]]
    more = len(conf.unknown) - len(shown)
    listed = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    return (
        f"*Confidence: {conf.level}*, {conf.known} of {conf.total} answers known "
        f"({format_score(conf.score)}%). Not known yet: {listed}. Figures that depend on "
        "them are estimates."
    )


def citation_quote(citation: Citation | None, finding: Finding) -> str:
    """Return the passage a finding cites as a mrkdwn quote with "title — section", or the
    rubric's own source when the knowledge base found no passage."""
    if citation is None:
        source = finding.source
        return f"Source: {escape_mrkdwn(source.title)} — {escape_mrkdwn(source.section)}"
    passage = trim(" ".join(citation.text.split()), QUOTE_LENGTH)
    where = escape_mrkdwn(citation.section)
    return f"> “{escape_mrkdwn(passage)}”\n— _{escape_mrkdwn(citation.title)}_ — {where}"


def finding_blocks(finding: Finding, citation: Citation | None) -> list[Block]:
    """Return one finding as two blocks: what, why and the next step; then its cited passage."""
    emoji = SEVERITY_EMOJI[finding.severity]
    text = (
        f"{emoji} *{escape_mrkdwn(finding.title)}*\n{escape_mrkdwn(finding.why)}\n"
        f"*Next step:* {escape_mrkdwn(finding.next_step)}"
    )
    return [section(text), context([citation_quote(citation, finding)])]


def _more_findings(left_out: int, shared_by: str | None) -> Block:
    noun = "finding" if left_out == 1 else "findings"
    if shared_by is None:
        where = "press *All findings* below to see every one."
    else:
        where = f"{shared_by} can open the full report with `/align report`."
    return context([f"…and {left_out} more {noun}: {where}"])


def plan_text(ev: Evaluation) -> str:
    """Return the 30/60/90-day plan as mrkdwn ("" when it has no step)."""
    lines: list[str] = []
    for title, attribute in PERIODS:
        steps = getattr(ev.plan, attribute)
        if not steps:
            continue
        lines.append(f"*{title}*")
        lines += [f"{i}. {escape_mrkdwn(step.text)}" for i, step in enumerate(steps, start=1)]
    return ("*Your 30/60/90-day plan*\n" + "\n".join(lines)) if lines else ""


def roi_text(roi: ROI) -> str:
    """Return an initiative's ROI figures on one line, in the assessment's currency."""
    cur = roi.currency
    simple = "unknown"
    if roi.simple_roi_pct is not None:
        simple = f"{format_number(roi.simple_roi_pct, decimals=1)}%"
    return (
        f"TCO {format_money(roi.tco, cur)} over {roi.horizon_years} years · simple ROI {simple}"
        f" · payback {_months(roi.payback_months)} · NPV {format_money(roi.npv, cur)}"
    )


def initiative_blocks(result: InitiativeResult) -> list[Block]:
    """Return one initiative: rank, priority quadrant and its meaning, ROI, and the ROI's
    assumptions underneath."""
    text = (
        f"*{result.rank}. {escape_mrkdwn(result.name)}*: {escape_mrkdwn(result.quadrant.label)} "
        f"(alignment {format_score(result.alignment.score)}, "
        f"value {format_score(result.value.score)})\n"
        f"_{escape_mrkdwn(result.quadrant.meaning)}_\n{escape_mrkdwn(roi_text(result.roi))}"
    )
    for unlock in result.quadrant.unlock:
        text += f"\n*To unlock:* {escape_mrkdwn(unlock)}"
    if result.levers:
        moves = "\n".join(f"• {escape_mrkdwn(lever_text(x, named=False))}" for x in result.levers)
        text += f"\n*What would move it most*\n{moves}"
    blocks = [section(text)]
    if result.roi.assumptions:
        assumptions = " ".join(escape_mrkdwn(a) for a in result.roi.assumptions)
        blocks.append(context([f"*Assumptions:* {assumptions}"]))
    return blocks


def levers_text(ev: Evaluation) -> str:
    """Return "what would move your score most" (mrkdwn): the overall score's levers."""
    moves = "\n".join(f"• {escape_mrkdwn(lever_text(lever))}" for lever in ev.levers)
    return f"*What would move your score most* (one answer, one step better)\n{moves}"


def kpi_line(kpi: PlannedKPI, currency: str) -> str:
    """Return one planned KPI as mrkdwn: name, baseline → target by deadline, and what is
    still missing."""
    arrow = "↑" if kpi.direction == "up" else "↓"
    baseline = escape_mrkdwn(format_quantity(kpi.baseline, kpi.unit, currency))
    target = escape_mrkdwn(format_quantity(kpi.target, kpi.unit, currency))
    line = f"{arrow} {escape_mrkdwn(kpi.name)}: {baseline} → {target}"
    if kpi.deadline is not None:
        line += f" by {format_date(kpi.deadline)}"
    missing = [
        name for name, v in (("baseline", kpi.baseline), ("target", kpi.target)) if v is None
    ]
    if missing:
        line += f" _(no {' or '.join(missing)} yet)_"
    return f"• {line}"


def kpi_plan_text(ev: Evaluation) -> str:
    """Return the KPIs to track as mrkdwn, at most `MAX_KPIS_SHOWN` ("" when there are none)."""
    kpis = [kpi for kpi, _ in planned_kpis(ev)]
    if not kpis:
        return ""
    lines = [kpi_line(kpi, ev.currency) for kpi in kpis[:MAX_KPIS_SHOWN]]
    if len(kpis) > MAX_KPIS_SHOWN:
        lines.append(f"…and {len(kpis) - MAX_KPIS_SHOWN} more")
    return "*KPIs to track*\n" + "\n".join(lines)


def metrics_line(ev: Evaluation) -> str:
    """Return the strategic automation metrics on one line ("" when none were measured)."""
    parts = [
        f"{escape_mrkdwn(m.name)} ({m.id.upper()}) {format_number(m.value, decimals=1)}"
        f"{'%' if m.unit == '%' else ' ' + escape_mrkdwn(m.unit)}, {m.level}"
        for m in ev.metrics
    ]
    return ("*Strategic metrics:* " + "; ".join(parts)) if parts else ""


def report_ref(report: Report) -> str:
    """Return the value the report's buttons carry: the stored evaluation's id."""
    return str(report.evaluation_id)


def parse_report_ref(value: str) -> int | None:
    """Return the evaluation id a report button carries, or None for a foreign value."""
    text = value.strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _buttons(report: Report) -> Block:
    ref = report_ref(report)
    elements = []
    if planned_kpis(report.evaluation):
        elements.append(button("Track these KPIs", TRACK_KPIS, value=ref, style="primary"))
    elements.append(button("Share to channel", SHARE_REPORT, value=ref))
    if report.evaluation.findings:
        elements.append(button("All findings", ALL_FINDINGS, value=ref))
    return actions(elements, block_id=ACTIONS_BLOCK_ID)


def _shared_by(user_id: str | None) -> str | None:
    if user_id is None:
        return None
    return user_mention(user_id)


def build_report_blocks(
    report: Report, *, shared: bool = False, shared_by: str | None = None
) -> list[Block]:
    """Return the report as one message's blocks (at most 50). `shared` is the copy posted
    in a channel: "shared by <@shared_by>" on top and no buttons."""
    ev = report.evaluation
    who = _shared_by(shared_by) if shared else None
    head: list[Block] = [header(report_title(ev))]
    if shared:
        head.append(context([f"Shared by {who}" if who else "Shared from alignbot"]))
    head += _summary(ev)

    tail: list[Block] = []
    plan = plan_text(ev)
    if plan:
        tail += [divider(), *section_blocks(plan)]
    if ev.initiatives:
        tail += [divider(), section("*Initiatives by priority*")]
        for result in ev.initiatives:
            tail += initiative_blocks(result)
    if ev.levers:
        tail += [divider(), section(levers_text(ev))]
    kpis = kpi_plan_text(ev)
    if kpis:
        tail += [divider(), *section_blocks(kpis)]
    metrics = metrics_line(ev)
    if metrics:
        tail.append(context([metrics]))
    if not shared:
        tail.append(_buttons(report))
    tail.append(context([f"Scored with alignbot's rubric {escape_mrkdwn(ev.rubric_version)}."]))

    findings = _findings_part(report, MAX_MESSAGE_BLOCKS - len(head) - len(tail), who, shared)
    return _fit([*head, *findings, *tail])


def _findings_part(report: Report, room: int, who: str | None, shared: bool) -> list[Block]:
    """The top findings within `room` blocks: a title, two blocks per finding, and a line
    saying how many are left out."""
    findings = report.evaluation.findings
    if not findings:
        return [divider(), section("*Findings*\nNothing to flag.")][: max(room, 0)]
    fixed = 3  # divider, title, "and N more"
    shown = max(0, min(TOP_FINDINGS, len(findings), (room - fixed) // 2))
    if shown == 0:
        return [_more_findings(len(findings), who if shared else None)][: max(room, 0)]
    blocks: list[Block] = [divider(), section(_findings_title(len(findings), shown))]
    for finding in findings[:shown]:
        blocks += finding_blocks(finding, report.citations.get(finding.id))
    if len(findings) > shown:
        blocks.append(_more_findings(len(findings) - shown, who if shared else None))
    return blocks


def _findings_title(total: int, shown: int) -> str:
    if shown == total:
        return "*Findings*"
    return f"*Top findings* ({shown} of {total}, most important first)"


def _fit(blocks: Sequence[Block]) -> list[Block]:
    """Never more than a message holds: a last guard behind the budget above."""
    if len(blocks) <= MAX_MESSAGE_BLOCKS:
        return list(blocks)
    kept = list(blocks[: MAX_MESSAGE_BLOCKS - 1])
    return [*kept, context(["…the rest of the report did not fit here; use `/align report`."])]


def report_fallback_text(report: Report) -> str:
    """Return the report as one line (notifications, screen readers)."""
    ev = report.evaluation
    parts = [
        f"{report_title(ev)}: {format_score(ev.score)}/100, {ev.band.label}",
        f"maturity level {ev.maturity.level} ({ev.maturity.name})",
    ]
    if ev.findings:
        parts.append(f"top finding: {ev.findings[0].title}")
    return fallback_text("; ".join(parts) + ".")


# --- every finding, in a modal ---------------------------------------------------------------


def _finding_entry(finding: Finding, citation: Citation | None) -> str:
    label = SEVERITY_LABEL[finding.severity]
    return (
        f"{SEVERITY_EMOJI[finding.severity]} *{escape_mrkdwn(finding.title)}* ({label})\n"
        f"{escape_mrkdwn(finding.why)}\n*Next step:* {escape_mrkdwn(finding.next_step)}\n"
        f"{citation_quote(citation, finding)}"
    )


def build_findings_view(report: Report) -> dict[str, object]:
    """Return a modal listing every finding of the report, most important first, each with
    its next step and cited passage (one section each; at most 100 blocks)."""
    findings = report.evaluation.findings
    blocks: list[Block] = [
        context([f"{len(findings)} findings, most important first. {_severity_counts(findings)}"])
    ]
    room = 100 - len(blocks)
    entries = [_finding_entry(f, report.citations.get(f.id)) for f in findings]
    if len(entries) > room:
        keep = room - 1
        blocks += [section(entry) for entry in entries[:keep]]
        blocks.append(context([f"…and {len(entries) - keep} more (lowest priority)."]))
    else:
        blocks += [section(entry) for entry in entries]
    return {
        "type": "modal",
        "callback_id": FINDINGS_VIEW,
        "title": modal_title("All findings"),
        "close": modal_button("Close"),
        "blocks": blocks,
    }


def _severity_counts(findings: Iterable[Finding]) -> str:
    counts: dict[Severity, int] = {}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return " · ".join(
        f"{SEVERITY_EMOJI[s]} {counts[s]} {SEVERITY_LABEL[s].lower()}"
        for s in SEVERITY_EMOJI
        if s in counts
    )


# --- "Share to channel" -------------------------------------------------------------------


def build_share_view(
    evaluation_id: int, *, origin_channel: str = "", problem: str | None = None
) -> dict[str, object]:
    """Return the modal that picks the channel to share report `evaluation_id` in, the
    channel it was opened from picked already (when it is a channel, not a DM), with
    `problem` (mrkdwn) said first when a previous attempt failed."""
    select: Block = {
        "type": "conversations_select",
        "action_id": SHARE_CHANNEL_ACTION,
        "placeholder": plain_text("Pick a channel", 150),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if is_channel_id(origin_channel):
        select["initial_conversation"] = origin_channel
    blocks: list[Block] = []
    if problem:
        blocks.append(section(f"⚠️ {problem}"))
    blocks += [
        section(
            "Post a copy of your report in a channel: everyone there sees your score, "
            "findings, plan and ROI figures, without the buttons."
        ),
        {
            "type": "input",
            "block_id": SHARE_CHANNEL_BLOCK,
            "label": plain_text("Channel", 2000),
            "element": select,
        },
    ]
    return {
        "type": "modal",
        "callback_id": SHARE_VIEW,
        "private_metadata": encode_private_metadata({"e": evaluation_id}),
        "title": modal_title("Share your report"),
        "submit": modal_button("Share"),
        "close": modal_button("Cancel"),
        "blocks": blocks,
    }


def build_share_outcome_view(text: str) -> dict[str, object]:
    """Return the modal saying how sharing went (or that it is under way)."""
    return {
        "type": "modal",
        "callback_id": SHARE_VIEW + "_outcome",
        "title": modal_title("Share your report"),
        "close": modal_button("Close"),
        "blocks": [section(text)],
    }


def build_sharing_view(channel: str) -> dict[str, object]:
    """Return the modal shown while the report is being posted in `channel`."""
    return build_share_outcome_view(f"Sharing your report in {channel_mention(channel)}…")


def build_shared_view(channel: str) -> dict[str, object]:
    """Return the modal confirming the report was posted in `channel`."""
    return build_share_outcome_view(f"✅ Shared your report in {channel_mention(channel)}.")
