"""Reading the YAML data files alignbot is driven by (the question bank, the rubric, the
vocabulary bridge, answers files) into pydantic models: one loader, and every problem
reported at once, each with the file and the field path, so a person editing a file fixes
it in one pass."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from prompts.errors import AlignbotError

Model = TypeVar("Model", bound=BaseModel)


def format_location(loc: Iterable[int | str], *, skip: Collection[str] = ()) -> str:
    """Return a pydantic error location as a field path: ("a", 0, "b") -> "a[0].b". Parts
    in `skip` (the tags of a discriminated union) are left out."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in skip:
            path += f".{part}" if path else str(part)
    return path


def describe_errors(exc: ValidationError, *, skip: Collection[str] = ()) -> list[str]:
    """Return every validation error as "field.path: message" ("top level: …" for the
    document itself)."""
    problems = []
    for err in exc.errors():
        where = format_location(err["loc"], skip=skip) or "top level"
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {message}")
    return problems


def read_text(path: Path, error: type[AlignbotError], *, name: str | None = None) -> str:
    """Return the text of `path`; an unreadable or binary file raises `error` naming it."""
    name = name or str(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError:
        raise error(f"{name}: is not a text file") from None


def parse_yaml(text: str, error: type[AlignbotError], *, name: str) -> Any:
    """Return the parsed YAML `text` of the file `name`; bad YAML raises `error` naming the
    file, the line and the column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark is not None else ""
        raise error(f"{name}:{where} not valid YAML") from None


def read_yaml(path: Path, error: type[AlignbotError], *, name: str | None = None) -> Any:
    """Return the parsed YAML of the file `path` (see `read_text` and `parse_yaml`)."""
    name = name or str(path)
    return parse_yaml(read_text(path, error, name=name), error, name=name)


def validate_model(
    data: Any,
    model: type[Model],
    error: type[AlignbotError],
    *,
    name: str,
    skip: Collection[str] = (),
) -> Model:
    """Return `data` validated as `model`; every problem raises one `error` listing them all,
    each as "name: field.path: message"."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(join_problems(name, describe_errors(exc, skip=skip))) from None


def load_yaml_model(
    path: Path,
    model: type[Model],
    error: type[AlignbotError],
    *,
    name: str | None = None,
    skip: Collection[str] = (),
) -> Model:
    """Return the YAML file `path` validated as `model` (see `read_yaml`, `validate_model`)."""
    name = name or str(path)
    return validate_model(read_yaml(path, error, name=name), model, error, name=name, skip=skip)


def join_problems(name: str, problems: Iterable[str]) -> str:
    """Return the problems of the file `name` as one message: "name: a; name: b"."""
    return "; ".join(f"{name}: {problem}" for problem in problems)
