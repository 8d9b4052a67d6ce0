"""What the Slack listeners need from the rest of alignbot: one small Protocol per service
(`Answers` and `Interviews`, shared with the terminal, are next to their services),
each method under the service's own name, so a listener reads like a call to the service.

`slack_deps(services)` wires the real ones; mypy checks there that each service implements
its Protocol, so a missing method fails the type check instead of switching a feature off.
A service this deployment does not offer is None, said explicitly, and the listeners tell
the person it is not available. Tests pass their own answerer (`SlackDeps(knowledge=...)`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.history import History
from bot.interview.report import Report
from bot.interview.service import Interviews
from bot.kpis.dashboard import Dashboard, TrackedKpi
from bot.kpis.logged import LoggedValue
from bot.kpis.preferences import PreferencesChange
from bot.kpis.values import KpiValues
from bot.services import Answers, Services
from bot.slack.jobs import Jobs
from bot.store import EvaluationRecord, KpiDraft, KpiRecord, NudgePreferences
from bot.store.records import PulseStart, ReassessCadence
from bot.team.pulses import PulseResults


class Reports(Protocol):
    """A person's reports, each finding with its cited passage
    (`bot.interview.report.ReportService`); another person's report is refused with a
    user-safe `AlignbotError`."""

    def report(self, evaluation: EvaluationRecord) -> Report:
        """The report of a stored evaluation (one an interview just finished with)."""
        ...

    def latest_report(self, team_id: str, user_id: str) -> Report | None:
        """The person's latest report, or None before their first finished interview."""
        ...

    def report_for(self, team_id: str, user_id: str, evaluation_id: int) -> Report:
        """The person's own report `evaluation_id`."""
        ...


class AlignmentHistory(Protocol):
    """A person's assessments over time (`bot.history.HistoryService`)."""

    def history(self, team_id: str, user_id: str) -> History:
        """The person's assessments oldest first, with what changed between each."""
        ...

    def cadence(self, team_id: str, user_id: str) -> ReassessCadence:
        """How often the person wants a re-assessment offered."""
        ...

    def set_cadence(self, team_id: str, user_id: str, cadence: ReassessCadence) -> None:
        """Store how often the person wants a re-assessment offered."""
        ...


