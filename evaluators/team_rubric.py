"""The team rubric: the anonymity threshold, the owner's 1-5 rating cuts and the team
finding rules, as validated data (`evaluators/team_rubric.yaml`). A broken file fails at
load with a `RubricError` naming the file and the field."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evaluators.errors import RubricError
from evaluators.results import Severity
from evaluators.rubric import Document, DocumentKey, Key, Source, Text
from prompts.data_files import read_yaml, validate_model

DEFAULT_TEAM_RUBRIC = Path(__file__).with_name("team_rubric.yaml")

# Never fewer: with two respondents each one's answers follow from the other's and the total.
ANONYMITY_FLOOR = 3

TeamMetric = Literal["priority_agreement", "kpi_known_share", "involvement_median"]
InitiativeMetric = Literal["spread", "gap", "ready_no", "median"]
METRICS: dict[str, frozenset[str]] = {
    "team": frozenset({"priority_agreement", "kpi_known_share", "involvement_median"}),
    "initiative": frozenset({"spread", "gap", "ready_no", "median"}),
}
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "team": frozenset({"business", "agreement", "share", "median", "respondents"}),
}
PLACEHOLDERS["initiative"] = PLACEHOLDERS["team"] | {"initiative", "owner", "spread"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Anonymity(_Strict):
    """How many respondents it takes before the owner sees anything (never below 3)."""

    min_respondents: Annotated[int, Field(ge=ANONYMITY_FLOOR, le=1000)] = ANONYMITY_FLOOR


class TeamFindingRule(_Strict):
    """A team finding raised when `metric` is below `below` or at least `at_least`."""

    id: Key
    scope: Literal["team", "initiative"]
    metric: str
    below: float | None = None
    at_least: float | None = None
    severity: Severity
    title: Annotated[str, Field(min_length=1, max_length=120)]
    why: Annotated[str, Field(min_length=1, max_length=400)]
    next_step: Text
    topic: Annotated[str, Field(min_length=3, max_length=120)]
    source: Source

    @model_validator(mode="after")
    def _one_threshold(self) -> TeamFindingRule:
        if (self.below is None) == (self.at_least is None):
            raise ValueError("give exactly one of `below` and `at_least`")
        if self.metric not in METRICS[self.scope]:
            allowed = ", ".join(sorted(METRICS[self.scope]))
            raise ValueError(f"unknown {self.scope} metric {self.metric!r} (allowed: {allowed})")
        allowed_names = PLACEHOLDERS[self.scope]
        for field in ("title", "why", "next_step"):
            names = {n for _, n, _, _ in string.Formatter().parse(getattr(self, field)) if n}
            if names - allowed_names:
                unknown = ", ".join(sorted(names - allowed_names))
                raise ValueError(f"{field}: unknown placeholder(s) {unknown}")
        return self

    def holds(self, value: float | None) -> bool:
        """True when the metric's `value` meets this rule's threshold (never for None)."""
        if value is None:
            return False
        if self.below is not None:
            return value < self.below
        return self.at_least is not None and value >= self.at_least


class Themes(_Strict):
    """How the team's free text is read into themes (`evaluators.themes`): words shorter
    than `min_length` and the stop words are left out; at most `limit` themes are shown."""

    min_length: Annotated[int, Field(ge=1, le=10)] = 3
    limit: Annotated[int, Field(ge=1, le=20)] = 5
    stop_words: tuple[Annotated[str, Field(min_length=1, max_length=30)], ...] = ()


class TeamRubric(_Strict):
    """The whole team rubric."""

    version: Annotated[str, Field(min_length=1, max_length=32)]
    anonymity: Anonymity = Anonymity()
    themes: Themes = Themes()
    owner_rating_cuts: tuple[float, float, float, float]
    documents: dict[DocumentKey, Document]
    findings: tuple[TeamFindingRule, ...]

    @model_validator(mode="after")
    def _consistent(self) -> TeamRubric:
        problems = []
        if list(self.owner_rating_cuts) != sorted(self.owner_rating_cuts):
            problems.append("owner_rating_cuts: must increase")
        ids = [rule.id for rule in self.findings]
        if len(set(ids)) != len(ids):
            problems.append("findings: ids must be unique")
        for index, rule in enumerate(self.findings):
            if rule.source.document not in self.documents:
                problems.append(
                    f"findings[{index}].source.document: unknown document {rule.source.document!r}"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def owner_rating(self, alignment_score: float) -> int:
        """Return the 1-5 rating of an owner's 0-100 initiative alignment score."""
        return 1 + sum(alignment_score >= cut for cut in self.owner_rating_cuts)


def load_team_rubric(path: Path | str | None = None) -> TeamRubric:
    """Return the validated team rubric from `path` (default: the shipped file); the team
    evaluation's only I/O, kept apart so `evaluate_team` stays pure."""
    file = Path(path) if path is not None else DEFAULT_TEAM_RUBRIC
    data = read_yaml(file, RubricError)
    if not isinstance(data, dict):
        raise RubricError(f"{file}: the team rubric must be a YAML mapping of sections")
    return validate_model(data, TeamRubric, RubricError, name=str(file))
