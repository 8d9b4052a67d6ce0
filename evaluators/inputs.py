"""Reading an `Assessment` from JSON, with every problem described on one line a person can act
on: where (a field path such as `initiatives[0].integration`) and what is expected."""

from __future__ import annotations

import json

from pydantic import ValidationError

from evaluators.errors import AssessmentError
from evaluators.models import Assessment
from prompts.data_files import format_location

_MAX_SHOWN = 20


def parse_assessment(text: str | bytes, *, source: str = "input") -> Assessment:
    """Return the Assessment in `text` (JSON); raise `AssessmentError` listing every problem
    (invalid JSON, a wrong value, an unknown field, an objective id no objective has, nothing
    to assess at all) with its field path."""
    problems: tuple[str, ...] = ()
    assessment = None
    try:
        assessment = Assessment.model_validate_json(text)
    except ValidationError as exc:
        problems = describe_problems(exc)
    problems = _summarised((*problems, *_refusals(text)))
    if problems or assessment is None:
        count = len(problems)
        raise AssessmentError(
            f"{source} is not a valid assessment ({count} problem{'s' if count != 1 else ''})",
            problems,
        )
    return assessment


def _refusals(text: str | bytes) -> tuple[str, ...]:
    """Problems the models accept but a scored report must not: an assessment with neither
    objectives nor initiatives (a 0/100 report of nothing), and an initiative naming an
    objective id that no objective has. Read from the raw JSON, so they are listed next to
    any other problem."""
    try:
        data = json.loads(text)
    except ValueError:
        return ()  # the JSON syntax error is already reported
    if not isinstance(data, dict):
        return ()
    objectives = data.get("objectives") or []
    initiatives = data.get("initiatives") or []
    if not isinstance(objectives, list) or not isinstance(initiatives, list):
        return ()
    problems = []
    if not objectives and not initiatives:
        problems.append(
            "assessment: nothing to assess: give at least one objective (objectives) or one "
            "initiative (initiatives); `alignbot score --schema` shows the format"
        )
    ids = [o.get("id") for o in objectives if isinstance(o, dict)]
    known = ", ".join(str(i) for i in ids if isinstance(i, str)) or "none"
    for i, initiative in enumerate(initiatives):
        links = initiative.get("objective_ids") if isinstance(initiative, dict) else None
        if not isinstance(links, list):
            continue
        for j, link in enumerate(links):
            if isinstance(link, str) and link not in ids:
                problems.append(
                    f"initiatives[{i}].objective_ids[{j}]: no objective has the id {link!r} "
                    f"(objective ids: {known})"
                )
    return tuple(problems)


def describe_problems(exc: ValidationError) -> tuple[str, ...]:
    """Return one line per validation error: "field.path: what is wrong (got VALUE)"."""
    lines = []
    for err in exc.errors(include_url=False):
        where = format_location(tuple(err["loc"])) or "assessment"
        kind = err["type"]
        message = str(err["msg"]).removeprefix("Value error, ")
        if kind == "json_invalid":
            lines.append(f"{message}. Check the JSON syntax near that place.")
            continue
        if kind == "extra_forbidden":
            lines.append(f"{where}: unknown field (check its spelling; --schema lists them all)")
            continue
        if kind == "missing":
            lines.append(f"{where}: required, but missing")
            continue
        got = err.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {_short(got)})"
        lines.append(f"{where}: {message}{shown}")
    return tuple(lines)


def _summarised(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The first `_MAX_SHOWN` problems and how many more there are."""
    if len(lines) <= _MAX_SHOWN:
        return lines
    return (*lines[:_MAX_SHOWN], f"... and {len(lines) - _MAX_SHOWN} more")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
