"""Reading an `Assessment` from JSON, with every problem described on one line a person can act
on: where (a field path such as `initiatives[0].integration`) and what is expected."""

from __future__ import annotations

from pydantic import ValidationError

from evaluators.errors import AssessmentError
from evaluators.models import Assessment
from prompts.data_files import format_location

_MAX_SHOWN = 20


def parse_assessment(text: str | bytes, *, source: str = "input") -> Assessment:
    """Return the Assessment in `text` (JSON); raise `AssessmentError` listing every problem
    (invalid JSON, a wrong value, an unknown field) with its field path."""
    try:
        return Assessment.model_validate_json(text)
    except ValidationError as exc:
        problems = describe_problems(exc)
        count = len(problems)
        raise AssessmentError(
            f"{source} is not a valid assessment ({count} problem{'s' if count != 1 else ''})",
            problems,
        ) from exc


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
    if len(lines) > _MAX_SHOWN:
        hidden = len(lines) - _MAX_SHOWN
        lines = [*lines[:_MAX_SHOWN], f"... and {hidden} more"]
    return tuple(lines)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
