"""The alignment report in Slack: one message, and its details in a modal.

The message is what an owner reads first (`SUMMARY_PARTS`): the score out of 100 with its
band (and a line when the money does not work yet), the weakest dimension and the maturity
level, each initiative's verdict (with what unlocks a "fix first"), what would move the
score most, the top three findings with their next step and source, and the next 30 days;
then how much more there is, and the buttons "Track these KPIs", "Share to channel" and
"Details" (none on a copy shared in a channel). It holds about twenty blocks whatever the
report's size.

"Details" opens the rest in a modal (`DETAIL_CHAPTERS`): every finding with its cited
passage; the 30/60/90-day plan, each initiative's ROI with its assumptions, the KPIs to
track and the maturity conditions; the rule trail behind the score. Each chapter starts a
page, and pages stay within Block Kit's limits (`DETAILS_PAGE_BLOCKS` blocks and about
`DETAILS_PAGE_CHARS` of JSON a page, every section under 3,000 characters), with
"Previous" and "Next" buttons.

Each part is a function of the `Report` returning blocks (none when it has nothing to
say): what the message or the modal shows is the list of parts, in order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence

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
    fit_view,
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
from bot.render.words import counted
from evaluators.report_text import lever_text
from evaluators.results import (
    ROI,
    Evaluation,
    Finding,
    InitiativeResult,
    PlannedKPI,
    RuleApplication,
    Severity,
)
from knowledge.models import Citation
from prompts.formatting import (
    format_answer,
    format_date,
    format_money,
    format_number,
    format_quantity,
    format_score,
)

TRACK_KPIS = "report_track_kpis"
SHARE_REPORT = "report_share"
DETAILS = "report_details"
ALL_FINDINGS = "report_all_findings"  # the "All findings" button of reports sent before Details
DETAILS_PAGE = "report_details_page"
ACTIONS_BLOCK_ID = "report_actions"
DETAILS_NAV_BLOCK_ID = "report_details_nav"
DETAILS_VIEW = "report_details_view"
SHARE_VIEW = "report_share_view"
SHARE_CHANNEL_BLOCK = "share_channel"
SHARE_CHANNEL_ACTION = "channel"

TOP_FINDINGS = 3
NEXT_STEP_LENGTH = 200
QUOTE_LENGTH = 280
MAX_RULE_INPUTS = 4
DETAILS_PAGE_BLOCKS = 45
DETAILS_PAGE_CHARS = 12_000
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


def _score_part(report: Report) -> list[Block]:
    """Score, band and its meaning; maturity and the weakest dimension; unknown answers."""
    ev = report.evaluation
    band, weak, maturity = ev.band, ev.weakest_dimension, ev.maturity
    blocks = [
        section(
            f"*Score: {format_score(ev.score)} / 100 · {escape_mrkdwn(band.label)}*\n"
            f"{escape_mrkdwn(band.meaning)}"
            + (f"\n*{escape_mrkdwn(ev.money_note)}*" if ev.money_note else "")
        ),
        fields_section(
            [
                f"*Weakest dimension*\n{escape_mrkdwn(weak.label)}: {format_score(weak.score)} "
                f"(mean of all dimensions {format_score(weak.mean)})",
                f"*Maturity*\nLevel {maturity.level} of 4: {escape_mrkdwn(maturity.name)}",
            ]
        ),
    ]
    confidence = confidence_line(ev)
    if confidence:
        blocks.append(context([confidence]))
    return blocks


def verdict_line(result: InitiativeResult) -> str:
    """Return an initiative's verdict on one line (mrkdwn): rank, name, priority quadrant,
    its alignment and value scores and when it pays back."""
    payback = result.roi.payback_months
    pays = "no payback" if payback is None else f"payback {_months(payback)}"
    return (
        f"{result.rank}. *{escape_mrkdwn(result.name)}*: {escape_mrkdwn(result.quadrant.label)}"
        f" (alignment {format_score(result.alignment.score)}, value "
        f"{format_score(result.value.score)}; {pays})"
    )


def _verdicts_part(report: Report) -> list[Block]:
    """Each initiative's verdict, one line each, with what unlocks a "fix first"."""
    results = report.evaluation.initiatives
    if not results:
        return []
    lines = "\n".join(
        verdict_line(result)
        + "".join(f"\n      _To unlock:_ {escape_mrkdwn(u)}" for u in result.quadrant.unlock)
        for result in results
    )
    return [divider(), *section_blocks(f"*Initiatives*\n{lines}")]


