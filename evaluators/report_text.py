"""The plain-text report of an `Evaluation`, for the terminal and `alignbot score`.

A pure function of the evaluation plus, optionally, a mapping finding id -> cited corpus
passage (already formatted by the caller, e.g. the passage and its title and section), shown
under the finding it supports.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

from evaluators.results import (
    ROI,
    Evaluation,
    Finding,
    InitiativeResult,
    Lever,
    PlannedKPI,
    RuleApplication,
)
from prompts.formatting import format_answer, format_money, format_number

WIDTH = 88
_BAR = 20


def render_report_text(
    evaluation: Evaluation, citations: Mapping[str, str] | None = None, *, width: int = WIDTH
) -> str:
    """Return the whole report as text: headline, dimensions, maturity, initiatives, metrics,
    findings (with their cited passage when given), the 30/60/90-day plan, the KPI plan, and
    the rules behind the score."""
    sections = [
        _headline(evaluation, width),
        _dimensions(evaluation),
        _initiatives(evaluation, width),
        _levers(evaluation, width),
        _metrics(evaluation, width),
        _findings(evaluation, citations or {}, width),
        _plan(evaluation, width),
        _kpi_plan(evaluation, width),
        _why(evaluation, width),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


TOP_FINDINGS = 3


def render_summary_text(evaluation: Evaluation, *, full_command: str, width: int = WIDTH) -> str:
    """Return the report's first screen (about 40 lines): score, band and weakest dimension,
    each initiative's verdict, the top findings with their next step and the next 30 days
    (two lines each at most); the last line says how to see the rest (`full_command`).
    The whole report runs to hundreds of lines: few read past a terminal's first screen."""
    ev = evaluation
    weak = ev.weakest_dimension
    lines = _wrap(f"Alignment report: {ev.business or 'your business'}", width, "")
    lines += _wrap(f"Score {_figure(ev.score)}/100: {ev.band.label}. {ev.band.meaning}", width, "")
    if ev.money_note:
        lines += _wrap(ev.money_note, width, "")
    lines.append(
        f"Weakest dimension: {weak.label} {_figure(weak.score)}/100. "
        f"Maturity: level {ev.maturity.level} of 4, {ev.maturity.name}."
    )
    lines += ["", "Initiatives"] if ev.initiatives else []
    for result in ev.initiatives:
        roi = result.roi
        payback = (
            "no payback"
            if roi.payback_months is None
            else f"payback {_figure(roi.payback_months)} months"
        )
        lines += _wrap(
            f"{result.rank}. {result.name}: {result.quadrant.label} (alignment "
            f"{_figure(result.alignment.score)}, value {_figure(result.value.score)}; {payback})",
            width,
            "  ",
            "     ",
        )
        for unlock in result.quadrant.unlock[:1]:
            lines += _short(f"To unlock: {unlock}", width, "     ", "       ")
    if ev.levers:
        lines += _short(f"Would move you most: {lever_text(ev.levers[0])}", width, "", "  ")
    top = ev.findings[:TOP_FINDINGS]
    if top:
        lines += ["", f"Top {len(top)} of {len(ev.findings)} findings"]
    for f in top:
        lines += _wrap(f"[{f.severity.upper()}] {f.title}", width, "  ", "     ")
        lines += _short(f"Next: {f.next_step}", width, "     ", "       ")
    if ev.plan.days_30:
        lines += ["", "Next 30 days"]
    for i, step in enumerate(ev.plan.days_30, start=1):
        lines += _short(step.text, width, f"  {i}. ", "     ")
    more = (
        f"All findings with their sources, the 60- and 90-day plan, the KPI plan and why the "
        f"score is {_figure(ev.score)}:"
    )
    lines += ["", *_wrap(more, width, ""), f"  {full_command}"]  # never wrapped: copied whole
    return "\n".join(lines) + "\n"


def _short(text: str, width: int, first: str, rest: str) -> list[str]:
    """`text` wrapped to at most two lines of `width`, cut at a word with "…" beyond."""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        max_lines=2,
        placeholder=" …",
        break_on_hyphens=False,
    )


def _headline(ev: Evaluation, width: int) -> str:
    name = ev.business or "your business"
    lines = _wrap(f"Alignment report: {name}  (rubric {ev.rubric_version})", width, "")
    lines += ["", f"Score {_figure(ev.score)}/100: {ev.band.label}"]
    lines += _wrap(ev.band.meaning, width, "  ")
    if ev.money_note:
        lines += _wrap(ev.money_note, width, "  ")
    weak = ev.weakest_dimension
    lines += _wrap(
        f"Weakest dimension: {weak.label} {_figure(weak.score)}/100 "
        f"(mean of all dimensions {_figure(weak.mean)})",
        width,
        "",
        "  ",
    )
    m = ev.maturity
    lines.append(f"Maturity: level {m.level} of 4, {m.name}")
    lines += _wrap(m.rule, width, "  ")
    if m.next_level is not None and m.to_reach_next:
        lines.append(f"  To reach level {m.next_level} ({m.next_name}):")
        for item in m.to_reach_next:
            lines += _wrap(item, width, "    - ", "      ")
    c = ev.confidence
    lines.append(
        f"Confidence: {_figure(c.score)}% of answers known ({c.level}; {c.known} of {c.total})"
    )
    return "\n".join(lines)


