"""The team report service: the owner's latest report next to their team's pulse answers,
evaluated by the deterministic team evaluation (`evaluators.team`)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.store import Store
from bot.team.errors import TeamError
from evaluators import Assessment, Evaluation
from evaluators.team import evaluate_team, team_input_from
from evaluators.team_models import PulseResponse, TeamEvaluation, TeamInput
from evaluators.team_rubric import TeamRubric, load_team_rubric

NO_REPORT = (
    "A team pulse compares your team's answers with your own report: finish the alignment "
    "interview first (`alignbot interview`, or `/align interview` in Slack)."
)


class TeamReportService:
    """Team reports over the store's evaluations and the team rubric."""

    def __init__(self, store: Store, rubric: TeamRubric | None = None) -> None:
        self.store = store
        self.rubric = rubric or load_team_rubric()

    def owner_side(self, team_id: str, owner_id: str) -> TeamInput:
        """Return the owner's objectives and initiatives (with their 1-5 ratings) from their
        latest report; `TeamError` before they have one."""
        latest = self.store.latest_evaluation(team_id, owner_id)
        if latest is None:
            raise TeamError(NO_REPORT)
        return team_input_from(
            Assessment.model_validate(latest.assessment),
            Evaluation.model_validate(latest.evaluation),
            self.rubric,
            (),
        )

    def evaluate(self, owner: TeamInput, responses: Sequence[PulseResponse]) -> TeamEvaluation:
        """Return the team evaluation of `responses` against the owner's side."""
        # Validated again: the responses must name this owner's objectives and initiatives.
        team = TeamInput.model_validate({**owner.model_dump(), "responses": list(responses)})
        return evaluate_team(team, self.rubric)
