"""Field paths into the `Assessment` model: resolving them, and checking values against them.

A path is dotted, with `[]` for "the current item" of a repeated collection:
`business.size_band`, `objectives[].deadline`, `initiatives[].kpis[].baseline`. The question
bank names one per question; the bank's loader resolves every path, so a typo fails at load.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticUndefined

from evaluators.models import Assessment

UNKNOWN = "unknown"


@dataclass(frozen=True)
class FieldSpec:
    """What a path points at: its type and what counts as "not known" there."""

    path: str
    annotation: Any
    depth: int  # how many "[]" the path has
    allows_none: bool
    literals: tuple[str, ...]  # the allowed values when the field is a Literal
    has_default: bool
    default: Any
    base: type | None  # str, float, int, date, tuple or a model; None when mixed

    @property
    def allows_unknown(self) -> bool:
        """True when "don't know" can be stored: as None, as "unknown" or as the default."""
        return self.allows_none or UNKNOWN in self.literals or self.has_default

    @property
    def unknown_value(self) -> Any:
        """The value that stands for "don't know" in this field."""
        if UNKNOWN in self.literals:
            return UNKNOWN
        if self.allows_none:
            return None
        return self.default


def _strip(annotation: Any) -> tuple[Any, bool]:
    """Return (annotation without Optional/Annotated, whether None was allowed)."""
    allows_none = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            allows_none = allows_none or len(members) < len(get_args(annotation))
            if len(members) != 1:
                return annotation, allows_none
            annotation = members[0]
        else:
            return annotation, allows_none


def _element_model(annotation: Any) -> type[BaseModel] | None:
    stripped, _ = _strip(annotation)
    if get_origin(stripped) is tuple:
        stripped, _ = _strip(get_args(stripped)[0])
    if isinstance(stripped, type) and issubclass(stripped, BaseModel):
        return stripped
    return None


@cache
def resolve(path: str, root: type[BaseModel] = Assessment) -> FieldSpec:
    """Return the spec of `path` on `root` (default `Assessment`); `KeyError` names the
    first segment that does not exist."""
    model: type[BaseModel] = root
    parts = path.split(".")
    depth = 0
    for i, part in enumerate(parts):
        name = part.removesuffix("[]")
        field = model.model_fields.get(name)
        if field is None:
            raise KeyError(f"{'.'.join(parts[: i + 1])!r} is not a field of the Assessment")
        last = i == len(parts) - 1
        if part.endswith("[]"):
            depth += 1
            stripped, _ = _strip(field.annotation)
            if get_origin(stripped) is not tuple:
                raise KeyError(f"{'.'.join(parts[: i + 1])!r} is not a list")
        if last:
            annotation: Any = field.annotation
            if field.metadata:  # pydantic moves Annotated constraints into the metadata
                annotation = Annotated[(annotation, *field.metadata)]
            if part.endswith("[]"):
                annotation = get_args(_strip(annotation)[0])[0]
            stripped, allows_none = _strip(annotation)
            literals: tuple[str, ...] = ()
            if get_origin(stripped) is Literal:
                literals = tuple(str(v) for v in get_args(stripped))
                base: type | None = str
            elif get_origin(stripped) is tuple:
                base = tuple
            elif isinstance(stripped, type):
                base = stripped
            else:
                base = None
            has_default = field.default is not PydanticUndefined and not part.endswith("[]")
            return FieldSpec(
                path=path,
                annotation=annotation,
                depth=depth,
                allows_none=allows_none,
                literals=literals,
                has_default=has_default,
                default=field.default if has_default else None,
                base=base,
            )
        element = _element_model(field.annotation)
        if element is None:
            raise KeyError(f"{'.'.join(parts[: i + 1])!r} has no fields")
        model = element
    raise KeyError(path)  # pragma: no cover - the loop always returns for a non-empty path


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def check_value(spec: FieldSpec, value: Any) -> Any:
    """Return `value` validated against the field's own type and constraints (length,
    range); raises pydantic's `ValidationError` when it does not fit."""
    return _adapter(spec.annotation).validate_python(value)


def is_date_field(spec: FieldSpec) -> bool:
    """True when the field holds a date."""
    return spec.base is date
