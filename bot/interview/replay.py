"""Scripted interviews: an answers file (or an `Assessment` JSON) replayed through the real
interview, as `alignbot interview --answers FILE` does.

The answers file is YAML shaped like the question bank: one key per section, holding the
answers by question name (the part of the id after the dot); repeated groups are lists::

    business: {name: Crumb & Co, size: 7 people, currency: EUR}
    objectives:
      - {statement: Grow online orders 20% by June, pillar: acquisition, target: 480 orders}
    checklist: {clear_strategy: yep, process_assessment: kind of, …}
    initiatives:
      - name: Online ordering
        cost_upfront: $12k
        kpis:
          - {name: online orders, baseline: 400, target: 480}
    people: {leadership: yes, …}

Answers are written the way a person types them ("$12k", "kind of", "end of Q2") and go
through the same parsing as typed answers. "Add another?" follows from the list lengths;
a gate (`detail`, `opt_in`) is opened when it is answered yes or when any question behind
it has an answer. A missing optional answer is skipped; a missing required one, an unknown
key, or an answer the interview refuses is an `AnswersFileError` naming file and key.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.interview.bank import Group, Placed, Question, QuestionBank
from bot.interview.errors import AnswersFileError
from bot.interview.fields import UNKNOWN
from bot.interview.service import Finished, InterviewService, Reply
from bot.interview.state import split_key
from bot.interview.views import Asked, Invalid, QuestionView
from evaluators.models import Assessment
from prompts.data_files import describe_errors, join_problems, parse_yaml, read_text

Scope = dict[str, Any]
MAX_STEPS = 500  # far above any real interview: a guard against a script that loops


@dataclass
class ReplayResult:
    """A replayed interview: its scored result, how many steps it took and how long, and
    the answers the interview never asked for (hidden by earlier answers)."""

    finished: Finished
    steps: int
    seconds: float
    unused: list[str] = field(default_factory=list)


def _name(question_id: str) -> str:
    return question_id.partition(".")[2]


def _collection_key(group: Group) -> str:
    return group.collection.rsplit(".", 1)[-1].removesuffix("[]")


def _as_text(value: Any) -> str:
    """A YAML value as the text a person would have typed."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _only_group(section_items: tuple[Question | Group, ...]) -> Group | None:
    only = section_items[0] if len(section_items) == 1 else None
    return only if isinstance(only, Group) else None