def _levers_part(report: Report) -> list[Block]:
    """What would move the overall score most: the levers, one answer each."""
    ev = report.evaluation
    return [divider(), section(levers_text(ev))] if ev.levers else []


def source_line(citation: Citation | None, finding: Finding) -> str:
    """Return where a finding comes from on one line: the cited passage's title and section,
    or the rubric's own source when the knowledge base found no passage."""
    if citation is None:
        title, where = finding.source.title, finding.source.section
    else:
        title, where = citation.title, citation.section
    return f"Source: _{escape_mrkdwn(title)}_ — {escape_mrkdwn(where)}"


def _top_findings_part(report: Report) -> list[Block]:
    """The most important findings, each with its next step on one line and its source."""
    findings = report.evaluation.findings
    if not findings:
        return [divider(), section("*Findings*\nNothing to flag.")]
    top = findings[:TOP_FINDINGS]
    title = (
        "*Findings*"
        if len(top) == len(findings)
        else (f"*Top {len(top)} of {len(findings)} findings*, most important first")
    )
    blocks: list[Block] = [divider(), section(title)]
    for finding in top:
        step = trim(" ".join(finding.next_step.split()), NEXT_STEP_LENGTH)
        blocks += [
            section(
                f"{SEVERITY_EMOJI[finding.severity]} *{escape_mrkdwn(finding.title)}*\n"
                f"*Next:* {escape_mrkdwn(step)}"
            ),
            context([source_line(report.citations.get(finding.id), finding)]),
        ]
    return blocks


def _next_30_days_part(report: Report) -> list[Block]:
    """The plan's first 30 days, numbered."""
    steps = report.evaluation.plan.days_30
    if not steps:
        return []
    lines = "\n".join(f"{i}. {escape_mrkdwn(step.text)}" for i, step in enumerate(steps, 1))
    return [divider(), *section_blocks(f"*Next 30 days*\n{lines}")]


SUMMARY_PARTS: tuple[Callable[[Report], list[Block]], ...] = (
    _score_part,
    _verdicts_part,
    _levers_part,
    _top_findings_part,
    _next_30_days_part,
)
"""What the report's message shows, in order: adding a part is one function here."""


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
    elements.append(button("Details", DETAILS, value=ref))
    return actions(elements, block_id=ACTIONS_BLOCK_ID)


def _shared_by(user_id: str | None) -> str | None:
    if user_id is None:
        return None
    return user_mention(user_id)


def _rest_line(report: Report, shared_by: str | None) -> Block:
    """What the Details hold beyond the message, and how to open them."""
    ev = report.evaluation
    more = len(ev.findings) - min(TOP_FINDINGS, len(ev.findings))
    parts = [counted(more, "more finding")] if more else []
    if ev.findings:
        parts.append("every finding's cited passage")
    if ev.plan.days_60 or ev.plan.days_90:
        parts.append("the 60- and 90-day plan")
    if ev.initiatives:
        parts.append("ROI details")
    if planned_kpis(ev):
        parts.append("the KPIs to track")
    parts.append(f"why the score is {format_score(ev.score)}")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    if shared_by is None:
        return context([f"…and {listed}: press *Details*."])
    return context([f"…and {listed}: {shared_by} can open them with `/align report`."])


def build_report_blocks(
    report: Report, *, shared: bool = False, shared_by: str | None = None
) -> list[Block]:
    """Return the report as one message's blocks (`SUMMARY_PARTS`, about twenty blocks, at
    most 50). `shared` is the copy posted in a channel: "shared by <@shared_by>" on top and
    no buttons."""
    ev = report.evaluation
    who = _shared_by(shared_by) if shared else None
    blocks: list[Block] = [header(report_title(ev))]
    if shared:
        blocks.append(context([f"Shared by {who}" if who else "Shared from alignbot"]))
    for part in SUMMARY_PARTS:
        blocks += part(report)
    blocks.append(_rest_line(report, (who or "the person who shared it") if shared else None))
    if not shared:
        blocks.append(_buttons(report))
    blocks.append(context([f"Scored with alignbot's rubric {escape_mrkdwn(ev.rubric_version)}."]))
    return _fit(blocks)


