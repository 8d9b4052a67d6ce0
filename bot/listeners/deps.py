"""What the Slack listeners need from the rest of alignbot, as small Protocols: the advisor
(the one seam below Slack), and the store's event ledger and feedback log. Tests pass their
own implementations of these seams; `build_app` wires the real ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from knowledge.models import Answer


class QuestionAdvisor(Protocol):
    """The part of `bot.advisor.Advisor` that answers questions."""

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        """Return the cited answer to `question`; `context` is an earlier question of the same
        conversation that the new one follows up on."""
        ...


class EventLedger(Protocol):
    """Records processed Slack event ids, shared by every replica and kept across restarts."""

    def claim_event(self, team_id: str, event_id: str) -> bool:
        """Return True the first time `event_id` of `team_id` is claimed, False ever after."""
        ...


class FeedbackLog(Protocol):
    """Stores what people think of the answers."""

    def record_feedback(self, team_id: str, user_id: str, answer_ref: str, helpful: bool) -> None:
        """Store a person's vote on the answer `answer_ref`; voting again replaces it."""
        ...


@dataclass(frozen=True)
class SlackDeps:
    """Everything the listeners call. `events` and `feedback` are None only where no store
    is configured: then retries are not deduplicated and feedback is only thanked."""

    advisor: QuestionAdvisor
    events: EventLedger | None = None
    feedback: FeedbackLog | None = None