class AnswersScript:
    """A validated answers file: answers looked up by step; unused ones reported."""

    def __init__(self, bank: QuestionBank, data: Any, source: str) -> None:
        self.bank = bank
        self.source = source
        if not isinstance(data, dict):
            raise AnswersFileError(f"{source}: expected a mapping of sections to answers")
        self.sections: dict[str, Scope] = {}
        known = {s.id: s for s in bank.sections}
        for key, value in data.items():
            section = known.get(str(key))
            if section is None:
                raise AnswersFileError(
                    f"{source}: {key}: no such section; expected one of " + ", ".join(known)
                )
            group = _only_group(section.items)
            # A section that is one repeated group holds the list itself.
            scope = {_collection_key(group): value} if group is not None else value
            self._check_scope(scope, section.items, "" if group is not None else str(key))
            self.sections[section.id] = scope
        self.used: set[str] = set()

    def _check_scope(self, value: Any, items: tuple[Question | Group, ...], where: str) -> None:
        if not isinstance(value, dict):
            raise AnswersFileError(f"{self.source}: {where}: expected a mapping of answers")
        known: dict[str, Question | Group] = {
            (_collection_key(i) if isinstance(i, Group) else _name(i.id)): i for i in items
        }
        for key, answer in value.items():
            item = known.get(str(key))
            here = f"{where}.{key}" if where else str(key)
            if item is None:
                raise AnswersFileError(
                    f"{self.source}: {here}: no such question; expected one of " + ", ".join(known)
                )
            if isinstance(item, Group):
                self._check_list(answer, item, here)

    def _check_list(self, value: Any, group: Group, where: str) -> None:
        if not isinstance(value, list):
            raise AnswersFileError(f"{self.source}: {where}: expected a list of {group.title}s")
        if len(value) > group.max:
            raise AnswersFileError(
                f"{self.source}: {where}: at most {group.max} {group.title}s, got {len(value)}"
            )
        for i, item in enumerate(value, start=1):
            self._check_scope(item, group.items, f"{where}[{i}]")

    def _walk_to(
        self, section_id: str, groups: tuple[Group, ...], path: tuple[int, ...]
    ) -> tuple[Scope | None, str]:
        """The answers of the item at `path` in `groups` (or the section's own), and its
        name in the file ("initiatives[1].kpis[2]")."""
        section = self.bank.section(section_id)
        scope: Any = self.sections.get(section_id)
        where = "" if _only_group(section.items) is not None else section_id
        for depth, group in enumerate(groups):
            key = _collection_key(group)
            where = f"{where}.{key}[{path[depth]}]" if where else f"{key}[{path[depth]}]"
            items = scope.get(key) if isinstance(scope, dict) else None
            if not isinstance(items, list) or len(items) < path[depth]:
                return None, where
            scope = items[path[depth] - 1]
        return (scope if isinstance(scope, dict) else None), where

    def peek(self, placed: Placed, path: tuple[int, ...]) -> tuple[Any, str]:
        """The scripted value of a question (None when absent) and its name in the file."""
        scope, where = self._walk_to(placed.section.id, placed.groups, path)
        key = _name(placed.id)
        label = f"{where}.{key}" if where else key
        return (None if scope is None else scope.get(key)), label

    def answer(self, placed: Placed, path: tuple[int, ...]) -> tuple[str | None, str]:
        """The scripted answer as text, marked used (None when absent), and its name."""
        value, label = self.peek(placed, path)
        self.used.add(label)
        return (None if value is None else _as_text(value)), label

    def count(
        self, group: Group, section_id: str, parents: tuple[Group, ...], path: tuple[int, ...]
    ) -> int:
        """How many items of `group` the script lists inside the item at `path`."""
        scope, _ = self._walk_to(section_id, parents, path)
        items = scope.get(_collection_key(group)) if scope else None
        return len(items) if isinstance(items, list) else 0

    def gated_answered(self, gate: Placed, path: tuple[int, ...]) -> bool:
        """True when any question behind `gate` has an answer in the script."""
        behind = [
            p
            for p in self.bank.placed()
            if p.groups == gate.groups and any(c.question == gate.id for c in p.question.when)
        ]
        return any(self.peek(p, path)[0] is not None for p in behind)

    def unused(self) -> list[str]:
        """Scripted answers the interview never asked for (hidden by other answers)."""
        found: list[str] = []

        def visit(scope: Scope, where: str) -> None:
            for key, value in scope.items():
                here = f"{where}.{key}" if where else str(key)
                if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                    for i, item in enumerate(value, start=1):
                        visit(item, f"{here}[{i}]")
                elif here not in self.used:
                    found.append(here)

        for section_id, scope in self.sections.items():
            section = self.bank.section(section_id)
            visit(scope, "" if _only_group(section.items) is not None else section_id)
        return found


def load_script(path: Path, bank: QuestionBank) -> AnswersScript:
    """Read an answers file (YAML), or an `Assessment` as JSON (converted to answers)."""
    name = str(path)
    text = read_text(path, AnswersFileError, name=name)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            assessment = Assessment.model_validate_json(text)
        except ValidationError as exc:
            problems = (f"not a valid Assessment: {p}" for p in describe_errors(exc))
            raise AnswersFileError(join_problems(name, problems)) from None
        return AnswersScript(bank, answers_from_assessment(bank, assessment), name)
    return AnswersScript(bank, parse_yaml(text, AnswersFileError, name=name) or {}, name)


def replay(
    service: InterviewService, script: AnswersScript, *, team_id: str, user_id: str
) -> ReplayResult:
    """Run a fresh interview for (team, user) answering from `script`; returns when it is
    scored. Each answer goes through parsing, the store and, at the end, the scorer."""
    started = time.perf_counter()
    reply: Reply = service.restart(team_id, user_id)
    steps = 0
    label, raw = "", ""
    while isinstance(reply, Asked | Invalid):
        if isinstance(reply, Invalid):
            example = f" (e.g. {reply.example})" if reply.example else ""
            raise AnswersFileError(f"{script.source}: {label}: {raw!r}: {reply.message}{example}")
        if steps > MAX_STEPS:  # pragma: no cover - a bank bug, not a user error
            raise AnswersFileError(f"{script.source}: the interview did not finish")
        question = reply.question
        scripted, label = _scripted(service.bank, script, question)
        steps += 1
        if scripted is None:
            if not question.can_skip:
                hint = "; write 'don't know' if unsure" if question.unknown_allowed else ""
                raise AnswersFileError(
                    f"{script.source}: {label}: no answer, and this question is required{hint}"
                )
            reply = service.skip(team_id, user_id, question.id)
        else:
            raw = scripted
            reply = service.answer(team_id, user_id, question.id, scripted)
    if not isinstance(reply, Finished):  # pragma: no cover - the main bank is scored
        raise AnswersFileError(f"{script.source}: the interview was not scored")
    return ReplayResult(
        finished=reply,
        steps=steps,
        seconds=time.perf_counter() - started,
        unused=script.unused(),
    )


