"""The team pulse's question bank: a template (`prompts/pulse.yaml`) made into one bank per
pulse from the owner's objectives and initiatives, asked by the same interview engine as the
owner's own interview, and read back as a `PulseResponse` for the team evaluation.

`load_pulse_template()` validates the template (errors name the file and the field);
`pulse_bank(template, owner)` builds the bank and checks it like the main bank;
`pulse_response(bank, owner, answers)` turns one member's stored answers into aggregates'
input. The bank's answers fill `PulseAnswers` (the bank's `target`), so the engine refuses an
answer that does not fit it (more than 3 priorities, a rating outside 1-5).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.interview.assessment import build_target
from bot.interview.bank import (
    Option,
    Question,
    QuestionBank,
    Section,
    Source,
    check_bank,
)
from bot.interview.state import Answer
from bot.interview.walk import walk
from bot.team.errors import TeamError
from evaluators.team_models import (
    MAX_TEAM_PRIORITIES,
    SOMETHING_ELSE,
    PulseResponse,
    TeamInput,
)
from prompts.data_files import load_yaml_model

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "prompts" / "pulse.yaml"
MAX_INITIATIVES = 5
MAX_OBJECTIVES = 5
LABEL_CHARS = 75
OTHER_CHARS = 200

Rating = Annotated[int, Field(ge=1, le=5)]
Tri = Literal["yes", "partly", "no", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PulseAnswers(_Strict):
    """What one member's pulse answers fill (the pulse bank's `target`): initiatives by
    their position in the owner's report (1-5), so the bank needs no named groups."""

    priorities: tuple[str, ...] = Field(default=(), max_length=MAX_TEAM_PRIORITIES)
    other_priority: Annotated[str, Field(max_length=OTHER_CHARS)] = ""
    rating_1: Rating | None = None
    rating_2: Rating | None = None
    rating_3: Rating | None = None
    rating_4: Rating | None = None
    rating_5: Rating | None = None
    ready_1: Tri = "unknown"
    ready_2: Tri = "unknown"
    ready_3: Tri = "unknown"
    ready_4: Tri = "unknown"
    ready_5: Tri = "unknown"
    knows_kpi: Literal["yes", "no", "unsure"] = "unsure"
    involvement: Rating | None = None


class PulseBank(QuestionBank):
    """A question bank whose answers fill `PulseAnswers`."""

    target: ClassVar[type[BaseModel]] = PulseAnswers


class TemplateQuestion(_Strict):
    """One question of the template: its text, why it is asked, and where that comes from."""

    text: Annotated[str, Field(min_length=1, max_length=200)]
    help: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\n]+$")]
    example: Annotated[str, Field(max_length=60)] | None = None
    source: Source


class PrioritiesQuestion(TemplateQuestion):
    """The priorities question, with the label of its "something else" option."""

    something_else: Annotated[str, Field(min_length=1, max_length=40)]


class KpiQuestion(TemplateQuestion):
    """The KPI question, with its three options (yes / no / unsure)."""

    options: tuple[Option, ...] = Field(min_length=3, max_length=3)


class PulseTemplate(_Strict):
    """The whole template (see `prompts/pulse.yaml`)."""

    version: Annotated[str, Field(min_length=1, max_length=32)]
    intro: Annotated[str, Field(min_length=1, max_length=600)]
    reminder: Annotated[str, Field(min_length=1, max_length=600)]
    closed: Annotated[str, Field(min_length=1, max_length=600)]
    thanks: Annotated[str, Field(min_length=1, max_length=600)]
    priorities: PrioritiesQuestion
    other_priority: TemplateQuestion
    rating: TemplateQuestion
    ready: TemplateQuestion
    knows_kpi: KpiQuestion
    involvement: TemplateQuestion


def load_pulse_template(path: Path | None = None) -> PulseTemplate:
    """Return the validated pulse template (default `prompts/pulse.yaml`); any problem
    raises `TeamError` naming the file and the field."""
    path = path or DEFAULT_TEMPLATE
    return _load(path.resolve(), path.stat().st_mtime_ns if path.exists() else 0)


@cache
def _load(path: Path, _mtime: int) -> PulseTemplate:
    return load_yaml_model(path, PulseTemplate, TeamError, name=path.name)


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) <= LABEL_CHARS:
        return one_line
    return one_line[: LABEL_CHARS - 1].rstrip() + "…"


def _plain(name: str) -> str:
    """A name as it may sit in a question text: braces would read as a placeholder."""
    return _short(name).replace("{", "(").replace("}", ")")