def _dimensions(ev: Evaluation) -> str:
    label_width = max(len(d.label) for d in ev.dimensions)
    lines = ["Dimensions"]
    for d in ev.dimensions:
        filled = round(d.score / 100 * _BAR)
        bar = "#" * filled + "." * (_BAR - filled)
        lines.append(f"  {d.label:<{label_width}}  {_figure(d.score):>5}  {bar}")
    return "\n".join(lines)


def _initiatives(ev: Evaluation, width: int) -> str:
    if not ev.initiatives:
        return "Initiatives\n  None assessed."
    lines = ["Initiatives, by priority"]
    for result in ev.initiatives:
        lines += _initiative(result, width)
    return "\n".join(lines)


def _initiative(result: InitiativeResult, width: int) -> list[str]:
    lines = _wrap(
        f"{result.rank}. {result.name}: {result.quadrant.label} "
        f"(alignment {_figure(result.alignment.score)}, value {_figure(result.value.score)})",
        width,
        "  ",
        "     ",
    )
    lines += _wrap(result.quadrant.meaning, width, "     ")
    for unlock in result.quadrant.unlock:
        lines += _wrap(f"To unlock: {unlock}", width, "     ", "       ")
    lines += _wrap(_roi_line(result.roi), width, "     ")
    for assumption in result.roi.assumptions:
        lines += _wrap(assumption, width, "       - ", "         ")
    if result.pitfalls:
        lines.append("     Pitfalls:")
        for flag in result.pitfalls:
            lines += _wrap(
                f"{flag.name} ({_evidence(e.path for e in flag.evidence)})",
                width,
                "       - ",
                "         ",
            )
    if result.levers:
        lines.append("     What would move it most:")
        for lever in result.levers:
            lines += _wrap(lever_text(lever, named=False), width, "       - ", "         ")
    return lines


def lever_text(lever: Lever, *, named: bool = True) -> str:
    """Return one lever in words: the answer, its step, the points it gains and the verdict it
    reaches when that changes ("Process mapped (CRM): no → partly, +7.5 points; Fix first →
    Do now"); `named` False leaves out the initiative (shown under it already). Shared by the
    terminal and Slack reports."""
    about = f"{lever.label} ({lever.initiative})" if named and lever.initiative else lever.label
    moved = f"{format_answer(lever.from_answer)} → {format_answer(lever.to_answer)}"
    text = f"{about}: {moved}, +{_figure(lever.gain)} points"
    if lever.verdict_to != lever.verdict_from:
        text += f"; {lever.verdict_from_label} → {lever.verdict_to_label}"
    return text


def _levers(ev: Evaluation, width: int) -> str:
    if not ev.levers:
        return ""
    lines = ["What would move your score most (one answer, one step better)"]
    for lever in ev.levers:
        lines += _wrap(lever_text(lever), width, "  - ", "    ")
    return "\n".join(lines)


def _roi_line(roi: ROI) -> str:
    cur = roi.currency
    parts = [f"ROI over {roi.horizon_years} years:"]
    parts.append(f"TCO {format_money(roi.tco, cur)};")
    parts.append(f"benefit {format_money(roi.total_benefit, cur)};")
    parts.append(
        "simple ROI " + ("n/a" if roi.simple_roi_pct is None else f"{_figure(roi.simple_roi_pct)}%")
    )
    parts[-1] += ";"
    parts.append(
        "payback "
        + (
            "never or unknown"
            if roi.payback_months is None
            else f"{_figure(roi.payback_months)} months"
        )
        + ";"
    )
    parts.append(f"NPV {format_money(roi.npv, cur)}")
    return " ".join(parts)


def _metrics(ev: Evaluation, width: int) -> str:
    if not ev.metrics:
        return ""
    lines = ["Strategic metrics"]
    for m in ev.metrics:
        lines += _wrap(
            f"{m.id.upper()}  {m.name}: {_figure(m.value)}{_unit(m.unit)} ({m.level})",
            width,
            "  ",
            "        ",
        )
        lines += _wrap(m.definition, width, "        ")
    return "\n".join(lines)