def _scripted(
    bank: QuestionBank, script: AnswersScript, question: QuestionView
) -> tuple[str | None, str]:
    """The scripted answer for the question shown, and its name in the file."""
    question_id, path = split_key(question.id)
    if question_id.endswith(".another"):
        group = bank.group(question_id.removesuffix(".another"))
        key = bank.question(_key_id(group))
        parents = key.groups[:-1]
        listed = script.count(group, key.section.id, parents, path[:-1])
        return ("yes" if listed > path[-1] else "no"), f"{group.title} {path[-1]}: add another"
    placed = bank.question(question_id)
    raw, label = script.answer(placed, path)
    if placed.question.type == "gate" and raw is None:
        return ("yes" if script.gated_answered(placed, path) else "no"), label
    return raw, label


def _key_id(group: Group) -> str:
    first = group.items[0]
    assert isinstance(first, Question)  # the bank loader guarantees it
    return first.id


# --- Assessment -> answers ------------------------------------------------------------------


def answers_from_assessment(bank: QuestionBank, assessment: Assessment) -> Scope:
    """Return the answers file that replays to `assessment` (objectives and initiatives
    get the interview's ids `obj1`, `init1`, … in their order)."""
    data = assessment.model_dump(mode="json")
    objective_numbers = {o["id"]: i for i, o in enumerate(data.get("objectives", []), start=1)}
    out: Scope = {}
    for section in bank.sections:
        only = section.items[0] if len(section.items) == 1 else None
        if isinstance(only, Group):
            items = _items_for(only, data, objective_numbers)
            if items:
                out[section.id] = items
        else:
            scope = _scope_for(section.items, data, objective_numbers)
            if scope:
                out[section.id] = scope
    return out


def _items_for(group: Group, parent: dict[str, Any], objectives: dict[str, int]) -> list[Scope]:
    name = group.collection.rsplit(".", 1)[-1].removesuffix("[]")
    return [_scope_for(group.items, item, objectives) for item in parent.get(name) or []]


def _scope_for(
    items: tuple[Question | Group, ...], data: dict[str, Any], objectives: dict[str, int]
) -> Scope:
    scope: Scope = {}
    gates: dict[str, Question] = {}
    for item in items:
        if isinstance(item, Group):
            listed = _items_for(item, data, objectives)
            if listed:
                scope[_collection_key(item)] = listed
            continue
        if item.type == "gate":
            gates[item.id] = item
            continue
        value = _value_at(data, item.field or "")
        if item.field and item.field.endswith("kpis[].direction") and _direction_follows(data):
            continue  # the interview infers it from baseline and target
        raw = _raw_for(item, value, data, objectives)
        if raw is not None:
            scope[_name(item.id)] = raw
    for gate_id, gate in gates.items():
        behind = [
            i
            for i in items
            if isinstance(i, Question) and any(c.question == gate_id for c in i.when)
        ]
        scope[_name(gate.id)] = "yes" if any(_name(i.id) in scope for i in behind) else "no"
    return scope


def _direction_follows(kpi: dict[str, Any]) -> bool:
    """True when a KPI's direction follows from its baseline and target (not asked)."""
    return kpi.get("baseline") is not None and kpi.get("target") is not None


def _value_at(data: dict[str, Any], path: str) -> Any:
    """The value at a field path, relative to the item `data` when the path is in a group
    ("initiatives[].costs.upfront" on an initiative reads costs.upfront)."""
    value: Any = data
    for part in path.rsplit("[].", 1)[-1].split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _raw_for(  # noqa: PLR0911 - one case per answer type
    question: Question, value: Any, data: dict[str, Any], objectives: dict[str, int]
) -> str | None:
    if value is None or value in ("", []):
        return None
    if value == UNKNOWN:
        return "don't know"
    kind = question.type
    if kind == "multi":
        numbers = [objectives[i] for i in value if i in objectives]
        return ", ".join(f"obj{n}" for n in numbers) if numbers else "none"
    if kind == "number" and question.unit_field:
        unit = _value_at(data, question.unit_field) or ""
        number = _as_text(value)
        return f"{number}%" if unit == "%" else f"{number} {unit}".strip()
    if kind == "duration":
        return f"{_as_text(value)} days"
    if kind == "percent":
        return f"{_as_text(value)}%"
    if kind == "choice":
        for option in question.options:
            if option.stored == value:
                return option.id
    return _as_text(value)