def _question(
    asked: TemplateQuestion, qid: str, field: str, kind: str, **extra: object
) -> Question:
    return Question.model_validate(
        {
            "id": qid,
            "text": extra.pop("text", asked.text),
            "help": asked.help,
            "type": kind,
            "field": field,
            "example": asked.example,
            "required": True,
            "source": asked.source,
            **extra,
        }
    )


def pulse_bank(template: PulseTemplate, owner: TeamInput) -> PulseBank:
    """Return the pulse's question bank for the owner's objectives and initiatives (at
    most five of each), checked like the main bank; `TeamError` when the owner's report
    names no initiative (there would be nothing to ask about)."""
    initiatives = owner.initiatives[:MAX_INITIATIVES]
    if not initiatives:
        raise TeamError(
            "Your report names no initiative, so there is nothing to ask your team about: "
            "add one (`/align interview`, then “add another initiative”) and try again."
        )
    sections: list[Section] = []
    if owner.objectives:
        # Option ids are positional ("o1"): an objective's own id may not be an option id.
        options = [
            Option(id=f"o{n}", label=_short(o.statement))
            for n, o in enumerate(owner.objectives[:MAX_OBJECTIVES], start=1)
        ]
        options.append(Option(id=SOMETHING_ELSE, label=template.priorities.something_else))
        asked = _question(
            template.priorities,
            "priorities.top",
            "priorities",
            "multi",
            options=options,
            max_picks=MAX_TEAM_PRIORITIES,
        )
        # Asked only of those who picked "something else"; the team report shows what they
        # wrote only as themes enough people share (`evaluators.themes`).
        other = _question(
            template.other_priority,
            "priorities.other",
            "other_priority",
            "text",
            when=[{"question": "priorities.top", "is": [SOMETHING_ELSE]}],
        )
        sections.append(Section(id="priorities", title="Priorities", items=(asked, other)))
    per_initiative: list[Question] = []
    for number, initiative in enumerate(initiatives, start=1):
        name = _plain(initiative.name)
        per_initiative.append(
            _question(
                template.rating,
                f"initiatives.rating_{number}",
                f"rating_{number}",
                "scale",
                text=template.rating.text.replace("{initiative}", name),
                scale_min=1,
                scale_max=5,
            )
        )
        per_initiative.append(
            _question(
                template.ready,
                f"initiatives.ready_{number}",
                f"ready_{number}",
                "yes_no",
                text=template.ready.text.replace("{initiative}", name),
            )
        )
    sections.append(Section(id="initiatives", title="Initiatives", items=tuple(per_initiative)))
    you = (
        _question(
            template.knows_kpi,
            "you.knows_kpi",
            "knows_kpi",
            "choice",
            options=template.knows_kpi.options,
        ),
        _question(
            template.involvement,
            "you.involvement",
            "involvement",
            "scale",
            scale_min=1,
            scale_max=5,
        ),
    )
    sections.append(Section(id="you", title="You", items=you))
    bank = PulseBank(version=template.version, sections=tuple(sections))
    check_bank(bank, "prompts/pulse.yaml")
    return bank


def pulse_response(
    bank: QuestionBank, owner: TeamInput, answers: Mapping[str, Answer]
) -> PulseResponse:
    """Return one member's pulse as the team evaluation reads it: ratings and readiness by
    the initiative's id, "don't know" and unanswered questions left out."""
    filled = PulseAnswers.model_validate(
        build_target(bank, walk(bank, answers), answers).model_dump()
    )
    objective_ids = {f"o{n}": o.id for n, o in enumerate(owner.objectives, start=1)}
    ratings: dict[str, int] = {}
    readiness: dict[str, str] = {}
    for number, initiative in enumerate(owner.initiatives[:MAX_INITIATIVES], start=1):
        rating = getattr(filled, f"rating_{number}")
        if rating is not None:
            ratings[initiative.id] = rating
        ready = answers.get(f"initiatives.ready_{number}")
        if ready is not None and ready.state != "skipped":
            readiness[initiative.id] = getattr(filled, f"ready_{number}")
    kpi = answers.get("you.knows_kpi")
    other = filled.other_priority if SOMETHING_ELSE in filled.priorities else ""
    return PulseResponse.model_validate(
        {
            "priorities": [objective_ids.get(p, p) for p in filled.priorities],
            "other_priority": other,
            "ratings": ratings,
            "readiness": readiness,
            "knows_kpi": filled.knows_kpi if kpi is not None else None,
            "involvement": filled.involvement,
        }
    )
