"""The services one process runs, built once from the settings and handed to the edges (Slack,
the terminal, the CLI) as they are: no layer between them that forwards or renames.

No Slack types in or out. Each edge depends on the services through small Protocols named
after what they do (`bot.slack.deps` for Slack); mypy checks the real services against them
where they are wired. A service that a deployment cannot offer (the interview without a
database) is None, and the edges say so instead of offering it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.history import HistoryService
from bot.interview.report import ReportService
from bot.interview.service import InterviewService
from bot.kpis.preferences import NudgePreferencesService
from bot.kpis.service import KpiService
from bot.store import Store
from knowledge.base import KnowledgeBase
from knowledge.models import Answer

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.index import ProgressFactory


class Answers(Protocol):
    """Answers questions from the corpus (`knowledge.base.KnowledgeBase`); the edges ask
    through this, so a test can stand in a canned answerer."""

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        """Return the cited answer to `question`; `context` is an earlier question of the same
        conversation that the new one follows up on."""
        ...


@dataclass(frozen=True)
class Services:
    """What the bot can do. `store` is also the Slack event ledger and feedback log; the
    interview, reports, KPIs, nudge preferences and history are None together, where there is no
    store."""

    knowledge: KnowledgeBase
    store: Store | None = None
    interview: InterviewService | None = None
    reports: ReportService | None = None
    kpis: KpiService | None = None
    nudges: NudgePreferencesService | None = None
    history: HistoryService | None = None


def services_over(knowledge: KnowledgeBase, interview: InterviewService | None) -> Services:
    """Return the services around a knowledge base and an interview service: reports cite
    the knowledge base, KPIs and reports read the interview's store. Without an interview
    there is only the knowledge base (questions only)."""
    if interview is None:
        return Services(knowledge=knowledge)
    store = interview.store
    return Services(
        knowledge=knowledge,
        store=store,
        interview=interview,
        reports=ReportService(store, knowledge.cite),
        kpis=KpiService(store, interview, cite=knowledge.cite),
        nudges=NudgePreferencesService(store),
        history=HistoryService(store),
    )


def build_interview_service(settings: Settings, store: Store | None = None) -> InterviewService:
    """Return the interview service: the shipped question bank and rubric over `store`
    (default: the store the settings describe, migrated), dates read against today's date."""
    from datetime import date

    from bot.interview import load_bank
    from bot.interview.scoring import rubric_scorer
    from bot.store import open_store

    return InterviewService(
        store or open_store(settings), load_bank(), scorer=rubric_scorer(), today=date.today
    )


def build_services(
    settings: Settings, *, progress: ProgressFactory | None = None, store: Store | None = None
) -> Services:
    """Return every service with the embedding model loaded and the index ready: built from
    the shipped sources on a first run (with `progress` showing it), opened as is
    otherwise; the interview, reports and KPIs run on `store` (default: the settings')."""
    knowledge = KnowledgeBase.from_settings(settings)
    knowledge.prepare(progress=progress)
    return services_over(knowledge, build_interview_service(settings, store))
