"""Reading team pulse answers written by hand (`alignbot team FILE.yaml`): a YAML list, one
item per person, naming objectives and initiatives by number (as the owner's report lists
them) or by id::

    - priorities: [1, 3, something else]
      other: hiring a second baker   # what "something else" is (shown only as shared themes)
      ratings: {1: 4, 2: 2}          # initiative number (or id): 1-5
      ready: {1: partly, 2: no}      # yes / partly / no / don't know
      knows_kpi: yes                 # yes / no / unsure
      involvement: 3                 # 1-5

Every problem is reported at once, each with the person's number and the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from bot.team.errors import TeamError
from evaluators.team_models import SOMETHING_ELSE, PulseResponse, TeamInput
from prompts.data_files import describe_errors

_UNKNOWN = {"don't know": "unknown", "dont know": "unknown", "unknown": "unknown", "idk": "unknown"}


def _pick(value: Any, ids: Sequence[str], what: str) -> str:
    """The id `value` names: a 1-based number or an id."""
    text = str(value).strip().lower()
    if text.isdigit() and 1 <= int(text) <= len(ids):
        return ids[int(text) - 1]
    if str(value) in ids:
        return str(value)
    raise ValueError(f"{value!r} is not one of the {what} (1-{len(ids)} or an id)")


def _person(item: Any, owner: TeamInput) -> PulseResponse:
    if not isinstance(item, dict):
        raise ValueError("each person is a mapping (priorities, ratings, ready, ...)")
    objectives = [o.id for o in owner.objectives]
    initiatives = [i.id for i in owner.initiatives]
    priorities = [
        SOMETHING_ELSE
        if str(p).strip().lower().replace(" ", "_") == SOMETHING_ELSE
        else _pick(p, objectives, "objectives")
        for p in item.get("priorities") or []
    ]
    ratings = {
        _pick(k, initiatives, "initiatives"): v for k, v in (item.get("ratings") or {}).items()
    }
    ready = {
        _pick(k, initiatives, "initiatives"): _UNKNOWN.get(
            str(v).strip().lower(), str(v).strip().lower()
        )
        for k, v in (item.get("ready") or {}).items()
    }
    knows = item.get("knows_kpi")
    return PulseResponse.model_validate(
        {
            "priorities": priorities,
            "other_priority": str(item.get("other") or "") if SOMETHING_ELSE in priorities else "",
            "ratings": ratings,
            "readiness": ready,
            "knows_kpi": None if knows is None else {True: "yes", False: "no"}.get(knows, knows),
            "involvement": item.get("involvement"),
        }
    )


def parse_responses(data: Any, owner: TeamInput, *, name: str) -> list[PulseResponse]:
    """Return the pulse answers of the YAML `data`, checked against the owner's objectives
    and initiatives; `TeamError` lists every problem ("name: person 2: ...")."""
    if not isinstance(data, list):
        raise TeamError(f"{name}: write one item per person (a YAML list)")
    answers, problems = [], []
    for number, item in enumerate(data, start=1):
        try:
            answers.append(_person(item, owner))
        except ValidationError as exc:
            problems += [f"person {number}: {p}" for p in describe_errors(exc)]
        except ValueError as exc:
            problems.append(f"person {number}: {exc}")
    if problems:
        raise TeamError("; ".join(f"{name}: {p}" for p in problems))
    return answers
