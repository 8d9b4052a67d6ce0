"""Alignment over time, as pure data: every stored evaluation of a person as one point
(overall score, band, maturity level, each dimension), and what changed between two
consecutive assessments: the answers that moved, the findings resolved and the new ones.

Pure: records in, a `History` out; no store, no Slack, no clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.store import EvaluationRecord
from evaluators import Evaluation

Scalar = str | int | float | bool | None


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DimensionPoint(_Frozen):
    """One dimension's score in one assessment."""

    id: str
    label: str
    score: float


class HistoryPoint(_Frozen):
    """One assessment: when, its overall score and band, maturity level, and dimensions."""

    evaluation_id: int
    at: datetime
    score: float
    band: str
    maturity_level: int
    maturity_name: str
    dimensions: tuple[DimensionPoint, ...]


class AnswerMove(_Frozen):
    """One answer that differs between two assessments (None: not given that time)."""

    path: str
    before: Scalar
    after: Scalar


class FindingRef(_Frozen):
    """A finding by its stable id and its title."""

    id: str
    title: str
    severity: str


class Change(_Frozen):
    """What changed from one assessment (`before`) to the next (`after`)."""

    before: int
    after: int
    score_delta: float
    maturity_before: int
    maturity_after: int
    dimension_deltas: tuple[DimensionPoint, ...]
    answers_moved: tuple[AnswerMove, ...]
    findings_resolved: tuple[FindingRef, ...]
    findings_new: tuple[FindingRef, ...]


class History(_Frozen):
    """A person's assessments, oldest first, and the change between each consecutive pair."""

    points: tuple[HistoryPoint, ...]
    changes: tuple[Change, ...]

    @property
    def latest_change(self) -> Change | None:
        """The change into the latest assessment, or None before a second one."""
        return self.changes[-1] if self.changes else None


def build_history(records: Iterable[EvaluationRecord]) -> History:
    """Return the history of `records` (any order): points oldest first, and one `Change`
    per consecutive pair, so the owner sees what moved and why the score did. A record
    that no longer reads as an Evaluation (an old format) is left out."""
    ordered = sorted(records, key=lambda r: (r.created_at, r.id))
    parsed = [(r, ev) for r in ordered if (ev := _readable(r)) is not None]
    points = tuple(_point(record, ev) for record, ev in parsed)
    changes = tuple(_change(old, new) for old, new in itertools.pairwise(parsed))
    return History(points=points, changes=changes)


def _readable(record: EvaluationRecord) -> Evaluation | None:
    # An evaluation stored in a format this code no longer reads is left out, not fatal.
    try:
        return Evaluation.model_validate(record.evaluation)
    except ValidationError:
        return None


def _point(record: EvaluationRecord, ev: Evaluation) -> HistoryPoint:
    return HistoryPoint(
        evaluation_id=record.id,
        at=record.created_at,
        score=ev.score,
        band=ev.band.label,
        maturity_level=ev.maturity.level,
        maturity_name=ev.maturity.name,
        dimensions=tuple(
            DimensionPoint(id=d.id, label=d.label, score=d.score) for d in ev.dimensions
        ),
    )


def _change(
    old: tuple[EvaluationRecord, Evaluation], new: tuple[EvaluationRecord, Evaluation]
) -> Change:
    (old_record, old_ev), (new_record, new_ev) = old, new
    before_dims = {d.id: d.score for d in old_ev.dimensions}
    deltas = tuple(
        DimensionPoint(id=d.id, label=d.label, score=round(d.score - before_dims.get(d.id, 0), 1))
        for d in new_ev.dimensions
    )
    old_findings = {f.id: f for f in old_ev.findings}
    new_findings = {f.id: f for f in new_ev.findings}
    return Change(
        before=old_record.id,
        after=new_record.id,
        score_delta=round(new_ev.score - old_ev.score, 1),
        maturity_before=old_ev.maturity.level,
        maturity_after=new_ev.maturity.level,
        dimension_deltas=deltas,
        answers_moved=diff_answers(old_record.assessment, new_record.assessment),
        findings_resolved=_refs(old_findings, new_findings),
        findings_new=_refs(new_findings, old_findings),
    )


def _refs(present: Mapping[str, Any], absent: Mapping[str, Any]) -> tuple[FindingRef, ...]:
    # Strengths are not problems: one disappearing is not "resolved", one appearing not "new".
    return tuple(
        FindingRef(id=f.id, title=f.title, severity=f.severity)
        for key, f in sorted(present.items())
        if key not in absent and f.severity != "strength"
    )


def diff_answers(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[AnswerMove, ...]:
    """Return the answers that differ between two assessments (as stored JSON), by field
    path, sorted by path: objectives and initiatives are matched by id, not position."""
    old, new = flatten(before), flatten(after)
    return tuple(
        AnswerMove(path=path, before=old.get(path), after=new.get(path))
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path)
    )


def flatten(data: Any, prefix: str = "") -> dict[str, Scalar]:
    """Return a JSON document as {field path: scalar}; a list of objects with ids becomes
    `name[id].field`, a list of scalars one comma-joined value."""
    if isinstance(data, Mapping):
        out: dict[str, Scalar] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, Sequence) and not isinstance(data, str):
        if all(isinstance(item, Mapping) for item in data):
            out = {}
            for index, item in enumerate(data):
                ident = item.get("id") or item.get("name") or index
                out.update(flatten(item, f"{prefix}[{ident}]"))
            return out
        return {prefix: ", ".join(str(item) for item in data)} if data else {}
    return {prefix: data}
