"""Building the `Assessment` from an interview's answers.

Only the steps the interview shows count (an answer hidden by a later change of mind stays
stored but is not used). "Don't know" becomes the field's unknown value ("unknown" or
None); a skipped question leaves the model's default. Objectives and initiatives get ids
from their item numbers (`obj1`, `init2`); an item whose naming question was answered
"don't know" is left out. A KPI's direction, when not asked, follows from its baseline and
target (a target below the baseline means lower is better).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from bot.interview.bank import QuestionBank
from bot.interview.fields import FieldSpec
from bot.interview.state import Answer
from bot.interview.walk import Step, walk
from evaluators.models import Assessment

Tree = dict[str, Any]


def _choice_value(step: Step, value: Any) -> Any:
    assert step.placed is not None
    for option in step.placed.options():
        if option.id == value:
            return option.stored
    return value


def _number_value(step: Step, value: Any) -> Any:
    assert step.placed is not None
    if isinstance(value, dict):
        return value.get("value")
    return int(value) if step.placed.question.integer else value


_CONVERT = {
    "choice": _choice_value,
    "multi": lambda _step, value: tuple(value or ()),
    "list": lambda _step, value: tuple(value or ()),
    "date": lambda _step, value: date.fromisoformat(value),
    "number": _number_value,
}


def _convert(step: Step, answer: Answer, spec: FieldSpec) -> Any:
    """Return the Assessment value of a stored answer."""
    assert step.placed is not None
    if answer.state == "unknown":
        return spec.unknown_value
    convert = _CONVERT.get(step.placed.question.type)
    return answer.value if convert is None else convert(step, answer.value)


def _slot(tree: Tree, path: str, items: tuple[int, ...]) -> tuple[Tree, str]:
    """Return (the dict holding the path's last segment, that segment's name), creating
    the nested dicts and the numbered items on the way."""
    parts = path.split(".")
    node = tree
    depth = 0
    for part in parts[:-1]:
        name = part.removesuffix("[]")
        if part.endswith("[]"):
            collection = node.setdefault(name, {})
            node = collection.setdefault(items[depth], {})
            depth += 1
        else:
            node = node.setdefault(name, {})
    return node, parts[-1].removesuffix("[]")


def _collections_to_lists(node: Any, bank: QuestionBank, prefix: str = "") -> Any:
    """Turn the {item number: item} dicts into lists, in item order, with ids added."""
    if not isinstance(node, dict):
        return node
    out: Tree = {}
    for name, value in node.items():
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
            group = _group_for(bank, path)
            items = []
            for number in sorted(value):
                item = _collections_to_lists(value[number], bank, path + "[]")
                if group is not None and group.id_prefix:
                    item = {"id": f"{group.id_prefix}{number}", **item}
                items.append(item)
            out[name] = items
        else:
            out[name] = _collections_to_lists(value, bank, path)
    return out


def _group_for(bank: QuestionBank, collection: str) -> Any:
    for placed in bank.placed():
        for group in placed.groups:
            if group.collection == collection:
                return group
    return None


def build_assessment(bank: QuestionBank, answers: Mapping[str, Answer]) -> Assessment:
    """Return the Assessment the answers describe (see the module docstring); pydantic's
    `ValidationError` if two answers contradict the model (the engine checks each answer
    so that this does not happen)."""
    steps = walk(bank, answers)
    return build_from_steps(bank, steps, answers)


def build_from_steps(
    bank: QuestionBank, steps: list[Step], answers: Mapping[str, Answer]
) -> Assessment:
    """Like `build_assessment`, for steps already laid out by `walk`."""
    return Assessment.model_validate(_target_data(bank, steps, answers))


def build_target(bank: QuestionBank, steps: list[Step], answers: Mapping[str, Answer]) -> BaseModel:
    """Return the bank's `target` model filled from the answers (the Assessment for the
    main bank, the pulse's answers for a team pulse); pydantic's `ValidationError` when two
    answers contradict it. The engine checks every answer with this."""
    return bank.target.model_validate(_target_data(bank, steps, answers))


def _target_data(bank: QuestionBank, steps: list[Step], answers: Mapping[str, Answer]) -> Tree:
    tree: Tree = {}
    named_items: set[tuple[str, tuple[int, ...]]] = set()
    for step in steps:
        placed = step.placed
        if placed is None or placed.field is None:
            continue
        answer = answers.get(step.key)
        if answer is None:
            continue
        if placed.is_key:
            if not answer.known:
                continue
            named_items.add((placed.groups[-1].collection, step.path))
        if answer.state == "skipped":
            continue
        node, name = _slot(tree, placed.field.path, step.path)
        node[name] = _convert(step, answer, placed.field)
        if placed.unit_field is not None and isinstance(answer.value, dict):
            unit = str(answer.value.get("unit") or "")
            unit_node, unit_name = _slot(tree, placed.unit_field.path, step.path)
            if unit or unit_name not in unit_node:
                unit_node[unit_name] = unit or None
    _drop_unnamed(tree, named_items)
    data: Tree = _collections_to_lists(tree, bank)
    _finish_items(data)
    return data


def _drop_unnamed(tree: Tree, named: set[tuple[str, tuple[int, ...]]]) -> None:
    def prune(node: Any, prefix: str, path: tuple[int, ...]) -> None:
        if not isinstance(node, dict):
            return
        for name, value in list(node.items()):
            collection = f"{prefix}.{name}" if prefix else name
            if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
                for number in list(value):
                    if (collection, (*path, number)) not in named:
                        del value[number]
                    else:
                        prune(value[number], collection + "[]", (*path, number))
                if not value:
                    del node[name]
            else:
                prune(value, collection, path)

    prune(tree, "", ())


def _finish_items(data: Tree) -> None:
    objective_ids = {o["id"] for o in data.get("objectives", [])}
    for initiative in data.get("initiatives", []):
        if "objective_ids" in initiative:
            initiative["objective_ids"] = tuple(
                i for i in initiative["objective_ids"] if i in objective_ids
            )
        for kpi in initiative.get("kpis", []):
            if kpi.get("unit") is None:
                kpi.pop("unit", None)
            if "direction" not in kpi or kpi["direction"] is None:
                base, target = kpi.get("baseline"), kpi.get("target")
                kpi["direction"] = (
                    "down" if base is not None and target is not None and target < base else "up"
                )
    for objective in data.get("objectives", []):
        if objective.get("target_unit") is None:
            objective.pop("target_unit", None)