def _findings(ev: Evaluation, citations: Mapping[str, str], width: int) -> str:
    if not ev.findings:
        return "Findings\n  None."
    lines = ["Findings"]
    for f in ev.findings:
        lines += _finding(f, citations.get(f.id), width)
    return "\n".join(lines)


def _finding(f: Finding, citation: str | None, width: int) -> list[str]:
    lines = _wrap(f"[{f.severity.upper()}] {f.title}", width, "  ", "     ")
    lines += _wrap(f"Why: {f.why}", width, "     ", "       ")
    lines += _wrap(f"Next step: {f.next_step}", width, "     ", "       ")
    if f.evidence:
        shown = ", ".join(f"{e.path} = {format_answer(e.value)}" for e in f.evidence[:6])
        more = f" (+{len(f.evidence) - 6} more)" if len(f.evidence) > 6 else ""
        lines += _wrap(f"Evidence: {shown}{more}", width, "     ", "       ")
    if citation:
        lines += _wrap(f"From the guidance: {citation}", width, "     ", "       ")
    else:
        lines += _wrap(
            f"Source: {f.source.title}, \u201c{f.source.section}\u201d", width, "     ", "       "
        )
    return lines


def _plan(ev: Evaluation, width: int) -> str:
    periods = (
        ("Next 30 days", ev.plan.days_30),
        ("Days 31-60", ev.plan.days_60),
        ("Days 61-90", ev.plan.days_90),
    )
    if not any(steps for _, steps in periods):
        return ""
    lines = ["Plan"]
    for title, steps in periods:
        if not steps:
            continue
        lines.append(f"  {title}")
        for i, step in enumerate(steps, start=1):
            lines += _wrap(step.text, width, f"    {i}. ", "       ")
    return "\n".join(lines)


def _kpi_plan(ev: Evaluation, width: int) -> str:
    if not ev.kpi_plan:
        return ""
    lines = ["KPI plan"]
    for group in ev.kpi_plan:
        head = f"{group.objective_id}: " if group.objective_id else ""
        lines += _wrap(f"{head}{group.objective}", width, "  ", "    ")
        if not group.kpis:
            lines.append("    - (no KPI yet)")
        for kpi in group.kpis:
            lines += _wrap(_kpi_line(kpi), width, "    - ", "      ")
    return "\n".join(lines)


def _kpi_line(kpi: PlannedKPI) -> str:
    unit = f"{kpi.unit}, " if kpi.unit else ""
    text = f"{kpi.name} ({unit}{kpi.direction} is better)"
    if kpi.baseline is not None or kpi.target is not None:
        text += f": {format_answer(kpi.baseline)} -> {format_answer(kpi.target)}"
    if kpi.deadline:
        text += f" by {kpi.deadline.isoformat()}"
    origin = {
        "initiative": f"from {kpi.initiative_id}",
        "objective": "the objective's own target",
        "corpus": "suggested by the guidance",
    }[kpi.origin]
    return f"{text} [{origin}]"


def _why(ev: Evaluation, width: int) -> str:
    lines = [f"Why {_figure(ev.score)}?", "  The score is the weighted mean of the dimensions:"]
    for rule in ev.score_rules:
        lines += _wrap(
            f"{rule.label} {_figure(rule.value * 100)} x weight {_figure(rule.weight)}"
            f" -> {_points(rule.points)}",
            width,
            "    ",
            "      ",
        )
    for d in ev.dimensions:
        lines.append(f"  {d.label} {_figure(d.score)}:")
        lines += _rules(d.rules, width)
    for result in ev.initiatives:
        lines += _wrap(f"{result.name}, alignment {_figure(result.alignment.score)}:", width, "  ")
        lines += _rules(result.alignment.rules, width)
        lines += _wrap(f"{result.name}, value {_figure(result.value.score)}:", width, "  ")
        lines += _rules(result.value.rules, width)
    return "\n".join(lines)


def _rules(rules: Iterable[RuleApplication], width: int) -> list[str]:
    lines = []
    for rule in rules:
        shown = ", ".join(f"{e.path} = {format_answer(e.value)}" for e in rule.inputs[:4])
        more = f" (+{len(rule.inputs) - 4} more)" if len(rule.inputs) > 4 else ""
        lines += _wrap(
            f"{_points(rule.points)}  {rule.label} ({shown}{more})", width, "    ", "            "
        )
    return lines


def _wrap(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _figure(x: float) -> str:
    return format_number(x, decimals=1)


def _points(x: float) -> str:
    return f"{x:+7.2f}"


def _unit(unit: str) -> str:
    return unit if unit == "%" else f" {unit}"


def _evidence(paths: Iterable[str]) -> str:
    return ", ".join(p.split("].", 1)[-1] for p in paths)
