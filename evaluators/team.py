"""The deterministic team evaluation: `evaluate_team(team, rubric) -> TeamEvaluation`.

Pure like the main engine (no I/O, same input -> same output, whatever the order of the
responses): agreement on priorities, the spread of each initiative's ratings, owner-versus-team
gaps, the share who know the KPI, involvement, and the findings the team rubric raises on
them, each with a next step, a retrieval topic for a cited passage, and its source. Below
the rubric's anonymity threshold nothing but the number of respondents comes out.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from evaluators.models import Assessment
from evaluators.results import SEVERITY_ORDER, Evaluation, Evidence, Finding, SourceRef
from evaluators.team_models import (
    MAX_TEAM_PRIORITIES,
    SOMETHING_ELSE,
    InitiativeView,
    PriorityShare,
    PulseResponse,
    TeamEvaluation,
    TeamInitiative,
    TeamInput,
    TeamObjective,
)
from evaluators.team_rubric import TeamFindingRule, TeamRubric
from evaluators.themes import shared_themes

SOMETHING_ELSE_LABEL = "Something else"


def team_input_from(
    assessment: Assessment,
    evaluation: Evaluation,
    rubric: TeamRubric,
    responses: Sequence[PulseResponse],
) -> TeamInput:
    """Return the team evaluation's input from the owner's assessment and report (their
    objectives, initiatives and each initiative's alignment as a 1-5 rating) and the
    responses."""
    alignment = {result.id: result.alignment.score for result in evaluation.initiatives}
    return TeamInput(
        business=assessment.business.name,
        objectives=tuple(
            TeamObjective(id=o.id, statement=o.statement) for o in assessment.objectives
        ),
        initiatives=tuple(
            TeamInitiative(
                id=i.id,
                name=i.name,
                owner_rating=rubric.owner_rating(alignment[i.id]) if i.id in alignment else None,
            )
            for i in assessment.initiatives
        ),
        responses=tuple(responses),
    )


def evaluate_team(team: TeamInput, rubric: TeamRubric) -> TeamEvaluation:
    """Return the team evaluation of `team`: aggregates and findings from the threshold on,
    only the count of respondents below it."""
    count = len(team.responses)
    k = rubric.anonymity.min_respondents
    if count < k:
        return TeamEvaluation(
            rubric_version=rubric.version, respondents=count, min_respondents=k, shown=False
        )
    agreement = _agreement(team)
    initiatives = tuple(_initiative(team, initiative) for initiative in team.initiatives)
    knows = [r.knows_kpi for r in team.responses if r.knows_kpi is not None]
    kpi_share = _pct(sum(k == "yes" for k in knows), len(knows)) if knows else None
    involvement = [r.involvement for r in team.responses if r.involvement is not None]
    result = TeamEvaluation(
        rubric_version=rubric.version,
        respondents=count,
        min_respondents=k,
        shown=True,
        priority_agreement=agreement,
        priorities=_priority_shares(team),
        other_themes=shared_themes(
            (r.other_priority for r in team.responses if SOMETHING_ELSE in r.priorities),
            min_people=k,
            stop_words=rubric.themes.stop_words,
            min_length=rubric.themes.min_length,
            limit=rubric.themes.limit,
        ),
        initiatives=initiatives,
        kpi_known_share=kpi_share,
        involvement_median=float(statistics.median(involvement)) if involvement else None,
        involvement_distribution=_distribution(involvement) if involvement else None,
    )
    return result.model_copy(update={"findings": _findings(team, result, rubric)})


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _distribution(values: Sequence[int]) -> tuple[int, int, int, int, int]:
    counts = [0] * 5
    for value in values:
        counts[value - 1] += 1
    return counts[0], counts[1], counts[2], counts[3], counts[4]


def _agreement(team: TeamInput) -> float | None:
    """The mean share of the owner's top priorities each respondent names in their own top
    three (respondents who named no priority are left out)."""
    top = set(team.owner_top)
    if not top:
        return None
    wanted = min(MAX_TEAM_PRIORITIES, len(top))
    overlaps = [
        min(1.0, len(set(r.priorities) & top) / wanted) for r in team.responses if r.priorities
    ]
    if not overlaps:
        return None
    return round(100 * statistics.fmean(overlaps), 1)


def _priority_shares(team: TeamInput) -> tuple[PriorityShare, ...]:
    answered = sum(1 for r in team.responses if r.priorities)
    top = set(team.owner_top)
    options = [(o.id, o.statement) for o in team.objectives]
    options.append((SOMETHING_ELSE, SOMETHING_ELSE_LABEL))
    return tuple(
        PriorityShare(
            id=key,
            label=label,
            owner_priority=key in top,
            count=(count := sum(key in r.priorities for r in team.responses)),
            share=_pct(count, answered),
        )
        for key, label in options
    )


def _initiative(team: TeamInput, initiative: TeamInitiative) -> InitiativeView:
    ratings = [r.ratings[initiative.id] for r in team.responses if initiative.id in r.ratings]
    ready = [r.readiness[initiative.id] for r in team.responses if initiative.id in r.readiness]
    median = float(statistics.median(ratings)) if ratings else None
    gap = (
        abs(initiative.owner_rating - median)
        if median is not None and initiative.owner_rating is not None
        else None
    )
    return InitiativeView(
        id=initiative.id,
        name=initiative.name,
        owner_rating=initiative.owner_rating,
        rated=len(ratings),
        distribution=_distribution(ratings),
        median=median,
        spread=max(ratings) - min(ratings) if ratings else None,
        gap=gap,
        ready_answered=len(ready),
        ready_yes=_pct(ready.count("yes"), len(ready)),
        ready_partly=_pct(ready.count("partly"), len(ready)),
        ready_no=_pct(ready.count("no"), len(ready)),
        ready_unknown=_pct(ready.count("unknown"), len(ready)),
    )


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _findings(team: TeamInput, result: TeamEvaluation, rubric: TeamRubric) -> tuple[Finding, ...]:
    found: list[Finding] = []
    base = {
        "business": team.business or "your business",
        "agreement": _number(result.priority_agreement),
        "share": _number(result.kpi_known_share),
        "median": _number(result.involvement_median),
        "respondents": str(result.respondents),
    }
    team_metrics: dict[str, float | None] = {
        "priority_agreement": result.priority_agreement,
        "kpi_known_share": result.kpi_known_share,
        "involvement_median": result.involvement_median,
    }
    for rule in rubric.findings:
        if rule.scope == "team":
            value = team_metrics[rule.metric]
            if rule.holds(value):
                found.append(
                    _finding(
                        rule,
                        rubric,
                        values=base,
                        path=f"team.{rule.metric}",
                        value=value,
                        initiative_id=None,
                    )
                )
            continue
        for view in result.initiatives:
            metrics: dict[str, float | None] = {
                "spread": view.spread,
                "gap": view.gap,
                "ready_no": view.ready_no if view.ready_answered else None,
                "median": view.median,
            }
            value = metrics[rule.metric]
            if rule.holds(value):
                values = base | {
                    "initiative": view.name,
                    "owner": _number(view.owner_rating),
                    "median": _number(view.median),
                    "spread": _number(view.spread),
                    "share": _number(view.ready_no),
                }
                path = f"team.initiatives[{view.id}].{rule.metric}"
                found.append(
                    _finding(
                        rule, rubric, values=values, path=path, value=value, initiative_id=view.id
                    )
                )
    found.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.id))
    return tuple(found)


def _finding(
    rule: TeamFindingRule,
    rubric: TeamRubric,
    *,
    values: dict[str, str],
    path: str,
    value: float | None,
    initiative_id: str | None,
) -> Finding:
    document = rubric.documents[rule.source.document]
    return Finding(
        id=f"team.{rule.id}" + (f"[{initiative_id}]" if initiative_id else ""),
        rule_id=rule.id,
        severity=rule.severity,
        title=rule.title.format(**values),
        evidence=(Evidence.of(path, value),),
        why=" ".join(rule.why.format(**values).split()),
        next_step=" ".join(rule.next_step.format(**values).split()),
        topic=rule.topic,
        initiative_id=initiative_id,
        source=SourceRef(
            document=rule.source.document, title=document.title, section=rule.source.section
        ),
    )
