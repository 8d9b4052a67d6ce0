"""What logging a value returns: the KPI with its progress, whether this value turned it
off track, and then the next step of the latest report's finding for its initiative."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.kpis.dashboard import TrackedKpi
from bot.store import KpiRecord
from evaluators import Evaluation
from knowledge.models import Citation


class NextStep(BaseModel):
    """A report finding's advice: its title, next step, and the topic the bot resolves to a
    cited corpus passage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    finding_title: str
    next_step: str
    topic: str


class LoggedValue(BaseModel):
    """A logged value's outcome (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tracked: TrackedKpi
    turned_off_track: bool
    next_step: NextStep | None = None
    passage: Citation | None = None
    """The corpus passage behind the next step, when the knowledge base found one."""


def next_step_for(evaluation: Evaluation | None, kpi: KpiRecord) -> NextStep | None:
    """Return the first finding (the report lists them by priority) about the initiative
    `kpi` measures, as its next step; None without a report or such a finding."""
    if evaluation is None or not kpi.initiative:
        return None
    names = {result.id: result.name for result in evaluation.initiatives}
    for finding in evaluation.findings:
        initiative = finding.initiative_id
        if initiative is not None and kpi.initiative in (initiative, names.get(initiative)):
            return NextStep(
                finding_title=finding.title, next_step=finding.next_step, topic=finding.topic
            )
    return None
