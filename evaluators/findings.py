"""Findings and pitfall flags: the rubric's finding rules checked against the answers.

Business-scope rules are checked once, initiative-scope rules once per initiative. A finding
carries the answers that made its condition true (for `any`, only the branches that held), its
texts filled with the initiative's name, and the corpus source. Findings are ordered by
severity, then by the rule's place in the rubric, then by the initiative's rank.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from evaluators.fact_names import COST_ITEMS
from evaluators.facts import Answers, Facts, InitiativeContext
from evaluators.models import Initiative
from evaluators.results import (
    SEVERITY_ORDER,
    Evidence,
    Finding,
    PitfallFlag,
    SourceRef,
)
from evaluators.roi import COST_LABELS
from evaluators.rubric import Condition, FindingRule, Rubric

TITLE_MAX = 150
TEXT_MAX = 300
_AFTER_PURCHASE = frozenset({"piloting", "deployed"})


def check(condition: Condition, facts: Facts, answers: Answers) -> tuple[bool, list[Evidence]]:
    """Return whether `condition` holds and the evidence that made it hold."""
    if condition.all is not None:
        evidence: list[Evidence] = []
        for child in condition.all:
            held, found = check(child, facts, answers)
            if not held:
                return False, []
            evidence += found
        return True, evidence
    if condition.any is not None:
        evidence = []
        held_any = False
        for child in condition.any:
            held, found = check(child, facts, answers)
            if held:
                held_any = True
                evidence += found
        return held_any, evidence
    if condition.fact is not None:
        fact = facts[condition.fact]
        return _compare(fact.value, condition), list(fact.evidence)
    assert condition.answer is not None
    answer = answers[condition.answer]
    value = answer.value
    if condition.in_ is not None:
        held = ("unknown" if value is None else str(value)) in condition.in_
    elif isinstance(value, int | float) and not isinstance(value, bool):
        held = _compare(float(value), condition)
    else:
        held = False  # an unanswered number is neither below nor above anything
    return held, [answer]


def _compare(value: float, condition: Condition) -> bool:
    if condition.below is not None:
        return value < condition.below
    return condition.at_least is not None and value >= condition.at_least


def build_findings(
    rubric: Rubric,
    business_name: str,
    facts: Facts,
    answers: Answers,
    ranked: Sequence[InitiativeContext],
) -> tuple[Finding, ...]:
    """Return every finding whose rule holds, in report order; `ranked` lists the initiatives
    best rank first."""
    found: list[tuple[tuple[int, int, int], Finding]] = []
    scopes = [
        (rank, context, facts | context.facts, answers | context.answers)
        for rank, context in enumerate(ranked, start=1)
    ]
    business_values = {
        "business": " ".join(business_name.split()) or "your business",
        "personal_data": personal_data_text(rubric, [c.initiative for c in ranked]),
    }
    for index, rule in enumerate(rubric.findings):
        severity = SEVERITY_ORDER[rule.severity]
        if rule.scope == "business":
            held, evidence = check(rule.when, facts, answers)
            if held:
                finding = _finding(rubric, rule, evidence, business_values, None)
                found.append(((severity, index, 0), finding))
            continue
        for rank, context, scope_facts, scope_answers in scopes:
            held, evidence = check(rule.when, scope_facts, scope_answers)
            if held:
                values = initiative_placeholders(business_name, context.initiative)
                finding = _finding(rubric, rule, evidence, values, context)
                found.append(((severity, index, rank), finding))
    found.sort(key=lambda item: item[0])
    return tuple(finding for _, finding in found)


def personal_data_text(rubric: Rubric, initiatives: Sequence[Initiative]) -> str:
    """Return the {personal_data} placeholder: which initiatives handle whose data, in the
    order given ("Support chatbot handles customer data", "Chatbot and Payroll handle
    customer and employee data"), so a finding can say why a review applies."""
    handling = [i for i in initiatives if i.area in rubric.personal_data_areas]
    if not handling:
        return "no initiative handles customer or employee data"
    names = [" ".join(i.name.split()) or i.id for i in handling]
    named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    whose = " and ".join(sorted({rubric.personal_data_areas[i.area] for i in handling}))
    return f"{named} {'handles' if len(names) == 1 else 'handle'} {whose} data"


def initiative_placeholders(business_name: str, initiative: Initiative) -> dict[str, str]:
    """Return the values of an initiative rule's text placeholders ({business}, {initiative},
    {area}, {missing_costs}): names on one line, the area in words, the cost items left
    unanswered."""
    costs = initiative.costs.model_dump()
    missing = [COST_LABELS[k] for k in COST_ITEMS if costs[k] is None]
    return {
        "business": " ".join(business_name.split()) or "your business",
        "initiative": " ".join(initiative.name.split()) or initiative.id,
        "area": initiative.area.replace("_", " "),
        "missing_costs": ", ".join(missing) or "none",
    }


def pitfall_flags(
    rubric: Rubric, findings: Sequence[Finding], initiative_id: str
) -> tuple[PitfallFlag, ...]:
    """Return the pitfalls the findings raise on one initiative, one flag per pitfall (the
    most severe finding's), in the rubric's pitfall order."""
    rules = {rule.id: rule for rule in rubric.findings}
    flags: dict[str, PitfallFlag] = {}
    for finding in findings:
        rule = rules[finding.rule_id]
        if finding.initiative_id != initiative_id or rule.pitfall is None:
            continue
        if rule.pitfall in flags:
            continue  # findings come most severe first
        spec = rubric.pitfalls[rule.pitfall]
        flags[rule.pitfall] = PitfallFlag(
            id=rule.pitfall,
            name=spec.name,
            severity=finding.severity,
            evidence=finding.evidence,
            source=source_ref(rubric, spec.source.document, spec.source.section),
        )
    order = list(rubric.pitfalls)
    return tuple(sorted(flags.values(), key=lambda f: order.index(f.id)))


def source_ref(rubric: Rubric, document: str, section: str) -> SourceRef:
    """Return the output form of a rubric source: the document's title, and the heading as
    citations show it (the capture's "●" separator read as a dash, as the knowledge base
    cleans it; the rubric keeps the heading verbatim so a test can find it in the source)."""
    return _source_ref(document, rubric.documents[document].title, section)


@functools.lru_cache(maxsize=512)
def _source_ref(document: str, title: str, section: str) -> SourceRef:
    # Immutable and shared: a rubric cites a few dozen passages, reports cite them often.
    shown = re.sub(r"\s*●\s*", " — ", section).strip(" —")
    return SourceRef(document=document, title=title, section=shown)


def _finding(
    rubric: Rubric,
    rule: FindingRule,
    evidence: list[Evidence],
    values: Mapping[str, str],
    context: InitiativeContext | None,
) -> Finding:
    next_step = rule.next_step
    if (
        context is not None
        and rule.next_step_after is not None
        and context.initiative.stage in _AFTER_PURCHASE
    ):
        next_step = rule.next_step_after
    unique: dict[tuple[str, str], Evidence] = {}
    for item in evidence:
        unique.setdefault((item.path, repr(item.value)), item)
    return Finding(
        id=rule.id if context is None else f"{rule.id}:{context.initiative.id}",
        rule_id=rule.id,
        severity=rule.severity,
        title=_shorten(rule.title.format_map(values), TITLE_MAX),
        evidence=tuple(unique.values()),
        why=_shorten(rule.why.format_map(values), TEXT_MAX),
        next_step=_shorten(next_step.format_map(values), TEXT_MAX),
        topic=rule.topic,
        initiative_id=None if context is None else context.initiative.id,
        source=source_ref(rubric, rule.source.document, rule.source.section),
    )


def _shorten(text: str, limit: int) -> str:
    """Return text cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"