class Kpis(Protocol):
    """KPI tracking and the person's dashboard (`bot.kpis.service.KpiService`); another
    person's KPI is refused with a user-safe `AlignbotError`, and so is a name that is not
    one of the person's KPIs (the error lists theirs)."""

    def track(self, team_id: str, user_id: str, evaluation_id: int) -> list[KpiRecord]:
        """Track the KPI plan of the person's report; again updates in place."""
        ...

    def kpi_of(self, team_id: str, user_id: str, kpi_id: int) -> KpiRecord:
        """One of the person's own KPIs."""
        ...

    def tracked(self, team_id: str, user_id: str) -> list[TrackedKpi]:
        """The person's active KPIs with their progress."""
        ...

    def update(self, team_id: str, user_id: str, kpi_id: int, values: KpiValues) -> TrackedKpi:
        """Apply the "Set values" form to one of the person's KPIs; returns it with its
        progress."""
        ...

    def add(self, team_id: str, user_id: str, draft: KpiDraft) -> KpiRecord:
        """Start tracking a KPI the person added by hand."""
        ...

    def log_typed(self, team_id: str, user_id: str, argument: str) -> LoggedValue:
        """Log what `/align kpi log NAME VALUE [note]` says."""
        ...

    def log_value(
        self,
        team_id: str,
        user_id: str,
        kpi_id: int,
        value: float,
        *,
        note: str | None = None,
        day: date | None = None,
    ) -> LoggedValue:
        """Log a value of one of the person's KPIs for a day (their today by default)."""
        ...

    def pause(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Leave the KPI `name` out of nudges until resumed."""
        ...

    def resume(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Put the paused KPI `name` back into the nudges."""
        ...

    def delete(self, team_id: str, user_id: str, name: str) -> KpiRecord:
        """Delete the KPI `name` and its readings."""
        ...

    def dashboard(self, team_id: str, user_id: str) -> Dashboard:
        """The person's dashboard: latest evaluation, interview state, KPIs with progress."""
        ...


class Nudges(Protocol):
    """A person's nudge preferences (`bot.kpis.preferences.NudgePreferencesService`)."""

    def get(self, team_id: str, user_id: str) -> NudgePreferences:
        """The person's preferences (defaults when never set)."""
        ...

    def today(self, team_id: str, user_id: str) -> date:
        """The person's local date now."""
        ...

    def change(self, team_id: str, user_id: str, change: PreferencesChange) -> NudgePreferences:
        """Change the fields `change` sets."""
        ...

    def snooze(self, team_id: str, user_id: str) -> NudgePreferences:
        """No nudge or reminder until tomorrow, local time."""
        ...

    def stop(self, team_id: str, user_id: str) -> NudgePreferences:
        """Stop the person's nudges until they resume them."""
        ...


class PulseAnswering(Interviews, Protocol):
    """A member's team pulse (`bot.team.pulses.PulseInterviews`): the interview operations
    on their pulse, and which message shows it (how clicks are routed to it)."""

    def shows(self, team_id: str, user_id: str, message_ts: str) -> bool:
        """Whether `message_ts` is the message showing the person's latest pulse."""
        ...


class TeamPulses(Protocol):
    """The owner's side of team pulses (`bot.team.pulses.TeamPulseService`)."""

    def send(
        self,
        team_id: str,
        owner_id: str,
        members: Sequence[str],
        deadline: date | None = None,
        tz: str | None = None,
    ) -> PulseStart:
        """Ask `members` the team pulse until the end of `deadline` in the owner's zone
        (`tz` fresh from Slack, else the one remembered; default a week)."""
        ...

    def unreached(self, team_id: str, owner_id: str, user_ids: Sequence[str]) -> None:
        """Take the people Slack could not reach out of the owner's latest pulse."""
        ...

    def owner_zone(self, team_id: str, owner_id: str, tz: str | None = None) -> ZoneInfo:
        """The owner's time zone (`tz` when Slack just said it, remembered)."""
        ...

    def results(self, team_id: str, owner_id: str) -> PulseResults:
        """What the owner may see of their latest pulse now (the anonymity rule applied)."""
        ...

    def close(self, team_id: str, owner_id: str) -> PulseResults:
        """Close the owner's open pulse now and return what they may see."""
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


class Uninstalls(Protocol):
    """A workspace leaving the app (`bot.slack.install.Installs`): only when serving many."""

    def uninstalled(self, team_id: str, enterprise_id: str | None) -> None:
        """Delete the workspace's installation now; purge its data after the grace period."""
        ...


@dataclass(frozen=True)
class SlackDeps:
    """Everything the listeners call. A None service is not offered on this bot: without
    `events` retries are not deduplicated, without `feedback` votes are only thanked; `jobs`
    without a ledger keeps nothing across restarts; without `installs` (one workspace) the
    uninstall events are not listened to."""

    knowledge: Answers
    interview: Interviews | None = None
    reports: Reports | None = None
    kpis: Kpis | None = None
    nudges: Nudges | None = None
    history: AlignmentHistory | None = None
    pulses: PulseAnswering | None = None
    team: TeamPulses | None = None
    events: EventLedger | None = None
    feedback: FeedbackLog | None = None
    jobs: Jobs = field(default_factory=Jobs)
    installs: Uninstalls | None = None


def slack_deps(
    services: Services, jobs: Jobs | None = None, installs: Uninstalls | None = None
) -> SlackDeps:
    """Return the listeners' dependencies on the real services (type-checked here); the
    durable work is kept in the store unless `jobs` says otherwise; `installs` when the
    bot serves many workspaces."""
    return SlackDeps(
        knowledge=services.knowledge,
        interview=services.interview,
        reports=services.reports,
        kpis=services.kpis,
        nudges=services.nudges,
        history=services.history,
        pulses=services.pulses,
        team=services.team,
        events=services.store,
        feedback=services.store,
        jobs=jobs or Jobs(services.store),
        installs=installs,
    )
