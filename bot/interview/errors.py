"""Errors of the interview engine, the question bank and answer parsing.

Every message is written for the person being interviewed (or, for a broken bank file, for
the person editing it) and is safe to show as is::

    InterviewError                 (prompts.errors.AlignbotError)
    ├── QuestionBankError          prompts/interview.yaml is invalid; names the file and field
    ├── AnswerError                an answer could not be understood; says what is expected
    ├── AnswersFileError           a scripted `--answers` file is invalid; names file and key
    └── InterviewStateError        an operation that does not apply now (e.g. nothing to resume)
"""

from __future__ import annotations

from prompts.errors import AlignbotError


class InterviewError(AlignbotError):
    """Something about the interview a user can cause or meet."""


class QuestionBankError(InterviewError):
    """The question bank file is invalid; the message names the file and the field."""


class AnswerError(InterviewError):
    """An answer could not be understood. `str()` is one sentence on what is expected;
    `example` is a valid answer to show next to it."""

    def __init__(self, message: str, example: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.example = example


class AnswersFileError(InterviewError):
    """A scripted answers file is invalid; the message names the file and the key."""


class InterviewStateError(InterviewError):
    """The operation does not apply to the interview as it stands."""


NO_INTERVIEW = "You have no interview in progress; start one first."


class NoInterviewError(InterviewStateError):
    """The person has no interview in progress; each surface says how to start one."""

    def __init__(self, message: str = NO_INTERVIEW) -> None:
        super().__init__(message)
