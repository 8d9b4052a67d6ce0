"""The team evaluation's input and output: each team member's pulse answers next to the
owner's objectives and initiatives, and the aggregates the owner may see.

The output (`TeamEvaluation`) holds aggregates only: counts, shares, medians and spreads,
never one person's answers, free text or answer times (see `evaluators.anonymity`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evaluators.models import Key, Name, ShortText
from evaluators.results import Finding

SOMETHING_ELSE = "something_else"
MAX_TEAM_PRIORITIES = 3

Ready = Literal["yes", "partly", "no", "unknown"]
KnowsKpi = Literal["yes", "no", "unsure"]
Rating = Annotated[int, Field(ge=1, le=5)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class TeamObjective(_Model):
    """One of the owner's objectives, as the pulse offers it."""

    id: Key
    statement: ShortText


class TeamInitiative(_Model):
    """One of the owner's initiatives, with how aligned the owner's own report rates it
    (1-5, from its alignment score; None when the owner's report has no score for it)."""

    id: Key
    name: Name
    owner_rating: Rating | None = None


class PulseResponse(_Model):
    """One team member's pulse: up to three priorities (objective ids or `something_else`),
    each initiative's rating (1-5) and readiness, whether they know the KPI that shows it
    works, and how involved they feel (1-5). None: not answered."""

    priorities: tuple[Key, ...] = Field(default=(), max_length=MAX_TEAM_PRIORITIES)
    other_priority: ShortText = ""
    ratings: dict[Key, Rating] = Field(default_factory=dict)
    readiness: dict[Key, Ready] = Field(default_factory=dict)
    knows_kpi: KnowsKpi | None = None
    involvement: Rating | None = None


class TeamInput(_Model):
    """Everything the team evaluation reads: the owner's side and the responses."""

    business: ShortText = ""
    objectives: tuple[TeamObjective, ...] = Field(default=(), max_length=5)
    # The owner's top priorities (objective ids); default: the first three objectives.
    owner_priorities: tuple[Key, ...] | None = None
    initiatives: tuple[TeamInitiative, ...] = Field(default=(), max_length=5)
    responses: tuple[PulseResponse, ...] = Field(default=(), max_length=1000)

    @model_validator(mode="after")
    def _known_ids(self) -> TeamInput:
        objectives = {o.id for o in self.objectives}
        initiatives = {i.id for i in self.initiatives}
        for index, response in enumerate(self.responses):
            unknown = set(response.priorities) - objectives - {SOMETHING_ELSE}
            unknown |= (set(response.ratings) | set(response.readiness)) - initiatives
            if unknown:
                raise ValueError(f"responses[{index}]: unknown id(s) {', '.join(sorted(unknown))}")
        if self.owner_priorities is not None and set(self.owner_priorities) - objectives:
            raise ValueError("owner_priorities: must be ids of objectives")
        return self

    @property
    def owner_top(self) -> tuple[str, ...]:
        """The owner's top priorities: as given, else the first three objectives."""
        if self.owner_priorities is not None:
            return self.owner_priorities
        return tuple(o.id for o in self.objectives[:MAX_TEAM_PRIORITIES])


class PriorityShare(_Model):
    """How many respondents put one priority in their top three."""

    id: str
    label: str
    owner_priority: bool
    count: int
    share: float


class Theme(_Model):
    """A word or two-word phrase of the team's "something else" texts and how many people
    wrote it (only ever at least the anonymity threshold)."""

    text: str
    count: int


class InitiativeView(_Model):
    """The team's ratings of one initiative: how many rated it, the distribution of 1-5,
    median, spread (highest minus lowest), the owner's own rating and readiness shares."""

    id: str
    name: str
    owner_rating: int | None
    rated: int
    distribution: tuple[int, int, int, int, int]
    median: float | None
    spread: int | None
    gap: float | None
    ready_answered: int
    ready_yes: float
    ready_partly: float
    ready_no: float
    ready_unknown: float


class TeamEvaluation(_Model):
    """What the owner may see of a team pulse. `shown` is False below the anonymity
    threshold: then only `respondents` and `min_respondents` are filled."""

    rubric_version: str
    respondents: int
    min_respondents: int
    shown: bool
    priority_agreement: float | None = None
    priorities: tuple[PriorityShare, ...] = ()
    # Themes of what those naming "something else" wrote, each written by at least
    # `min_respondents` people (`evaluators.themes`); what fewer wrote is never here.
    other_themes: tuple[Theme, ...] = ()
    initiatives: tuple[InitiativeView, ...] = ()
    kpi_known_share: float | None = None
    involvement_median: float | None = None
    involvement_distribution: tuple[int, int, int, int, int] | None = None
    findings: tuple[Finding, ...] = ()
