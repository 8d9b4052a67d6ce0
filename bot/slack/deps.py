"""What the Slack listeners need from the rest of alignbot, as small Protocols: the advisor
(the one seam below Slack: questions, and the interview when it has one), and the store's
event ledger and feedback log. Tests pass their own implementations of these seams;
`build_app` wires the real ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.interview.report import Report
from bot.interview.service import Paused, Reply
from bot.interview.views import OpenInterview
from bot.kpis.dashboard import Dashboard, TrackedKpi
from bot.kpis.values import KpiValues
from bot.store import EvaluationRecord, KpiRecord
from knowledge.models import Answer


class QuestionAdvisor(Protocol):
    """The part of `bot.advisor.Advisor` that answers questions."""

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        """Return the cited answer to `question`; `context` is an earlier question of the same
        conversation that the new one follows up on."""
        ...


@runtime_checkable
class InterviewAdvisor(Protocol):
    """The part of `bot.advisor.Advisor` that runs the alignment interview, keyed by (team
    id, user id); see its docstring for what each step returns."""

    def start_interview(self, team_id: str, user_id: str) -> Reply:
        """Start the person's interview, or resume it where they left off."""
        ...

    def interview_question(self, team_id: str, user_id: str) -> Reply | None:
        """The question the open interview is at; None when none is open."""
        ...

    def answer_interview(
        self, team_id: str, user_id: str, question_id: str, raw_value: str
    ) -> Reply:
        """Record an answer to `question_id` if it is the current one."""
        ...

    def skip_interview_question(self, team_id: str, user_id: str, question_id: str) -> Reply:
        """Skip the current question (optional ones only)."""
        ...

    def interview_back(self, team_id: str, user_id: str) -> Reply:
        """Go back one question."""
        ...

    def pause_interview(self, team_id: str, user_id: str) -> Paused:
        """Pause the interview; everything answered stays stored."""
        ...

    def restart_interview(self, team_id: str, user_id: str) -> Reply:
        """Start again from the first question."""
        ...

    def add_initiative(self, team_id: str, user_id: str) -> Reply:
        """Add another initiative to check (re-scored when it is answered)."""
        ...

    def set_interview_message(
        self, team_id: str, user_id: str, channel_id: str | None, message_ts: str | None
    ) -> None:
        """Remember which Slack message shows the interview."""
        ...

    def open_interview(self, team_id: str, user_id: str) -> OpenInterview | None:
        """The open interview (paused or not, where it is shown); None when none is open."""
        ...

    def report(self, evaluation: EvaluationRecord) -> Report:
        """The report of a stored evaluation, each finding with its cited passage."""
        ...

    def latest_report(self, team_id: str, user_id: str) -> Report | None:
        """The person's latest report, or None before their first finished interview."""
        ...


@runtime_checkable
class ReportAdvisor(Protocol):
    """The part of `bot.advisor.Advisor` behind the report, KPI tracking and the App Home,
    keyed by (team id, user id); a report or KPI that is not the person's own is refused
    with a user-safe `AlignbotError`."""

    def latest_report(self, team_id: str, user_id: str) -> Report | None:
        """The person's latest report, or None before their first finished interview."""
        ...

    def report_for(self, team_id: str, user_id: str, evaluation_id: int) -> Report:
        """The person's own report `evaluation_id`, with citations."""
        ...

    def track_kpis(self, team_id: str, user_id: str, evaluation_id: int) -> list[KpiRecord]:
        """Track the KPI plan of the person's report; again updates in place."""
        ...

    def tracked_kpi(self, team_id: str, user_id: str, kpi_id: int) -> KpiRecord:
        """One of the person's own KPIs."""
        ...

    def update_kpi(self, team_id: str, user_id: str, kpi_id: int, values: KpiValues) -> TrackedKpi:
        """Apply the "Set values" form to one of the person's KPIs: its baseline, target or
        date, and a value logged for a day; returns it with its progress."""
        ...

    def dashboard(self, team_id: str, user_id: str) -> Dashboard:
        """The person's dashboard: latest evaluation, interview state, KPIs with progress."""
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

    @property
    def interview(self) -> InterviewAdvisor | None:
        """The advisor's interview operations; None when it has none (a stand-in advisor
        that only answers questions), and then the interview is not offered."""
        return self.advisor if isinstance(self.advisor, InterviewAdvisor) else None

    @property
    def reports(self) -> ReportAdvisor | None:
        """The advisor's report, KPI and dashboard operations; None when it has none (a
        stand-in advisor that only answers questions)."""
        return self.advisor if isinstance(self.advisor, ReportAdvisor) else None
