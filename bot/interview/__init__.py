"""The guided alignment interview, transport-agnostic: the question bank
(`prompts/interview.yaml`), answer parsing, the state machine, building the `Assessment`,
and the persisted service that Slack and the terminal drive.

Public surface::

    load_bank(path=None) -> QuestionBank              bot.interview.bank
    InterviewEngine(bank)                             bot.interview.engine (pure)
    InterviewService(store, bank, scorer=, today=)    bot.interview.service (persisted;
                                                      its operations: `Interviews`)
    QuestionView, Progress, Asked, Invalid, Recorded  bot.interview.views
    Paused, Finished, Scored                          bot.interview.service
    load_script(path, bank), replay(service, script)  bot.interview.replay (scripted answers)
    build_report(record, cite) -> Report              bot.interview.report (with citations)
"""

from __future__ import annotations

from bot.interview.bank import QuestionBank, load_bank
from bot.interview.engine import InterviewEngine
from bot.interview.errors import (
    AnswerError,
    AnswersFileError,
    InterviewError,
    InterviewStateError,
    NoInterviewError,
    QuestionBankError,
)
from bot.interview.service import Finished, InterviewService, Paused, Scored, Scorer
from bot.interview.views import (
    Asked,
    Invalid,
    OpenInterview,
    OptionView,
    Progress,
    QuestionView,
    Recorded,
)

__all__ = [
    "AnswerError",
    "AnswersFileError",
    "Asked",
    "Finished",
    "InterviewEngine",
    "InterviewError",
    "InterviewService",
    "InterviewStateError",
    "Invalid",
    "NoInterviewError",
    "OpenInterview",
    "OptionView",
    "Paused",
    "Progress",
    "QuestionBank",
    "QuestionBankError",
    "QuestionView",
    "Recorded",
    "Scored",
    "Scorer",
    "load_bank",
]
