"""The advisor: the one seam between the edges (Slack, terminal, CLI) and the services below.

No Slack types in or out. `build_advisor(settings)` loads the embedding model and opens the
knowledge base once per process (building the index on a first run); the Slack listeners and
the terminal call `ask`, the scoring report calls `cite`. The interview and KPI helpers add
their methods here.

The alignment interview, keyed by (Slack team id, user id); every call is one committed
step (see `bot.interview.service`), and replies are plain objects (`bot.interview.views`):
`Asked` (the question to show, what was recorded, a notice), `Invalid` (the same question
with one sentence on what is expected and an example), `Paused`, `Finished` (the stored
evaluation; `report(finished.evaluation)` adds a cited passage per finding)::

    start_interview(team_id, user_id)                         start or resume
    interview_question(team_id, user_id) -> reply | None     where it stands (None: none open)
    answer_interview(team_id, user_id, question_id, raw_value) only the current question;
                                                             an old or repeated click is safe
    skip_interview_question(team_id, user_id, question_id)
    interview_back(team_id, user_id)
    pause_interview(team_id, user_id) -> Paused
    restart_interview(team_id, user_id)
    add_initiative(team_id, user_id)                          also after the report
    set_interview_message(team_id, user_id, channel_id, message_ts)
    open_interview(team_id, user_id) -> OpenInterview | None  paused? which message shows it
    report(evaluation_record) -> Report                       Evaluation + citations
    latest_report(team_id, user_id) -> Report | None

Reports and KPI tracking (`bot.kpis.service`); a report or KPI that is not the person's own
is as absent as a missing one::

    report_for(team_id, user_id, evaluation_id) -> Report     their own report only
    track_kpis(team_id, user_id, evaluation_id) -> list[KpiRecord]  the KPI plan, tracked
    tracked_kpi(team_id, user_id, kpi_id) -> KpiRecord        their own KPI only
    set_kpi_values(team_id, user_id, kpi_id, baseline=, target=, target_date=) -> KpiRecord
    update_kpi(team_id, user_id, kpi_id, KpiValues) -> TrackedKpi  the form: values + a reading
    dashboard(team_id, user_id) -> Dashboard                 latest report, interview, KPIs
"""

from __future__ import annotations

import logging
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from bot.interview.errors import InterviewStateError
from bot.interview.report import Report, build_report
from bot.interview.service import InterviewService, Paused, Reply
from bot.interview.views import OpenInterview
from bot.store import EvaluationRecord, Store
from knowledge.base import KnowledgeBase
from knowledge.embed import shared_embedder  # noqa: F401  (re-exported for benches and tests)
from knowledge.models import Answer, Citation

if TYPE_CHECKING:
    from bot.kpis.dashboard import Dashboard, TrackedKpi
    from bot.kpis.service import KpiService
    from bot.kpis.values import KpiValues
    from bot.settings import Settings
    from bot.store import KpiRecord
    from knowledge.index import ProgressFactory

log = logging.getLogger(__name__)