def _fit(blocks: Sequence[Block]) -> list[Block]:
    """Never more than a message holds: a last guard behind the parts' own sizes."""
    if len(blocks) <= MAX_MESSAGE_BLOCKS:
        return list(blocks)
    kept = list(blocks[: MAX_MESSAGE_BLOCKS - 1])
    return [*kept, context(["…the rest of the report did not fit here; press *Details*."])]


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


# --- the details, in a modal ----------------------------------------------------------------


def _finding_entry(finding: Finding, citation: Citation | None) -> str:
    label = SEVERITY_LABEL[finding.severity]
    return (
        f"{SEVERITY_EMOJI[finding.severity]} *{escape_mrkdwn(finding.title)}* ({label})\n"
        f"{escape_mrkdwn(finding.why)}\n*Next step:* {escape_mrkdwn(finding.next_step)}\n"
        f"{citation_quote(citation, finding)}"
    )


def _findings_detail(report: Report) -> list[Block]:
    """Every finding, most important first, with why, the next step and its passage."""
    findings = report.evaluation.findings
    if not findings:
        return [section("*Findings*\nNothing to flag.")]
    head = f"*All {len(findings)} findings*, most important first. {_severity_counts(findings)}"
    blocks = [section(head)]
    for finding in findings:
        blocks += section_blocks(_finding_entry(finding, report.citations.get(finding.id)))
    return blocks


def _plan_detail(report: Report) -> list[Block]:
    """The 30/60/90-day plan."""
    plan = plan_text(report.evaluation)
    return [divider(), *section_blocks(plan)] if plan else []


def _roi_detail(report: Report) -> list[Block]:
    """Each initiative's priority and ROI figures, with the assumptions behind them."""
    results = report.evaluation.initiatives
    if not results:
        return []
    blocks = [divider(), section("*Initiatives by priority: ROI*")]
    for result in results:
        blocks += initiative_blocks(result)
    return blocks


def _kpis_detail(report: Report) -> list[Block]:
    """The KPIs to track and the strategic metrics measured."""
    ev = report.evaluation
    blocks: list[Block] = []
    kpis = kpi_plan_text(ev)
    if kpis:
        blocks += [divider(), *section_blocks(kpis)]
    metrics = metrics_line(ev)
    if metrics:
        blocks.append(context([metrics]))
    return blocks


def maturity_text(ev: Evaluation) -> str:
    """Return the maturity level, the rule that placed it and what reaches the next (mrkdwn)."""
    m = ev.maturity
    text = f"*Maturity: level {m.level} of 4, {escape_mrkdwn(m.name)}*\n{escape_mrkdwn(m.rule)}"
    if m.next_level is not None and m.to_reach_next:
        steps = "\n".join(f"• {escape_mrkdwn(step)}" for step in m.to_reach_next)
        text += f"\n*To reach level {m.next_level} ({escape_mrkdwn(m.next_name or '')})*\n{steps}"
    return text


def _maturity_detail(report: Report) -> list[Block]:
    """The maturity level and the conditions still missing for the next one."""
    return [divider(), *section_blocks(maturity_text(report.evaluation))]


def _rule_lines(rules: Iterable[RuleApplication]) -> list[str]:
    lines = []
    for rule in rules:
        shown = ", ".join(
            f"{escape_mrkdwn(e.path)} = {escape_mrkdwn(format_answer(e.value))}"
            for e in rule.inputs[:MAX_RULE_INPUTS]
        )
        more = len(rule.inputs) - MAX_RULE_INPUTS
        if more > 0:
            shown += f" (+{more} more)"
        lines.append(
            f"• `{rule.points:+.2f}` {escape_mrkdwn(rule.label)}" + (f" ({shown})" if shown else "")
        )
    return lines


