"""The team report, as words: how many answered, priority agreement, each initiative's
ratings against the owner's, who knows the KPI, involvement, and the findings with their
next steps and sources. Below the anonymity threshold it says only how many answered and
how many more it takes. The same sections serve the terminal (`render_team_text`) and Slack
(`build_team_blocks`, every line escaped). Aggregates only: nothing here names a person."""

from __future__ import annotations

from bot.history.timeline import Scalar
from bot.render.blocks import Block, context, escape_mrkdwn, header, section
from bot.render.history import TextSection
from bot.render.report import SEVERITY_EMOJI
from bot.render.words import counted
from evaluators.team_models import SOMETHING_ELSE, InitiativeView, TeamEvaluation

HELD_BACK = (
    "{held} more answer(s) came in since you last looked; they show once {k} more people "
    "have answered, so that no one person's answers can be told apart."
)


def _figure(value: Scalar) -> str:
    if value is None:
        return "?"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _initiative_line(view: InitiativeView) -> str:
    if not view.rated:
        return f"{view.name}: nobody rated it yet."
    low = next(r for r, n in zip(range(1, 6), view.distribution, strict=True) if n)
    high = next(r for r, n in zip(range(5, 0, -1), reversed(view.distribution), strict=True) if n)
    owner = f"; you: {view.owner_rating}/5" if view.owner_rating is not None else ""
    line = (
        f"{view.name}: team median {_figure(view.median)}/5 (from {low} to {high}, "
        f"{view.rated} ratings){owner}."
    )
    if view.ready_answered:
        line += (
            f" Process ready to automate: {_figure(view.ready_yes)}% yes, "
            f"{_figure(view.ready_partly)}% partly, {_figure(view.ready_no)}% no."
        )
    return line


def _other_lines(team: TeamEvaluation) -> tuple[str, ...]:
    """What those naming another priority wrote: only themes enough people share, else how
    many named one (their words are never shown one by one)."""
    named = sum(p.count for p in team.priorities if p.id == SOMETHING_ELSE)
    if not named:
        return ()
    if not team.other_themes:
        return (
            f"{counted(named, 'person', 'people')} named another priority; what they wrote "
            f"shows only when at least {team.min_respondents} people write the same thing.",
        )
    themes = ", ".join(f"“{t.text}” ({t.count})" for t in team.other_themes)
    return (f"Other priorities named by at least {team.min_respondents} people: {themes}.",)


def team_sections(team: TeamEvaluation, *, held: int = 0) -> list[TextSection]:
    """Return the team report as sections (plain text); `held` answers came in after the
    view shown and are held back by the anonymity rule."""
    if not team.shown:
        more = team.min_respondents - team.respondents
        return [
            TextSection(
                "Team pulse",
                (
                    f"{team.respondents} answered so far. Results show from "
                    f"{team.min_respondents} answers ({more} more), as totals only, so that "
                    "no one's answers can be singled out.",
                ),
            )
        ]
    headline = [f"{team.respondents} people answered."]
    if team.priority_agreement is not None:
        headline.append(
            f"Priority agreement: {_figure(team.priority_agreement)}% of your top priorities "
            "appear in the team's top three, on average."
        )
    if team.kpi_known_share is not None:
        headline.append(f"Know which KPI shows it works: {_figure(team.kpi_known_share)}%.")
    if team.involvement_median is not None:
        headline.append(f"How involved they feel: median {_figure(team.involvement_median)}/5.")
    if held:
        headline.append(HELD_BACK.format(held=held, k=team.min_respondents))
    priorities = tuple(
        f"{p.label}{' (yours)' if p.owner_priority else ''}: {p.count} ({_figure(p.share)}%)"
        for p in team.priorities
    )
    sections = [
        TextSection("Team pulse", tuple(headline)),
        TextSection("Top priorities named", priorities + _other_lines(team)),
        TextSection("Initiatives", tuple(_initiative_line(v) for v in team.initiatives)),
    ]
    findings = tuple(
        f"[{f.severity}] {f.title}. {f.why} Next: {f.next_step} "
        f"(Source: {f.source.title}, {f.source.section})"
        for f in team.findings
    )
    sections.append(TextSection("Findings", findings or ("None.",)))
    return sections


def render_team_text(team: TeamEvaluation, *, held: int = 0) -> str:
    """Return the team report for the terminal (`alignbot team`)."""
    out = []
    for part in team_sections(team, held=held):
        out.append(part.title)
        out += [f"  {line}" for line in part.lines]
        out.append("")
    return "\n".join(out)


def build_team_blocks(team: TeamEvaluation, *, held: int = 0) -> list[Block]:
    """Return the team report as Block Kit: one section per part, a finding per section
    with its severity mark; every line escaped."""
    blocks: list[Block] = [header("Team pulse report")]
    for part in team_sections(team, held=held):
        if part.title == "Findings":
            break
        body = "\n".join(f"• {escape_mrkdwn(line)}" for line in part.lines)
        blocks.append(section(f"*{escape_mrkdwn(part.title)}*\n{body}"))
    for finding in team.findings:
        blocks.append(
            section(
                f"{SEVERITY_EMOJI[finding.severity]} *{escape_mrkdwn(finding.title)}*\n"
                f"{escape_mrkdwn(finding.why)}\n*Next step:* {escape_mrkdwn(finding.next_step)}"
            )
        )
        blocks.append(
            context(
                [
                    f"Source: {escape_mrkdwn(finding.source.title)}, "
                    f"{escape_mrkdwn(finding.source.section)}"
                ]
            )
        )
    return blocks