class Advisor:
    """What the bot can do, independent of where the question came from."""

    def __init__(self, knowledge: KnowledgeBase, interview: InterviewService | None = None) -> None:
        self.knowledge = knowledge
        self._interview = interview

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        """Return a cited answer (or the "no guidance" answer) to a question; `context` is
        earlier conversation, such as a thread's first question. Bad input raises a
        `QuestionError` whose message is shown to the user as is."""
        return self.knowledge.ask(question, context=context)

    def cite(self, topic: str) -> Citation | None:
        """Return the corpus passage that best supports a finding's topic, if any."""
        return self.knowledge.cite(topic)

    # --- the alignment interview (see the module docstring) -------------------------------

    @property
    def interview(self) -> InterviewService:
        """The interview service (the terminal drives it line by line)."""
        if self._interview is None:
            raise InterviewStateError("The interview is not available here (no database).")
        return self._interview

    def start_interview(self, team_id: str, user_id: str) -> Reply:
        """Start the person's interview, or resume it where they left off."""
        return self.interview.start_or_resume(team_id, user_id)

    def interview_question(self, team_id: str, user_id: str) -> Reply | None:
        """The question the person's open interview is at; None when none is open."""
        return self.interview.current(team_id, user_id)

    def answer_interview(
        self, team_id: str, user_id: str, question_id: str, raw_value: str
    ) -> Reply:
        """Record an answer to `question_id` (a `QuestionView.id`) if it is the current one."""
        return self.interview.answer(team_id, user_id, question_id, raw_value)

    def skip_interview_question(self, team_id: str, user_id: str, question_id: str) -> Reply:
        """Skip the current question (optional ones only)."""
        return self.interview.skip(team_id, user_id, question_id)

    def interview_back(self, team_id: str, user_id: str) -> Reply:
        """Go back one question."""
        return self.interview.back(team_id, user_id)

    def pause_interview(self, team_id: str, user_id: str) -> Paused:
        """Pause the interview; everything answered stays stored."""
        return self.interview.pause(team_id, user_id)

    def restart_interview(self, team_id: str, user_id: str) -> Reply:
        """Start again from the first question."""
        return self.interview.restart(team_id, user_id)

    def add_initiative(self, team_id: str, user_id: str) -> Reply:
        """Add another initiative to check (re-scored when it is answered)."""
        return self.interview.add_another(team_id, user_id, "initiative")

    def set_interview_message(
        self, team_id: str, user_id: str, channel_id: str | None, message_ts: str | None
    ) -> None:
        """Remember which Slack message shows the interview, to update it in place."""
        self.interview.set_message_ref(team_id, user_id, channel_id, message_ts)

    def open_interview(self, team_id: str, user_id: str) -> OpenInterview | None:
        """The person's open interview (paused or not, and the message showing it), so an
        edge can tell an answer from a question; None when none is open."""
        return self.interview.open_interview(team_id, user_id)

    def report(self, evaluation: EvaluationRecord) -> Report:
        """The report of a stored evaluation: the Evaluation and, for each finding, the
        corpus passage that backs it (None when nothing fits)."""
        return build_report(evaluation, self.cite)

    def latest_report(self, team_id: str, user_id: str) -> Report | None:
        """The person's latest report, or None before their first finished interview."""
        record = self.interview.latest_report(team_id, user_id)
        return None if record is None else self.report(record)

    # --- reports and KPI tracking (see the module docstring) ----------------------------------

    @cached_property
    def kpis(self) -> KpiService:
        """KPI tracking over the interview's store."""
        from bot.kpis.service import KpiService

        return KpiService(self.interview.store)

    def report_for(self, team_id: str, user_id: str, evaluation_id: int) -> Report:
        """The person's own report `evaluation_id`, with citations; `InterviewStateError`
        for another person's or workspace's."""
        return self.report(self.kpis.evaluation_of(team_id, user_id, evaluation_id))

    def track_kpis(self, team_id: str, user_id: str, evaluation_id: int) -> list[KpiRecord]:
        """Track the KPI plan of the person's report `evaluation_id`, owned by them; again
        updates in place. Returns the KPIs now tracked."""
        return self.kpis.track(team_id, user_id, evaluation_id)

    def tracked_kpi(self, team_id: str, user_id: str, kpi_id: int) -> KpiRecord:
        """One of the person's own KPIs (another person's raises `KpiError`)."""
        return self.kpis.kpi_of(team_id, user_id, kpi_id)

    def set_kpi_values(
        self,
        team_id: str,
        user_id: str,
        kpi_id: int,
        *,
        baseline: float | None,
        target: float | None,
        target_date: date | None,
    ) -> KpiRecord:
        """Fill in a KPI's baseline, target or target date (None keeps the stored value)."""
        return self.kpis.set_values(
            team_id, user_id, kpi_id, baseline=baseline, target=target, target_date=target_date
        )

    def update_kpi(self, team_id: str, user_id: str, kpi_id: int, values: KpiValues) -> TrackedKpi:
        """Apply a person's "Set values" form to their KPI (targets, and a value logged for a
        day); returns the KPI with its progress now."""
        return self.kpis.update(team_id, user_id, kpi_id, values)

    def dashboard(self, team_id: str, user_id: str) -> Dashboard:
        """The person's dashboard: latest evaluation, where their interview stands, and
        their KPIs with progress."""
        return self.kpis.dashboard(team_id, user_id, self.interview)


def open_knowledge_base(settings: Settings) -> KnowledgeBase:
    """Return the knowledge base the settings describe (on-disk Chroma under the data dir, or
    a Chroma server), with the embedding model loaded lazily and the chat model, if
    `LLM_MODEL` names one, set up."""
    return KnowledgeBase.from_settings(settings)


def build_advisor(
    settings: Settings, *, progress: ProgressFactory | None = None, store: Store | None = None
) -> Advisor:
    """Return the advisor with the embedding model loaded and the index ready: built from the
    shipped sources on a first run (with `progress` showing it), opened as is otherwise; its
    interview runs on `store` (default: the store the settings describe)."""
    knowledge = open_knowledge_base(settings)
    knowledge.prepare(progress=progress)
    return Advisor(knowledge, open_interview(settings, store))


def open_interview(settings: Settings, store: Store | None = None) -> InterviewService:
    """Return the interview service: the shipped question bank and rubric over `store`
    (default: `open_store(settings)`, migrated), dates read against today's date."""
    from datetime import date

    from bot.interview import load_bank
    from bot.interview.scoring import rubric_scorer
    from bot.store import open_store

    return InterviewService(
        store or open_store(settings), load_bank(), scorer=rubric_scorer(), today=date.today
    )