def rule_trail_text(ev: Evaluation) -> str:
    """Return the rules behind the score (mrkdwn): each dimension's weight and points, the
    rules that scored each dimension and each initiative, with the answers they read."""
    lines = [
        f"*Why {format_score(ev.score)}?* The score is the weighted mean of the dimensions:",
        *(
            f"• {escape_mrkdwn(rule.label)} {format_score(rule.value * 100)} × weight "
            f"{format_number(rule.weight)} → {rule.points:.2f}"
            for rule in ev.score_rules
        ),
    ]
    for dimension in ev.dimensions:
        lines += ["", f"*{escape_mrkdwn(dimension.label)}: {format_score(dimension.score)}*"]
        lines += _rule_lines(dimension.rules)
    for result in ev.initiatives:
        for what, breakdown in (("alignment", result.alignment), ("value", result.value)):
            lines += [
                "",
                f"*{escape_mrkdwn(result.name)}, {what}: {format_score(breakdown.score)}*",
            ]
            lines += _rule_lines(breakdown.rules)
    return "\n".join(lines)


def _rule_trail_detail(report: Report) -> list[Block]:
    """The rule trail: why the score is what it is."""
    return [divider(), *section_blocks(rule_trail_text(report.evaluation))]


Part = Callable[[Report], list[Block]]

DETAIL_CHAPTERS: tuple[tuple[str, tuple[Part, ...]], ...] = (
    ("Findings", (_findings_detail,)),
    ("Plan, ROI and KPIs", (_plan_detail, _roi_detail, _kpis_detail, _maturity_detail)),
    ("Why this score", (_rule_trail_detail,)),
)
"""What the Details modal shows, in order: each chapter starts a page of its own."""


def _block_chars(block: Block) -> int:
    return len(json.dumps(block, ensure_ascii=False))


def details_pages(report: Report) -> list[tuple[str, list[Block]]]:
    """Return the Details as pages, each with its chapter's name: a chapter starts a page,
    and a page holds at most `DETAILS_PAGE_BLOCKS` blocks and about `DETAILS_PAGE_CHARS` of
    JSON; a page never starts with a divider."""
    pages: list[tuple[str, list[Block]]] = []
    for chapter, parts in DETAIL_CHAPTERS:
        page: list[Block] = []
        size = 0
        for block in (block for part in parts for block in part(report)):
            chars = _block_chars(block)
            if page and (len(page) == DETAILS_PAGE_BLOCKS or size + chars > DETAILS_PAGE_CHARS):
                pages.append((chapter, page))
                page, size = [], 0
            if not page and block.get("type") == "divider":
                continue
            page.append(block)
            size += chars
        if page:
            pages.append((chapter, page))
    return pages or [("Details", [section("Nothing more to show.")])]


def details_ref(report: Report, page: int) -> str:
    """Return the value a Details page button carries: "<evaluation id>:<page>"."""
    return f"{report.evaluation_id}:{page}"


def parse_details_ref(value: str) -> tuple[int, int] | None:
    """Return (evaluation id, page) from a Details button's value; a report button's plain
    id is its first page; None for a foreign value."""
    head, _, page = value.strip().partition(":")
    evaluation_id = parse_report_ref(head)
    if evaluation_id is None:
        return None
    if not page:
        return evaluation_id, 0
    return (evaluation_id, int(page)) if page.isdigit() and len(page) <= 4 else None


def build_details_view(report: Report, page: int = 0) -> dict[str, object]:
    """Return page `page` (from 0; past the end, the last) of the report's Details modal:
    where it stands ("Page 2 of 3"), its blocks, and "Previous" / "Next" buttons."""
    pages = details_pages(report)
    page = max(0, min(page, len(pages) - 1))
    chapter, content = pages[page]
    blocks: list[Block] = []
    if len(pages) > 1:
        blocks.append(context([f"Page {page + 1} of {len(pages)} · {chapter}"]))
    blocks += content
    nav = []
    if page > 0:
        nav.append(button("← Previous", DETAILS_PAGE, value=details_ref(report, page - 1)))
    if page + 1 < len(pages):
        nav.append(button("Next →", DETAILS_PAGE, value=details_ref(report, page + 1)))
    if nav:
        blocks.append(actions(nav, block_id=DETAILS_NAV_BLOCK_ID))
    return {
        "type": "modal",
        "callback_id": DETAILS_VIEW,
        "title": modal_title("Report details"),
        "close": modal_button("Close"),
        "blocks": fit_view(blocks),
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
